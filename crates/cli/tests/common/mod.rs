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
