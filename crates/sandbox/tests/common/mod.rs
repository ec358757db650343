//! Test harness: runs the real `parta-sandbox` binary on ephemeral ports and talks to it over
//! real sockets (WebSocket JSON/binary, raw TCP binary, plain HTTP/1.1 for the control API).

#![allow(dead_code)]
// Test helpers: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used)]

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use parta_sandbox::codec::{self, Frame};
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::Message;

/// How long any single wait may take before the test fails (a hang guard, not a timing check).
pub const PATIENCE: Duration = Duration::from_secs(20);

/// A running sandbox process.
pub struct Sandbox {
    child: Child,
    pub urls: Value,
    pub data: PathBuf,
}

impl Sandbox {
    /// Starts the binary on `data`.
    pub fn start(data: &Path) -> Sandbox {
        let mut child = Command::new(env!("CARGO_BIN_EXE_parta-sandbox"))
            .args(["--listen", "127.0.0.1:0", "--data"])
            .arg(data)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn parta-sandbox");
        let mut line = String::new();
        BufReader::new(child.stdout.take().expect("stdout"))
            .read_line(&mut line)
            .expect("read JSON line");
        let urls: Value = serde_json::from_str(&line).expect("JSON line");
        Sandbox {
            child,
            urls,
            data: data.to_path_buf(),
        }
    }

    pub fn ws(&self) -> String {
        self.urls["max_ws"].as_str().unwrap().to_owned()
    }

    pub fn tcp(&self) -> String {
        self.urls["max_tcp"].as_str().unwrap().to_owned()
    }

    fn control_addr(&self) -> String {
        self.urls["control"]
            .as_str()
            .unwrap()
            .trim_start_matches("http://")
            .to_owned()
    }

    /// GET on the control API → (status, JSON).
    pub async fn get(&self, path: &str) -> (u16, Value) {
        http(&self.control_addr(), "GET", path, None).await
    }

    /// POST on the control API → (status, JSON).
    pub async fn post(&self, path: &str, body: Value) -> (u16, Value) {
        http(&self.control_addr(), "POST", path, Some(body)).await
    }

    /// A person from `/people` by full name.
    pub async fn person(&self, name: &str) -> Value {
        let (_, people) = self.get("/people").await;
        people
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["name"] == name)
            .cloned()
            .expect(name)
    }

    /// Stops the process.
    pub fn stop(mut self) -> PathBuf {
        let _ = self.child.kill();
        let _ = self.child.wait();
        self.data.clone()
    }
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A minimal HTTP/1.1 client (Connection: close, Content-Length or chunked bodies).
pub async fn http(addr: &str, method: &str, path: &str, body: Option<Value>) -> (u16, Value) {
    let mut s = TcpStream::connect(addr).await.expect("connect control");
    let body = body.map(|b| b.to_string()).unwrap_or_default();
    let req = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    s.write_all(req.as_bytes()).await.unwrap();
    let mut raw = Vec::new();
    tokio::time::timeout(PATIENCE, s.read_to_end(&mut raw))
        .await
        .expect("http timeout")
        .unwrap();
    let text = String::from_utf8_lossy(&raw).to_string();
    let (head, rest) = text.split_once("\r\n\r\n").expect("http head");
    let status: u16 = head.split(' ').nth(1).unwrap().parse().unwrap();
    let body = if head
        .to_ascii_lowercase()
        .contains("transfer-encoding: chunked")
    {
        let mut out = String::new();
        let mut rest = rest;
        while let Some((size, tail)) = rest.split_once("\r\n") {
            let n = usize::from_str_radix(size.trim(), 16).unwrap_or(0);
            if n == 0 {
                break;
            }
            out.push_str(&tail[..n]);
            rest = &tail[n + 2..];
        }
        out
    } else {
        rest.to_owned()
    };
    (status, serde_json::from_str(&body).unwrap_or(Value::Null))
}

type WsStream = tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<TcpStream>>;

/// A JSON (or binary) WebSocket client with its own seq counter and a push buffer.
pub struct WsClient {
    ws: WsStream,
    seq: u64,
    pub pushes: Vec<Frame>,
}

/// The SESSION_INIT payload of a web client.
pub fn init_payload(device: &str) -> Value {
    json!({"userAgent": {"deviceType": "WEB", "appVersion": "26.2.2", "locale": "ru"}, "deviceId": device})
}

impl WsClient {
    pub async fn connect(url: &str) -> WsClient {
        let (ws, _) = tokio_tungstenite::connect_async(url)
            .await
            .expect("ws connect");
        WsClient {
            ws,
            seq: 0,
            pushes: Vec::new(),
        }
    }

