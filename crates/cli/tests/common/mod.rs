//! Helpers shared by the end-to-end tests of the `krapte` binary: where the
//! repository and the toy dataset are, running the binary, and reading the
//! JSON reports it writes.
#![allow(dead_code)] // each test file uses a different subset

use std::path::PathBuf;
use std::process::{Command, Output};

use serde_json::Value;

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

pub fn toy() -> PathBuf {
    root().join("tests/fixtures/toy")
}

/// Runs the binary with `args` from the repository root.
pub fn krapte(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_krapte"))
        .args(args)
        .current_dir(root())
        .output()
        .expect("the binary runs")
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Equal to a millionth, relative.
pub fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-6 * (1.0 + b.abs())
}

/// The parsed JSON report of a successful run.
pub fn json(o: &Output) -> Value {
    assert!(o.status.success(), "{}", stderr(o));
    serde_json::from_slice(&o.stdout).expect("valid json")
}

/// The table `id` of a JSON report.
pub fn table<'a>(v: &'a Value, id: &str) -> &'a Value {
    v["tables"]
        .as_array()
        .and_then(|ts| ts.iter().find(|t| t["id"] == id))
        .unwrap_or_else(|| panic!("table {id} missing"))
}

/// The first row of a table whose `key` is `value`.
pub fn row<'a>(t: &'a Value, key: &str, value: &str) -> &'a Value {
    t["rows"]
        .as_array()
        .and_then(|rs| rs.iter().find(|r| r[key] == value))
        .unwrap_or_else(|| panic!("no row {key} = {value} in {}", t["id"]))
}

/// The central value of a ranged cell, or a plain number.
pub fn central(v: &Value) -> f64 {
    v["central"]
        .as_f64()
        .or_else(|| v.as_f64())
        .unwrap_or_else(|| panic!("not a number: {v}"))
}

/// A `krapte serve` process, killed when the test ends, whatever happens.
pub struct Server(pub std::process::Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Starts `krapte serve` on a free port with a scratch store and no write
/// token. Gives the server, its `host:port`, the line it printed and the
/// store's directory (removed when dropped).
pub fn serve() -> (Server, String, String, tempfile::TempDir) {
    use std::io::{BufRead, BufReader};
    use std::process::Stdio;
    let dir = tempfile::tempdir().expect("tempdir");
    let mut child = Command::new(env!("CARGO_BIN_EXE_krapte"))
        .args(["serve", "--addr", "127.0.0.1:0", "--store"])
        .arg(dir.path().join("store.sqlite"))
        .current_dir(root())
        .env_remove("KRAPTE_WRITE_TOKEN")
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("the binary starts");
    let stdout = child.stdout.take().expect("stdout");
    let server = Server(child);
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
    (server, addr, line, dir)
}

/// `GET path` over a plain socket: the whole response, headers included.
pub fn fetch(addr: &str, path: &str) -> String {
    use std::io::{Read, Write};
    let mut s = std::net::TcpStream::connect(addr).expect("connect");
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .expect("send");
    let mut out = String::new();
    s.read_to_string(&mut out).expect("read");
    out
}
