//! Units that carry meaning. A figure that leaves the model is one of these,
//! never a bare `f64`: full-time equivalents, job-years, hours, euros, shares and
//! years are distinct types so that they cannot be added to each other by mistake.

use std::fmt;
use std::iter::Sum;
use std::ops::{Add, AddAssign, Mul, Neg, Sub};

/// A calendar year (e.g. 2030).
pub type Year = u16;

macro_rules! quantity {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, PartialOrd, Default)]
        pub struct $name(pub f64);

        impl $name {
            pub const ZERO: Self = Self(0.0);
            pub fn value(self) -> f64 {
                self.0
            }
            pub fn is_finite(self) -> bool {
                self.0.is_finite()
            }
        }
        impl Add for $name {
            type Output = Self;
            fn add(self, o: Self) -> Self {
                Self(self.0 + o.0)
            }
        }
        impl AddAssign for $name {
            fn add_assign(&mut self, o: Self) {
                self.0 += o.0;
            }
        }
        impl Sub for $name {
            type Output = Self;
            fn sub(self, o: Self) -> Self {
                Self(self.0 - o.0)
            }
        }
        impl Neg for $name {
            type Output = Self;
            fn neg(self) -> Self {
                Self(-self.0)
            }
        }
        impl Mul<f64> for $name {
            type Output = Self;
            fn mul(self, k: f64) -> Self {
                Self(self.0 * k)
            }
        }
        impl Sum for $name {
            fn sum<I: Iterator<Item = Self>>(it: I) -> Self {
                Self(it.map(|x| x.0).sum())
            }
        }
    };
}

quantity!(
    /// Full-time equivalents working during one year (fte).
    Fte
);
quantity!(
    /// Job-years: one full-time job for one year. Spread over time it becomes [`Fte`].
    JobYears
);
quantity!(
    /// Hours of work.
    Hours
);
quantity!(
    /// Million euros, in the prices of the year stated where it is used.
    EurMillion
);
quantity!(
    /// Persons (head count), not full-time equivalents.
    Persons
);

impl fmt::Display for Fte {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:.0} fte", self.0)
    }
}

/// Whether a figure is before or after subtracting jobs lost in the transition.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Basis {
    /// Jobs the measures need, before any loss is subtracted.
    Gross,
    /// Gross minus fossil job losses and optional crowding-out.
    Net,
}

impl Basis {
    pub fn label(self) -> &'static str {
        match self {
            Basis::Gross => "gross",
            Basis::Net => "net",
        }
    }
}