    /// Connects, inits with the person's deviceId and logs in with their demo token.
    pub async fn login(url: &str, person: &Value) -> WsClient {
        let mut c = WsClient::connect(url).await;
        let r = c
            .call(6, init_payload(person["deviceId"].as_str().unwrap()))
            .await;
        assert_eq!(r.cmd, 1, "{r:?}");
        let r = c
            .call(19, json!({"token": person["token"], "interactive": true}))
            .await;
        assert_eq!(r.cmd, 1, "{r:?}");
        c
    }

    /// Sends a text frame; false if the server already closed the connection.
    pub async fn send_text(&mut self, text: String) -> bool {
        self.ws.send(Message::text(text)).await.is_ok()
    }

    /// Sends a binary frame; false if the server already closed the connection.
    pub async fn send_binary(&mut self, bytes: Vec<u8>) -> bool {
        self.ws.send(Message::binary(bytes)).await.is_ok()
    }

    /// Next frame of any kind; `None` when the server closed the connection.
    pub async fn next(&mut self) -> Option<Frame> {
        loop {
            let msg = tokio::time::timeout(PATIENCE, self.ws.next())
                .await
                .expect("ws timeout");
            match msg {
                None | Some(Err(_)) | Some(Ok(Message::Close(_))) => return None,
                Some(Ok(Message::Text(t))) => return Some(codec::decode_json(t.as_str()).unwrap()),
                Some(Ok(Message::Binary(b))) => return Some(codec::decode_binary(&b).unwrap()),
                Some(Ok(_)) => {}
            }
        }
    }

    /// Sends a request and waits for its answer (pushes seen meanwhile are kept).
    pub async fn call(&mut self, opcode: u16, payload: Value) -> Frame {
        self.seq += 1;
        let seq = self.seq;
        let frame = Frame {
            ver: 11,
            cmd: 0,
            seq,
            opcode,
            payload,
        };
        self.send_text(codec::encode_json(&frame)).await;
        self.answer(seq).await
    }

    /// Waits for the answer with `seq`.
    pub async fn answer(&mut self, seq: u64) -> Frame {
        loop {
            let f = self
                .next()
                .await
                .expect("connection closed while waiting for an answer");
            if f.cmd != 0 && f.seq == seq {
                return f;
            }
            self.pushes.push(f);
        }
    }

    /// Waits for a push matching `pred`.
    pub async fn push_where(&mut self, pred: impl Fn(&Frame) -> bool) -> Frame {
        if let Some(i) = self.pushes.iter().position(&pred) {
            return self.pushes.remove(i);
        }
        loop {
            let f = self
                .next()
                .await
                .expect("connection closed while waiting for a push");
            if f.cmd == 0 && pred(&f) {
                return f;
            }
            self.pushes.push(f);
        }
    }

    /// Whether the server closed the connection (reads until close).
    pub async fn closed(&mut self) -> bool {
        loop {
            match tokio::time::timeout(PATIENCE, self.ws.next()).await {
                Err(_) => return false,
                Ok(None | Some(Err(_)) | Some(Ok(Message::Close(_)))) => return true,
                Ok(Some(Ok(_))) => {}
            }
        }
    }
}

/// A raw TCP binary-frame client.
pub struct TcpClient {
    pub s: TcpStream,
    buf: Vec<u8>,
    seq: u16,
}

impl TcpClient {
    pub async fn connect(addr: &str) -> TcpClient {
        TcpClient {
            s: TcpStream::connect(addr).await.expect("tcp connect"),
            buf: Vec::new(),
            seq: 0,
        }
    }

    pub async fn write(&mut self, bytes: &[u8]) {
        self.s.write_all(bytes).await.expect("tcp write");
    }

    /// Next frame; `None` on EOF.
    pub async fn next(&mut self) -> Option<Frame> {
        loop {
            if let Ok(Some(len)) = codec::peek_binary_len(&self.buf)
                && self.buf.len() >= codec::HEADER_LEN + len
            {
                let bytes: Vec<u8> = self.buf.drain(..codec::HEADER_LEN + len).collect();
                return Some(codec::decode_binary(&bytes).expect("server frame decodes"));
            }
            let mut chunk = [0u8; 65536];
            let n = tokio::time::timeout(PATIENCE, self.s.read(&mut chunk))
                .await
                .expect("tcp timeout")
                .unwrap_or(0);
            if n == 0 {
                return None;
            }
            self.buf.extend_from_slice(&chunk[..n]);
        }
    }

    pub async fn call(&mut self, opcode: u16, payload: Value) -> Frame {
        self.seq = self.seq.wrapping_add(1);
        let frame = Frame {
            ver: 10,
            cmd: 0,
            seq: u64::from(self.seq),
            opcode,
            payload,
        };
        self.write(&codec::encode_binary(&frame)).await;
        loop {
            let f = self
                .next()
                .await
                .expect("closed while waiting for an answer");
            if f.cmd != 0 && f.seq == u64::from(self.seq) {
                return f;
            }
        }
    }
}
