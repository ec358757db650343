//! `cargo xtask demo`: builds the UI and the app and launches Парта. With a display it simply
//! runs the app until the person closes it. Without one (a server, CI) it runs the app under
//! Xvfb on a private session bus, waits for the window, saves a screenshot of it to
//! `target/demo/screenshot.png`, says so, and closes it.

use std::process::Command;
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use parta_e2e::{Guarded, World};

use crate::run::{cargo, output, step};
use crate::setup;
use crate::test::{build_ui, target_dir};

pub fn run() -> anyhow::Result<()> {
    setup::everything(false)?;
    build_ui()?;
    let mut build = cargo();
    build.args(["build", "--package", "parta-app"]);
    step(build)?;
    let app = target_dir().join("debug/parta-app");

    if std::env::var_os("DISPLAY").is_some_and(|d| !d.is_empty()) {
        eprintln!("Парта is starting; close its window to end the demo.");
        return step(Command::new(app));
    }

    eprintln!("No DISPLAY: running Парта under Xvfb to take a screenshot.");
    let world = World::start()?;
    let mut command = Command::new(&app);
    world.apply(&mut command);
    let mut running = Guarded::spawn(command).context("could not start the app")?;
    let window = wait_for_window(&world.display, &mut running)?;
    // The window is mapped; give the page a moment to paint its first frame.
    std::thread::sleep(Duration::from_secs(3));
    let shot = target_dir().join("demo/screenshot.png");
    std::fs::create_dir_all(shot.parent().expect("has a parent"))?;
    let mut import = Command::new("import");
    import
        .args(["-display", &world.display, "-window", &window])
        .arg(&shot);
    step(import)?;
    drop(running);
    println!("Screenshot of the Парта window saved to {}", shot.display());
    Ok(())
}

/// Waits for the app's window to be mapped and returns its X window id.
fn wait_for_window(display: &str, app: &mut Guarded) -> anyhow::Result<String> {
    let deadline = Instant::now() + Duration::from_secs(60);
    while Instant::now() < deadline {
        let mut search = Command::new("xdotool");
        search
            .args(["search", "--onlyvisible", "--name", "^Парта$"])
            .env("DISPLAY", display);
        if let Some(found) = output(search).and_then(|ids| ids.lines().next().map(String::from)) {
            return Ok(found);
        }
        if app.has_exited() {
            bail!("the app exited before its window appeared");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    bail!("the app's window did not appear within a minute")
}
