//! The performance figures: a table beside their targets on stdout, and
//! `target/e2e/performance.json` for tools. Figures are reported, never asserted: the machine
//! is shared and a test that fails on a slow minute teaches nothing.

use std::path::PathBuf;

use serde_json::{Value, json};

use super::memory::{ProcessMemory, total_mib, total_rss_mib};
use crate::HarnessError;
use crate::paths::target_dir;

/// Launch to the cached chat list, in milliseconds.
#[derive(Debug, Clone, Default)]
pub struct Launch {
    /// By the UI's `parta:chat-list-painted` mark, from the app's process start; `None` when
    /// the UI sets no such mark.
    pub mark_from_process_ms: Option<f64>,
    /// The same mark converted by the page's `Date.now()` instead of `timeOrigin`.
    pub mark_by_date_now_from_process_ms: Option<f64>,
    /// The same mark, from when the harness was asked to launch the app.
    pub mark_from_request_ms: Option<f64>,
    /// When WebDriver first saw chats in the list, from the app's process start.
    pub observed_from_process_ms: f64,
    /// The same, from when the harness was asked to launch the app.
    pub observed_from_request_ms: f64,
}

/// Opening chats one after another.
#[derive(Debug, Clone, Default)]
pub struct Switching {
    /// Where `samples_ms` come from: the UI's `parta:chat-switch` measures, or the test's own
    /// in-page timing (click to the first frame after the chat's messages are in the page).
    pub source: String,
    pub samples_ms: Vec<f64>,
    /// Click request to WebDriver seeing the messages (includes WebDriver's round trips).
    pub observed_ms: Vec<f64>,
}

pub struct Report {
    pub chats: i64,
    pub messages: usize,
    pub launch: Launch,
    pub switching: Switching,
    pub app_memory: Vec<ProcessMemory>,
    pub bare_memory: Option<Vec<ProcessMemory>>,
    /// What the reader should know (fallbacks taken, what was unavailable).
    pub notes: Vec<String>,
}

const LAUNCH_TARGET_MS: f64 = 1_000.0;
const SWITCH_TARGET_MS: f64 = 100.0;
const MEMORY_TARGET_RATIO: f64 = 1.3;

impl Report {
    fn memory_ratio(&self) -> Option<f64> {
        let bare = total_mib(self.bare_memory.as_deref()?);
        (bare > 0.0).then(|| total_mib(&self.app_memory) / bare)
    }

    pub fn print(&self) {
        let launch = &self.launch;
        let launch_ms = launch
            .mark_from_process_ms
            .unwrap_or(launch.observed_from_process_ms);
        let switch_median = median(&self.switching.samples_ms);
        let switch_max = max(&self.switching.samples_ms);
        shown!(
            "\n== Парта performance: {} chats, {} messages in the cache, offline ==",
            self.chats,
            self.messages
        );
        shown!("{:<52} {:>12} {:>12}  ", "figure", "measured", "target");
        row(
            &format!(
                "launch → cached chat list painted ({})",
                if launch.mark_from_process_ms.is_some() {
                    "UI mark"
                } else {
                    "WebDriver"
                }
            ),
            &format!("{launch_ms:.0} ms"),
            "< 1000 ms",
            launch_ms < LAUNCH_TARGET_MS,
        );
        if let Some(from_request) = launch.mark_from_request_ms {
            info(
                "  the same mark, from the harness's launch call",
                &format!("{from_request:.0} ms"),
            );
        }
        info(
            "  WebDriver saw chats in the list, from process start",
            &format!("{:.0} ms", launch.observed_from_process_ms),
        );
        info(
            "  … from the harness's launch call",
            &format!("{:.0} ms", launch.observed_from_request_ms),
        );
        let source = &self.switching.source;
        row(
            &format!(
                "switch chat, median of {} ({source})",
                self.switching.samples_ms.len()
            ),
            &format!("{switch_median:.1} ms"),
            "< 100 ms",
            switch_median < SWITCH_TARGET_MS,
        );
        row(
            "switch chat, max",
            &format!("{switch_max:.1} ms"),
            "< 100 ms",
            switch_max < SWITCH_TARGET_MS,
        );
        info(
            "  WebDriver click → messages seen, median / max",
            &format!(
                "{:.0} / {:.0} ms",
                median(&self.switching.observed_ms),
                max(&self.switching.observed_ms)
            ),
        );
        let app_mib = total_mib(&self.app_memory);
        match (self.memory_ratio(), &self.bare_memory) {
            (Some(ratio), Some(bare)) => {
                row(
                    "memory (PSS, all processes) after 20 chats",
                    &format!("{app_mib:.0} MiB"),
                    "",
                    true,
                );
                info(
                    "  bare Tauri window",
                    &format!("{:.0} MiB", total_mib(bare)),
                );
                let rss = (total_rss_mib(&self.app_memory), total_rss_mib(bare));
                info(
                    "  RSS (shared pages whole): Парта / bare window",
                    &format!("{:.0} / {:.0} MiB", rss.0, rss.1),
                );
                row(
                    "  Парта ÷ bare window",
                    &format!("{ratio:.2}×"),
                    "≤ 1.30×",
                    ratio <= MEMORY_TARGET_RATIO,
                );
            }
            _ => info("memory (PSS) after 20 chats", &format!("{app_mib:.0} MiB")),
        }
        for process in &self.app_memory {
            info(
                &format!("  Парта: {} ({})", process.name, process.pid),
                &format!("{:.0} MiB", process.pss_kb as f64 / 1024.0),
            );
        }
        for note in &self.notes {
            shown!("note: {note}");
        }
    }

