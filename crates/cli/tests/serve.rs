//! `krapte serve` end to end: starts the binary on a free port, reads the
//! URL it prints, fetches the home page and the API over a real socket.

mod common;

use common::fetch;

#[test]
fn serve_answers_pages_and_api() {
    let (_server, addr, line, _dir) = common::serve();
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
