//! A real notification daemon on a world's bus: dunst, drawing on the world's Xvfb display,
//! with `dbus-monitor` beside it recording every `Notify` call the app makes.
//!
//! Design: dunst is the server the app talks to (capabilities, ids, replacing, closing, and the
//! `ActionInvoked` signal when `dunstctl action` clicks a pop-up), so nothing of ours stands in
//! for the desktop. What a pop-up said is read from the monitor's record of the `Notify` calls
//! (dunst 1.9 can list only its history, not what is on screen); how many are on screen, from
//! `dunstctl count`.

use std::fs::File;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::HarnessError;
use crate::paths::program;
use crate::process::Guarded;
use crate::world::World;

const PATIENCE: Duration = Duration::from_secs(30);

/// Pop-ups stay until acted on, so a test counts them without racing a timeout.
const DUNSTRC: &str = "[global]
    font = DejaVu Sans 10
    markup = full
    show_indicators = no
[urgency_low]
    timeout = 0
[urgency_normal]
    timeout = 0
[urgency_critical]
    timeout = 0
";

/// One `Notify` call as the daemon received it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notified {
    pub app_name: String,
    pub replaces_id: u32,
    pub icon: String,
    pub summary: String,
    pub body: String,
    /// Action keys and labels, alternating (`default`, `Открыть`, …).
    pub actions: Vec<String>,
}

/// dunst and its monitor on a world's bus; both stop when this is dropped.
pub struct NotificationDaemon {
    /// Declared first, so stopped first.
    _monitor: Guarded,
    _dunst: Guarded,
    monitor_log: PathBuf,
    bus_address: String,
}

