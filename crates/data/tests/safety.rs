//! Issue 20: no wrong number accepted. Files that are not what they claim
//! (cut off, changed, not UTF-8, a quote left open, a path out of the
//! folder, a pipe or a device), values outside the plausibility bounds and
//! floods of bad rows: each is refused with file, line and field, and the
//! list of problems stays bounded.

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use common::{edit, expect, fixture, list, problems, toy_copy};
use krapte_data::{load_dataset, parse_policy, parse_scenario, record_manifest};

fn builtin() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/default")
}

/// A copy of the built-in dataset (with its row counts and checksums).
fn builtin_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for entry in fs::read_dir(builtin()).expect("data/default") {
        let path = entry.expect("entry").path();
        fs::copy(&path, dir.path().join(path.file_name().expect("name"))).expect("copy");
    }
    // The manifest's region folder is relative: point it at the original.
    let manifest = dir.path().join("manifest.toml");
    let text = fs::read_to_string(&manifest).expect("manifest");
    let regions = builtin().join("../regions").display().to_string();
    fs::write(
        &manifest,
        text.replace(
            "regions = \"../regions\"",
            &format!("regions = {regions:?}"),
        ),
    )
    .expect("write manifest");
    dir
}

/// Records the files' new checksums, as `krapte data manifest` does.
fn rerecord(dir: &Path) {
    let text = record_manifest(dir).unwrap_or_else(|e| panic!("{e}"));
    fs::write(dir.join("manifest.toml"), text).expect("write manifest");
}

#[test]
fn the_builtin_dataset_is_checked_and_passes_its_bounds() {
    let loaded = load_dataset(&builtin()).unwrap_or_else(|e| panic!("{e}"));
    assert!(
        loaded.unchecked_files.is_empty(),
        "{:?}",
        loaded.unchecked_files
    );
    assert!(!loaded.dataset.plausibility.is_empty());
    // Re-recording an unchanged folder changes nothing.
    let text = record_manifest(&builtin()).unwrap_or_else(|e| panic!("{e}"));
    let now = fs::read_to_string(builtin().join("manifest.toml")).expect("manifest");
    assert_eq!(text, now);
    // Every campaign reaches at most its target group.
    let pd = loaded.dataset.policy.as_ref().expect("policy side");
    for c in &pd.campaigns {
        assert!(
            c.target_group_persons > 100_000.0 && c.target_group_persons < 2e7,
            "{}",
            c.id
        );
    }
}

#[test]
fn a_file_cut_off_or_changed_is_refused() {
    // Cut at a line boundary: fewer rows than the manifest records.
    let dir = builtin_copy();
    let path = dir.path().join("io_domestic.csv");
    let text = fs::read_to_string(&path).expect("read");
    let cut: String = text.lines().take(2000).map(|l| format!("{l}\n")).collect();
    fs::write(&path, cut).expect("write");
    let ps = problems(dir.path());
    expect(
        &ps,
        "io_domestic.csv",
        None,
        None,
        "has 1999 data rows, manifest.toml records 2675; fewer: the file looks cut off",
    );
    expect(&ps, "io_domestic.csv", None, None, "the file's checksum");
    // Empty.
    fs::write(&path, "").expect("write");
    let ps = problems(dir.path());
    expect(&ps, "io_domestic.csv", Some(1), None, "the file is empty");
    // One digit changed: the row count holds, the checksum does not.
    let dir = builtin_copy();
    edit(dir.path(), "sectors.csv", "F,", "F ,");
    let ps = problems(dir.path());
    let p = expect(&ps, "sectors.csv", None, None, "krapte data manifest");
    assert!(
        p.message.contains("was changed, cut off or replaced"),
        "{p}"
    );
}

#[test]
fn a_quote_left_open_is_refused_with_its_line() {
    let dir = toy_copy();
    let path = dir.path().join("sectors.csv");
    let mut text = fs::read_to_string(&path).expect("read");
    text.push_str("S3,\"Diensten,G1,1,1,0,assumption,TOY,toy\n");
    fs::write(&path, text).expect("write");
    let ps = problems(dir.path());
    expect(&ps, "sectors.csv", Some(4), None, "never closed");
}

