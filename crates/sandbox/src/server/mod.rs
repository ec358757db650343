//! Transports and the per-connection request loop.
//!
//! Both transports (WebSocket at `/websocket`, plain TCP) feed decoded frames into one
//! [`Processor`], which applies rate limits and faults, calls the handlers and queues replies.
//! A writer task per connection drains the queue, encoding each frame the way its request
//! came (pushes: the way the last request came). Bad input gets an error frame; input that
//! leaves the stream unusable (oversize or truncated binary frames, WebSocket protocol errors)
//! closes that connection only.

mod processor;
mod tcp;
mod ws;

pub use processor::Processor;
pub use tcp::serve_tcp;
pub use ws::serve_ws;

/// Lets a closing connection's writer flush what is queued, for a moment, then stops it.
async fn finish_writer(mut writer: tokio::task::JoinHandle<()>) {
    let wait = std::time::Duration::from_millis(500);
    if tokio::time::timeout(wait, &mut writer).await.is_err() {
        writer.abort();
    }
}
