//! The real `promise serve` binary on an ephemeral loopback port, and a minimal HTTP/1.1
//! client (one request per connection) to talk to it.
#![allow(dead_code)]

use serde_json::Value;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

pub const TOKEN: &str = "s3cret-token-0123456789";

pub struct Server {
    pub child: Child,
    pub addr: String,
}

impl Server {
    /// Starts `promise serve` on `db` (importing `data` if the database is empty), with
    /// the token in `dir/token`, as of 2026-03-02; `extra` flags are appended.
    pub fn start(dir: &Path, data: &Path, db: &Path, extra: &[&str]) -> Server {
        let token = dir.join("token");
        std::fs::write(&token, format!("{TOKEN}\n")).unwrap();
        let mut child = Command::new(env!("CARGO_BIN_EXE_promise"))
            .arg("serve")
            .arg("--data")
            .arg(data)
            .arg("--db")
            .arg(db)
            .arg("--token-file")
            .arg(&token)
            .args([
                "--listen",
                "127.0.0.1:0",
                "--as-of",
                "2026-03-02",
                "--quiet",
            ])
            .args(extra)
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("promise serve starts");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let addr = line
            .split("http://")
            .nth(1)
            .and_then(|s| s.split_whitespace().next())
            .unwrap_or_else(|| panic!("no address in {line:?}"))
            .to_string();
        Server { child, addr }
    }

    pub fn call(&self, method: &str, path: &str, body: Option<&str>) -> (u16, Value) {
        call(&self.addr, method, path, Some(TOKEN), body).expect("the server answers")
    }

    /// SIGKILL: no shutdown, no flush.
    pub fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.kill();
    }
}

/// One request; the status and the body as JSON (`Value::Null` when empty).
pub fn call(
    addr: &str,
    method: &str,
    path: &str,
    token: Option<&str>,
    body: Option<&str>,
) -> std::io::Result<(u16, Value)> {
    let (status, text) = raw(addr, method, path, token, body.unwrap_or("").as_bytes())?;
    let value = if text.trim().is_empty() {
        Value::Null
    } else {
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("not JSON ({e}): {text}"))
    };
    Ok((status, value))
}

pub fn raw(
    addr: &str,
    method: &str,
    path: &str,
    token: Option<&str>,
    body: &[u8],
) -> std::io::Result<(u16, String)> {
    let mut s = TcpStream::connect(addr)?;
    s.set_read_timeout(Some(Duration::from_secs(120)))?;
    let mut head = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: {}\r\n",
        body.len()
    );
    if let Some(t) = token {
        head.push_str(&format!("Authorization: Bearer {t}\r\n"));
    }
    head.push_str("\r\n");
    s.write_all(head.as_bytes())?;
    // A server may answer (413) before reading everything; that is not our error.
    let _ = s.write_all(body);
    let mut out = Vec::new();
    s.read_to_end(&mut out)?;
    let text = String::from_utf8_lossy(&out).into_owned();
    let (headers, rest) = text
        .split_once("\r\n\r\n")
        .ok_or_else(|| std::io::Error::other(format!("no HTTP answer: {text:?}")))?;
    let status: u16 = headers
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| std::io::Error::other("no status"))?;
    let chunked = headers
        .to_ascii_lowercase()
        .contains("transfer-encoding: chunked");
    Ok((
        status,
        if chunked {
            dechunk(rest)
        } else {
            rest.to_string()
        },
    ))
}

fn dechunk(mut s: &str) -> String {
    let mut out = String::new();
    while let Some((size, rest)) = s.split_once("\r\n") {
        let n = usize::from_str_radix(size.trim(), 16).unwrap_or(0);
        if n == 0 {
            break;
        }
        out.push_str(&rest[..n]);
        s = &rest[n + 2..];
    }
    out
}

/// Writes SPEC.md's worked-example plant (one line, 100 a shift) with `orders`.
pub fn worked_example(dir: &Path, orders: &str) {
    super::write_plant(dir, orders, &[]);
}

/// The JSON body of a commit of one line of P1 to D1.
pub fn commit_body(id: &str, qty: f64, requested: &str, promised: Option<&str>) -> String {
    let promised = promised.map_or(String::new(), |p| format!(", \"promised_date\": \"{p}\""));
    format!(
        "{{\"order_id\": \"{id}\", \"destination\": \"D1\", \"requested_date\": \"{requested}\"{promised}, \"lines\": [{{\"product_id\": \"P1\", \"qty\": {qty}}}]}}"
    )
}
