//! `parta sync [--follow]`: brings the current account's cache up to date with MAX, sends
//! what the outbox holds and fetches the files of announcements and newest messages; with
//! `--follow`, stays online and applies changes as they come (the engine reconnects by itself)
//! until Ctrl+C. A revoked session is reported once and never
//! retried. MAX may issue a new token at login: it replaces the one in the keyring.

use parta_core::outbox::Outbox;
use parta_core::sync::{ConnectionState, SyncEvent};
use serde_json::json;

use crate::Context;
use crate::commands::session;
use crate::error::Result;
use crate::output::print_json;
use crate::russian::plural;

/// Runs `parta sync`.
pub fn run(context: &Context, follow: bool) -> Result<()> {
    let (account, engine) = session::engine(context)?;
    let runtime = crate::runtime()?;
    let outcome = runtime.block_on(async {
        if follow {
            let mut events = engine.subscribe();
            let json = context.json;
            tokio::spawn(async move {
                while let Ok(event) = events.recv().await {
                    if let SyncEvent::Connection(state) = event {
                        report_state(&state, json);
                    }
                }
            });
            engine
                .run(async {
                    let _ = tokio::signal::ctrl_c().await;
                })
                .await?;
            Ok(None)
        } else {
            let report = engine.sync_once().await?;
            let flushed = Outbox::new(engine.clone()).flush().await?;
            engine.prefetch_files().await?;
            Ok::<_, crate::error::CliError>(Some((report, flushed)))
        }
    });
    session::save_token(context, &account, &engine.platform().token())?;
    let Some((report, flushed)) = outcome? else {
        return Ok(());
    };
    if context.json {
        print_json(&json!({
            "chats": report.chats,
            "messages": report.messages,
            "historyRequests": report.history_requests,
            "sent": flushed.sent,
            "failed": flushed.failed,
        }));
    } else {
        let (chats, messages) = (report.chats as u64, report.messages as u64);
        say!(
            "Синхронизировано: {chats} {}, {messages} {}.",
            plural(chats, "чат", "чата", "чатов"),
            plural(
                messages,
                "новое сообщение",
                "новых сообщения",
                "новых сообщений"
            ),
        );
        if flushed.sent + flushed.failed > 0 {
            say!(
                "Отправлено из очереди: {}; не отправлено: {}.",
                flushed.sent,
                flushed.failed
            );
        }
    }
    Ok(())
}

fn report_state(state: &ConnectionState, json: bool) {
    if json {
        return;
    }
    let line = match state {
        ConnectionState::Connecting => "Подключение к MAX…".to_owned(),
        ConnectionState::Online => "В сети: изменения применяются по мере поступления.".to_owned(),
        ConnectionState::Offline { retry_in, .. } => {
            format!(
                "Нет связи с MAX; новая попытка через {} с.",
                retry_in.as_secs()
            )
        }
        ConnectionState::SignedOut { .. } => "Сеанс завершён сервером.".to_owned(),
    };
    eprintln!("{line}");
}
