//! `cargo xtask test` and `cargo xtask bench`.
//!
//! `test` installs what is missing, builds the UI and every binary once, then runs each suite
//! and reports all failures together at the end, so one red suite does not hide another. The
//! app binary built here is the one every end-to-end test drives (`PARTA_APP_BIN`); the bare
//! Tauri window the performance test compares it with is built beside it (`PARTA_BARE_BIN`).

use anyhow::bail;

use crate::run::{cargo, npm, root, step, target_dir};
use crate::setup;

pub fn build_ui() -> anyhow::Result<()> {
    let mut build = npm();
    build.args(["run", "build"]);
    step(build)
}

pub fn run() -> anyhow::Result<()> {
    setup::everything(true)?;
    let mut failed: Vec<String> = Vec::new();
    let mut check = |name: &str, result: anyhow::Result<()>| {
        if let Err(error) = result {
            eprintln!("\n!! {name}: {error:#}");
            failed.push(name.to_string());
        }
    };

    let mut fmt = cargo();
    fmt.args(["fmt", "--all", "--", "--check"]);
    check("rustfmt", step(fmt));
    let mut svelte_check = npm();
    svelte_check.args(["run", "check"]);
    check("svelte-check", step(svelte_check));
    let mut vitest = npm();
    vitest.args(["test"]);
    check("UI unit tests (Vitest)", step(vitest));

    // Everything below needs the built UI (the app embeds ui/dist) and the built binaries.
    build_ui()?;
    let mut clippy = cargo();
    clippy.args([
        "clippy",
        "--workspace",
        "--all-targets",
        "--",
        "-D",
        "warnings",
    ]);
    check("clippy", step(clippy));
    let mut build = cargo();
    build.args(["build", "--workspace", "--bins"]);
    step(build)?;

    let bin = target_dir().join("debug");
    let peers = root().join("crates/sandbox/peers");
    if peers.join("requirements.txt").is_file() {
        check(
            "sandbox peer tests (PyPI clients)",
            peer_tests(&peers, &bin),
        );
    }
    let mut tests = cargo();
    tests
        .args(["test", "--workspace"])
        .env("PARTA_APP_BIN", bin.join("parta-app"))
        .env("PARTA_BARE_BIN", bin.join("parta-bare-window"));
    check("Rust tests, end to end included", step(tests));

    if failed.is_empty() {
        eprintln!("\nEvery check passed.");
        Ok(())
    } else {
        bail!("failed: {}", failed.join(", "))
    }
}

fn peer_tests(peers: &std::path::Path, bin: &std::path::Path) -> anyhow::Result<()> {
    let python = setup::peers_venv(&peers.join("requirements.txt"))?;
    let mut pytest = std::process::Command::new(python);
    pytest
        .args(["-m", "pytest", "-q"])
        .arg(peers)
        .env("PARTA_SANDBOX_BIN", bin.join("parta-sandbox"))
        .current_dir(root());
    step(pytest)
}

/// Runs the criterion benchmarks of every package with a `benches/` folder (or of `package`).
pub fn bench(package: Option<&str>) -> anyhow::Result<()> {
    setup::everything(false)?;
    let mut packages: Vec<String> = match package {
        Some(name) => vec![name.to_string()],
        None => std::fs::read_dir(root().join("crates"))?
            .filter_map(Result::ok)
            .filter(|entry| entry.path().join("benches").is_dir())
            .map(|entry| format!("parta-{}", entry.file_name().to_string_lossy()))
            .collect(),
    };
    packages.sort();
    if packages.is_empty() {
        bail!("no package has benchmarks yet");
    }
    let mut bench = cargo();
    bench.arg("bench");
    for name in &packages {
        bench.args(["--package", name]);
    }
    step(bench)
}
