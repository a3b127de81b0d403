//! The site's static files (stylesheets, script, icon), embedded in the
//! binary and served with an `ETag` and cache headers: a page links each
//! file with `?v=<its hash>` ([`url`]), and a request with the current hash
//! may be cached for a year (`immutable`); any other request must
//! revalidate (`no-cache`), and `If-None-Match` with the current tag is
//! answered `304 Not Modified` without a body.

use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

/// One embedded file.
pub struct Asset {
    /// The URL path it is served at.
    pub path: &'static str,
    pub content_type: &'static str,
    pub body: &'static [u8],
}

/// Every static file of the site.
pub const ASSETS: &[Asset] = &[
    Asset {
        path: "/static/app.js",
        content_type: "text/javascript; charset=utf-8",
        body: include_bytes!("../assets/app.js"),
    },
    Asset {
        path: "/static/style.css",
        content_type: "text/css; charset=utf-8",
        body: include_bytes!("../assets/style.css"),
    },
    Asset {
        path: "/static/nlds-tokens.css",
        content_type: "text/css; charset=utf-8",
        body: include_bytes!("../assets/vendor/nlds/tokens.css"),
    },
    Asset {
        path: "/static/nlds-components.css",
        content_type: "text/css; charset=utf-8",
        body: include_bytes!("../assets/vendor/nlds/components.css"),
    },
    Asset {
        path: "/static/favicon.svg",
        content_type: "image/svg+xml",
        body: include_bytes!("../assets/favicon.svg"),
    },
];

/// FNV-1a, 64 bits: a hash that is the same in every build (the tag must
/// not change between two runs of the same binary, nor depend on std's
/// hasher).
fn fnv1a(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// The version of a file: the hex of its hash.
pub fn version(a: &Asset) -> String {
    format!("{:016x}", fnv1a(a.body))
}

/// The asset at `path`.
pub fn find(path: &str) -> Option<&'static Asset> {
    ASSETS.iter().find(|a| a.path == path)
}

/// The URL a page links: the path with `?v=<version>`, so that a changed
/// file gets a new URL. A path that is not an asset comes back unchanged.
pub fn url(path: &str) -> String {
    match find(path) {
        Some(a) => format!("{}?v={}", a.path, version(a)),
        None => path.to_string(),
    }
}

/// The response for `a`: 304 when `If-None-Match` holds its tag, else the
/// body; cached for a year when the query names the current version.
pub fn respond(a: &Asset, query: Option<&str>, headers: &HeaderMap) -> Response {
    let v = version(a);
    let etag = format!("\"{v}\"");
    let current = query.is_some_and(|q| {
        q.split('&')
            .any(|kv| kv.strip_prefix("v=").is_some_and(|x| x == v))
    });
    let cache = if current {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    };
    let matches = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|h| h.to_str().ok())
        .is_some_and(|h| h.split(',').any(|t| t.trim() == etag || t.trim() == "*"));
    let tag = HeaderValue::from_str(&etag).unwrap_or(HeaderValue::from_static("\"0\""));
    let mut r = if matches {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        ([(header::CONTENT_TYPE, a.content_type)], a.body).into_response()
    };
    let h = r.headers_mut();
    h.insert(header::ETAG, tag);
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_asset_has_a_stable_version_and_url() {
        assert_eq!(fnv1a(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a(b"a"), 0xaf63_dc4c_8601_ec8c);
        for a in ASSETS {
            assert!(!a.body.is_empty(), "{}", a.path);
            assert_eq!(url(a.path), format!("{}?v={}", a.path, version(a)));
        }
        assert_eq!(url("/elsewhere"), "/elsewhere");
    }

    #[test]
    fn cache_and_revalidation() {
        let a = find("/static/style.css").expect("style");
        let v = version(a);
        let r = respond(a, Some(&format!("v={v}")), &HeaderMap::new());
        assert_eq!(r.status(), StatusCode::OK);
        assert_eq!(
            r.headers()[header::CACHE_CONTROL],
            "public, max-age=31536000, immutable"
        );
        assert_eq!(r.headers()[header::ETAG], format!("\"{v}\"").as_str());
        let r = respond(a, Some("v=old"), &HeaderMap::new());
        assert_eq!(r.headers()[header::CACHE_CONTROL], "no-cache");
        let mut h = HeaderMap::new();
        h.insert(
            header::IF_NONE_MATCH,
            HeaderValue::from_str(&format!("\"x\", \"{v}\"")).expect("header"),
        );
        let r = respond(a, None, &h);
        assert_eq!(r.status(), StatusCode::NOT_MODIFIED);
        h.insert(header::IF_NONE_MATCH, HeaderValue::from_static("\"x\""));
        assert_eq!(respond(a, None, &h).status(), StatusCode::OK);
    }
}
