//! Signing in by QR code: show the code, wait for the phone, finish with the password if the
//! account has one.
//!
//! Design: one connection for the whole flow. The code is drawn in the terminal (Unicode half
//! blocks) with its link beside it; the status is polled at the server's interval until the
//! person confirms on the phone or the code expires. An expired code is replaced only when the
//! person asks for a new one; a confirmed code is exchanged for a token once, and a cloud
//! password (asked without echo) is sent once: a refusal ends the command.

use std::io::{BufRead, IsTerminal, Write};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use parta_max::{MaxClient, MaxError, QrCode, QrLogin, QrStatus, SyncMarkers};
use qrcode::render::unicode::Dense1x2;
use serde_json::json;

use super::login::{SignedIn, progress};
use super::session;
use crate::Context;
use crate::error::{CliError, Result};
use crate::secrets::Secret;

/// Polling never runs faster or slower than this, whatever the server says.
const POLL_MIN: Duration = Duration::from_millis(500);
const POLL_MAX: Duration = Duration::from_secs(10);

/// Runs the QR flow to a token and the profile.
pub async fn sign_in(context: &Context, server: &str, device_id: String) -> Result<SignedIn> {
    let client = session::connect(server, &device_id).await?;
    let track_id = loop {
        let code = client.request_qr().await?;
        show(context, &code);
        if wait_for_confirmation(&client, &code).await? {
            break code.track_id;
        }
        if !ask_for_new_code(context).await? {
            return Err(CliError::QrExpired);
        }
    };
    progress(
        context,
        "Вход подтверждён на телефоне.",
        json!({"event": "confirmed"}),
    );
    let token = match client.login_by_qr(&track_id).await? {
        QrLogin::Token(token) => Secret::new(token),
        QrLogin::PasswordNeeded { track_id, hint } => {
            let password = ask_password(hint).await?;
            Secret::new(
                client
                    .login_with_password(&track_id, password.expose())
                    .await?,
            )
        }
    };
    let answer = client.login(token.expose(), SyncMarkers::default()).await?;
    Ok(SignedIn {
        token: answer.new_token.map_or(token, Secret::new),
        device_id,
        profile: answer.profile,
    })
}

/// Draws the code and its link (or prints them as a JSON line).
fn show(context: &Context, code: &QrCode) {
    if context.json {
        say!(
            "{}",
            json!({"event": "qr", "qrLink": code.link, "expiresAt": code.expires_at_ms})
        );
        return;
    }
    match qrcode::QrCode::new(code.link.as_bytes()) {
        Ok(qr) => say!(
            "{}",
            qr.render::<Dense1x2>()
                .dark_color(Dense1x2::Light)
                .light_color(Dense1x2::Dark)
                .quiet_zone(true)
                .build()
        ),
        Err(error) => tracing::warn!(%error, "could not draw the QR code"),
    }
    say!("Отсканируйте код камерой в приложении MAX на телефоне и подтвердите вход.");
    say!("Ссылка для входа: {}", code.link);
}

/// Polls until the phone confirms (`true`) or the code expires (`false`).
async fn wait_for_confirmation(client: &MaxClient, code: &QrCode) -> Result<bool> {
    let interval = Duration::from_millis(code.polling_interval_ms).clamp(POLL_MIN, POLL_MAX);
    loop {
        tokio::time::sleep(interval).await;
        if code.expires_at_ms > 0 && now_ms() >= code.expires_at_ms {
            return Ok(false);
        }
        match client.qr_status(&code.track_id).await {
            Ok(QrStatus::Confirmed) => return Ok(true),
            Ok(QrStatus::Waiting) => {}
            Err(MaxError::Rejected { code, .. }) if code == "qr.expired" || code == "not.found" => {
                return Ok(false);
            }
            Err(error) => return Err(error.into()),
        }
    }
}

/// Asks whether to show a fresh code; no answer (end of input) means no.
async fn ask_for_new_code(context: &Context) -> Result<bool> {
    progress(
        context,
        "Срок действия QR-кода истёк. Показать новый? [Д/н]",
        json!({"event": "expired"}),
    );
    let answer = blocking(|| {
        let mut line = String::new();
        let read = std::io::stdin().lock().read_line(&mut line)?;
        Ok((read > 0).then_some(line))
    })
    .await?;
    Ok(answer.is_some_and(|line| {
        matches!(
            line.trim().to_lowercase().as_str(),
            "" | "д" | "да" | "y" | "yes"
        )
    }))
}

/// Asks for the cloud password without echo (from a pipe: one line of stdin).
async fn ask_password(hint: Option<String>) -> Result<Secret> {
    let prompt = match hint.filter(|hint| !hint.trim().is_empty()) {
        Some(hint) => format!("Пароль от аккаунта MAX (подсказка: {hint}): "),
        None => "Пароль от аккаунта MAX: ".to_owned(),
    };
    blocking(move || {
        if std::io::stdin().is_terminal() {
            return rpassword::prompt_password(prompt).map(Secret::new);
        }
        let mut stderr = std::io::stderr();
        write!(stderr, "{prompt}")?;
        stderr.flush()?;
        let mut line = zeroize::Zeroizing::new(String::new());
        std::io::stdin().lock().read_line(&mut line)?;
        writeln!(stderr)?;
        Ok(Secret::new(line.trim_end_matches(['\r', '\n'])))
    })
    .await
}

/// Runs terminal input off the runtime, so the connection keeps answering pings meanwhile.
async fn blocking<T: Send + 'static>(
    read: impl FnOnce() -> std::io::Result<T> + Send + 'static,
) -> Result<T> {
    tokio::task::spawn_blocking(read)
        .await
        .map_err(|error| CliError::Terminal(error.to_string()))?
        .map_err(|error| CliError::Terminal(error.to_string()))
}

fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |since| since.as_millis() as i64)
}
