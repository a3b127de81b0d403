//! The website in a real headless browser, driven through WebDriver
//! (Debian's `chromium` and `chromium-driver`): the pages load without any
//! console message; every page, in Dutch and in English, passes axe-core
//! with no violation and, in a 390 px wide window, nothing scrolls sideways
//! (`document.documentElement.scrollWidth <= innerWidth`); dragging the
//! heat-pump slider and the side-entrant lever slider with the mouse
//! changes the province's gap figure, the heat-pump slider the live
//! probability, and puts the values in the URL; the
//! map renders its 12 provinces and shows a province's figures on click
//! and on keyboard focus; the CSV download holds the number the page
//! shows, unrounded.
//!
//! axe-core comes from npm (`tools/browser`, `npm ci` in `.ci/run`; or
//! KRAPTE_AXE names `axe.min.js`). Skipped (with the reason printed) when
//! chromium, chromedriver or axe-core is missing (set KRAPTE_CHROMIUM /
//! KRAPTE_CHROMEDRIVER to their paths), unless KRAPTE_REQUIRE_BROWSER=1,
//! which makes a missing browser or axe a failure.

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::actions::{InputSource, MouseActions, PointerAction, MOUSE_BUTTON_LEFT};
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{json, Value};

mod common;

fn find(var: &str, candidates: &[&str]) -> Option<PathBuf> {
    std::env::var(var)
        .ok()
        .into_iter()
        .chain(candidates.iter().map(|s| s.to_string()))
        .map(PathBuf::from)
        .find(|p| p.is_file())
}

