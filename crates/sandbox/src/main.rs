//! `parta-sandbox --listen 127.0.0.1:0 --data DIR [--school FILE]`: prints one JSON line with
//! its addresses, then serves until killed.

use std::io::Write;
use std::net::SocketAddr;
use std::path::PathBuf;

use anyhow::Context;
use clap::Parser;

/// The local school platform: a MAX-protocol server with a demo school.
#[derive(Parser, Debug)]
#[command(name = "parta-sandbox", version)]
struct Args {
    /// WebSocket address; port 0 gives every listener an ephemeral port, otherwise TCP, HTTP,
    /// control and the e-journal use the next four ports.
    #[arg(long, default_value = "127.0.0.1:0")]
    listen: SocketAddr,
    /// Data directory (SQLite). A fresh one gets the demo school.
    #[arg(long, default_value = "parta-sandbox-data")]
    data: PathBuf,
    /// Seed file for a fresh data directory (default: the bundled demo school).
    #[arg(long, alias = "seed")]
    school: Option<PathBuf>,
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn")),
        )
        .with_writer(std::io::stderr)
        .init();
    let args = Args::parse();
    let config = parta_sandbox::Config {
        listen: args.listen,
        data: args.data,
        seed: args.school,
    };
    let app = parta_sandbox::start(config)
        .await
        .context("starting the sandbox")?;
    let line = serde_json::to_string(&app.urls)?;
    let mut out = std::io::stdout().lock();
    writeln!(out, "{line}")?;
    out.flush()?;
    drop(out);
    tokio::signal::ctrl_c().await?;
    Ok(())
}