    pub fn to_json(&self) -> Value {
        let processes = |tree: &[ProcessMemory]| -> Value {
            tree.iter()
                .map(|p| json!({"pid": p.pid, "name": p.name, "pssKiB": p.pss_kb, "rssKiB": p.rss_kb}))
                .collect()
        };
        let launch = &self.launch;
        json!({
            "cache": {"chats": self.chats, "messages": self.messages},
            "build": if cfg!(debug_assertions) { "debug" } else { "release" },
            "launchToChatList": {
                "source": if launch.mark_from_process_ms.is_some() { "parta:chat-list-painted" } else { "webdriver" },
                "markFromProcessStartMs": launch.mark_from_process_ms,
                "markByDateNowFromProcessStartMs": launch.mark_by_date_now_from_process_ms,
                "markFromLaunchRequestMs": launch.mark_from_request_ms,
                "webdriverFromProcessStartMs": launch.observed_from_process_ms,
                "webdriverFromLaunchRequestMs": launch.observed_from_request_ms,
                "targetMs": LAUNCH_TARGET_MS,
            },
            "chatSwitch": {
                "source": self.switching.source,
                "count": self.switching.samples_ms.len(),
                "medianMs": median(&self.switching.samples_ms),
                "maxMs": max(&self.switching.samples_ms),
                "samplesMs": self.switching.samples_ms,
                "webdriverObservedMs": self.switching.observed_ms,
                "targetMs": SWITCH_TARGET_MS,
            },
            "memory": {
                "appPssMiB": total_mib(&self.app_memory),
                "appRssMiB": total_rss_mib(&self.app_memory),
                "appProcesses": processes(&self.app_memory),
                "bareWindowPssMiB": self.bare_memory.as_deref().map(total_mib),
                "bareWindowRssMiB": self.bare_memory.as_deref().map(total_rss_mib),
                "bareWindowProcesses": self.bare_memory.as_deref().map(processes),
                "ratio": self.memory_ratio(),
                "targetRatio": MEMORY_TARGET_RATIO,
            },
            "notes": self.notes,
        })
    }

    /// Writes `target/e2e/performance.json` and returns its path.
    pub fn write_json(&self) -> Result<PathBuf, HarnessError> {
        let dir = target_dir().join("e2e");
        std::fs::create_dir_all(&dir)?;
        let path = dir.join("performance.json");
        let text = serde_json::to_string_pretty(&self.to_json()).unwrap_or_default();
        std::fs::write(&path, text)?;
        shown!("figures written to {}", path.display());
        Ok(path)
    }
}

fn row(name: &str, measured: &str, target: &str, met: bool) {
    let verdict = match (target.is_empty(), met) {
        (true, _) => "",
        (false, true) => "met",
        (false, false) => "MISSED",
    };
    shown!("{name:<52} {measured:>12} {target:>12}  {verdict}");
}

fn info(name: &str, measured: &str) {
    shown!("{name:<52} {measured:>12}");
}

pub fn median(samples: &[f64]) -> f64 {
    let mut sorted = samples.to_vec();
    sorted.sort_by(f64::total_cmp);
    match sorted.len() {
        0 => f64::NAN,
        n if n % 2 == 1 => sorted[n / 2],
        n => (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0,
    }
}

pub fn max(samples: &[f64]) -> f64 {
    samples.iter().copied().fold(f64::NAN, f64::max)
}
