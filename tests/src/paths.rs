//! Where the workspace, its target folder, the app binary and the tools are.

use std::path::{Path, PathBuf};

use crate::HarnessError;

pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ sits in the workspace")
        .to_path_buf()
}

pub fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .map(|dir| {
            if dir.is_absolute() {
                dir
            } else {
                workspace_root().join(dir)
            }
        })
        .unwrap_or_else(|| workspace_root().join("target"))
}

pub fn app_binary() -> Result<PathBuf, HarnessError> {
    let path = std::env::var_os("PARTA_APP_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| target_dir().join("debug").join("parta-app"));
    if path.is_file() {
        Ok(path)
    } else {
        Err(HarnessError::NoAppBinary(path))
    }
}

/// The `parta` command line, built beside the app (`cargo build --workspace --bins`);
/// `PARTA_CLI_BIN` overrides where it is.
pub fn cli_binary() -> Result<PathBuf, HarnessError> {
    let path = std::env::var_os("PARTA_CLI_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| target_dir().join("debug").join("parta"));
    if path.is_file() {
        Ok(path)
    } else {
        Err(HarnessError::Missing {
            program: path.display().to_string(),
            hint: "cargo build --workspace --bins".into(),
        })
    }
}

/// Finds a program on `PATH`, or in cargo's own bin folder for the ones `cargo install` puts
/// there.
pub fn program(name: &str, hint: &str) -> Result<PathBuf, HarnessError> {
    let mut dirs: Vec<PathBuf> = std::env::var_os("PATH")
        .map(|path| std::env::split_paths(&path).collect())
        .unwrap_or_default();
    if let Some(cargo_home) = std::env::var_os("CARGO_HOME") {
        dirs.push(PathBuf::from(cargo_home).join("bin"));
    }
    if let Some(home) = std::env::var_os("HOME") {
        dirs.push(PathBuf::from(home).join(".cargo/bin"));
    }
    dirs.into_iter()
        .map(|dir| dir.join(name))
        .find(|path| path.is_file())
        .ok_or_else(|| HarnessError::Missing {
            program: name.to_string(),
            hint: hint.to_string(),
        })
}
