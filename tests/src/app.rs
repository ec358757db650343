//! One running Парта app under test, and what a test can do with it.

use std::fs::File;
use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::HarnessError;
use crate::paths::{app_binary, program, target_dir};
use crate::process::Guarded;
use crate::sandbox::Sandbox;
use crate::webdriver::{Element, Session};
use crate::window::PATIENCE;

/// How long [`App::click_for`] waits for a click's effect before clicking again.
const RECLICK_AFTER: Duration = Duration::from_secs(10);
use crate::world::World;

pub struct App {
    name: String,
    pub(crate) session: Session,
    driver_log: PathBuf,
    driver: Option<Guarded>,
    /// Always `Some` until [`App::close`] hands the world back.
    world: Option<World>,
}

impl App {
    /// Starts the app in a fresh world and waits until the window has rendered the UI.
    /// `name` names the folder for failure artifacts.
    pub fn launch(name: &str) -> Result<Self, HarnessError> {
        Self::launch_in(name, World::start()?)
    }

    /// Signs the demo person with `token` in to `sandbox` with `parta login` in a fresh world
    /// with a keyring, then starts the app there: it opens on that person's account.
    pub fn launch_signed_in(
        name: &str,
        sandbox: &Sandbox,
        token: &str,
    ) -> Result<Self, HarnessError> {
        let mut world = World::start_with_keyring()?;
        world.sign_in(sandbox, token)?;
        Self::launch_in(name, world)
    }

    /// Starts the app in `world` (say, one a first run already filled) and waits until the
    /// window has rendered the UI.
    pub fn launch_in(name: &str, world: World) -> Result<Self, HarnessError> {
        let binary = app_binary()?;
        let driver_program = program(
            "tauri-driver",
            "cargo install tauri-driver --version '^2' --locked",
        )?;
        program("WebKitWebDriver", "apt-get install webkit2gtk-driver")?;
        let (port, native_port) = (free_port()?, free_port()?);
        let driver_log = world.home.path().join("tauri-driver.log");
        let mut command = Command::new(driver_program);
        command
            .args([
                "--port",
                &port.to_string(),
                "--native-port",
                &native_port.to_string(),
            ])
            .stdin(Stdio::null())
            .stdout(File::create(&driver_log)?)
            .stderr(File::create(world.home.path().join("tauri-driver.err"))?);
        world.apply(&mut command);
        let mut driver = Guarded::spawn(command)?;
        let url = format!("http://127.0.0.1:{port}");
        wait_until_listening(&url, &mut driver)?;
        let session = Session::start(&url, &binary.display().to_string())?;
        let app = Self {
            name: name.to_string(),
            session,
            driver_log,
            driver: Some(driver),
            world: Some(world),
        };
        if let Err(error) = app.wait_for("nav") {
            app.save_failure_artifacts();
            return Err(error);
        }
        Ok(app)
    }

    /// Closes the app (the window and its driver) and hands back its world, with the data,
    /// keyring and display the app left.
    pub fn close(mut self) -> World {
        self.session.end();
        // Stopping the driver takes the app and WebKit's processes with it.
        self.driver.take();
        let world = self.world.take().expect("the world is there until close");
        wait_until_gone(&world);
        world
    }

    /// The world the app runs in (its display, bus and folders).
    pub fn world(&self) -> &World {
        self.world.as_ref().expect("the world is there until close")
    }

    /// The folder the app was told is `XDG_DATA_HOME`.
    pub fn data_home(&self) -> PathBuf {
        self.world().data_home()
    }

    pub fn title(&self) -> Result<String, HarnessError> {
        self.session.title()
    }

