//! The client's handling of what a flaky site does, over a real loopback socket to a tiny
//! scripted HTTP server (the sandbox behaves; the real site sometimes does not): the cookie is
//! sent and never echoed in failures, redirects are not followed, 5xx and dropped sockets are
//! transient, 401 and a sign-in page are an ended session, oversized files are refused.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::{Arc, Mutex};

use parta_core::diary::{Journal, JournalFailure};
use parta_journal::X1Journal;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

const COOKIE: &str = "c0ffee00c0ffee00c0ffee00c0ffee00";

/// Serves `answer(path)` raw to every request; keeps the requests' heads.
async fn serve(answer: fn(&str) -> Vec<u8>) -> (String, Arc<Mutex<Vec<String>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let heads = Arc::new(Mutex::new(Vec::new()));
    let seen = heads.clone();
    tokio::spawn(async move {
        loop {
            let (mut socket, _) = listener.accept().await.unwrap();
            let seen = seen.clone();
            tokio::spawn(async move {
                let mut head = Vec::new();
                let mut byte = [0u8; 1];
                while !head.ends_with(b"\r\n\r\n") && socket.read(&mut byte).await.unwrap_or(0) == 1
                {
                    head.push(byte[0]);
                }
                let head = String::from_utf8_lossy(&head).into_owned();
                let path = head.split(' ').nth(1).unwrap_or("/").to_owned();
                seen.lock().unwrap().push(head);
                let _ = socket.write_all(&answer(&path)).await;
                let _ = socket.shutdown().await;
            });
        }
    });
    (base, heads)
}

fn response(status: &str, extra: &str, body: &str) -> Vec<u8> {
    format!(
        "HTTP/1.1 {status}\r\n{extra}Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .into_bytes()
}

fn scripted(path: &str) -> Vec<u8> {
    let page = |body: &str| response("200 OK", "Content-Type: text/html\r\n", body);
    match path.split('?').next().unwrap() {
        "/edv/index/participant" => response("302 Found", "Location: /edv/elsewhere\r\n", ""),
        "/edv/index/diary/BUSY" => response("503 Service Unavailable", "", "busy"),
        "/edv/index/diary/DENIED" => response("401 Unauthorized", "", ""),
        "/edv/index/diary/LOGIN" => {
            page(r#"<form action="/auth/login"><input type="password"></form>"#)
        }
        "/edv/index/diary/CUT" => {
            b"HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n{\"success\":tr".to_vec()
        }
        "/edv/files/huge" => b"HTTP/1.1 200 OK\r\nContent-Length: 60000000\r\n\r\nxx".to_vec(),
        "/edv/files/login" => page(r#"<form action="/auth/login"><input type="password"></form>"#),
        "/edv/files/ok" => response("200 OK", "Content-Type: application/pdf\r\n", "%PDF-1.4"),
        _ => response("404 Not Found", "", ""),
    }
}

#[tokio::test]
async fn a_flaky_site_is_classified_and_the_cookie_stays_secret() {
    let (base, heads) = serve(scripted).await;
    let journal = X1Journal::new(&base, COOKIE).unwrap();

    let moved_on = journal.children().await.unwrap_err();
    assert!(
        matches!(moved_on, JournalFailure::Protocol(_)),
        "{moved_on:?}"
    );
    assert!(
        !heads
            .lock()
            .unwrap()
            .iter()
            .any(|head| head.contains("/edv/elsewhere")),
        "the redirect was followed"
    );

    let mut failures = vec![moved_on];
    for (guid, expected) in [
        ("BUSY", "transient"),
        ("DENIED", "expired"),
        ("LOGIN", "expired"),
        ("CUT", "transient"),
        ("NOPE", "protocol"),
    ] {
        let failure = journal.week(guid, "2026-12-09").await.unwrap_err();
        let kind = match failure {
            JournalFailure::Transient(_) => "transient",
            JournalFailure::SessionExpired => "expired",
            JournalFailure::Protocol(_) => "protocol",
            _ => "other",
        };
        assert_eq!(kind, expected, "{guid}: {failure:?}");
        failures.push(failure);
    }

    let huge = journal.download("/edv/files/huge").await.unwrap_err();
    assert!(matches!(huge, JournalFailure::Protocol(_)), "{huge:?}");
    assert_eq!(
        journal.download("/edv/files/login").await,
        Err(JournalFailure::SessionExpired)
    );
    assert_eq!(
        journal.download("/edv/files/ok").await.unwrap(),
        b"%PDF-1.4"
    );
    failures.push(huge);

    for failure in &failures {
        assert!(!failure.to_string().contains(COOKIE), "{failure}");
        assert!(!format!("{failure:?}").contains(COOKIE), "{failure:?}");
    }
    let heads = heads.lock().unwrap();
    assert!(heads.len() >= 9, "{heads:?}");
    for head in heads.iter() {
        let cookies: Vec<&str> = head
            .lines()
            .filter(|line| line.to_ascii_lowercase().starts_with("cookie:"))
            .collect();
        assert_eq!(cookies, [format!("cookie: PHPSESSID={COOKIE}")], "{head}");
    }
    assert!(
        heads
            .iter()
            .any(|head| head.starts_with("GET /edv/index/diary/BUSY?date=09.12.2026 "))
    );
}
