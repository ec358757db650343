//! `parta send CHAT TEXT [--file PATH]`: queues the message in the account's outbox first
//! (so it is never lost), then goes online once to send it. A message that cannot go now stays
//! queued and goes with the next `parta sync`, once: the outbox reuses its client id.

use std::path::Path;

use parta_core::model::OutboxState;
use parta_core::outbox::Outbox;
use parta_core::platform::LocalFile;
use serde_json::json;

use crate::Context;
use crate::commands::session;
use crate::error::{CliError, Result};
use crate::output::print_json;

/// Runs `parta send`.
pub fn run(context: &Context, chat: &str, text: &str, file: Option<&Path>) -> Result<()> {
    if text.trim().is_empty() && file.is_none() {
        return Err(CliError::EmptyMessage);
    }
    let (account, engine) = session::engine(context)?;
    let runtime = crate::runtime()?;
    let resolved = session::resolve_chat(&engine.store(), chat);
    let chat_id = match resolved {
        Ok(chat_id) => chat_id,
        // Not cached yet (signed in, never synced): learn the chats, then look again.
        Err(CliError::ChatNotFound(_)) => {
            runtime.block_on(engine.sync_once())?;
            session::resolve_chat(&engine.store(), chat)?
        }
        Err(error) => return Err(error),
    };
    let outbox = Outbox::new(engine.clone());
    let client_id = match file {
        Some(path) => {
            let path = std::path::absolute(path)?;
            if !path.is_file() {
                return Err(CliError::NotSent(format!("файла {} нет", path.display())));
            }
            let display_name = path
                .file_name()
                .map(|name| name.to_string_lossy().into_owned())
                .unwrap_or_default();
            let as_photo = matches!(
                path.extension()
                    .and_then(|e| e.to_str())
                    .map(str::to_ascii_lowercase)
                    .as_deref(),
                Some("jpg" | "jpeg" | "png" | "webp")
            );
            outbox.send_file(
                chat_id,
                &LocalFile {
                    path,
                    display_name,
                    as_photo,
                },
                text,
            )?
        }
        None => outbox.send_text(chat_id, text, None)?,
    };
    let online = runtime.block_on(async {
        engine.sync_once().await?;
        outbox.flush().await
    });
    session::save_token(context, &account, &engine.platform().token())?;
    let entry = engine.store().outbox_entry(client_id)?;
    let (state, reason) = match &entry {
        Some(entry) => (entry.state, entry.last_error.clone()),
        None => (OutboxState::Pending, None),
    };
    if let Err(error) = online {
        let error = CliError::from(error);
        // A revoked session is the person's to fix; anything else the outbox retries.
        if matches!(error, CliError::SignInRefused { .. }) {
            return Err(error);
        }
    }
    if state == OutboxState::Failed {
        return Err(CliError::NotSent(reason.unwrap_or_default()));
    }
    let sent = state == OutboxState::Sent;
    if context.json {
        print_json(&json!({ "clientId": client_id, "sent": sent, "reason": reason }));
    } else if sent {
        say!("Отправлено.");
    } else {
        // The engine's reason is in --json; in words, what happens next is what matters.
        say!(
            "Сейчас отправить не удалось: сообщение сохранено и уйдёт при следующей синхронизации \
             (`parta sync`)."
        );
    }
    Ok(())
}