    /// Waits until an element matches `css` and returns the first.
    pub fn wait_for(&self, css: &str) -> Result<Element, HarnessError> {
        let deadline = Instant::now() + PATIENCE;
        loop {
            if let Some(found) = self.session.find_all(css)?.into_iter().next() {
                return Ok(found);
            }
            if Instant::now() > deadline {
                return Err(HarnessError::Timeout(format!(
                    "an element matching `{css}`"
                )));
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Waits until the first element matching `css` shows `expected` as its text (its
    /// rendered `innerText`, read in the page: WebKitWebDriver's own element text can read
    /// empty for a heading a person plainly sees).
    pub fn wait_for_text(&self, css: &str, expected: &str) -> Result<(), HarnessError> {
        self.wait_until(&format!("`{css}` to read {expected:?}"), |app| {
            let texts = app.all_texts(css)?;
            Ok(match texts.first() {
                Some(text) if text == expected => Ok(()),
                other => Err(format!("{other:?}")),
            })
        })
    }

    /// The text of every element matching `css`, in document order.
    pub fn texts(&self, css: &str) -> Result<Vec<String>, HarnessError> {
        self.all_texts(css)
    }

    /// The text of the first element matching `css`, once there is one.
    pub fn text(&self, css: &str) -> Result<String, HarnessError> {
        self.wait_for(css)?;
        Ok(self.all_texts(css)?.into_iter().next().unwrap_or_default())
    }

    pub fn click(&self, css: &str) -> Result<(), HarnessError> {
        let element = self.wait_for(css)?;
        self.session.click(&element)
    }

    /// Clicks the first element matching `css` until an element matching `effect` appears,
    /// and returns it. A click that showed nothing in [`RECLICK_AFTER`] is made again, as a
    /// person would: on a freshly started window WebKitWebDriver's press and release have
    /// been seen to land on a list that re-sorted in between (or on a busy page), so no element
    /// got a whole click (`media`, `outbox` and `diary` each failed so on a loaded 2-core CI).
    /// For clicks that only open or show something, so a second one changes nothing more.
    pub fn click_for(&self, css: &str, effect: &str) -> Result<Element, HarnessError> {
        let deadline = Instant::now() + PATIENCE;
        loop {
            self.click(css)?;
            let again = (Instant::now() + RECLICK_AFTER).min(deadline);
            while Instant::now() < again {
                if let Some(found) = self.session.find_all(effect)?.into_iter().next() {
                    return Ok(found);
                }
                std::thread::sleep(Duration::from_millis(50));
            }
            if Instant::now() >= deadline {
                return Err(HarnessError::Timeout(format!(
                    "an element matching `{effect}` after clicking `{css}`"
                )));
            }
            eprintln!("e2e: clicking `{css}` showed no `{effect}` in {RECLICK_AFTER:?}; again");
        }
    }

    pub fn type_into(&self, css: &str, text: &str) -> Result<(), HarnessError> {
        let element = self.wait_for(css)?;
        self.session.send_keys(&element, text)
    }

    /// The handles of the app's windows WebDriver can drive (the main window's first).
    pub fn window_handles(&self) -> Result<Vec<String>, HarnessError> {
        self.session.window_handles()
    }

    /// The window later commands go to.
    pub fn window_handle(&self) -> Result<String, HarnessError> {
        self.session.window_handle()
    }

    /// Sends later commands (finding, clicking, scripts) to the window `handle`.
    pub fn switch_to_window(&self, handle: &str) -> Result<(), HarnessError> {
        self.session.switch_to_window(handle)
    }

    pub fn execute(&self, script: &str, args: Vec<Value>) -> Result<Value, HarnessError> {
        self.session.execute(script, args)
    }

    pub fn execute_async(&self, script: &str, args: Vec<Value>) -> Result<Value, HarnessError> {
        self.session.execute_async(script, args)
    }

    /// Saves a screenshot of the window as `target/screenshots/<name>.png`, once the window has
    /// painted what the DOM now holds.
    pub fn save_screenshot(&self, name: &str) -> Result<PathBuf, HarnessError> {
        self.wait_for_paint()?;
        let dir = target_dir().join("screenshots");
        std::fs::create_dir_all(&dir)?;
        let path = dir.join(format!("{name}.png"));
        std::fs::write(&path, self.session.screenshot_png()?)?;
        Ok(path)
    }

    /// Waits until the page has produced two more frames. Under Xvfb WebKit paints in
    /// software and can lag the DOM by a second or more, so a screenshot taken as soon as an
    /// assertion holds may still show an older frame. (A guard ends the wait should the page
    /// not be painting at all.)
    fn wait_for_paint(&self) -> Result<(), HarnessError> {
        self.execute_async(
            r#"const done = arguments[arguments.length - 1];
               const guard = setTimeout(done, 10000);
               requestAnimationFrame(() => requestAnimationFrame(() => {
                 clearTimeout(guard);
                 done();
               }));"#,
            vec![],
        )
        .map(drop)
    }

    fn save_failure_artifacts(&self) {
        let dir = target_dir().join("e2e").join(&self.name);
        if std::fs::create_dir_all(&dir).is_err() {
            return;
        }
        let _ = self.wait_for_paint();
        if let Ok(png) = self.session.screenshot_png() {
            let _ = std::fs::write(dir.join("failure.png"), png);
        }
        if let Ok(source) = self.session.page_source() {
            let _ = std::fs::write(dir.join("page.html"), source);
        }
        let Some(world) = &self.world else { return };
        let _ = std::fs::copy(
            world.data_dir().join("logs/parta.log"),
            dir.join("parta.log"),
        );
        let _ = std::fs::copy(&self.driver_log, dir.join("tauri-driver.log"));
        let err_log = world.home.path().join("tauri-driver.err");
        let _ = std::fs::copy(err_log, dir.join("tauri-driver.err"));
        eprintln!(
            "e2e: failure artifacts of session {} saved in {}",
            self.session.id(),
            dir.display()
        );
    }
}

impl Drop for App {
    fn drop(&mut self) {
        if self.world.is_none() {
            return; // closed already
        }
        if std::thread::panicking() {
            self.save_failure_artifacts();
        }
        self.session.end();
    }
}

fn free_port() -> Result<u16, HarnessError> {
    Ok(TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

fn wait_until_listening(url: &str, driver: &mut Guarded) -> Result<(), HarnessError> {
    let http = reqwest::blocking::Client::builder()
        .timeout(Duration::from_secs(2))
        .build()?;
    let deadline = Instant::now() + PATIENCE;
    while Instant::now() < deadline {
        if http.get(format!("{url}/status")).send().is_ok() {
            return Ok(());
        }
        if driver.has_exited() {
            return Err(HarnessError::Start {
                what: "tauri-driver",
                why: "it exited".into(),
            });
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    Err(HarnessError::Start {
        what: "tauri-driver",
        why: format!("nothing listens at {url}"),
    })
}

/// Waits until the app has really exited: the OS lets go of the data folder's instance lock
/// only then, and a launch into the same folder before that would find Парта still running.
fn wait_until_gone(world: &World) {
    let lock = world.data_dir().join("instance.lock");
    let Ok(file) = std::fs::OpenOptions::new().write(true).open(&lock) else {
        return;
    };
    let deadline = Instant::now() + PATIENCE;
    while matches!(file.try_lock(), Err(std::fs::TryLockError::WouldBlock)) {
        if Instant::now() > deadline {
            eprintln!("e2e: the app still holds {} after closing", lock.display());
            return;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}
