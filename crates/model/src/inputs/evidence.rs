//! How far a value rests on published evidence (issue 21): the status of a
//! lever's, campaign's or supply parameter's value ([`Evidence`]), the
//! findings it cites ([`Backing`]) and the findings themselves ([`Finding`],
//! rows of the dataset's `evidence.csv`). Types only.

/// How far a value rests on published evidence (issue 21): ordered from the
/// weakest, so that the weakest of several values is their minimum.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub enum Evidence {
    /// No evidence: a judgement.
    #[default]
    None,
    /// Derived from a related measured figure with stated assumptions.
    Indirect,
    /// A source measures this value or effect for the Netherlands.
    Measured,
}

impl Evidence {
    pub const ALL: [Evidence; 3] = [Evidence::Measured, Evidence::Indirect, Evidence::None];
    /// The label used in the data files (`evidence` column).
    pub fn label(self) -> &'static str {
        match self {
            Evidence::Measured => "measured",
            Evidence::Indirect => "indirect",
            Evidence::None => "none",
        }
    }
    pub fn from_label(s: &str) -> Option<Evidence> {
        Evidence::ALL.into_iter().find(|e| e.label() == s)
    }
    /// What an output shows next to a value, in English.
    pub fn shown_en(self) -> &'static str {
        match self {
            Evidence::Measured => "measured",
            Evidence::Indirect => "indirect evidence",
            Evidence::None => "no evidence",
        }
    }
    /// What an output shows next to a value, in Dutch.
    pub fn shown_nl(self) -> &'static str {
        match self {
            Evidence::Measured => "gemeten",
            Evidence::Indirect => "indirect onderbouwd",
            Evidence::None => "geen onderbouwing",
        }
    }
}

/// The evidence behind one value: its status and the findings it rests on
/// (ids into [`crate::inputs::dataset::SupplyData::evidence`], i.e. `evidence.csv`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Backing {
    pub evidence: Evidence,
    pub ids: Vec<String>,
}

/// One published finding (a row of `evidence.csv`): what was measured, where
/// it was published and the sentence that states it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Finding {
    pub id: String,
    /// The parameter, lever or file it informs (free text).
    pub model_slot: String,
    pub value: String,
    pub unit: String,
    pub year: String,
    pub source_title: String,
    pub publisher: String,
    pub url: String,
    pub quote: String,
    pub confidence: String,
}
