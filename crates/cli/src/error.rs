//! Why a command failed: the model's own error, typed
//! ([`krapte_model::GapError`], [`krapte_model::PrepareError`]), or a
//! message about the input (an argument, a file, a dataset's problems,
//! already naming file, line, field and value).

use krapte_model::{GapError, PrepareError};

/// Why a command failed. `main` prints it after `error: ` and exits with
/// status 1.
#[derive(Debug)]
pub(crate) enum Error {
    /// The model could not compute a figure.
    Model(GapError),
    /// The dataset's input-output table cannot be prepared.
    Prepare(PrepareError),
    /// The input or the output: arguments, files, a dataset's or scenario's
    /// problems, writing the result.
    Input(String),
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Error::Model(e) => write!(f, "{e}"),
            Error::Prepare(e) => write!(f, "{e}"),
            Error::Input(m) => f.write_str(m),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Model(e) => Some(e),
            Error::Prepare(e) => Some(e),
            Error::Input(_) => None,
        }
    }
}

impl From<GapError> for Error {
    fn from(e: GapError) -> Self {
        Error::Model(e)
    }
}

impl From<PrepareError> for Error {
    fn from(e: PrepareError) -> Self {
        Error::Prepare(e)
    }
}

impl From<String> for Error {
    fn from(m: String) -> Self {
        Error::Input(m)
    }
}

impl From<&str> for Error {
    fn from(m: &str) -> Self {
        Error::Input(m.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The model's errors keep their type and their message.
    #[test]
    fn model_errors_stay_typed() {
        let e = Error::from(GapError::NoYear(2031));
        assert!(matches!(e, Error::Model(GapError::NoYear(2031))));
        assert_eq!(e.to_string(), "no gap for 2031");
        assert!(std::error::Error::source(&e).is_some());
        let p = Error::from(PrepareError::SingularLeontief);
        assert!(matches!(p, Error::Prepare(_)));
        let i = Error::from("xlsx output needs --out FILE.xlsx");
        assert_eq!(i.to_string(), "xlsx output needs --out FILE.xlsx");
    }
}
