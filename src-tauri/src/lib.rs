//! Парта's desktop shell (Tauri 2).
//!
//! The shell is thin glue between the web UI and the Rust core: it owns the window, the log and
//! the commands the window may call, and holds no business rules. Every command the window can
//! reach is listed in `build.rs` and granted in `capabilities/main.json`; nothing else (no core
//! plugin API) is granted, and the window loads only our own files from `ui/dist`.

mod commands;
mod desktop;
mod diary;
mod error;
mod locale;
mod logging;
mod media;
mod notifications;
mod opening;
pub mod session;
mod signin;
mod transfers;
pub mod views;

pub use error::AppError;
use session::AppState;
use tauri::Manager;

/// Starts Парта and blocks until the last window closes.
pub fn run() {
    let data_dir = parta_accounts::accounts::default_data_dir();
    // One Парта per data folder: a second launch shows the first one's window and leaves.
    let mut instance = match desktop::single_instance::claim(&data_dir) {
        Ok(desktop::single_instance::Claim::First(instance)) => Some(instance),
        Ok(desktop::single_instance::Claim::HandedOver) => {
            eprintln!("Парта уже запущена: её окно показано.");
            std::process::exit(0);
        }
        Ok(desktop::single_instance::Claim::Unanswered(error)) => {
            eprintln!("Парта уже запущена с этой папкой данных, но не ответила: {error}");
            std::process::exit(1);
        }
        Err(error) => {
            // Not worth refusing to start over: the person would have no Парта at all.
            eprintln!("Парта: не удалось проверить, не запущена ли она уже: {error}");
            None
        }
    };
    let context = tauri::generate_context!("../tauri.conf.json");
    let result = tauri::Builder::default()
        // Pictures, voice notes and previews from the cache; downloads and uploads in flight.
        .register_asynchronous_uri_scheme_protocol("media", media::handle)
        .manage(transfers::Downloads::default())
        .manage(transfers::Uploads::default())
        .manage(signin::SignIn::default())
        .setup(move |app| {
            logging::start(app.handle())?;
            notifications::init(app.handle().clone());
            tracing::info!(version = env!("CARGO_PKG_VERSION"), "Парта started");
            let state = AppState::new(data_dir.clone(), parta_accounts::Keyring::default());
            app.manage(state.clone());
            desktop::setup(app.handle(), &data_dir);
            if let Some(mut instance) = instance.take() {
                let handle = app.handle().clone();
                instance.serve(move || {
                    let shown = handle.clone();
                    let _ = handle.run_on_main_thread(move || desktop::show_main(&shown));
                });
                // Held (the data folder's lock) for as long as the app runs.
                app.manage(instance);
            }
            // The keyring may take a while (D-Bus); the window starts meanwhile as `connecting`.
            tauri::async_runtime::spawn_blocking(move || state.open_current());
            Ok(())
        })
        .on_window_event(|window, event| {
            if let tauri::WindowEvent::Focused(focused) = event {
                notifications::set_focused(*focused);
            }
            desktop::on_window_event(window, event);
        })
        .invoke_handler(tauri::generate_handler![
            commands::app_info::app_info,
            commands::session::session_state,
            commands::session::switch_account,
            commands::session::subscribe,
            commands::signin::sign_in_start,
            commands::signin::sign_in_password,
            commands::signin::sign_in_cancel,
            commands::signin::sign_out,
            commands::chats::chat_list,
            commands::chats::set_chat_pinned,
            commands::messages::messages,
            commands::messages::mark_read,
            commands::announcements::announcements,
            commands::search::search,
            commands::composer::stage_file,
            commands::composer::discard_staged,
            commands::composer::send_message,
            commands::composer::retry_outbox,
            commands::composer::discard_outbox,
            commands::files::download_attachment,
            commands::files::open_attachment,
            commands::files::open_link,
            commands::notifications::set_reading,
            commands::notifications::notification_settings,
            commands::notifications::set_notification_settings,
            commands::desktop::autostart_enabled,
            commands::desktop::set_autostart,
            commands::locale::set_locale,
            commands::diary::diary_state,
            commands::diary::diary_week,
            commands::diary::diary_refresh,
            commands::diary::diary_sign_in,
            commands::diary::set_homework_done,
            commands::diary::set_diary_class_chat,
            commands::diary::diary_open_file,
        ])
        .run(context);
    if let Err(error) = result {
        eprintln!("Парта could not start: {error}");
        std::process::exit(1);
    }
}
