//! The one bracket type: a number at three ends, low, central and high.
//! A parameter's range ([`Range3`], low <= central <= high) and a result's
//! bracket ([`Bracket`], the same type: low <= high, whichever runs give
//! them) are read alike; [`Variant`] says which end a run takes.

/// Which end of every low/central/high range a run uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Variant {
    Low,
    Central,
    High,
}

impl Variant {
    pub const ALL: [Variant; 3] = [Variant::Low, Variant::Central, Variant::High];
    pub fn label(self) -> &'static str {
        match self {
            Variant::Low => "low",
            Variant::Central => "central",
            Variant::High => "high",
        }
    }
}

/// A number with a low/central/high range (low <= central <= high).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Range3 {
    pub low: f64,
    pub central: f64,
    pub high: f64,
}

impl Range3 {
    pub fn point(v: f64) -> Range3 {
        Range3 {
            low: v,
            central: v,
            high: v,
        }
    }
    pub fn get(&self, v: Variant) -> f64 {
        match v {
            Variant::Low => self.low,
            Variant::Central => self.central,
            Variant::High => self.high,
        }
    }
    pub fn is_ordered(&self) -> bool {
        self.low <= self.central && self.central <= self.high
    }
}

/// A figure with its bracket: low, central, high (low <= high). The same
/// type as a parameter's range.
pub type Bracket = Range3;

impl Range3 {
    /// The bracket of a figure from the three bracket runs (in variant
    /// order low, central, high): the central run's value, between the
    /// smallest and the largest of the three.
    pub fn of(v: [f64; 3]) -> Bracket {
        Bracket {
            low: v[0].min(v[2]).min(v[1]),
            central: v[1],
            high: v[0].max(v[2]).max(v[1]),
        }
    }
}
