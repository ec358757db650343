//! What a window costs in memory, and when a process started, read from `/proc`.
//!
//! Design: a WebKitGTK window is several processes (the app, WebKitWebProcess,
//! WebKitNetworkProcess), and much of their memory is shared libraries, so the figure is the
//! proportional set size (PSS, `smaps_rollup`) summed over a process and all its descendants:
//! shared pages are split between their users instead of counted once per process.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use crate::HarnessError;

/// One process's share of memory.
#[derive(Debug, Clone)]
pub struct ProcessMemory {
    pub pid: u32,
    pub name: String,
    pub pss_kb: u64,
    /// Resident set size: counts shared pages whole, so it does not move with what else runs.
    pub rss_kb: u64,
}

/// PSS of `root` and every descendant.
pub fn pss_tree(root: u32) -> Result<Vec<ProcessMemory>, HarnessError> {
    let mut tree = vec![root];
    let mut next = 0;
    while next < tree.len() {
        let parent = tree[next];
        tree.extend(children(parent));
        next += 1;
    }
    Ok(tree
        .into_iter()
        .filter_map(|pid| {
            let rollup = std::fs::read_to_string(format!("/proc/{pid}/smaps_rollup")).ok()?;
            Some(ProcessMemory {
                pid,
                name: name(pid),
                pss_kb: rollup_kb(&rollup, "Pss:")?,
                rss_kb: rollup_kb(&rollup, "Rss:")?,
            })
        })
        .collect())
}

/// The sum of a tree's PSS, in MiB.
pub fn total_mib(tree: &[ProcessMemory]) -> f64 {
    tree.iter().map(|process| process.pss_kb).sum::<u64>() as f64 / 1024.0
}

/// The sum of a tree's RSS, in MiB.
pub fn total_rss_mib(tree: &[ProcessMemory]) -> f64 {
    tree.iter().map(|process| process.rss_kb).sum::<u64>() as f64 / 1024.0
}

/// How many live WebKit web processes outside `tree` run now: they share WebKit's pages with the
/// tree, which lowers its PSS, so a figure taken beside them reads low.
pub fn other_web_processes(tree: &[ProcessMemory]) -> usize {
    all_pids()
        .into_iter()
        .filter(|pid| !tree.iter().any(|process| process.pid == *pid))
        .filter(|pid| name(*pid).starts_with("WebKitWebProces"))
        .filter(|pid| stat_fields(*pid).is_some_and(|fields| fields[0] != "Z"))
        .count()
}

/// Samples `root`'s tree every half second until two samples in a row are within 1% of each
/// other (the window has settled), or `patience` passes; returns the last sample.
pub fn settled_pss(root: u32, patience: Duration) -> Result<Vec<ProcessMemory>, HarnessError> {
    let deadline = Instant::now() + patience;
    let mut previous = pss_tree(root)?;
    loop {
        std::thread::sleep(Duration::from_millis(500));
        let current = pss_tree(root)?;
        let (before, now) = (total_mib(&previous), total_mib(&current));
        let steady = (now - before).abs() <= now * 0.01 && current.len() == previous.len();
        if steady || Instant::now() > deadline {
            return Ok(current);
        }
        previous = current;
    }
}

/// One `Field:   123 kB` line of `smaps_rollup`.
fn rollup_kb(rollup: &str, field: &str) -> Option<u64> {
    rollup
        .lines()
        .find_map(|line| line.strip_prefix(field))
        .and_then(|value| value.trim().trim_end_matches("kB").trim().parse().ok())
}

fn name(pid: u32) -> String {
    std::fs::read_to_string(format!("/proc/{pid}/comm"))
        .map(|name| name.trim().to_string())
        .unwrap_or_default()
}

/// The fields of `/proc/<pid>/stat` after the command name (which may hold spaces).
fn stat_fields(pid: u32) -> Option<Vec<String>> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    let after_name = &stat[stat.rfind(')')? + 2..];
    Some(after_name.split_whitespace().map(String::from).collect())
}

fn children(parent: u32) -> Vec<u32> {
    // /proc/<pid>/task/<tid>/children lists each thread's children; walking every process's
    // parent id is simpler and needs no kernel option.
    all_pids()
        .into_iter()
        .filter(|pid| {
            stat_fields(*pid)
                .and_then(|fields| fields.get(1).and_then(|ppid| ppid.parse::<u32>().ok()))
                == Some(parent)
        })
        .collect()
}

fn all_pids() -> Vec<u32> {
    std::fs::read_dir("/proc")
        .map(|entries| {
            entries
                .filter_map(|entry| entry.ok()?.file_name().to_str()?.parse().ok())
                .collect()
        })
        .unwrap_or_default()
}

/// Processes running `binary` whose environment has `VAR=value` for `marker` (each world gives
/// its processes their own folders, so the marker tells whose process it is).
pub fn find_process(binary: &Path, marker: &str) -> Vec<u32> {
    let binary = std::fs::canonicalize(binary).unwrap_or_else(|_| binary.to_path_buf());
    all_pids()
        .into_iter()
        .filter(|pid| {
            std::fs::read_link(format!("/proc/{pid}/exe")).ok() == Some(binary.clone())
                && std::fs::read(format!("/proc/{pid}/environ")).is_ok_and(|environ| {
                    environ
                        .split(|byte| *byte == 0)
                        .any(|entry| entry == marker.as_bytes())
                })
        })
        .collect()
}

/// When `pid` started, on the wall clock (to the kernel's tick, usually 10 ms). The process's
/// age is read against `/proc/uptime` (both count from boot, to the hundredth of a second) and
/// taken from now; `btime` in `/proc/stat` would be whole seconds only.
pub fn started_at(pid: u32) -> Option<SystemTime> {
    // Field 22 of stat (index 19 after the name and state) is the start in ticks since boot.
    let ticks: u64 = stat_fields(pid)?.get(19)?.parse().ok()?;
    let now = SystemTime::now();
    let uptime_s: f64 = std::fs::read_to_string("/proc/uptime")
        .ok()?
        .split_whitespace()
        .next()?
        .parse()
        .ok()?;
    let started_s = ticks as f64 / clock_ticks_per_second() as f64;
    now.checked_sub(Duration::from_secs_f64((uptime_s - started_s).max(0.0)))
}

/// `getconf CLK_TCK` (100 on Linux unless the kernel says otherwise).
fn clock_ticks_per_second() -> u64 {
    std::process::Command::new("getconf")
        .arg("CLK_TCK")
        .output()
        .ok()
        .and_then(|out| String::from_utf8_lossy(&out.stdout).trim().parse().ok())
        .unwrap_or(100)
}

/// Milliseconds since the Unix epoch.
pub fn epoch_ms(time: SystemTime) -> f64 {
    time.duration_since(UNIX_EPOCH)
        .map(|since| since.as_secs_f64() * 1_000.0)
        .unwrap_or_default()
}

/// Where a binary is: the environment variable `var` when set, else `target/debug/<name>`.
pub fn binary_path(var: &str, name: &str) -> PathBuf {
    std::env::var_os(var)
        .map(PathBuf::from)
        .unwrap_or_else(|| crate::paths::target_dir().join("debug").join(name))
}
