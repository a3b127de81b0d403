//! The reliability suite (issue 20): a deterministic corpus of broken
//! inputs made by mutating the built-in dataset, the scenario and policy
//! presets and the monitor's built-in series, run on every CI. The rule:
//! no panic, no partial output, no non-finite figure, and every rejection
//! names the file (and the line, unless the problem is the file as a whole:
//! cut off, changed, missing, of the wrong kind).
//!
//! Every variant goes through the loaders in-process; the accepted ones are
//! run through the `krapte` binary (`gap` for datasets and scenarios, `plan`
//! for policies) with `--out`, which must either write a file of finite
//! figures or fail with a message and write nothing. The figures (variants
//! tried, rejected, accepted, panics, time) are printed and written to
//! `target/reliability.txt`.

use std::fs;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Mutex;
use std::time::Instant;

use krapte_data::{load_dataset, parse_policy, parse_scenario, record_manifest, Problem};
use krapte_monitor::{load_registry, parse_import, Date, ImportFormat, ParseOptions};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// A deterministic stream of choices (64-bit LCG, Knuth's constants).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }
    fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[(self.next() as usize) % xs.len()]
    }
}

/// Values a slip or a broken tool puts in a numeric field.
const BAD_VALUES: [&str; 14] = [
    "1e9",
    "1e308",
    "1e-300",
    "-1",
    "NaN",
    "inf",
    "7,5",
    "1.234.567",
    "",
    "0",
    "x",
    "1e6",
    "-1e308",
    "0.000001",
];

/// (file, numeric columns) of the built-in dataset that the corpus mutates.
const FIELDS: [(&str, &[&str]); 18] = [
    (
        "sectors.csv",
        &["gross_output", "hours_worked", "import_share"],
    ),
    ("io_domestic.csv", &["value"]),
    ("occupations.csv", &["employed_persons"]),
    ("occupation_shares.csv", &["share"]),
    ("education_shares.csv", &["share"]),
    ("measures.csv", &["base_stock", "cost_central"]),
    (
        "activities.csv",
        &["low", "central", "high", "build_years", "ref_year"],
    ),
    ("products.csv", &["share", "import_share"]),
    ("fossil_losses.csv", &["central", "high", "full_year"]),
    (
        "supply_occupations.csv",
        &["replacement_rate", "expansion_persons_per_year"],
    ),
    ("supply_parameters.csv", &["central", "high"]),
    (
        "education_pipeline.csv",
        &["dropout", "labour_market_entry", "programme_years"],
    ),
    ("enrolment.csv", &["first_year_students", "year"]),
    (
        "levers.csv",
        &["central", "default_intensity", "cost_eur_per_year"],
    ),
    ("campaigns.csv", &["central", "high"]),
    ("parameters.csv", &["central", "low"]),
    ("region_shares.csv", &["share"]),
    ("plausibility.csv", &["max", "min"]),
];

#[derive(Default)]
struct Tally {
    tried: usize,
    rejected: usize,
    accepted: usize,
    panics: usize,
    /// Accepted variants run through the binary.
    ran: usize,
    failures: Vec<String>,
}

/// Problems of the whole file that have no line by nature.
fn file_level(p: &Problem) -> bool {
    let m = p.message.as_str();
    [
        "checksum",
        "data rows",
        "is missing",
        "does not exist",
        "directory",
        "not a regular file",
        "symbolic link",
        "is empty",
        "MB,",
        "has no row",
        "has no rows",
        "is not listed",
        "needs all of its files",
        "sum to",
        "no rows",
        "is missing from",
        "lacks",
        "dataset invariant",
        "could not be built",
        "starts in",
        "needs at least",
        "not below its gross output",
        "must exist",
        "required",
        "has no classes",
        "has no rows in",
    ]
    .iter()
    .any(|k| m.contains(k))
}

