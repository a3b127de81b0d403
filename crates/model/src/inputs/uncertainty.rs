//! What `uncertainty.csv` declares and where the dataset's ranges are: every
//! `low`/`central`/`high` range is a [`Slot`](crate::inputs::slots::Slot) ([`slots`](crate::inputs::slots::slots)), drawn with a
//! [`Distribution`], alone or with a [`CorrelationGroup`]. Types and the
//! slot list only; the draws are in [`crate::mc`].

/// The distribution a range is drawn from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Distribution {
    /// Triangular with minimum low, mode central and maximum high.
    #[default]
    Triangular,
    /// Uniform between low and high (central is not used).
    Uniform,
    /// Beta-PERT: beta on [low, high] with mode central, shape 4.
    Pert,
}

impl Distribution {
    pub const ALL: [Distribution; 3] = [
        Distribution::Triangular,
        Distribution::Uniform,
        Distribution::Pert,
    ];

    /// The name in `uncertainty.csv`.
    pub fn code(self) -> &'static str {
        match self {
            Distribution::Triangular => "triangular",
            Distribution::Uniform => "uniform",
            Distribution::Pert => "pert",
        }
    }

    pub fn from_code(s: &str) -> Option<Distribution> {
        Distribution::ALL.into_iter().find(|d| d.code() == s)
    }
}

/// What the dataset declares about how its ranges are drawn
/// (`uncertainty.csv`). Ranges not listed are triangular and independent.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Uncertainty {
    /// One entry per declared slot name (see [`slots`](crate::inputs::slots::slots)),
    /// sorted by name; wildcards are resolved by the loader.
    pub declared: Vec<Declared>,
    /// The correlation groups the entries refer to.
    pub groups: Vec<CorrelationGroup>,
}

/// How one range is drawn.
#[derive(Debug, Clone, PartialEq)]
pub struct Declared {
    /// The slot name, e.g. `activities.csv:offshore_wind/construction`.
    pub slot: String,
    pub distribution: Distribution,
    /// Index into [`Uncertainty::groups`].
    pub group: Option<usize>,
}

/// Ranges that move together.
#[derive(Debug, Clone, PartialEq)]
pub struct CorrelationGroup {
    pub name: String,
    /// Correlation between every two members, in [0, 1]; 1 = comonotonic
    /// (one uniform number for all members).
    pub correlation: f64,
}

impl Uncertainty {
    /// The declaration of slot `name`, if any.
    pub fn of(&self, name: &str) -> Option<&Declared> {
        self.declared
            .binary_search_by(|d| d.slot.as_str().cmp(name))
            .ok()
            .and_then(|i| self.declared.get(i))
    }

    /// What is wrong with the declarations (empty when they are usable).
    pub fn problems(&self) -> Vec<String> {
        let mut errs = Vec::new();
        if !self
            .declared
            .windows(2)
            .all(|w| w[0].slot.as_str() < w[1].slot.as_str())
        {
            errs.push("uncertainty: declared slots are not sorted and unique".into());
        }
        for d in &self.declared {
            if d.group.is_some_and(|g| g >= self.groups.len()) {
                errs.push(format!("uncertainty: {} names a missing group", d.slot));
            }
        }
        for g in &self.groups {
            if !(0.0..=1.0).contains(&g.correlation) {
                errs.push(format!(
                    "uncertainty: group {} has correlation {} outside [0, 1]",
                    g.name, g.correlation
                ));
            }
        }
        errs
    }
}