/// A chromedriver process, killed when the test ends.
struct Driver(Child);

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Starts chromedriver on a free port and waits until it answers.
fn start_driver(path: &PathBuf) -> (Driver, String) {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port();
    let child = Command::new(path)
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("chromedriver starts");
    let driver = Driver(child);
    let addr = format!("127.0.0.1:{port}");
    let t0 = Instant::now();
    while std::net::TcpStream::connect(&addr).is_err() {
        assert!(
            t0.elapsed() < Duration::from_secs(20),
            "chromedriver does not answer"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    (driver, addr)
}

/// `POST path` with a JSON body over a plain socket: the response body
/// (read by its length: chromedriver keeps the connection open).
fn post_json(addr: &str, path: &str, body: &Value) -> String {
    use std::io::{BufRead, BufReader, Read, Write};
    let body = body.to_string();
    let mut s = std::net::TcpStream::connect(addr).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(30)))
        .expect("timeout");
    write!(
        s,
        "POST {path} HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .expect("send");
    let mut r = BufReader::new(s);
    let mut length = None;
    let mut chunked = false;
    loop {
        let mut line = String::new();
        r.read_line(&mut line).expect("a header line");
        let l = line.trim_end().to_ascii_lowercase();
        if l.is_empty() {
            break;
        }
        if let Some(v) = l.strip_prefix("content-length:") {
            length = v.trim().parse::<usize>().ok();
        }
        if l.starts_with("transfer-encoding:") && l.contains("chunked") {
            chunked = true;
        }
    }
    let mut out = Vec::new();
    if chunked {
        loop {
            let mut size = String::new();
            r.read_line(&mut size).expect("a chunk size");
            let n = usize::from_str_radix(size.trim(), 16).expect("hex size");
            if n == 0 {
                break;
            }
            let mut chunk = vec![0; n + 2];
            r.read_exact(&mut chunk).expect("a chunk");
            out.extend_from_slice(&chunk[..n]);
        }
    } else if let Some(n) = length {
        out.resize(n, 0);
        r.read_exact(&mut out).expect("the body");
    } else {
        r.read_to_end(&mut out).expect("the body");
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The browser's console messages since the last call (chromedriver's log
/// endpoint). The site's script logs nothing, so any message is an error:
/// an exception, a CSP violation, a failed load.
fn console(driver: &str, session: &str) -> Vec<String> {
    let body = post_json(
        driver,
        &format!("/session/{session}/se/log"),
        &json!({"type": "browser"}),
    );
    let v: Value = serde_json::from_str(&body)
        .unwrap_or_else(|e| panic!("the log endpoint answered {body:?}: {e}"));
    v["value"]
        .as_array()
        .unwrap_or_else(|| panic!("no log entries in {v}"))
        .iter()
        .map(|e| format!("{} {}", e["level"], e["message"]))
        .collect()
}

/// The shown technician gap (central) of the explorer, once drawn.
async fn shown_gap(c: &Client) -> f64 {
    let t0 = Instant::now();
    loop {
        if let Ok(el) = c.find(Locator::Id("gap-figure")).await {
            if let Ok(Some(v)) = el.attr("data-central").await {
                return v.parse().expect("a number");
            }
        }
        if let Ok(el) = c.find(Locator::Id("error")).await {
            panic!("the explorer shows an error: {:?}", el.text().await);
        }
        assert!(
            t0.elapsed() < Duration::from_secs(20),
            "no gap figure drawn"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Waits until the shown gap differs from `before` and gives it.
async fn changed_gap(c: &Client, before: f64) -> f64 {
    let t0 = Instant::now();
    loop {
        let now = shown_gap(c).await;
        if now != before {
            return now;
        }
        assert!(
            t0.elapsed() < Duration::from_secs(20),
            "the gap figure stayed at {before}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// The explorer's live probability of no shortage and median gap, once
/// drawn (the first answer may wait for the background Monte Carlo).
async fn shown_odds(c: &Client) -> (f64, f64) {
    let t0 = Instant::now();
    loop {
        if let Ok(el) = c.find(Locator::Id("odds-p")).await {
            if let (Ok(Some(p)), Ok(Some(m))) = (el.attr("data-p").await, el.attr("data-p50").await)
            {
                return (p.parse().expect("a number"), m.parse().expect("a number"));
            }
        }
        assert!(
            t0.elapsed() < Duration::from_secs(300),
            "no live probability drawn"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Waits until the shown median gap differs from `before`.
async fn changed_odds(c: &Client, before: f64) -> (f64, f64) {
    let t0 = Instant::now();
    loop {
        let now = shown_odds(c).await;
        if now.1 != before {
            return now;
        }
        assert!(
            t0.elapsed() < Duration::from_secs(120),
            "the live probability stayed at median {before}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Drags the range input `name` with the mouse by `dx` pixels from its
/// centre, in small steps (as a hand would).
async fn drag(c: &Client, name: &str, dx: f64) {
    let css = format!("input[name='{name}']");
    c.execute(
        "document.querySelector(arguments[0]).scrollIntoView({block: 'center'})",
        vec![json!(css)],
    )
    .await
    .expect("scrolls");
    let slider = c
        .find(Locator::Css(&css))
        .await
        .unwrap_or_else(|e| panic!("no slider {name}: {e}"));
    let mut mouse = MouseActions::new("mouse".into())
        .then(PointerAction::MoveToElement {
            element: slider,
            duration: None,
            x: 0.0,
            y: 0.0,
        })
        .then(PointerAction::Down {
            button: MOUSE_BUTTON_LEFT,
        });
    for _ in 0..10 {
        mouse = mouse.then(PointerAction::MoveBy {
            duration: Some(Duration::from_millis(20)),
            x: dx / 10.0,
            y: 0.0,
        });
    }
    mouse = mouse.then(PointerAction::Up {
        button: MOUSE_BUTTON_LEFT,
    });
    c.perform_actions(mouse).await.expect("drags");
}

async fn slider_value(c: &Client, name: &str) -> f64 {
    let el = c
        .find(Locator::Css(&format!("input[name='{name}']")))
        .await
        .expect("slider");
    el.prop("value")
        .await
        .expect("value")
        .and_then(|v| v.parse().ok())
        .expect("a number")
}

/// The value of `key` in the page's query string.
async fn url_value(c: &Client, key: &str) -> Option<f64> {
    let url = c.current_url().await.expect("url");
    url.query_pairs()
        .find(|(k, _)| k == key)
        .and_then(|(_, v)| v.parse().ok())
}

#[test]
fn pages_and_slider_drags_in_a_browser() {
    let browser = find(
        "KRAPTE_CHROMIUM",
        &["/usr/bin/chromium", "/usr/bin/chromium-browser"],
    );
    let driver = find("KRAPTE_CHROMEDRIVER", &["/usr/bin/chromedriver"]);
    let axe_default = common::root().join("tools/browser/node_modules/axe-core/axe.min.js");
    let axe = find("KRAPTE_AXE", &[&axe_default.to_string_lossy()]);
    let (Some(browser), Some(driver_path), Some(axe)) = (browser, driver, axe) else {
        let reason = "no chromium, chromedriver or axe-core (apt-get install chromium chromium-driver; npm ci --prefix tools/browser)";
        if std::env::var("KRAPTE_REQUIRE_BROWSER").is_ok_and(|v| v == "1") {
            panic!("KRAPTE_REQUIRE_BROWSER=1 but {reason}");
        }
        eprintln!("browser test skipped: {reason}");
        return;
    };
    let (_server, addr, _line, _dir) = common::serve();
    let (_driver, driver_addr) = start_driver(&driver_path);
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    rt.block_on(async {
        let profile = tempfile::tempdir().expect("profile");
        let caps = json!({
            "goog:chromeOptions": {
                "binary": browser,
                "args": [
                    "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync",
                    "--window-size=1280,2000",
                    format!("--user-data-dir={}", profile.path().display()),
                ],
            },
            "goog:loggingPrefs": {"browser": "ALL"},
        });
        let caps = match caps {
            Value::Object(m) => m,
            _ => unreachable!("an object"),
        };
        let c = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
            .capabilities(caps)
            .connect(&format!("http://{driver_addr}"))
            .await
            .expect("a WebDriver session");
        let session = c
            .session_id()
            .await
            .expect("session id")
            .expect("a session");
        let base = format!("http://{addr}");
        let axe = std::fs::read_to_string(&axe).expect("axe.min.js");
        let result = run(&c, &base, &addr, &driver_addr, &session, &axe).await;
        let _ = c.close().await;
        result
    });
}

/// Every page of the site, each in Dutch and English.
const PAGES: [&str; 10] = [
    "/",
    "/doorrekening",
    "/regio",
    "/regio/arbeidsmarktregio",
    "/regio/res/ES01",
    "/regio/provincie/PV29",
    "/verkenner",
    "/monitor",
    "/begrippen",
    "/no-such-page",
];

fn in_lang(page: &str, en: bool) -> String {
    if en {
        format!("{page}?lang=en")
    } else {
        page.to_string()
    }
}

/// axe-core's violations on the current page (every rule axe runs by
/// default: WCAG 2.0-2.2 A and AA and best practices), one line each.
async fn axe_violations(c: &Client, axe: &str) -> Vec<String> {
    c.execute(axe, vec![]).await.expect("axe loads");
    let v = c
        .execute_async(
            "const done = arguments[arguments.length - 1]; \
             axe.run(document, {resultTypes: ['violations']}) \
               .then(r => done(r.violations.map(v => v.id + ' (' + v.impact + '): ' + v.help + ' @ ' + \
                 v.nodes.slice(0, 3).map(n => n.target.join(' ') + ' ' + (n.failureSummary || '').replace(/\\s+/g, ' ')).join(' | ')))) \
               .catch(e => done(['axe failed: ' + e]));",
            vec![],
        )
        .await
        .expect("axe runs");
    v.as_array()
        .expect("a list")
        .iter()
        .map(|x| x.as_str().unwrap_or("?").to_string())
        .collect()
}

/// Waits until the explorer has drawn (or the page is another).
async fn settled(c: &Client, page: &str) {
    if page == "/verkenner" {
        shown_gap(c).await;
    }
    // A region set's page says it is being computed until the background
    // run is done: reload until it has its figures.
    if page.starts_with("/regio/") {
        let t0 = std::time::Instant::now();
        loop {
            let computing = c
                .execute(
                    "return document.querySelector('[data-status=\"computing\"]') !== null;",
                    vec![],
                )
                .await
                .expect("runs");
            if computing != Value::Bool(true) {
                break;
            }
            assert!(
                t0.elapsed().as_secs() < 600,
                "{page}: the region figures are not computed"
            );
            tokio::time::sleep(std::time::Duration::from_millis(500)).await;
            c.refresh().await.expect("reloads");
        }
    }
}

async fn run(c: &Client, base: &str, addr: &str, driver: &str, session: &str, axe: &str) {
    // The accessibility check sees violations: an image without a text
    // alternative and a field without a label.
    c.goto(
        "data:text/html,<html lang=en><title>t</title><main><img src=x.png><input></main></html>",
    )
    .await
    .expect("loads");
    let seen = axe_violations(c, axe).await;
    assert!(
        seen.iter().any(|v| v.starts_with("image-alt"))
            && seen.iter().any(|v| v.starts_with("label")),
        "axe reports what it should: {seen:?}"
    );
    // Every page in both languages: no axe violation, and at 390 px
    // nothing scrolls sideways.
    let mut failures = Vec::new();
    let mut checked = 0;
    for en in [false, true] {
        for page in PAGES {
            let url = format!("{base}{}", in_lang(page, en));
            c.goto(&url).await.expect("loads");
            settled(c, page).await;
            for v in axe_violations(c, axe).await {
                failures.push(format!("{}: {v}", in_lang(page, en)));
            }
            checked += 1;
        }
    }
    c.set_window_size(390, 844).await.expect("resizes");
    let mut widths = Vec::new();
    for en in [false, true] {
        for page in PAGES {
            c.goto(&format!("{base}{}", in_lang(page, en)))
                .await
                .expect("loads");
            settled(c, page).await;
            let w = c
                .execute(
                    "return [document.documentElement.scrollWidth, window.innerWidth];",
                    vec![],
                )
                .await
                .expect("widths");
            let (scroll, inner) = (w[0].as_u64().unwrap_or(0), w[1].as_u64().unwrap_or(0));
            assert!(inner <= 400, "the window is a phone's: {inner}");
            widths.push(format!("{} {scroll}/{inner}", in_lang(page, en)));
            if scroll > inner {
                failures.push(format!(
                    "{}: scrolls sideways at {inner} px (scrollWidth {scroll})",
                    in_lang(page, en)
                ));
            }
        }
    }
    eprintln!("axe: {checked} pages checked; 390 px check (scrollWidth/innerWidth): {widths:?}");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    c.set_window_size(1280, 2000).await.expect("resizes");
    let _ = console(driver, session);

    // Every page loads without a console message.
    for page in [
        "/",
        "/doorrekening",
        "/regio",
        "/verkenner",
        "/monitor",
        "/begrippen",
    ] {
        c.goto(&format!("{base}{page}")).await.expect("loads");
        settled(c, page).await;
        let log = console(driver, session);
        assert!(log.is_empty(), "{page}: {log:?}");
    }
    // The check sees errors: a missing page logs a failed load.
    c.goto(&format!("{base}/no-such-page"))
        .await
        .expect("loads");
    let log = console(driver, session);
    assert!(
        log.iter()
            .any(|l| l.contains("no-such-page") && l.contains("404")),
        "a 404 is logged: {log:?}"
    );
    // The English explorer draws in English and keeps the language in the URL.
    c.goto(&format!("{base}/verkenner?lang=en"))
        .await
        .expect("loads");
    shown_gap(c).await;
    let results = c
        .find(Locator::Id("results"))
        .await
        .expect("results")
        .text()
        .await
        .expect("text");
    assert!(results.contains("Technician gap in"), "{results}");
    assert_eq!(
        c.current_url()
            .await
            .expect("url")
            .query_pairs()
            .find(|(k, _)| k == "lang")
            .map(|(_, v)| v.into_owned()),
        Some("en".to_string())
    );
    let log = console(driver, session);
    assert!(log.is_empty(), "/verkenner?lang=en: {log:?}");
    // The map has the 12 provinces, and shows one's figures on click and
    // on keyboard focus (not on hover only).
    c.goto(&format!("{base}/regio")).await.expect("loads");
    let areas = c
        .find_all(Locator::Css("svg.map a.area"))
        .await
        .expect("areas");
    assert_eq!(areas.len(), 12);
    let detail = || async {
        c.find(Locator::Id("map-detail"))
            .await
            .expect("detail")
            .text()
            .await
            .expect("text")
    };
    let utrecht = c
        .find(Locator::Css("svg.map a[data-code='PV26']"))
        .await
        .expect("Utrecht");
    utrecht.click().await.expect("clicks");
    assert!(detail().await.contains("Utrecht"), "{}", detail().await);
    c.execute(
        "document.querySelector(\"svg.map a[data-code='PV30']\").focus()",
        vec![],
    )
    .await
    .expect("focuses");
    assert!(
        detail().await.contains("Noord-Brabant"),
        "{}",
        detail().await
    );

    // The explorer for Zuid-Holland (a shared link), then mouse drags.
    c.goto(&format!(
        "{base}/verkenner?scenario=referentie-55&policy=actieplan&province=PV28"
    ))
    .await
    .expect("loads");
    let start = shown_gap(c).await;
    let (p_start, median_start) = shown_odds(c).await;
    let heat = "m.heat_pump_all_electric";
    drag(c, heat, 120.0).await;
    let more_heat_pumps = changed_gap(c, start).await;
    // The live probability follows the slider: more heat pumps, more
    // shortage in the median and no higher a probability of none.
    let (p_heat, median_heat) = changed_odds(c, median_start).await;
    assert!(
        median_heat > median_start && p_heat <= p_start,
        "more heat pumps: median {median_heat} > {median_start}, P {p_heat} <= {p_start}"
    );
    assert!(
        more_heat_pumps > start,
        "more heat pumps: {more_heat_pumps} > {start}"
    );
    let factor = slider_value(c, heat).await;
    assert!(factor > 1.0, "the slider moved right: {factor}");
    assert_eq!(url_value(c, heat).await, Some(factor), "the URL holds it");
    let side = "l.aanvalsplan_techniek_side_entry";
    let side_before = slider_value(c, side).await;
    drag(c, side, 150.0).await;
    let more_side_entrants = changed_gap(c, more_heat_pumps).await;
    assert!(
        more_side_entrants < more_heat_pumps,
        "more side-entrants: {more_side_entrants} < {more_heat_pumps}"
    );
    let scale = slider_value(c, side).await;
    assert!(scale > side_before, "{scale} > {side_before}");
    assert_eq!(url_value(c, side).await, Some(scale));
    let url = c.current_url().await.expect("url");
    assert!(url.as_str().contains("province=PV28"), "{url}");
    let log = console(driver, session);
    assert!(log.is_empty(), "after the drags: {log:?}");

    // The CSV link under the chart holds the shown number, unrounded.
    let link = c
        .find(Locator::Css("a[href*='chart=years']"))
        .await
        .expect("the CSV link");
    let href = link.attr("href").await.expect("href").expect("an href");
    let csv = common::fetch(addr, &href.replace("&amp;", "&"));
    let row = csv
        .lines()
        .find(|l| l.starts_with("years,PV28,2030,gap,"))
        .unwrap_or_else(|| panic!("no 2030 gap row for PV28 in {csv}"));
    let central: f64 = row
        .split(',')
        .nth(7)
        .and_then(|x| x.parse().ok())
        .expect("central");
    assert_eq!(central, more_side_entrants, "{row}");

    // A reload of the shared URL restores the sliders and the figure.
    c.refresh().await.expect("reloads");
    assert_eq!(shown_gap(c).await, more_side_entrants);
    assert_eq!(slider_value(c, side).await, scale);
}