/// The rule for a rejection: every listed problem names a file, and each has
/// a line unless it is about the file as a whole.
fn check_rejection(label: &str, ps: &[Problem], t: &mut Tally) {
    if ps.is_empty() {
        t.failures
            .push(format!("{label}: rejected without a problem"));
    }
    for p in ps {
        if p.file.as_os_str().is_empty() {
            t.failures
                .push(format!("{label}: a problem without a file: {p}"));
        } else if p.line.is_none() && !file_level(p) {
            t.failures
                .push(format!("{label}: a problem without a line: {p}"));
        }
    }
}

/// Copies a dataset folder; its manifest's relative region folder is
/// pointed at the original's.
fn copy_dir(from: &Path, to: &Path) {
    for e in fs::read_dir(from).expect("dir") {
        let p = e.expect("entry").path();
        fs::copy(&p, to.join(p.file_name().expect("name"))).expect("copy");
    }
    let manifest = to.join("manifest.toml");
    let text = fs::read_to_string(&manifest).expect("manifest");
    let regions = from.join("../regions");
    let text = text.replace(
        "regions = \"../regions\"",
        &format!("regions = {:?}", regions.display().to_string()),
    );
    fs::write(&manifest, text).expect("write manifest");
}

/// Sets field `col` of data row `row` (0-based) of a CSV text.
fn set_field(text: &str, row: usize, col: &str, value: &str) -> Option<String> {
    let mut rdr = csv::ReaderBuilder::new().from_reader(text.as_bytes());
    let header = rdr.headers().ok()?.clone();
    let k = header.iter().position(|h| h == col)?;
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(&header).ok()?;
    for (i, rec) in rdr.records().enumerate() {
        let rec = rec.ok()?;
        if i == row {
            let fields: Vec<&str> = rec
                .iter()
                .enumerate()
                .map(|(j, f)| if j == k { value } else { f })
                .collect();
            w.write_record(&fields).ok()?;
        } else {
            w.write_record(&rec).ok()?;
        }
    }
    String::from_utf8(w.into_inner().ok()?).ok()
}

/// Runs the binary; counts a panic or a broken output.
fn run_binary(label: &str, args: &[&str], t: &Mutex<Tally>) {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("out.json");
    let mut all: Vec<&str> = args.to_vec();
    let out_s = out.to_str().expect("utf-8");
    all.extend(["--format", "json", "--out", out_s]);
    let o = Command::new(env!("CARGO_BIN_EXE_krapte"))
        .args(&all)
        .current_dir(root())
        .output()
        .expect("the binary runs");
    let stderr = String::from_utf8_lossy(&o.stderr).to_string();
    let mut t = t.lock().unwrap_or_else(|e| e.into_inner());
    t.ran += 1;
    if o.status.code() == Some(101) || stderr.contains("panicked") {
        t.panics += 1;
        t.failures.push(format!("{label}: panic: {stderr}"));
        return;
    }
    if o.status.success() {
        match fs::read_to_string(&out)
            .ok()
            .and_then(|s| serde_json::from_str::<serde_json::Value>(&s).ok())
        {
            Some(v) if !has_null_figure(&v) => {}
            Some(_) => t.failures.push(format!(
                "{label}: a figure is null (not finite) in the output"
            )),
            None => t
                .failures
                .push(format!("{label}: success without a readable output file")),
        }
    } else {
        if out.exists() {
            t.failures
                .push(format!("{label}: failed but left a partial output file"));
        }
        if !stderr.starts_with("error: ") {
            t.failures
                .push(format!("{label}: failed without a message: {stderr}"));
        }
    }
}

/// Whether a table value (`central`, `low`, `high` of a row) is null.
fn has_null_figure(v: &serde_json::Value) -> bool {
    match v {
        serde_json::Value::Object(m) => {
            ["central"].iter().any(|k| {
                m.get(*k).is_some_and(|x| x.is_null())
                    && (m.get("low").is_some_and(|x| !x.is_null())
                        || m.get("high").is_some_and(|x| !x.is_null()))
            }) || m.values().any(has_null_figure)
        }
        serde_json::Value::Array(a) => a.iter().any(has_null_figure),
        _ => false,
    }
}

