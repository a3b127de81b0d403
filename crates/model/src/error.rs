//! Why the model could not compute a figure: [`GapError`], the error of
//! every [`crate::Model`] call, and the two it wraps ([`PrepareError`] for
//! the input-output table, [`SupplyError`] for the supply inputs). Each
//! variant is one reason, with the values a reader needs to act on it.

use crate::inputs::units::Year;

/// Why a figure (demand, supply, gap, a plan's evaluation, a Monte Carlo
/// draw) could not be computed.
#[derive(Debug, Clone, PartialEq)]
pub enum GapError {
    /// The dataset has no supply files.
    NoSupplyData,
    /// The input-output table cannot be prepared.
    IoTable(PrepareError),
    /// A run would end before the dataset's base year: the scenario's years
    /// (`first..=last`) or the supply horizon (`first == last`) lie before it.
    BeforeBaseYear {
        first: Year,
        last: Year,
        base_year: Year,
    },
    /// `enrolment.csv` starts after the first cohort a run needs: graduates
    /// from the base year onwards, with programmes of up to `longest` years.
    EnrolmentStartsLate {
        first: Year,
        needed: i64,
        base_year: Year,
        longest: u16,
    },
    /// `enrolment.csv` ends before the last cohort a run to `horizon` needs.
    EnrolmentEndsEarly {
        last: Year,
        needed: Year,
        horizon: Year,
    },
    /// The scenario has no gap year up to the goal year.
    NoGoalYear { goal: Year },
    /// A figure was asked for a year the runs do not hold.
    NoYear(Year),
    /// The Monte Carlo engine's year is not a gap year of the scenario.
    NotAGapYear { year: Year, first: Year, last: Year },
    /// The supply run holds no stock for a year the figures need.
    NoSupplyStock(Year),
    /// The Monte Carlo engine runs on the national view of a dataset only.
    NotNational { regions: usize },
    /// A draw asked for an uncertain parameter the engine does not have.
    NoParameter { index: usize, count: usize },
    /// A Monte Carlo draw changed the shape of the input-output table (a
    /// draw sets values only: a bug if it happens).
    DrawChangedTable,
    /// A figure that exists only as a Monte Carlo result (the headline)
    /// was asked for with no draws.
    NoDraws,
    /// A run gave a figure that is not a finite number; never printed as a
    /// result.
    NotFinite(Figure),
    /// The supply inputs built from the data failed their check (a loader bug
    /// if it happens: the loader validates the same things).
    Supply(SupplyError),
}

/// Which figure came out as no finite number ([`GapError::NotFinite`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Figure {
    /// A Monte Carlo draw's climate demand.
    DrawDemand,
    /// A Monte Carlo draw's technician gap.
    DrawGap,
    /// Supply or required labour with a policy (the split form).
    PolicyFigures,
}

