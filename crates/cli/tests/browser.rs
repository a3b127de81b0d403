//! The website in a real headless browser (Debian's chromium): the
//! explorer's script runs without console errors and draws the gap; a lever
//! value in the URL (a shared link) is restored into its slider and changes
//! the gap figure; the map renders its 12 provinces; the CSV download holds
//! the number the page shows, unrounded.
//!
//! Skipped when no chromium is found (set KRAPTE_CHROMIUM to its path),
//! unless KRAPTE_REQUIRE_BROWSER=1, which makes a missing browser a failure.
//! Each page is loaded with `--dump-dom` after the script has run.

use std::path::PathBuf;
use std::process::Command;

mod common;

fn chromium() -> Option<PathBuf> {
    let candidates = [
        std::env::var("KRAPTE_CHROMIUM").ok(),
        Some("/usr/bin/chromium".into()),
        Some("/usr/bin/chromium-browser".into()),
    ];
    candidates
        .into_iter()
        .flatten()
        .map(PathBuf::from)
        .find(|p| p.is_file())
}

/// The DOM after the page's script ran, and the browser's log.
fn dom(browser: &PathBuf, url: &str) -> (String, String) {
    let profile = tempfile::tempdir().expect("profile");
    let out = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--enable-logging=stderr",
            "--v=0",
            "--virtual-time-budget=15000",
            "--dump-dom",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg(url)
        .output()
        .expect("chromium runs");
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Console messages of the page (the site's script logs nothing, so any
/// message is an error: an exception, a CSP violation, a failed load).
fn console_errors(log: &str) -> Vec<&str> {
    log.lines().filter(|l| l.contains(":CONSOLE")).collect()
}

/// The shown technician gap (central) of the explorer.
fn shown_gap(dom: &str) -> f64 {
    let tag = "id=\"gap-figure\" data-central=\"";
    let start = dom.find(tag).unwrap_or_else(|| {
        panic!(
            "no gap figure drawn:\n{}",
            &dom[dom.len().saturating_sub(2000)..]
        )
    }) + tag.len();
    let end = start + dom[start..].find('"').expect("closing quote");
    dom[start..end].parse().expect("a number")
}

#[test]
fn explorer_map_and_csv_in_a_browser() {
    let Some(browser) = chromium() else {
        if std::env::var("KRAPTE_REQUIRE_BROWSER").is_ok_and(|v| v == "1") {
            panic!("KRAPTE_REQUIRE_BROWSER=1 but no chromium found (set KRAPTE_CHROMIUM)");
        }
        eprintln!("browser test skipped: no chromium (apt-get install chromium)");
        return;
    };
    let (_server, addr, _line, _dir) = common::serve();
    let base = format!("http://{addr}");
    // The explorer with the default setting.
    let (page, log) = dom(&browser, &format!("{base}/verkenner"));
    assert!(
        console_errors(&log).is_empty(),
        "{:?}",
        console_errors(&log)
    );
    assert!(
        !page.contains("id=\"error\""),
        "the explorer shows an error"
    );
    let before = shown_gap(&page);
    // A shared link with the side-entrant lever at 3: the slider is set
    // from the URL and the figure changes.
    let lever = "l.aanvalsplan_techniek_side_entry=3";
    let (page, log) = dom(
        &browser,
        &format!("{base}/verkenner?policy=actieplan&{lever}"),
    );
    assert!(
        console_errors(&log).is_empty(),
        "{:?}",
        console_errors(&log)
    );
    let after = shown_gap(&page);
    assert!(after < before, "more side-entrants: {after} < {before}");
    // The CSV behind the chart holds the shown number, unrounded.
    let csv = common::fetch(
        &addr,
        &format!("/api/gap.csv?scenario=referentie-55&policy=actieplan&{lever}&chart=years"),
    );
    let row = csv
        .lines()
        .find(|l| l.starts_with("years,NL,2030,gap,"))
        .unwrap_or_else(|| panic!("no 2030 gap row in {csv}"));
    let central: f64 = row
        .split(',')
        .nth(7)
        .and_then(|x| x.parse().ok())
        .expect("central");
    assert_eq!(central, after, "{row}");
    // The map.
    let (page, log) = dom(&browser, &format!("{base}/regio"));
    assert!(
        console_errors(&log).is_empty(),
        "{:?}",
        console_errors(&log)
    );
    assert_eq!(page.matches("<polygon").count(), 12);
}