/// Dataset variants: field values, truncation, empty files, open quotes,
/// bad UTF-8, duplicated rows, manifest names; half of the edits are
/// re-recorded in the manifest (as a user who edits on purpose would).
fn datasets(n: usize, t: &Mutex<Tally>, max_runs: usize) {
    let builtin = root().join("data/default");
    let mut rng = Lcg(20);
    let mut jobs: Vec<(String, u64)> = Vec::new();
    for k in 0..n {
        jobs.push((format!("dataset #{k}"), rng.next()));
    }
    let runs = Mutex::new(0usize);
    let work = |(label, seed): &(String, u64)| {
        let mut rng = Lcg(*seed);
        let dir = tempfile::tempdir().expect("tempdir");
        copy_dir(&builtin, dir.path());
        let kind = rng.next() % 10;
        let (file, cols) = *rng.pick(&FIELDS);
        let path = dir.path().join(file);
        let text = fs::read_to_string(&path).expect("read");
        let rows = text.lines().count().saturating_sub(1).max(1);
        let what = match kind {
            0..=4 => {
                let col = *rng.pick(cols);
                let row = (rng.next() as usize) % rows;
                let v = *rng.pick(&BAD_VALUES);
                if let Some(t2) = set_field(&text, row, col, v) {
                    fs::write(&path, t2).expect("write");
                }
                format!("{file} row {row} {col} = {v:?}")
            }
            5 => {
                let keep = (rng.next() as usize) % rows;
                let t2: String = text
                    .lines()
                    .take(keep + 1)
                    .map(|l| format!("{l}\n"))
                    .collect();
                fs::write(&path, t2).expect("write");
                format!("{file} cut after {keep} rows")
            }
            6 => {
                let cut = (rng.next() as usize) % text.len().max(1);
                fs::write(&path, &text.as_bytes()[..cut]).expect("write");
                format!("{file} cut at byte {cut}")
            }
            7 => {
                fs::write(&path, format!("{text}x,\"open\n")).expect("write");
                format!("{file} quote left open")
            }
            8 => {
                let mut b = text.into_bytes();
                let at = (rng.next() as usize) % b.len().max(1);
                if let Some(x) = b.get_mut(at) {
                    *x = 0xE9;
                }
                fs::write(&path, b).expect("write");
                format!("{file} byte {at} not UTF-8")
            }
            _ => {
                let row = text.lines().nth(1).unwrap_or("").to_string();
                let times = 1 + (rng.next() as usize) % 3000;
                let mut t2 = text.clone();
                for _ in 0..times {
                    t2.push_str(&row);
                    t2.push('\n');
                }
                fs::write(&path, t2).expect("write");
                format!("{file} first row repeated {times} times")
            }
        };
        if rng.next().is_multiple_of(2) {
            // Recorded on purpose: only the values' own checks remain.
            if let Ok(m) = record_manifest(dir.path()) {
                fs::write(dir.path().join("manifest.toml"), m).expect("write");
            }
        }
        let label = format!("{label} ({what})");
        let r = catch_unwind(AssertUnwindSafe(|| load_dataset(dir.path())));
        let accepted = {
            let mut t = t.lock().unwrap_or_else(|e| e.into_inner());
            t.tried += 1;
            match r {
                Err(_) => {
                    t.panics += 1;
                    t.failures.push(format!("{label}: the loader panicked"));
                    false
                }
                Ok(Err(e)) => {
                    t.rejected += 1;
                    check_rejection(&label, e.problems(), &mut t);
                    false
                }
                Ok(Ok(_)) => {
                    t.accepted += 1;
                    true
                }
            }
        };
        let go = accepted && {
            let mut r = runs.lock().unwrap_or_else(|e| e.into_inner());
            *r += 1;
            *r <= max_runs
        };
        if go {
            let d = dir.path().to_str().expect("utf-8").to_string();
            run_binary(&label, &["--data", &d, "gap"], t);
        }
    };
    parallel(&jobs, work);
}

