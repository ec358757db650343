//! The sign-in commands: a QR code to show (`sign_in_start`), the cloud password
//! (`sign_in_password`), giving up (`sign_in_cancel`), and signing an account out (`sign_out`).
//! Progress arrives as `signIn` events on the window's channel.

use parta_accounts::Secret;
use tauri::State;

use crate::session::{AppState, SessionState};
use crate::signin::{self, QrView, SignIn, SignInError};

/// Connects (to `PARTA_SERVER` or MAX) and shows a code; a fresh one while the flow waits.
#[tauri::command]
pub async fn sign_in_start(
    state: State<'_, AppState>,
    signin: State<'_, SignIn>,
) -> Result<QrView, SignInError> {
    signin.start(&state).await
}

/// Sends the cloud password once; a refusal leaves the step open for the person's next try.
#[tauri::command]
pub async fn sign_in_password(
    state: State<'_, AppState>,
    signin: State<'_, SignIn>,
    password: String,
) -> Result<(), SignInError> {
    signin.password(&state, Secret::new(password)).await
}

/// Ends the sign-in under way, if any.
#[tauri::command]
pub async fn sign_in_cancel(signin: State<'_, SignIn>) -> Result<(), SignInError> {
    signin.cancel().await;
    Ok(())
}

/// Signs `account_id` out: MAX is told when reachable, the account's cache, files and keyring
/// entries are removed, and the next account (or the sign-in screen) opens.
#[tauri::command]
pub async fn sign_out(
    state: State<'_, AppState>,
    account_id: String,
) -> Result<SessionState, SignInError> {
    signin::sign_out(&state, &account_id).await
}
