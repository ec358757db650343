//! One Парта per data folder: a second launch hands over to the first and exits.
//!
//! Design: the first instance holds an exclusive lock on `instance.lock` in the data folder for
//! as long as it runs (the OS lets go of it however the process ends, so a crash leaves nothing
//! stale) and listens on `instance.sock` beside it, a Unix socket only its owner may open
//! (mode 0600, in a 0700 folder). A launch that cannot take the lock connects to the socket,
//! says `show`, waits for `ok` and exits 0; the first instance shows and focuses its window. A
//! launch that finds the holder exiting (the lock held, nobody answering) keeps trying for a
//! few seconds and takes the folder once the OS lets go of the lock.
//! Keyed by the data folder, so two folders (`PARTA_DATA_DIR`) are two independent Партаs.
//! On other systems the lock alone keeps the second launch out.

use std::fs::{File, OpenOptions};
use std::io;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// The lock file in the data folder.
const LOCK_FILE: &str = "instance.lock";
/// The socket in the data folder.
#[cfg(unix)]
const SOCKET_FILE: &str = "instance.sock";
/// What a second launch says, and what the first answers.
#[cfg(unix)]
const SHOW: &str = "show\n";
#[cfg(unix)]
const OK: &str = "ok\n";

/// The outcome of [`claim`].
pub enum Claim {
    /// This is the first instance: keep the guard for the life of the process.
    First(Instance),
    /// Another instance runs over this data folder and was asked to show its window.
    HandedOver,
    /// Another instance runs but did not answer.
    Unanswered(io::Error),
}

/// The running instance's hold on its data folder.
pub struct Instance {
    _lock: File,
    #[cfg(unix)]
    listener: Option<std::os::unix::net::UnixListener>,
}

/// How long a launch keeps trying to take the folder or reach its holder: the holder may be
/// a moment away from listening (it took the lock first) or a moment away from exiting (the
/// person quit and launched again at once).
const PATIENCE: Duration = Duration::from_secs(10);

/// Takes the data folder for this process, or hands over to the process that has it.
pub fn claim(data_dir: &Path) -> io::Result<Claim> {
    create_private_dir(data_dir)?;
    let lock = open_private(&data_dir.join(LOCK_FILE))?;
    let deadline = Instant::now() + PATIENCE;
    loop {
        match lock.try_lock() {
            Ok(()) => {
                return Ok(Claim::First(Instance {
                    #[cfg(unix)]
                    listener: listen(&data_dir.join(SOCKET_FILE)),
                    _lock: lock,
                }));
            }
            Err(std::fs::TryLockError::WouldBlock) => {}
            Err(std::fs::TryLockError::Error(error)) => return Err(error),
        }
        let error = match ask_to_show(data_dir) {
            Ok(()) => return Ok(Claim::HandedOver),
            Err(error) => error,
        };
        if Instant::now() > deadline {
            return Ok(Claim::Unanswered(error));
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

impl Instance {
    /// Calls `show` on a thread of its own each time a later launch asks for the window.
    pub fn serve(&mut self, show: impl Fn() + Send + 'static) {
        #[cfg(unix)]
        if let Some(listener) = self.listener.take() {
            std::thread::spawn(move || serve(listener, show));
        }
        #[cfg(not(unix))]
        drop(show);
    }
}

fn create_private_dir(dir: &Path) -> io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir)
}

fn open_private(path: &Path) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.create(true).truncate(false).write(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path)
}

#[cfg(unix)]
fn listen(path: &PathBuf) -> Option<std::os::unix::net::UnixListener> {
    use std::os::unix::fs::PermissionsExt;
    // We hold the lock: a socket left there is a dead instance's.
    let _ = std::fs::remove_file(path);
    let listener = std::os::unix::net::UnixListener::bind(path).and_then(|listener| {
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))?;
        Ok(listener)
    });
    match listener {
        Ok(listener) => Some(listener),
        Err(error) => {
            eprintln!(
                "Парта: a second launch will not be able to show this window ({}: {error})",
                path.display()
            );
            None
        }
    }
}

#[cfg(unix)]
fn serve(listener: std::os::unix::net::UnixListener, show: impl Fn()) {
    use std::io::{BufRead, BufReader, Read, Write};
    for stream in listener.incoming() {
        let Ok(stream) = stream else { continue };
        let _ = stream.set_read_timeout(Some(Duration::from_secs(2)));
        let _ = stream.set_write_timeout(Some(Duration::from_secs(2)));
        // One short line; whatever else a stranger sends is ignored.
        let mut line = String::new();
        let read = BufReader::new((&stream).take(64)).read_line(&mut line);
        if read.is_ok() && line == SHOW {
            show();
            let _ = (&stream).write_all(OK.as_bytes());
        }
    }
}

/// Asks the folder's holder to show its window; `Ok` once it said it did.
#[cfg(unix)]
fn ask_to_show(data_dir: &Path) -> io::Result<()> {
    use std::io::{BufRead, BufReader, Write};
    let mut stream = std::os::unix::net::UnixStream::connect(data_dir.join(SOCKET_FILE))?;
    // A holder that is alive answers at once; one that hangs must not hold this launch long.
    stream.set_read_timeout(Some(Duration::from_secs(3)))?;
    stream.write_all(SHOW.as_bytes())?;
    let mut answer = String::new();
    BufReader::new(&mut stream).read_line(&mut answer)?;
    if answer == OK {
        Ok(())
    } else {
        Err(io::Error::other(format!("answered {answer:?}")))
    }
}

#[cfg(not(unix))]
fn ask_to_show(_data_dir: &Path) -> io::Result<()> {
    Err(io::Error::other("another Парта runs over this data folder"))
}

#[cfg(all(test, unix))]
mod tests {
    #![allow(clippy::unwrap_used)]

    use std::sync::mpsc;

    use super::*;

    #[test]
    fn a_second_claim_hands_over_and_the_first_is_asked_to_show() {
        let dir = tempfile::tempdir().unwrap();
        let data_dir = dir.path().join("data");
        let Claim::First(mut first) = claim(&data_dir).unwrap() else {
            panic!("the first claim must win");
        };
        let (shown, asked) = mpsc::channel();
        first.serve(move || {
            let _ = shown.send(());
        });
        assert!(matches!(claim(&data_dir).unwrap(), Claim::HandedOver));
        asked.recv_timeout(Duration::from_secs(10)).unwrap();

        use std::os::unix::fs::PermissionsExt;
        let mode = |path: PathBuf| std::fs::metadata(path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(data_dir.clone()), 0o700);
        assert_eq!(mode(data_dir.join(SOCKET_FILE)), 0o600);
        assert_eq!(mode(data_dir.join(LOCK_FILE)), 0o600);

        // Once the first is gone, the folder is free again.
        drop(first);
        assert!(matches!(claim(&data_dir).unwrap(), Claim::First(_)));
    }

    #[test]
    fn a_launch_while_the_first_is_exiting_takes_the_folder_once_it_is_free() {
        let dir = tempfile::tempdir().unwrap();
        let data_dir = dir.path().join("data");
        let Claim::First(first) = claim(&data_dir).unwrap() else {
            panic!("the first claim must win");
        };
        // Exiting: no longer answering, the lock let go of a moment later.
        let exiting = std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(700));
            drop(first);
        });
        assert!(matches!(claim(&data_dir).unwrap(), Claim::First(_)));
        exiting.join().unwrap();
    }
}