impl NotificationDaemon {
    /// Starts dunst in `world` and waits until it owns `org.freedesktop.Notifications`.
    pub fn start(world: &World) -> Result<Self, HarnessError> {
        let dunst = program("dunst", "apt-get install dunst")?;
        let monitor = program("dbus-monitor", "apt-get install dbus")?;
        let config = world.home.path().join("dunstrc");
        std::fs::write(&config, DUNSTRC)?;

        let monitor_log = world.home.path().join("notify-calls.log");
        let mut command = Command::new(monitor);
        command
            .arg("--address")
            .arg(&world.bus_address)
            .arg("type='method_call',interface='org.freedesktop.Notifications',member='Notify'")
            .stdin(Stdio::null())
            .stdout(File::create(&monitor_log)?)
            .stderr(Stdio::null());
        let monitor = Guarded::spawn(command)?;

        let mut command = Command::new(dunst);
        command
            .arg("-config")
            .arg(&config)
            .stdin(Stdio::null())
            .stdout(File::create(world.home.path().join("dunst.log"))?)
            .stderr(File::create(world.home.path().join("dunst.err"))?);
        world.apply(&mut command);
        let mut dunst = Guarded::spawn(command)?;
        let deadline = Instant::now() + PATIENCE;
        while !crate::keyring::name_has_owner(&world.bus_address, "org.freedesktop.Notifications")?
        {
            if dunst.has_exited() || Instant::now() > deadline {
                return Err(HarnessError::Start {
                    what: "dunst",
                    why: "it never joined the session bus".into(),
                });
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        Ok(Self {
            _monitor: monitor,
            _dunst: dunst,
            monitor_log,
            bus_address: world.bus_address.clone(),
        })
    }

    /// Every `Notify` call so far, oldest first.
    pub fn notified(&self) -> Result<Vec<Notified>, HarnessError> {
        Ok(parse_monitor(&std::fs::read_to_string(&self.monitor_log)?))
    }

    /// How many pop-ups dunst has on screen or queued for it.
    pub fn on_screen(&self) -> Result<usize, HarnessError> {
        let mut total = 0;
        for which in ["displayed", "waiting"] {
            let output = self.dunstctl(&["count", which])?;
            total += output
                .trim()
                .parse::<usize>()
                .map_err(|_| HarnessError::Start {
                    what: "dunstctl",
                    why: format!("count {which} said {output:?}"),
                })?;
        }
        Ok(total)
    }

    /// Clicks the newest pop-up on screen, as a person would: dunst invokes its default action
    /// (the `ActionInvoked` signal with key `default`) and closes it.
    pub fn click_first(&self) -> Result<(), HarnessError> {
        self.dunstctl(&["action", "0"]).map(drop)
    }

    fn dunstctl(&self, args: &[&str]) -> Result<String, HarnessError> {
        let dunstctl = program("dunstctl", "apt-get install dunst")?;
        let output = Command::new(dunstctl)
            .args(args)
            .env("DBUS_SESSION_BUS_ADDRESS", &self.bus_address)
            .output()?;
        if !output.status.success() {
            return Err(HarnessError::Start {
                what: "dunstctl",
                why: String::from_utf8_lossy(&output.stderr).into_owned(),
            });
        }
        Ok(String::from_utf8_lossy(&output.stdout).into_owned())
    }
}

/// The `Notify` calls in `dbus-monitor`'s text output.
pub fn parse_monitor(log: &str) -> Vec<Notified> {
    let mut calls = Vec::new();
    let mut block: Vec<&str> = Vec::new();
    let mut inside = false;
    for line in log.lines() {
        if !line.starts_with(' ') {
            if inside {
                calls.extend(parse_call(&block));
            }
            block.clear();
            inside = line.starts_with("method call") && line.contains("member=Notify");
            continue;
        }
        if inside {
            block.push(line);
        }
    }
    if inside {
        calls.extend(parse_call(&block));
    }
    calls
}

fn parse_call(lines: &[&str]) -> Option<Notified> {
    let top: Vec<(usize, &str)> = lines
        .iter()
        .enumerate()
        .filter(|(_, line)| line.starts_with("   ") && !line.starts_with("    "))
        .map(|(index, line)| (index, line.trim()))
        .collect();
    let string = |n: usize| top.get(n).and_then(|(_, line)| quoted(line));
    let replaces_id = top.get(1)?.1.strip_prefix("uint32 ")?.trim().parse().ok()?;
    let (array_at, _) = *top.get(5)?;
    let actions = lines[array_at + 1..]
        .iter()
        .take_while(|line| line.trim() != "]")
        .filter_map(|line| quoted(line.trim()))
        .collect();
    Some(Notified {
        app_name: string(0)?,
        replaces_id,
        icon: string(2)?,
        summary: string(3)?,
        body: string(4)?,
        actions,
    })
}

fn quoted(line: &str) -> Option<String> {
    let rest = line.strip_prefix("string \"")?;
    Some(rest.strip_suffix('"').unwrap_or(rest).to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn monitor_output_reads_as_calls() {
        let log = r#"signal time=1.0 sender=org.freedesktop.DBus -> destination=:1.3 serial=2 path=/org/freedesktop/DBus; interface=org.freedesktop.DBus; member=NameAcquired
   string ":1.3"
method call time=2.0 sender=:1.7 -> destination=org.freedesktop.Notifications serial=5 path=/org/freedesktop/Notifications; interface=org.freedesktop.Notifications; member=Notify
   string "Парта"
   uint32 0
   string "parta-app"
   string "5 «А» — родители"
   string "Марина Ивановна: Завтра "контрольная""
   array [
      string "default"
      string "Открыть"
   ]
   array [
      dict entry(
         string "category"
         variant             string "im.received"
      )
   ]
   int32 -1
"#;
        let calls = parse_monitor(log);
        assert_eq!(
            calls,
            [Notified {
                app_name: "Парта".into(),
                replaces_id: 0,
                icon: "parta-app".into(),
                summary: "5 «А» — родители".into(),
                body: "Марина Ивановна: Завтра \"контрольная\"".into(),
                actions: vec!["default".into(), "Открыть".into()],
            }]
        );
    }
}
