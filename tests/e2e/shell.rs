//! The Парта window itself: it opens in Russian, talks to the Rust core, and keeps the page
//! inside its walls (no core plugin API, no inline or eval'd script, nothing remote).

use std::io::ErrorKind;
use std::net::TcpListener;

use parta_e2e::App;
use serde_json::json;

#[test]
fn the_window_opens_on_the_russian_shell() {
    let app = App::launch("the_window_opens_on_the_russian_shell").unwrap();
    assert_eq!(app.title().unwrap(), "Парта");
    assert_eq!(
        app.execute("return document.documentElement.lang", vec![])
            .unwrap(),
        "ru"
    );
    assert_eq!(
        app.texts("nav button").unwrap(),
        ["Чаты", "Объявления", "Поиск", "Дневник"]
    );
    assert_eq!(app.text("nav [aria-current=page]").unwrap(), "Чаты");
    // No account yet: the window says so and how to sign in.
    assert_eq!(
        app.text("[data-testid=connection-status]").unwrap(),
        "Вход не выполнен"
    );
    app.wait_for_attribute("[data-testid=connection-status]", "data-state", "noAccount")
        .unwrap();
    app.wait_for_text(
        "main h2",
        "Войдите в MAX, чтобы видеть чаты и объявления школы",
    )
    .unwrap();
    assert_eq!(
        app.text("[data-testid=sign-in-command]").unwrap(),
        "parta login"
    );
    app.save_screenshot("shell").unwrap();
}

#[test]
fn about_shows_what_the_rust_core_answers() {
    let app = App::launch("about_shows_what_the_rust_core_answers").unwrap();
    app.click("[data-testid=about-open]").unwrap();
    let version = format!("Версия {}", env!("CARGO_PKG_VERSION"));
    app.wait_for_text("[data-testid=about-version]", &version)
        .unwrap();
    // The folder comes from the OS paths the app resolved in Rust, under the XDG_DATA_HOME the
    // harness gave it: the page cannot know it by itself.
    let expected = app.data_home().join("ru.parta.desktop");
    assert_eq!(
        app.text("[data-testid=about-data-dir]").unwrap(),
        expected.display().to_string()
    );
    app.save_screenshot("about").unwrap();
}

#[test]
fn keyboard_moves_between_sections() {
    let app = App::launch("keyboard_moves_between_sections").unwrap();
    app.click("#nav-chats").unwrap();
    app.type_into("#nav-chats", "\u{E015}").unwrap(); // WebDriver's ArrowDown
    app.wait_for_text("nav [aria-current=page]", "Объявления")
        .unwrap();
    let focused = app
        .execute("return document.activeElement.id", vec![])
        .unwrap();
    assert_eq!(focused, "nav-announcements");
    app.type_into("#nav-announcements", "\u{E010}").unwrap(); // WebDriver's End
    app.wait_for_text("nav [aria-current=page]", "Дневник")
        .unwrap();
    app.wait_for_text(
        "main h2",
        "Дневник появится после входа в электронный журнал",
    )
    .unwrap();
    assert_eq!(
        app.js("return document.activeElement.id").unwrap(),
        "nav-diary"
    );
}

#[test]
fn the_window_may_call_only_partas_own_commands() {
    let app = App::launch("the_window_may_call_only_partas_own_commands").unwrap();
    let outcome = app
        .execute_async(
            r#"const done = arguments[arguments.length - 1];
               const invoke = window.__TAURI_INTERNALS__.invoke;
               Promise.allSettled([
                 invoke('app_info'),
                 invoke('plugin:path|resolve_directory', { directory: 14 }),
                 invoke('plugin:window|close', { label: 'main' }),
                 invoke('plugin:event|emit', { event: 'x', payload: null }),
               ]).then((all) => done(all.map((r) => r.status + ':' + String(r.reason ?? ''))));"#,
            vec![],
        )
        .unwrap();
    let outcome: Vec<String> = serde_json::from_value(outcome).unwrap();
    assert_eq!(outcome[0], "fulfilled:", "our own command works");
    for denied in &outcome[1..] {
        assert!(
            denied.starts_with("rejected:") && denied.contains("not allowed"),
            "{denied}"
        );
    }
    // The window is still there: `close` was refused.
    assert_eq!(app.title().unwrap(), "Парта");
}

#[test]
fn the_page_runs_no_injected_script_and_loads_nothing_remote() {
    let app = App::launch("the_page_runs_no_injected_script_and_loads_nothing_remote").unwrap();
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    let remote = format!(
        "http://127.0.0.1:{}/pixel.png",
        listener.local_addr().unwrap().port()
    );
    let outcome = app
        .execute_async(
            r#"const [remote, done] = arguments;
               const blocked = [];
               document.addEventListener('securitypolicyviolation',
                 (e) => blocked.push(e.effectiveDirective));
               let evaluated = 'no';
               try { evaluated = String(eval('1 + 1')); } catch (e) { evaluated = e.name; }
               const inline = document.createElement('script');
               inline.textContent = 'window.__inlineRan = true';
               document.body.append(inline);
               const img = document.createElement('img');
               img.src = remote;
               document.body.append(img);
               const wait = () => blocked.length >= 3
                 ? done({ evaluated, inlineRan: window.__inlineRan === true, blocked: blocked.sort() })
                 : setTimeout(wait, 50);
               wait();"#,
            vec![json!(remote)],
        )
        .unwrap();
    assert_eq!(outcome["evaluated"], "EvalError");
    assert_eq!(outcome["inlineRan"], false);
    assert_eq!(
        outcome["blocked"],
        json!(["img-src", "script-src", "script-src-elem"])
    );
    match listener.accept() {
        Err(error) if error.kind() == ErrorKind::WouldBlock => {}
        other => panic!("the page reached a remote address: {other:?}"),
    }
}
