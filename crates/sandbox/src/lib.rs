//! parta-sandbox: a loopback server speaking MAX's user protocol, with a demo school, SQLite
//! persistence, a control API, fault injection and the Orenburg e-journal. See `crates/sandbox/README.md`.
//!
//! [`start`] binds five listeners (WebSocket, TCP, file HTTP, control HTTP, the e-journal
//! HTTP), seeds a fresh data directory from the demo school and serves until the runtime stops.

pub mod actions;
pub mod app;
pub mod codec;
pub mod diary;
pub mod error;
pub mod faults;
pub mod groups;
pub mod handlers;
pub mod http;
pub mod hub;
pub mod maxerr;
pub mod png;
pub mod seed;
pub mod server;
pub mod store;

use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use tokio::net::TcpListener;

pub use app::{App, Urls};
pub use error::{Result, SandboxError};

/// How to start the sandbox.
#[derive(Debug, Clone)]
pub struct Config {
    /// Address of the WebSocket listener; with port 0 every listener gets an ephemeral port,
    /// otherwise TCP, HTTP, control and the e-journal take the next four ports.
    pub listen: SocketAddr,
    /// Data directory (SQLite database).
    pub data: PathBuf,
    /// Seed file for a fresh data directory (default: the bundled demo school).
    pub seed: Option<PathBuf>,
}

async fn bind(listen: SocketAddr, offset: u16) -> Result<TcpListener> {
    let mut addr = listen;
    if addr.port() != 0 {
        addr.set_port(addr.port() + offset);
    }
    Ok(TcpListener::bind(addr).await?)
}

/// Binds, seeds if needed, spawns the servers and returns the shared state (whose `urls` are
/// what the binary prints).
pub async fn start(config: Config) -> Result<Arc<App>> {
    let store = store::Store::open(&config.data)?;
    if store.is_empty()? {
        let text = match &config.seed {
            Some(path) => std::fs::read_to_string(path)?,
            None => seed::DEFAULT_SEED.to_owned(),
        };
        seed::load(&store, &text)?;
    }
    let ws = bind(config.listen, 0).await?;
    let tcp = bind(config.listen, 1).await?;
    let http = bind(config.listen, 2).await?;
    let control = bind(config.listen, 3).await?;
    let diary = bind(config.listen, 4).await?;
    let urls = Urls {
        max_ws: format!("ws://{}/websocket", ws.local_addr()?),
        max_tcp: tcp.local_addr()?.to_string(),
        http: format!("http://{}", http.local_addr()?),
        control: format!("http://{}", control.local_addr()?),
        diary: format!("http://{}", diary.local_addr()?),
    };
    let app = Arc::new(App {
        store,
        hub: hub::Hub::default(),
        faults: faults::Faults::default(),
        qr: Mutex::new(HashMap::new()),
        sms: Mutex::new(HashMap::new()),
        urls,
    });
    tokio::spawn(server::serve_ws(app.clone(), ws));
    tokio::spawn(server::serve_tcp(app.clone(), tcp));
    let files = http::files::router(app.clone());
    tokio::spawn(async move { axum::serve(http, files).await });
    let ctl = http::control::router(app.clone());
    tokio::spawn(async move { axum::serve(control, ctl).await });
    let journal = diary::router(app.clone());
    tokio::spawn(async move { axum::serve(diary, journal).await });
    Ok(app)
}
