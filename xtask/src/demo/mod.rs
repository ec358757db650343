//! `cargo xtask demo`: Парта against the demo school, signed in as a parent and a teacher.
//!
//! Design: everything a person would do by hand, in order, with a line for each step. Build the
//! UI, the app, the sandbox and `parta`; start the sandbox with a freshly seeded school in
//! `target/demo/sandbox`; sign in the class teacher and then a parent with `parta login --token`
//! (and `parta sync`) into `target/demo/data`, emptied first, so the parent is current and the
//! teacher one switch away; sign the parent in to the sandbox's e-journal (`parta diary login`
//! with a session from the control API, then `parta diary sync`); then launch Парта on that folder (`PARTA_DATA_DIR`). The display
//! and the bus are the person's own when they exist (see `desktop`). With a display the demo
//! lasts until the window is closed; without one it saves `target/demo/screenshot.png` once the
//! chat list is painted. Either way the sandbox and every helper stop with the demo.

mod background;
mod desktop;
mod school;
mod screenshot;

use std::fs::File;
use std::process::Command;

use anyhow::Context;

use crate::run::target_dir;
use crate::run::{cargo, step};
use crate::setup;
use crate::test::build_ui;
use background::Background;
use desktop::{Desktop, demo_dir};
use school::{PARENT_PERSON_ID, PARENT_TOKEN, School, TEACHER_TOKEN};

/// One progress line, in Russian and in English.
pub fn say(russian: &str, english: &str) {
    println!("\n● {russian}\n  {english}");
}

pub fn run() -> anyhow::Result<()> {
    say(
        "Подготовка: системные пакеты, интерфейс, сборка",
        "Preparing: system packages, the UI, the build",
    );
    setup::everything(false)?;
    build_ui()?;
    let mut build = cargo();
    build.args(["build", "--bins", "--package", "parta-app"]);
    build.args(["--package", "parta-sandbox", "--package", "parta-cli"]);
    step(build)?;
    let bin = target_dir().join("debug");
    let dir = demo_dir();
    std::fs::create_dir_all(&dir)?;

    let mut desktop = Desktop::start(&dir.join("session"))?;
    let school = School::start(
        &bin.join("parta-sandbox"),
        &dir.join("sandbox"),
        &dir.join("sandbox.log"),
    )?;
    let data = school::fresh_data_dir(&dir.join("data"))?;
    let parta = bin.join("parta");
    say(
        "Вход учителя: Марина Иванова, классный руководитель 5 «А»",
        "Signing in the teacher: Марина Иванова, class teacher of 5 «А»",
    );
    let teacher = school::sign_in(&parta, &data, &desktop, &school, TEACHER_TOKEN)?;
    say(
        "Вход родителя: Анна Морозова, мама учеников 5 «А» и 7 «Б»",
        "Signing in the parent: Анна Морозова, mother of pupils in 5 «А» and 7 «Б»",
    );
    let parent = school::sign_in(&parta, &data, &desktop, &school, PARENT_TOKEN)?;
    say(
        "Вход родителя в электронный дневник: недели Алисы и Ивана",
        "Signing the parent in to the e-journal: Алиса's and Иван's weeks",
    );
    school::diary_sign_in(&parta, &data, &desktop, &school, PARENT_PERSON_ID)?;
    say(
        &format!(
            "Вошли {parent} (открыта) и {teacher} (в переключателе аккаунтов); данные — {}",
            data.display()
        ),
        &format!(
            "Signed in: {parent} (current) and {teacher} (in the account switcher); data in {}",
            data.display()
        ),
    );
    desktop.check()?;

    let mut app = Command::new(bin.join("parta-app"));
    app.env("PARTA_DATA_DIR", &data);
    // «Добавить аккаунт» signs in to the demo school (approve the code with its control API's
    // `POST /qr/approve`), never to MAX.
    app.env("PARTA_SERVER", &school.max_ws);
    // The diary (and its sign-in window) talks to the demo school's e-journal.
    app.env("PARTA_JOURNAL_URL", &school.diary);
    desktop.apply(&mut app);
    if !desktop.headless {
        say(
            "Парта запускается; закройте окно, чтобы завершить демо",
            "Парта is starting; close its window to end the demo",
        );
        let status = app.status().context("could not start Парта")?;
        say(
            &format!("Окно закрыто ({status}); песочница останавливается"),
            &format!("The window is closed ({status}); stopping the sandbox"),
        );
        drop(school);
        return Ok(());
    }

    let log = dir.join("parta-app.log");
    let output = File::create(&log)?;
    app.stdout(output.try_clone()?).stderr(output);
    say(
        &format!("Парта запускается под Xvfb (вывод — в {})", log.display()),
        &format!("Парта is starting under Xvfb (output in {})", log.display()),
    );
    let mut running = Background::spawn("Парта", app)?;
    let window = screenshot::wait_for_window(&desktop.display, "Парта", &mut running)?;
    say(
        "Окно открылось; ждём, пока нарисуется список чатов",
        "The window is open; waiting for the chat list to be painted",
    );
    let shot = dir.join("screenshot.png");
    let settled = screenshot::save_when_settled(&desktop.display, &window, &shot)?;
    if !settled {
        say(
            "Окно всё ещё менялось; сохранён последний кадр",
            "The window was still changing; the last frame is saved",
        );
    }
    drop(running);
    say(
        &format!("Снимок окна сохранён: {}", shot.display()),
        &format!("Screenshot of the window saved to {}", shot.display()),
    );
    Ok(())
}