fn parallel<T: Sync>(jobs: &[T], work: impl Fn(&T) + Sync) {
    let threads = std::thread::available_parallelism()
        .map_or(2, |n| n.get())
        .clamp(1, 4);
    let next = std::sync::atomic::AtomicUsize::new(0);
    std::thread::scope(|s| {
        for _ in 0..threads {
            s.spawn(|| loop {
                let k = next.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                let Some(job) = jobs.get(k) else { break };
                work(job);
            });
        }
    });
}

/// Text mutations of a TOML preset.
fn toml_variants(text: &str, rng: &mut Lcg, n: usize) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let numbers: Vec<(usize, usize)> = {
        // Spans of numbers after `= ` (values, not keys).
        let b = text.as_bytes();
        let mut v = Vec::new();
        let mut i = 0;
        while i + 2 < b.len() {
            if b[i] == b'=' && b[i + 1] == b' ' && b[i + 2].is_ascii_digit() {
                let s = i + 2;
                let mut e = s;
                while e < b.len() && (b[e].is_ascii_digit() || b[e] == b'.') {
                    e += 1;
                }
                v.push((s, e));
            }
            i += 1;
        }
        v
    };
    let headers: Vec<usize> = text.match_indices("\n[").map(|(i, _)| i + 1).collect();
    for _ in 0..n {
        let kind = rng.next() % 6;
        let (what, t) = match kind {
            0..=2 if !numbers.is_empty() => {
                let (s, e) = *rng.pick(&numbers);
                let v = *rng.pick(&[
                    "1e308",
                    "1e9",
                    "-1",
                    "7,5",
                    "1000000000000",
                    "0",
                    "nan",
                    "inf",
                    "1e-300",
                ]);
                (
                    format!("number at byte {s} -> {v}"),
                    format!("{}{v}{}", &text[..s], &text[e..]),
                )
            }
            3 if !headers.is_empty() => {
                let cut = *rng.pick(&headers);
                (format!("cut at byte {cut}"), text[..cut].to_string())
            }
            4 => {
                let cut = (rng.next() as usize) % text.len().max(1);
                let cut = (0..=cut)
                    .rev()
                    .find(|c| text.is_char_boundary(*c))
                    .unwrap_or(0);
                (format!("cut at byte {cut}"), text[..cut].to_string())
            }
            _ => {
                let at = text.find("\n[").map_or(text.len(), |i| i + 1);
                let extra = *rng.pick(&[
                    "scale = 1000\n",
                    "bogus = 1\n",
                    "name = \"twice\"\n",
                    "[measures.unknown]\nadditions = { 2025 = 1 }\n",
                ]);
                (
                    format!("inserted {extra:?}"),
                    format!("{}{extra}{}", &text[..at], &text[at..]),
                )
            }
        };
        out.push((what, t));
    }
    out
}