impl std::fmt::Display for GapError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            GapError::NoSupplyData => write!(
                f,
                "the dataset has no supply data (supply_occupations.csv, supply_parameters.csv, education_pipeline.csv, enrolment.csv, digital_definitions.csv, shortage_classes.csv)"
            ),
            GapError::IoTable(e) => write!(f, "the input-output table: {e}"),
            GapError::BeforeBaseYear {
                first,
                last,
                base_year,
            } if first == last => {
                write!(f, "the horizon {last} is before the dataset's base year {base_year}")
            }
            GapError::BeforeBaseYear {
                first,
                last,
                base_year,
            } => write!(
                f,
                "the scenario's years {first}..{last} lie before the dataset's base year {base_year}"
            ),
            GapError::EnrolmentStartsLate {
                first,
                needed,
                base_year,
                longest,
            } => write!(
                f,
                "enrolment.csv starts in {first}, but graduates from {base_year} onwards with programmes of up to {longest} years need first-year students from {needed}"
            ),
            GapError::EnrolmentEndsEarly {
                last,
                needed,
                horizon,
            } => write!(
                f,
                "enrolment.csv ends in {last}, but a run to {horizon} needs first-year students up to {needed}"
            ),
            GapError::NoGoalYear { goal } => {
                write!(f, "the scenario has no year up to {goal}")
            }
            GapError::NoYear(year) => write!(f, "no gap for {year}"),
            GapError::NotAGapYear { year, first, last } => write!(
                f,
                "{year} is not a year of the scenario's gap ({first}..{last})"
            ),
            GapError::NoSupplyStock(year) => write!(f, "no supply stock for {year}"),
            GapError::NotNational { regions } => write!(
                f,
                "the Monte Carlo engine runs on the national view of the dataset, not on {regions} regions"
            ),
            GapError::NoParameter { index, count } => write!(
                f,
                "no uncertain parameter {index} (the engine has {count})"
            ),
            GapError::DrawChangedTable => f.write_str("the draw changed the input-output table"),
            GapError::NoDraws => f.write_str("the headline needs Monte Carlo draws (more than 0)"),
            GapError::NotFinite(Figure::DrawDemand) => {
                f.write_str("a draw gave a demand that is not a number")
            }
            GapError::NotFinite(Figure::DrawGap) => {
                f.write_str("a draw gave a technician gap that is not a number")
            }
            GapError::NotFinite(Figure::PolicyFigures) => {
                f.write_str("the policy gave supply or demand figures that are not numbers")
            }
            GapError::Supply(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for GapError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            GapError::IoTable(e) => Some(e),
            GapError::Supply(e) => Some(e),
            GapError::NoSupplyData
            | GapError::BeforeBaseYear { .. }
            | GapError::EnrolmentStartsLate { .. }
            | GapError::EnrolmentEndsEarly { .. }
            | GapError::NoGoalYear { .. }
            | GapError::NoYear(_)
            | GapError::NotAGapYear { .. }
            | GapError::NoSupplyStock(_)
            | GapError::NotNational { .. }
            | GapError::NoParameter { .. }
            | GapError::DrawChangedTable
            | GapError::NoDraws
            | GapError::NotFinite(_) => None,
        }
    }
}

impl From<PrepareError> for GapError {
    fn from(e: PrepareError) -> Self {
        GapError::IoTable(e)
    }
}

impl From<SupplyError> for GapError {
    fn from(e: SupplyError) -> Self {
        GapError::Supply(e)
    }
}

/// Why a dataset's input-output table cannot be prepared
/// ([`crate::Prepared::new`]).
#[derive(Debug, Clone, PartialEq)]
pub enum PrepareError {
    SingularLeontief,
}

impl std::fmt::Display for PrepareError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PrepareError::SingularLeontief => {
                f.write_str("the input-output table has no Leontief inverse (I - A is singular)")
            }
        }
    }
}

impl std::error::Error for PrepareError {}

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

#[cfg(test)]
mod tests {
    use super::*;

    /// The messages name the values; the wrapped errors are the source.
    #[test]
    fn messages_name_the_values() {
        let e = GapError::BeforeBaseYear {
            first: 2020,
            last: 2023,
            base_year: 2024,
        };
        assert_eq!(
            e.to_string(),
            "the scenario's years 2020..2023 lie before the dataset's base year 2024"
        );
        let h = GapError::BeforeBaseYear {
            first: 2023,
            last: 2023,
            base_year: 2024,
        };
        assert_eq!(
            h.to_string(),
            "the horizon 2023 is before the dataset's base year 2024"
        );
        assert_eq!(GapError::NoYear(2031).to_string(), "no gap for 2031");
        let io = GapError::from(PrepareError::SingularLeontief);
        assert!(io.to_string().starts_with("the input-output table: "));
        assert!(std::error::Error::source(&io).is_some());
        assert!(std::error::Error::source(&GapError::NoYear(2030)).is_none());
    }
}
