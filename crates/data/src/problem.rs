//! Problems found while loading a dataset or scenario, each pointing at a file,
//! a line and a field ([`Problem`], shared with the monitor through
//! `krapte-problem`), the capped list of them and the crate's one error type
//! that carries it ([`LoadErrors`]); and the TOML parser's messages in plain
//! terms.

use std::path::Path;

pub use krapte_problem::{LoadErrors, Problem, Problems};

/// 1-based (line, column) of a byte offset in `text`, for TOML spans.
pub(crate) fn line_col(text: &str, offset: usize) -> (u64, u64) {
    let before = text.get(..offset.min(text.len())).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |s| s.chars().count()) + 1;
    (line as u64, col as u64)
}

/// Turns a TOML parse or shape error into a problem at its line, in plain
/// terms first and the TOML reader's own words after.
pub(crate) fn toml_problem(file: &Path, text: &str, e: &toml::de::Error) -> Problem {
    // toml's messages span several lines ("invalid string\nexpected ..."); one
    // problem is one line of output.
    let raw = e.message().trim().lines().collect::<Vec<_>>().join("; ");
    // `scale = 7,5`: the reader stops at the comma after a digit.
    let decimal_comma = e.span().is_some_and(|s| {
        text.get(s.start..).is_some_and(|t| t.starts_with(','))
            && text
                .get(..s.start)
                .and_then(|t| t.chars().next_back())
                .is_some_and(|c| c.is_ascii_digit())
            && text
                .get(s.start + 1..)
                .and_then(|t| t.chars().next())
                .is_some_and(|c| c.is_ascii_digit())
    });
    // `{ 2025 = 7,5 }`: the reader takes `5` for the next key.
    let line_has_decimal_comma = e.span().is_some_and(|s| {
        let start = text
            .get(..s.start)
            .and_then(|t| t.rfind('\n'))
            .map_or(0, |k| k + 1);
        let end = text
            .get(s.start..)
            .and_then(|t| t.find('\n'))
            .map_or(text.len(), |k| s.start + k);
        let line = text.get(start..end).unwrap_or("").as_bytes();
        line.windows(3)
            .any(|w| w[0].is_ascii_digit() && w[1] == b',' && w[2].is_ascii_digit())
    });
    let plain = if decimal_comma || (line_has_decimal_comma && raw.starts_with("expected")) {
        Some("a decimal comma: write 7.5, not 7,5".to_string())
    } else if raw.starts_with("expected newline") {
        Some("unexpected text after the value: one key = value per line".to_string())
    } else {
        plain_toml(&raw)
    };
    let msg = match plain {
        Some(p) => format!("{p} (the TOML reader says: {raw})"),
        None => raw,
    };
    match e.span() {
        Some(span) => {
            let (line, col) = line_col(text, span.start);
            Problem::at(file, Some(line), None, format!("{msg} (column {col})"))
        }
        None => Problem::in_file(file, msg),
    }
}

/// The TOML reader's message as a reader of the file would put it.
fn plain_toml(m: &str) -> Option<String> {
    let quoted = |m: &str| -> Option<String> {
        let start = m.find('`')? + 1;
        let len = m.get(start..)?.find('`')?;
        m.get(start..start + len).map(str::to_string)
    };
    let expects = |m: &str| -> String {
        m.split_once("expected one of ")
            .map(|(_, rest)| rest.replace('`', ""))
            .unwrap_or_default()
    };
    if m.starts_with("unknown field") {
        let key = quoted(m)?;
        let hint = crate::suggest::hint(&key, expects(m).split(", ").map(str::trim));
        return Some(format!(
            "unknown key \"{key}\"; expected one of {}{hint}",
            expects(m)
        ));
    }
    if m.starts_with("missing field") {
        return Some(format!("the key \"{}\" is required", quoted(m)?));
    }
    if m.contains("duplicate key") {
        return Some("a key is given twice: keep one".into());
    }
    if m.starts_with("invalid type") {
        let want = if m.contains("expected f64") || m.contains("expected a number") {
            "a number such as 7.5"
        } else if m.contains("expected i64") || m.contains("expected u") {
            "a whole number such as 2030"
        } else if m.contains("expected a boolean") {
            "true or false"
        } else if m.contains("expected a string") {
            "text in quotes"
        } else if m.contains("expected a map") || m.contains("expected struct") {
            "a table (key = value pairs)"
        } else {
            return None;
        };
        return Some(format!("expected {want} here"));
    }
    if m.contains("invalid number") || m.contains("invalid float") || m.contains("invalid integer")
    {
        return Some("expected a number such as 7.5: a point as decimal separator (not 7,5), no thousands separators, no unit".into());
    }
    if m.contains("invalid inline table") || m.contains("invalid array") {
        return Some("a { ... } table or [ ... ] list is not closed: a comma or bracket is missing, or the file is cut off here".into());
    }
    if m.contains("invalid basic string")
        || m.contains("invalid string")
        || m.contains("unterminated")
    {
        return Some(
            "a text in quotes is not closed: a quote is missing, or the file is cut off here"
                .into(),
        );
    }
    if m.contains("expected `.`, `=`") || m.contains("expected `=`") {
        return Some("expected key = value".into());
    }
    if m.contains("invalid key") {
        return Some("a key may hold letters, digits, _ and -; quote other keys".into());
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problem(text: &str) -> String {
        #[derive(serde::Deserialize, Debug)]
        #[serde(deny_unknown_fields)]
        #[allow(dead_code)]
        struct F {
            name: String,
            scale: Option<f64>,
            points: Option<std::collections::BTreeMap<String, f64>>,
        }
        let e = toml::from_str::<F>(text).expect_err("bad TOML");
        toml_problem(Path::new("s.toml"), text, &e).to_string()
    }

    #[test]
    fn toml_messages_in_plain_terms() {
        let p = problem("name = \"x\"\nscale = 7,5\n");
        assert!(p.starts_with("s.toml:2: "), "{p}");
        assert!(p.contains("a decimal comma: write 7.5, not 7,5"), "{p}");
        let p = problem("name = \"x\"\nscael = 1\n");
        assert!(p.contains("unknown key \"scael\"; expected one of name, scale, points; did you mean \"scale\"?"), "{p}");
        let p = problem("scale = 1\n");
        assert!(p.contains("the key \"name\" is required"), "{p}");
        let p = problem("name = \"x\"\nscale = \"big\"\n");
        assert!(p.contains("expected a number such as 7.5 here"), "{p}");
        let p = problem("name = \"x\"\npoints = { 2025 = 1, 2030 = 2\n");
        assert!(p.contains("is not closed"), "{p}");
        let p = problem("name = \"x\n");
        assert!(p.contains("text in quotes is not closed"), "{p}");
    }
}