#[test]
fn manifest_names_are_plain_file_names() {
    let dir = toy_copy();
    for bad in [
        "../../../../etc/passwd",
        "/etc/passwd",
        ".hidden.csv",
        "sub/x.csv",
    ] {
        edit(
            dir.path(),
            "manifest.toml",
            "name = \"products.csv\"",
            &format!("name = \"{bad}\"\n\n[[file]]\nname = \"products.csv\""),
        );
    }
    let ps = problems(dir.path());
    let lines = list(&ps);
    for bad in ["../../../../etc/passwd", "/etc/passwd", "sub/x.csv"] {
        assert!(
            lines.contains(&format!(
                "\"{bad}\" is a path; the manifest lists plain file names"
            )),
            "{bad}:\n{lines}"
        );
    }
    assert!(
        lines.contains("\".hidden.csv\" is not a file name of the dataset"),
        "{lines}"
    );
    assert!(!lines.contains("root:"), "{lines}");
}

#[cfg(unix)]
#[test]
fn special_files_and_links_out_of_the_folder_are_refused() {
    let outside = tempfile::tempdir().expect("tempdir");
    let secret = outside.path().join("secret.csv");
    fs::write(&secret, "code,name\nroot:x:0:0,secret\n").expect("write");
    // A symbolic link out of the folder.
    let dir = toy_copy();
    fs::remove_file(dir.path().join("sectors.csv")).expect("rm");
    std::os::unix::fs::symlink(&secret, dir.path().join("sectors.csv")).expect("symlink");
    let ps = problems(dir.path());
    expect(
        &ps,
        "manifest.toml",
        Some(17),
        Some("name"),
        "symbolic link to a file outside its folder",
    );
    assert!(!list(&ps).contains("root:x"), "{}", list(&ps));
    // A link to /dev/zero, a directory and a named pipe.
    let dir = toy_copy();
    fs::remove_file(dir.path().join("regions.csv")).expect("rm");
    std::os::unix::fs::symlink("/dev/zero", dir.path().join("regions.csv")).expect("symlink");
    fs::remove_file(dir.path().join("occupations.csv")).expect("rm");
    fs::create_dir(dir.path().join("occupations.csv")).expect("mkdir");
    fs::remove_file(dir.path().join("products.csv")).expect("rm");
    let fifo = dir.path().join("products.csv");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    let ps = problems(dir.path());
    let lines = list(&ps);
    assert!(
        lines.contains("\"regions.csv\" is a symbolic link to a file outside its folder"),
        "{lines}"
    );
    assert!(
        lines.contains("\"occupations.csv\" is a directory, not a file"),
        "{lines}"
    );
    if made.is_ok_and(|s| s.success()) {
        assert!(
            lines.contains("\"products.csv\" is a named pipe (FIFO), not a regular file"),
            "{lines}"
        );
    }
}

#[test]
fn values_outside_their_bounds_name_bound_reason_and_slip() {
    let dir = builtin_copy();
    // enrolment 1e9, employed persons 1e308, hours 1e-300.
    let enrol = fs::read_to_string(dir.path().join("enrolment.csv")).expect("read");
    let line = enrol
        .lines()
        .position(|l| l.starts_with("2024,mbo4,techniek,"))
        .expect("row")
        + 1;
    let row = enrol.lines().nth(line - 1).expect("row").to_string();
    let n = row.split(',').nth(3).expect("value").to_string();
    edit(
        dir.path(),
        "enrolment.csv",
        &row,
        &row.replacen(&format!(",{n},"), ",1000000000,", 1),
    );
    let occ = fs::read_to_string(dir.path().join("occupations.csv")).expect("read");
    let orow = occ.lines().nth(1).expect("row").to_string();
    let persons = orow.split(',').nth(2).expect("value").to_string();
    edit(
        dir.path(),
        "occupations.csv",
        &orow,
        &orow.replacen(&format!(",{persons},"), ",1e308,", 1),
    );
    let sec = fs::read_to_string(dir.path().join("sectors.csv")).expect("read");
    let srow = sec
        .lines()
        .find(|l| l.starts_with("F,"))
        .expect("F")
        .to_string();
    let hours = srow.split(',').nth(4).expect("hours").to_string();
    edit(
        dir.path(),
        "sectors.csv",
        &srow,
        &srow.replacen(&format!(",{hours},"), ",1e-300,", 1),
    );
    rerecord(dir.path());
    let ps = problems(dir.path());
    let p = expect(
        &ps,
        "enrolment.csv",
        Some(line as u64),
        Some("first_year_students"),
        "1000000000 is above the plausible maximum 250000 persons",
    );
    assert!(p.message.contains("plausibility.csv line"), "{p}");
    expect(
        &ps,
        "occupations.csv",
        Some(2),
        Some("employed_persons"),
        "1e308 is above the plausible maximum 2000000 persons",
    );
    let f = sec.lines().position(|l| l.starts_with("F,")).expect("F") as u64 + 1;
    expect(
        &ps,
        "sectors.csv",
        Some(f),
        Some("hours_worked"),
        "hours_per_output 9.265264523302141e-306 is below the plausible minimum",
    );
    assert!(ps.len() <= 4, "{}", list(&ps));
}

