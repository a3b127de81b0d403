//! `krapte serve` end to end: starts the binary on a free port, reads the
//! URL it prints, fetches the home page and the API over a real socket.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};

mod common;

/// Ends the server when the test ends, whatever happens.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn fetch(addr: &str, path: &str) -> String {
    let mut s = TcpStream::connect(addr).expect("connect");
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .expect("send");
    let mut out = String::new();
    s.read_to_string(&mut out).expect("read");
    out
}

#[test]
fn serve_answers_pages_and_api() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = dir.path().join("store.sqlite");
    let child = Command::new(env!("CARGO_BIN_EXE_krapte"))
        .args(["serve", "--addr", "127.0.0.1:0", "--store"])
        .arg(&store)
        .current_dir(common::root())
        .env_remove("KRAPTE_WRITE_TOKEN")
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("the binary starts");
    let mut server = Server(child);
    let stdout = server.0.stdout.take().expect("stdout");
    let mut line = String::new();
    BufReader::new(stdout)
        .read_line(&mut line)
        .expect("the URL line");
    let addr = line
        .split("http://")
        .nth(1)
        .and_then(|r| r.split('/').next())
        .unwrap_or_else(|| panic!("no URL in {line:?}"))
        .to_string();
    assert!(line.contains("read-only"), "{line}");
    let home = fetch(&addr, "/");
    assert!(
        home.starts_with("HTTP/1.1 200"),
        "{}",
        &home[..home.len().min(200)]
    );
    assert!(home.contains("<html lang=\"nl\">"));
    assert!(home.to_ascii_lowercase().contains("x-frame-options: deny"));
    let api = fetch(&addr, "/api/scenarios");
    assert!(api.starts_with("HTTP/1.1 200"));
    assert!(api.contains("referentie-55"));
}