fn presets(kind: &str, per_file: usize, t: &Mutex<Tally>, max_runs: usize) {
    let ds = load_dataset(&root().join("data/default"))
        .unwrap_or_else(|e| panic!("{e}"))
        .dataset;
    let mut rng = Lcg(if kind == "scenarios" { 55 } else { 2023 });
    let mut jobs: Vec<(String, String, PathBuf)> = Vec::new();
    let mut files: Vec<PathBuf> = fs::read_dir(root().join(kind))
        .expect("presets")
        .map(|e| e.expect("entry").path())
        .collect();
    files.sort();
    for f in files {
        let text = fs::read_to_string(&f).expect("read");
        for (what, v) in toml_variants(&text, &mut rng, per_file) {
            jobs.push((format!("{} ({what})", f.display()), v, f.clone()));
        }
    }
    let runs = Mutex::new(0usize);
    parallel(&jobs, |(label, text, path)| {
        let r = catch_unwind(AssertUnwindSafe(|| {
            if kind == "scenarios" {
                parse_scenario(text, path, &ds).map(|_| ())
            } else {
                parse_policy(text, path, &ds).map(|_| ())
            }
        }));
        let accepted = {
            let mut t = t.lock().unwrap_or_else(|e| e.into_inner());
            t.tried += 1;
            match r {
                Err(_) => {
                    t.panics += 1;
                    t.failures.push(format!("{label}: the loader panicked"));
                    false
                }
                Ok(Err(e)) => {
                    t.rejected += 1;
                    check_rejection(label, e.problems(), &mut t);
                    false
                }
                Ok(Ok(())) => {
                    t.accepted += 1;
                    true
                }
            }
        };
        let go = accepted && {
            let mut r = runs.lock().unwrap_or_else(|e| e.into_inner());
            *r += 1;
            *r <= max_runs
        };
        if go {
            let dir = tempfile::tempdir().expect("tempdir");
            let f = dir.path().join("variant.toml");
            fs::write(&f, text).expect("write");
            let f = f.to_str().expect("utf-8").to_string();
            if kind == "scenarios" {
                run_binary(label, &["gap", &f], t);
            } else {
                run_binary(label, &["plan", "--policy", &f], t);
            }
        }
    });
}

fn monitor(n: usize, t: &Mutex<Tally>) {
    let dir = root().join("data/monitor");
    let registry = load_registry(&dir).unwrap_or_else(|ps| panic!("{ps}"));
    let text = fs::read_to_string(dir.join("observations.csv")).expect("observations");
    let lines: Vec<&str> = text.lines().collect();
    let opts = ParseOptions {
        scale: 1.0,
        today: Date::parse("2026-11-30").expect("date"),
    };
    let mut rng = Lcg(834);
    let mut jobs: Vec<(String, String)> = Vec::new();
    for _ in 0..n {
        let row = 1 + (rng.next() as usize) % (lines.len() - 1);
        let kind = rng.next() % 8;
        let mut ls: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
        let what = match kind {
            0 | 1 => {
                let v = *rng.pick(&["\"700,000\"", "700.000", "", "1 362", "1e308", "-5", "x"]);
                if let Some(t2) = set_field(&format!("{}\n{}\n", ls[0], ls[row]), 0, "value", v) {
                    ls[row] = t2.lines().nth(1).unwrap_or("").to_string();
                }
                format!("line {} value {v}", row + 1)
            }
            2 | 3 => {
                let v = *rng.pick(&["2062-06-01", "2026-02-30", "2026-13-01", "26-01-01", ""]);
                if let Some(t2) = set_field(&format!("{}\n{}\n", ls[0], ls[row]), 0, "vintage", v) {
                    ls[row] = t2.lines().nth(1).unwrap_or("").to_string();
                }
                format!("line {} vintage {v}", row + 1)
            }
            4 => {
                let v = *rng.pick(&["2031", "2040Q1", "2029/30"]);
                if let Some(t2) = set_field(&format!("{}\n{}\n", ls[0], ls[row]), 0, "period", v) {
                    ls[row] = t2.lines().nth(1).unwrap_or("").to_string();
                }
                format!("line {} period {v}", row + 1)
            }
            5 => {
                ls.push("model_technician_gap_2030,NL,2030,-5000,krapte,2026-06-01,".into());
                "a model indicator row".into()
            }
            6 => {
                ls[row].push_str(",\"open");
                format!("line {} quote left open", row + 1)
            }
            _ => {
                ls.truncate(row);
                ls.push("ict_specialists_eurostat,NL,20".into());
                format!("cut inside line {}", row + 1)
            }
        };
        jobs.push((format!("observations.csv ({what})"), ls.join("\n") + "\n"));
    }
    parallel(&jobs, |(label, text)| {
        let r = catch_unwind(AssertUnwindSafe(|| {
            parse_import(
                "observations.csv",
                text,
                &ImportFormat::Long,
                &registry,
                &opts,
            )
            .map(|_| ())
        }));
        let mut t = t.lock().unwrap_or_else(|e| e.into_inner());
        t.tried += 1;
        match r {
            Err(_) => {
                t.panics += 1;
                t.failures
                    .push(format!("{label}: the monitor import panicked"));
            }
            Ok(Err(ps)) => {
                t.rejected += 1;
                let listed = ps.into_listed();
                check_rejection(label, &listed, &mut t);
            }
            Ok(Ok(())) => t.accepted += 1,
        }
    });
}