#[test]
fn a_flood_of_bad_rows_is_listed_100_per_file_and_counted() {
    let dir = toy_copy();
    let path = dir.path().join("io_domestic.csv");
    let mut text = fs::read_to_string(&path).expect("read");
    let row = text.lines().nth(1).expect("a row").to_string();
    for _ in 0..250_000 {
        text.push_str(&row);
        text.push('\n');
    }
    fs::write(&path, text).expect("write");
    let e = load_dataset(dir.path()).expect_err("refused");
    assert!(e.problems().len() <= 101, "{}", e.problems().len());
    assert!(e.total() > 199_000, "{}", e.total());
    let shown = e.to_string();
    assert!(
        shown.contains("more than 200000 data rows"),
        "{}",
        &shown[shown.len().saturating_sub(600)..]
    );
    assert!(
        shown.contains("more problem(s) in this file (only the first 100 of a file are listed)")
    );
    assert!(shown.len() < 40_000, "{}", shown.len());
}

#[test]
fn bad_utf8_names_line_and_byte() {
    let dir = toy_copy();
    let path = dir.path().join("sectors.csv");
    let mut bytes = fs::read(&path).expect("read");
    let at = bytes.iter().position(|b| *b == b'B').expect("Bouw");
    bytes[at + 1] = 0xE9;
    fs::write(&path, bytes).expect("write");
    let ps = problems(dir.path());
    expect(
        &ps,
        "sectors.csv",
        Some(2),
        None,
        "byte 5 of the line (0xE9) is not valid UTF-8",
    );
}

fn builtin_ds() -> krapte_model::Dataset {
    load_dataset(&builtin())
        .unwrap_or_else(|e| panic!("{e}"))
        .dataset
}

