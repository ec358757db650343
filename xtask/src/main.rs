//! Парта's project commands. `cargo xtask demo` runs Парта; `cargo xtask test` runs every test;
//! `cargo xtask bench` runs the benchmarks. Each first installs what a fresh Debian machine is
//! missing (see `setup`), so the README's commands are the whole set-up.

mod demo;
mod run;
mod setup;
mod test;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(
    name = "cargo xtask",
    bin_name = "cargo xtask",
    about = "Парта's project commands",
    version
)]
struct Cli {
    #[command(subcommand)]
    command: Task,
}

#[derive(Subcommand)]
enum Task {
    /// Start the sandbox's demo school, sign in a parent and a teacher with `parta login` and
    /// launch Парта (headless: under Xvfb, saving a screenshot to target/demo/screenshot.png).
    Demo,
    /// Run every test: rustfmt, clippy, UI checks and unit tests, Rust unit and integration
    /// tests, the sandbox's peer tests, and the app end to end under Xvfb.
    Test,
    /// Run the criterion benchmarks and print their figures beside their baselines.
    Bench {
        /// Only this package's benchmarks (for example parta-core).
        #[arg(long, short)]
        package: Option<String>,
    },
}

fn main() -> anyhow::Result<()> {
    match Cli::parse().command {
        Task::Demo => demo::run(),
        Task::Test => test::run(),
        Task::Bench { package } => test::bench(package.as_deref()),
    }
}
