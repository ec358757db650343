use std::path::PathBuf;

/// What can go wrong in setting up or driving the app.
#[derive(Debug, thiserror::Error)]
pub enum HarnessError {
    /// A program the harness needs is not installed.
    #[error("{program} is not installed; `cargo xtask test` installs it ({hint})")]
    Missing {
        /// The program's name.
        program: String,
        /// How to get it.
        hint: String,
    },
    /// The app binary has not been built.
    #[error("the app binary {0} does not exist; build it with `cargo xtask test`")]
    NoAppBinary(PathBuf),
    /// A helper process could not be started or did not come up.
    #[error("{what} did not start: {why}")]
    Start {
        /// Which process.
        what: &'static str,
        /// Why, as far as the harness can tell.
        why: String,
    },
    /// Reading or writing a file failed.
    #[error("{0}")]
    Io(#[from] std::io::Error),
    /// The WebDriver server could not be reached.
    #[error("WebDriver request failed: {0}")]
    Http(#[from] reqwest::Error),
    /// The WebDriver server answered with an error.
    #[error("WebDriver {command}: {error}: {message}")]
    WebDriver {
        /// The command that failed.
        command: String,
        /// The W3C error code.
        error: String,
        /// The server's message.
        message: String,
    },
    /// The sandbox's control API refused or answered something unexpected.
    #[error("sandbox: {0}")]
    Sandbox(String),
    /// A `parta` command (signing in, syncing) failed.
    #[error("`parta {args}` failed: {output}")]
    Parta {
        /// Its arguments.
        args: String,
        /// What it printed.
        output: String,
    },
    /// Waiting for something in the window took longer than the deadline.
    #[error("timed out waiting for {0}")]
    Timeout(String),
}
