//! The website in a real headless browser, driven through WebDriver
//! (Debian's `chromium` and `chromium-driver`): the pages load without any
//! console message; dragging the heat-pump slider and the side-entrant
//! lever slider with the mouse changes the province's gap figure and puts
//! the values in the URL; the map renders its 12 provinces; the CSV
//! download holds the number the page shows, unrounded.
//!
//! Skipped (with the reason printed) when chromium or chromedriver is
//! missing (set KRAPTE_CHROMIUM / KRAPTE_CHROMEDRIVER to their paths),
//! unless KRAPTE_REQUIRE_BROWSER=1, which makes a missing browser a failure.

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
    let (Some(browser), Some(driver_path)) = (browser, driver) else {
        let reason = "no chromium and chromedriver (apt-get install chromium chromium-driver)";
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
        let result = run(&c, &base, &addr, &driver_addr, &session).await;
        let _ = c.close().await;
        result
    });
}

async fn run(c: &Client, base: &str, addr: &str, driver: &str, session: &str) {
    // Every page loads without a console message.
    for page in ["/", "/doorrekening", "/regio", "/verkenner"] {
        c.goto(&format!("{base}{page}")).await.expect("loads");
        if page == "/verkenner" {
            shown_gap(c).await;
        }
        let log = console(driver, session);
        assert!(log.is_empty(), "{page}: {log:?}");
    }
    // The check sees errors: a missing page logs a failed load.
    c.goto(&format!("{base}/no-such-page"))
        .await
        .expect("loads");
    let mut log = console(driver, session);
    assert!(
        log.iter()
            .any(|l| l.contains("no-such-page") && l.contains("404")),
        "a 404 is logged: {log:?}"
    );
    // The error page (JSON) has no icon link, so chromium asks for
    // /favicon.ico too, and logs that 404 a little later: let it pass.
    let t0 = Instant::now();
    while !log.iter().any(|l| l.contains("favicon")) && t0.elapsed() < Duration::from_secs(3) {
        tokio::time::sleep(Duration::from_millis(100)).await;
        log.extend(console(driver, session));
    }
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
    // The map has the 12 provinces.
    c.goto(&format!("{base}/regio")).await.expect("loads");
    let polygons = c
        .find_all(Locator::Css("svg polygon"))
        .await
        .expect("polygons");
    assert_eq!(polygons.len(), 12);

    // The explorer for Zuid-Holland (a shared link), then mouse drags.
    c.goto(&format!(
        "{base}/verkenner?scenario=referentie-55&policy=actieplan&province=PV28"
    ))
    .await
    .expect("loads");
    let start = shown_gap(c).await;
    let heat = "m.heat_pump_all_electric";
    drag(c, heat, 120.0).await;
    let more_heat_pumps = changed_gap(c, start).await;
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
