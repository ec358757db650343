//! A tray host on a world's bus: [`TrayWatcher`] runs a StatusNotifierWatcher (a small script on
//! the system's python3-dbus) that says a panel shows tray icons, records the items that
//! register, and lets a test read an item's properties and menu over D-Bus with `gdbus`, as a
//! panel would.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::HarnessError;
use crate::paths::program;
use crate::process::Guarded;
use crate::world::World;

const SCRIPT: &str = include_str!("tray_watcher.py");
const PATIENCE: Duration = Duration::from_secs(30);

/// An item that registered: its bus name and object path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrayItem {
    pub bus_name: String,
    pub path: String,
}

/// The watcher on a world's bus; stops when dropped.
pub struct TrayWatcher {
    _process: Guarded,
    items: Arc<Mutex<Vec<TrayItem>>>,
    bus_address: String,
}

impl TrayWatcher {
    /// Starts the watcher in `world` and waits until it owns its name.
    pub fn start(world: &World) -> Result<Self, HarnessError> {
        // The system's Python, which python3-dbus and python3-gi install for.
        let python = ["/usr/bin/python3", "/bin/python3"]
            .iter()
            .map(std::path::PathBuf::from)
            .find(|path| path.is_file())
            .map_or_else(|| program("python3", "apt-get install python3"), Ok)?;
        let script = world.home.path().join("tray_watcher.py");
        std::fs::write(&script, SCRIPT)?;
        let mut command = Command::new(python);
        command
            .arg(&script)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(std::fs::File::create(
                world.home.path().join("tray-watcher.err"),
            )?);
        world.apply(&mut command);
        let mut process = Guarded::spawn(command)?;
        let stdout = process
            .child()
            .stdout
            .take()
            .ok_or_else(|| HarnessError::Start {
                what: "tray watcher",
                why: "no stdout".into(),
            })?;
        let mut lines = BufReader::new(stdout).lines();
        match lines.next() {
            Some(Ok(line)) if line == "ready" => {}
            other => {
                return Err(HarnessError::Start {
                    what: "tray watcher",
                    why: format!("said {other:?} (python3-dbus and python3-gi installed?)"),
                });
            }
        }
        let items = Arc::new(Mutex::new(Vec::new()));
        let recorded = items.clone();
        std::thread::spawn(move || {
            for line in lines.map_while(Result::ok) {
                let mut parts = line.split_whitespace();
                if let (Some("item"), Some(bus_name), Some(path)) =
                    (parts.next(), parts.next(), parts.next())
                    && let Ok(mut items) = recorded.lock()
                {
                    items.push(TrayItem {
                        bus_name: bus_name.to_owned(),
                        path: path.to_owned(),
                    });
                }
            }
        });
        Ok(Self {
            _process: process,
            items,
            bus_address: world.bus_address.clone(),
        })
    }

    /// The first item that registers, once one has.
    pub fn wait_for_item(&self) -> Result<TrayItem, HarnessError> {
        let deadline = Instant::now() + PATIENCE;
        loop {
            if let Some(item) = self
                .items
                .lock()
                .ok()
                .and_then(|items| items.first().cloned())
            {
                return Ok(item);
            }
            if Instant::now() > deadline {
                return Err(HarnessError::Timeout("a tray item to register".into()));
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// A property of `item` (`org.kde.StatusNotifierItem`), as `gdbus` prints it.
    pub fn property(&self, item: &TrayItem, name: &str) -> Result<String, HarnessError> {
        self.gdbus(&[
            "--dest",
            &item.bus_name,
            "--object-path",
            &item.path,
            "--method",
            "org.freedesktop.DBus.Properties.Get",
            "org.kde.StatusNotifierItem",
            name,
        ])
    }

    /// `item`'s menu object and its whole menu as `gdbus` prints it
    /// (`com.canonical.dbusmenu.GetLayout`).
    fn menu_layout(&self, item: &TrayItem) -> Result<(String, String), HarnessError> {
        let menu = self.property(item, "Menu")?;
        let path = between(&menu, "objectpath '", "'").ok_or_else(|| HarnessError::Start {
            what: "tray menu",
            why: format!("no menu path in {menu}"),
        })?;
        let layout = self.gdbus(&[
            "--dest",
            &item.bus_name,
            "--object-path",
            &path,
            "--method",
            "com.canonical.dbusmenu.GetLayout",
            // `-1` is an argument, not an option of gdbus.
            "--",
            "0",
            "-1",
            "[]",
        ])?;
        Ok((path, layout))
    }

    /// The labels of `item`'s menu, top to bottom, as a panel reads them (`dbusmenu`).
    pub fn menu_labels(&self, item: &TrayItem) -> Result<Vec<String>, HarnessError> {
        let (_, layout) = self.menu_layout(item)?;
        let mut labels = Vec::new();
        let mut rest = layout.as_str();
        while let Some(start) = rest.find("'label': <'") {
            rest = &rest[start + "'label': <'".len()..];
            let end = rest.find("'>").unwrap_or(rest.len());
            labels.push(rest[..end].replace('_', ""));
            rest = &rest[end..];
        }
        Ok(labels)
    }

    /// Clicks the menu item labelled `label`, as a panel does when the person chooses it.
    pub fn click_menu(&self, item: &TrayItem, label: &str) -> Result<(), HarnessError> {
        let (path, layout) = self.menu_layout(item)?;
        // `<(7, {'label': <'Выйти'>, …`: the id just before the label.
        let marker = format!("{{'label': <'{label}'>");
        let at = layout
            .find(&marker)
            .or_else(|| layout.find(&format!("'label': <'{label}'>")))
            .ok_or_else(|| HarnessError::Timeout(format!("a menu item {label:?} in {layout}")))?;
        let before = &layout[..at];
        let open = before.rfind("<(").ok_or_else(|| HarnessError::Start {
            what: "tray menu",
            why: format!("no item id before {label:?}"),
        })?;
        let id: String = before[open + 2..]
            .chars()
            .take_while(char::is_ascii_digit)
            .collect();
        self.gdbus(&[
            "--dest",
            &item.bus_name,
            "--object-path",
            &path,
            "--method",
            "com.canonical.dbusmenu.Event",
            &id,
            "clicked",
            "<0>",
            "0",
        ])
        .map(drop)
    }

    fn gdbus(&self, args: &[&str]) -> Result<String, HarnessError> {
        let gdbus = program("gdbus", "apt-get install libglib2.0-bin")?;
        let output = Command::new(gdbus)
            .args(["call", "--address", &self.bus_address])
            .args(args)
            .output()?;
        if !output.status.success() {
            return Err(HarnessError::Start {
                what: "gdbus",
                why: format!("{args:?}: {}", String::from_utf8_lossy(&output.stderr)),
            });
        }
        Ok(String::from_utf8_lossy(&output.stdout).into_owned())
    }
}

fn between(text: &str, start: &str, end: &str) -> Option<String> {
    let from = text.find(start)? + start.len();
    let to = text[from..].find(end)? + from;
    Some(text[from..to].to_owned())
}