/// The unmutated inputs pass: the corpus rejects because of the mutations.
#[test]
fn reliability_controls_are_accepted() {
    let ds = load_dataset(&root().join("data/default"))
        .unwrap_or_else(|e| panic!("{e}"))
        .dataset;
    for kind in ["scenarios", "policies"] {
        for e in fs::read_dir(root().join(kind)).expect("presets") {
            let path = e.expect("entry").path();
            let text = fs::read_to_string(&path).expect("read");
            let r = if kind == "scenarios" {
                parse_scenario(&text, &path, &ds).map(|_| ())
            } else {
                parse_policy(&text, &path, &ds).map(|_| ())
            };
            r.unwrap_or_else(|e| panic!("{e}"));
        }
    }
    let dir = root().join("data/monitor");
    let registry = load_registry(&dir).unwrap_or_else(|ps| panic!("{ps}"));
    let text = fs::read_to_string(dir.join("observations.csv")).expect("observations");
    let opts = ParseOptions {
        scale: 1.0,
        today: Date::parse("2026-11-30").expect("date"),
    };
    parse_import(
        "observations.csv",
        &text,
        &ImportFormat::Long,
        &registry,
        &opts,
    )
    .unwrap_or_else(|ps| panic!("{ps}"));
}

#[test]
fn reliability_corpus() {
    let t0 = Instant::now();
    // Sizes: a few minutes of CI on two cores (docs/DATA.md, "Reliability").
    let (n_data, n_scen, n_pol, n_mon) = (240, 12, 24, 120);
    let mut lines = Vec::new();
    let mut failures = Vec::new();
    for (name, f) in [
        (
            "datasets",
            Box::new(|t: &Mutex<Tally>| datasets(n_data, t, 8)) as Box<dyn Fn(&Mutex<Tally>)>,
        ),
        (
            "scenarios",
            Box::new(|t: &Mutex<Tally>| presets("scenarios", n_scen, t, 6)),
        ),
        (
            "policies",
            Box::new(|t: &Mutex<Tally>| presets("policies", n_pol, t, 3)),
        ),
        ("monitor", Box::new(|t: &Mutex<Tally>| monitor(n_mon, t))),
    ] {
        let t1 = Instant::now();
        let tally = Mutex::new(Tally::default());
        f(&tally);
        let t = tally.into_inner().unwrap_or_else(|e| e.into_inner());
        lines.push(format!(
            "{name:<10} tried {:>4}, rejected {:>4}, accepted {:>4} ({} run through the binary), panics {}, rule broken {}, {:.1} s",
            t.tried,
            t.rejected,
            t.accepted,
            t.ran,
            t.panics,
            t.failures.len(),
            t1.elapsed().as_secs_f64()
        ));
        failures.extend(t.failures);
    }
    lines.push(format!("total time {:.1} s", t0.elapsed().as_secs_f64()));
    let report = lines.join("\n");
    eprintln!("reliability suite:\n{report}");
    let _ = fs::write(root().join("target/reliability.txt"), format!("{report}\n"));
    assert!(
        failures.is_empty(),
        "{} variant(s) broke the rule:\n{}",
        failures.len(),
        failures
            .iter()
            .take(40)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
}
