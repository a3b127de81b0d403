//! Problems found while loading a dataset or scenario, each pointing at a file,
//! a line and a field, and the crate's one error type that carries all of them.
//! The CLI prints them one per line; the web server returns them as a list.

use std::fmt;
use std::path::{Path, PathBuf};

/// One thing wrong (or worth a warning) in an input file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub file: PathBuf,
    /// 1-based line in `file`, when the problem has one.
    pub line: Option<u64>,
    /// Name of the field (CSV column or TOML key path), when the problem has one.
    pub column: Option<String>,
    pub message: String,
}

impl Problem {
    /// A problem with the file as a whole (missing file, bad manifest list, ...).
    pub fn in_file(file: &Path, message: impl Into<String>) -> Problem {
        Problem {
            file: file.to_path_buf(),
            line: None,
            column: None,
            message: message.into(),
        }
    }

    /// A problem on a line, optionally in a named field.
    pub fn at(
        file: &Path,
        line: Option<u64>,
        column: Option<&str>,
        message: impl Into<String>,
    ) -> Problem {
        Problem {
            file: file.to_path_buf(),
            line,
            column: column.map(str::to_string),
            message: message.into(),
        }
    }
}

impl fmt::Display for Problem {
    /// `data/default/sectors.csv:12: field 'import_share': expected ...`, the
    /// form editors and terminals turn into a jump to the line.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        f.write_str(": ")?;
        if let Some(col) = &self.column {
            write!(f, "field '{col}': ")?;
        }
        f.write_str(&self.message)
    }
}

/// Loading failed; holds every problem found in one pass (never just the first).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", render(.0))]
pub struct LoadErrors(pub Vec<Problem>);

impl LoadErrors {
    pub fn problems(&self) -> &[Problem] {
        &self.0
    }
}

fn render(problems: &[Problem]) -> String {
    let lines: Vec<String> = problems.iter().map(Problem::to_string).collect();
    format!("{} problem(s):\n{}", problems.len(), lines.join("\n"))
}

/// 1-based (line, column) of a byte offset in `text`, for TOML spans.
pub(crate) fn line_col(text: &str, offset: usize) -> (u64, u64) {
    let before = text.get(..offset.min(text.len())).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |s| s.chars().count()) + 1;
    (line as u64, col as u64)
}

/// Turns a TOML parse or shape error into a problem at its line.
pub(crate) fn toml_problem(file: &Path, text: &str, e: &toml::de::Error) -> Problem {
    // toml's messages span several lines ("invalid string\nexpected ..."); one
    // problem is one line of output.
    let msg = e.message().trim().lines().collect::<Vec<_>>().join("; ");
    match e.span() {
        Some(span) => {
            let (line, col) = line_col(text, span.start);
            Problem::at(file, Some(line), None, format!("{msg} (column {col})"))
        }
        None => Problem::in_file(file, msg),
    }
}