fn scenario_errors(ds: &krapte_model::Dataset, text: &str) -> String {
    match parse_scenario(text, Path::new("s.toml"), ds) {
        Ok(_) => panic!("should be refused:\n{text}"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn scenario_values_beyond_their_bounds_are_refused() {
    let ds = builtin_ds();
    let e = scenario_errors(
        &ds,
        "name = \"x\"\n[measures.grid_onshore]\nspend = { 2025 = 1e308, 2030 = 7500 }\n",
    );
    assert!(e.contains("s.toml:3: field 'measures.grid_onshore.spend': 2025 = 1e308 is above the plausible maximum 50000 MEUR/year"), "{e}");
    let e = scenario_errors(
        &ds,
        "name = \"x\"\n[measures.grid_onshore]\nspend = { 2025 = 7500000000 }\n",
    );
    assert!(
        e.contains("did you mean MEUR? The value looks like euros (7500000000 would be 7500)"),
        "{e}"
    );
    let e = scenario_errors(
        &ds,
        "name = \"x\"\n[measures.offshore_wind]\nadditions = { 2025 = 1500 }\nscale = 1000\n",
    );
    assert!(
        e.contains("1500000 is above the plausible maximum 20000 MW/year"),
        "{e}"
    );
    assert!(e.contains("(as scaled by 1000)"), "{e}");
    let e = scenario_errors(
        &ds,
        "name = \"x\"\n[measures.offshore_wind]\nstock = { 2030 = 21 }\n",
    );
    assert!(!e.is_empty());
    let e = scenario_errors(
        &ds,
        "name = \"x\"\n[measures.insulation]\nadditions = { 2025 = 2000000 }\n",
    );
    assert!(
        e.contains("above the plausible maximum 1000000 homes/year"),
        "{e}"
    );
    let e = scenario_errors(
        &ds,
        "name = \"x\"\n[investments.F]\nspend = { 2025 = 60000 }\n",
    );
    assert!(e.contains("investments.F.spend"), "{e}");
    let e = scenario_errors(
        &ds,
        "name = \"x\"\n[measures.offshore_wind]\nadditions = { 2025 = 7,5 }\n",
    );
    assert!(e.contains("a decimal comma: write 7.5, not 7,5"), "{e}");
}

#[test]
fn presets_cut_off_are_refused() {
    let ds = builtin_ds();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    for dir in ["scenarios", "policies"] {
        for entry in fs::read_dir(root.join(dir)).expect("presets") {
            let path = entry.expect("entry").path();
            let text = fs::read_to_string(&path).expect("read");
            assert!(
                text.contains("\ndeclares = {"),
                "{} declares nothing",
                path.display()
            );
            // Cut at each table header after the first: always refused.
            let cuts: Vec<usize> = text
                .match_indices("\n[")
                .map(|(i, _)| i + 1)
                .skip(1)
                .collect();
            for &cut in cuts.iter().rev().take(3) {
                let short = &text[..cut];
                let r = if dir == "scenarios" {
                    parse_scenario(short, &path, &ds).map(|_| ())
                } else {
                    parse_policy(short, &path, &ds).map(|_| ())
                };
                let e = r.expect_err("a cut-off preset must be refused").to_string();
                assert!(e.contains("looks cut off"), "{}: {e}", path.display());
            }
        }
    }
    let _ = fixture("toy");
}

#[test]
fn policy_intensities_beyond_their_bound_are_refused() {
    let ds = builtin_ds();
    let text =
        "name = \"x\"\n[levers]\nsterk_techniekonderwijs = { on = true, intensity = 2000 }\n";
    let e = match parse_policy(text, Path::new("p.toml"), &ds) {
        Ok(_) => panic!("should be refused"),
        Err(e) => e.to_string(),
    };
    assert!(e.contains("is 20 x the default 100"), "{e}");
    assert!(
        e.contains("above the plausible maximum 10 x default"),
        "{e}"
    );
}

/// The manifest's region folder: a folder that is not there is refused
/// with the manifest's line and field; the built-in one is loaded and its
/// province view replaces the dataset's provinces (12, the same codes).
#[test]
fn the_manifests_region_folder_is_loaded_or_refused() {
    let loaded = load_dataset(&builtin()).unwrap_or_else(|e| panic!("{e}"));
    let attached = loaded
        .regions
        .as_ref()
        .expect("the built-in dataset names its region folder");
    assert!(!attached.placements.is_empty());
    assert_eq!(loaded.dataset.regions.len(), 12);
    assert!(loaded
        .dataset
        .regions
        .iter()
        .all(|r| r.code.starts_with("PV")));

    let dir = builtin_copy();
    let manifest = dir.path().join("manifest.toml");
    let text = fs::read_to_string(&manifest).expect("manifest");
    let line = text
        .lines()
        .position(|l| l.starts_with("regions = "))
        .expect("the regions key") as u64
        + 1;
    let out: String = text
        .lines()
        .map(|l| {
            if l.starts_with("regions = ") {
                "regions = \"../no-such-folder\"\n".to_string()
            } else {
                format!("{l}\n")
            }
        })
        .collect();
    fs::write(&manifest, out).expect("write manifest");
    let ps = problems(dir.path());
    expect(
        &ps,
        "manifest.toml",
        Some(line),
        Some("regions"),
        "does not exist",
    );
}
