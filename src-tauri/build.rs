fn main() {
    // The window may call only the commands listed here; each gets an `allow-…` permission that
    // capabilities/main.json grants to the main window.
    let manifest = tauri_build::AppManifest::new().commands(&[
        "app_info",
        // The session and the read side.
        "session_state",
        "switch_account",
        "subscribe",
        // Signing in and out (src/signin).
        "sign_in_start",
        "sign_in_password",
        "sign_in_cancel",
        "sign_out",
        "chat_list",
        "set_chat_pinned",
        "messages",
        "mark_read",
        "announcements",
        "search",
        // Writing, files, media and links.
        "stage_file",
        "discard_staged",
        "send_message",
        "retry_outbox",
        "discard_outbox",
        "download_attachment",
        "open_attachment",
        "open_link",
        // Notifications: what the window reads, and the person's choices.
        "set_reading",
        "notification_settings",
        "set_notification_settings",
        // The desktop: starting with the session.
        "autostart_enabled",
        "set_autostart",
        // The window's language, for the tray and the pop-ups.
        "set_locale",
        // The diary (src/diary): the e-journal's weeks from the cache, its sign-in window.
        "diary_state",
        "diary_week",
        "diary_refresh",
        "diary_sign_in",
        "set_homework_done",
        "set_diary_class_chat",
        "diary_open_file",
    ]);
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .config_path("../tauri.conf.json")
            .app_manifest(manifest),
    )
    .expect("tauri-build failed");
}
