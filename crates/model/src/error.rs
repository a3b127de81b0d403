//! Why the model could not compute a figure.

/// Why a gap could not be computed.
#[derive(Debug, Clone, PartialEq)]
pub enum GapError {
    /// The dataset has no supply files.
    NoSupplyData,
    /// The scenario's years and the data's years do not fit.
    Years(String),
    /// The supply inputs built from the data failed their check (a loader bug
    /// if it happens: the loader validates the same things).
    Supply(SupplyError),
}

impl std::fmt::Display for GapError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            GapError::NoSupplyData => write!(
                f,
                "the dataset has no supply data (supply_occupations.csv, supply_parameters.csv, education_pipeline.csv, enrolment.csv, digital_definitions.csv, shortage_classes.csv)"
            ),
            GapError::Years(m) => f.write_str(m),
            GapError::Supply(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for GapError {}

/// Why the supply model did not run.
#[derive(Debug, Clone, PartialEq)]
pub enum SupplyError {
    /// The inputs failed [`SupplyInputs::check`](crate::kernel::SupplyInputs::check); every violation is listed.
    Invalid(Vec<String>),
}

impl std::fmt::Display for SupplyError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SupplyError::Invalid(errs) => {
                write!(f, "invalid supply inputs: {}", errs.join("; "))
            }
        }
    }
}

impl std::error::Error for SupplyError {}
