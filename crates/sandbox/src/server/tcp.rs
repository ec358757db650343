//! Binary frames over plain TCP.

use std::sync::Arc;
use std::sync::atomic::Ordering;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

use super::processor::{Flow, Processor, ver};
use crate::app::App;
use crate::codec::{Encoding, HEADER_LEN, decode_binary, encode_binary, peek_binary_len};
use crate::hub::Out;

/// Accepts TCP clients until the listener fails.
pub async fn serve_tcp(app: Arc<App>, listener: TcpListener) {
    loop {
        let Ok((stream, _)) = listener.accept().await else {
            continue;
        };
        if app.faults.refusing() {
            drop(stream);
            continue;
        }
        let _ = stream.set_nodelay(true);
        tokio::spawn(connection(app.clone(), stream));
    }
}

async fn connection(app: Arc<App>, stream: TcpStream) {
    let reg = app.hub.register();
    let conn_id = reg.id;
    let (mut rd, mut wr) = stream.into_split();
    let mut proc = Processor::new(app.clone(), conn_id, reg.tx, true);
    let mut rx = reg.rx;
    let writer = tokio::spawn(async move {
        while let Some(out) = rx.recv().await {
            let mut frame = match out {
                Out::Reply(f, _) | Out::Push(f) => f,
            };
            frame.ver = ver(Encoding::Binary);
            if wr.write_all(&encode_binary(&frame)).await.is_err() {
                break;
            }
        }
        let _ = wr.shutdown().await;
    });
    proc.binary.store(true, Ordering::Relaxed);
    let mut kill = reg.kill;
    let mut buf: Vec<u8> = Vec::with_capacity(8192);
    let mut chunk = vec![0u8; 64 * 1024];
    'outer: loop {
        tokio::select! {
            _ = kill.changed() => break,
            n = rd.read(&mut chunk) => {
                let n = match n { Ok(0) | Err(_) => break, Ok(n) => n };
                buf.extend_from_slice(&chunk[..n]);
                loop {
                    let len = match peek_binary_len(&buf) {
                        Ok(Some(len)) => len,
                        Ok(None) => break,
                        Err(e) => {
                            let (seq, op) = header_ids(&buf);
                            let _ = proc.bad_input(&e, Encoding::Binary, seq, op);
                            break 'outer;
                        }
                    };
                    if buf.len() < HEADER_LEN + len {
                        break;
                    }
                    let bytes: Vec<u8> = buf.drain(..HEADER_LEN + len).collect();
                    let flow = match decode_binary(&bytes) {
                        Ok(frame) => proc.on_frame(frame, Encoding::Binary).await,
                        Err(e) => {
                            let (seq, op) = header_ids(&bytes);
                            proc.bad_input(&e, Encoding::Binary, seq, op)
                        }
                    };
                    if flow == Flow::Close {
                        break 'outer;
                    }
                }
            }
        }
    }
    app.hub.unregister(conn_id);
    drop(proc);
    // Let queued replies (e.g. the error frame) drain, then stop the writer.
    super::finish_writer(writer).await;
}

fn header_ids(buf: &[u8]) -> (u64, u16) {
    if buf.len() >= 6 {
        (
            u64::from(u16::from_be_bytes([buf[2], buf[3]])),
            u16::from_be_bytes([buf[4], buf[5]]),
        )
    } else {
        (0, 0)
    }
}
