//! A child process that takes its whole process group down with it when dropped, so no Xvfb,
//! bus, driver or app outlives the test that started it.

use std::process::{Child, Command};

pub struct Guarded {
    child: Child,
}

impl Guarded {
    /// Starts `command` in a process group of its own.
    pub fn spawn(mut command: Command) -> std::io::Result<Self> {
        use std::os::unix::process::CommandExt;
        command.process_group(0);
        Ok(Self {
            child: command.spawn()?,
        })
    }

    pub fn child(&mut self) -> &mut Child {
        &mut self.child
    }

    /// Whether the process has ended (and so failed to keep running).
    pub fn has_exited(&mut self) -> bool {
        matches!(self.child.try_wait(), Ok(Some(_)))
    }
}

impl Drop for Guarded {
    fn drop(&mut self) {
        // The leader may be gone while its group lives on (the driver's browser, say), so signal
        // the group whatever the leader's state.
        let group = format!("-{}", self.child.id());
        signal_group("-TERM", &group);
        for _ in 0..50 {
            if self.has_exited() {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        signal_group("-KILL", &group);
        let _ = self.child.wait();
    }
}

fn signal_group(signal: &str, group: &str) {
    let _ = Command::new("kill")
        .args([signal, "--", group])
        .stderr(std::process::Stdio::null())
        .status();
}
