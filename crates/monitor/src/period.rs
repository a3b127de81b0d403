//! Periods in one canonical form: `2023` (year), `2023Q4` (quarter),
//! `2019/20` (school year). CBS StatLine codes are accepted too:
//! `2023JJ00` (year), `2023KW04` (quarter), and school years written
//! `2019/'20` or `2019/2020`.

use std::fmt;

/// A period of an observation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Period {
    Year(u16),
    Quarter(u16, u8),
    /// The school year starting in the autumn of this year.
    SchoolYear(u16),
}

impl Period {
    /// Parses any accepted spelling; `None` when it is none of them.
    pub fn parse(raw: &str) -> Option<Period> {
        let s = raw.trim().trim_matches('"').trim();
        let year = |t: &str| -> Option<u16> {
            (t.len() == 4 && t.chars().all(|c| c.is_ascii_digit()))
                .then(|| t.parse().ok())
                .flatten()
                .filter(|y| (1900..=2100).contains(y))
        };
        if let Some(y) = year(s) {
            return Some(Period::Year(y));
        }
        if s.len() == 8 && s.is_char_boundary(4) {
            let (y, rest) = s.split_at(4);
            if rest == "JJ00" {
                return Some(Period::Year(year(y)?));
            }
            if let Some(q) = rest.strip_prefix("KW0") {
                return match q.as_bytes() {
                    [q @ b'1'..=b'4'] => Some(Period::Quarter(year(y)?, q - b'0')),
                    _ => None,
                };
            }
        }
        if let Some((y, q)) = s.split_once('Q') {
            let q: u8 = q.parse().ok().filter(|q| (1..=4).contains(q))?;
            return Some(Period::Quarter(year(y)?, q));
        }
        if let Some((a, b)) = s.split_once('/') {
            let a = year(a)?;
            let b = b.trim_start_matches('\'');
            let next: u16 = b.parse().ok()?;
            let ok = match b.len() {
                2 => next == (a + 1) % 100,
                4 => next == a + 1,
                _ => false,
            };
            return ok.then_some(Period::SchoolYear(a));
        }
        None
    }

    /// A number that sorts periods in time and places them on a year axis:
    /// a year at its middle, a quarter at its middle, a school year at its
    /// middle (1 March of the second calendar year).
    pub fn position(self) -> f64 {
        match self {
            Period::Year(y) => f64::from(y) + 0.5,
            Period::Quarter(y, q) => f64::from(y) + (f64::from(q) - 0.5) / 4.0,
            Period::SchoolYear(y) => f64::from(y) + 1.17,
        }
    }

    /// The periodicity this period belongs to.
    pub fn kind(self) -> &'static str {
        match self {
            Period::Year(_) => "year",
            Period::Quarter(..) => "quarter",
            Period::SchoolYear(_) => "school_year",
        }
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Period::Year(y) => write!(f, "{y}"),
            Period::Quarter(y, q) => write!(f, "{y}Q{q}"),
            Period::SchoolYear(y) => write!(f, "{y}/{:02}", (y + 1) % 100),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn all_spellings_parse_to_one_form() {
        assert_eq!(Period::parse("2023"), Some(Period::Year(2023)));
        assert_eq!(Period::parse("2023JJ00"), Some(Period::Year(2023)));
        assert_eq!(
            Period::parse("\"2023KW04\""),
            Some(Period::Quarter(2023, 4))
        );
        assert_eq!(Period::parse("2023Q4"), Some(Period::Quarter(2023, 4)));
        assert_eq!(Period::parse("2019/20"), Some(Period::SchoolYear(2019)));
        assert_eq!(Period::parse("2019/'20"), Some(Period::SchoolYear(2019)));
        assert_eq!(Period::parse("2019/2020"), Some(Period::SchoolYear(2019)));
        assert_eq!(Period::parse("1999/00"), Some(Period::SchoolYear(1999)));
        for bad in [
            "", "23", "2023KW05", "2023Q0", "2019/21", "abcd", "2023MM01",
        ] {
            assert_eq!(Period::parse(bad), None, "{bad}");
        }
        assert_eq!(Period::SchoolYear(2019).to_string(), "2019/20");
        assert_eq!(Period::Quarter(2023, 4).to_string(), "2023Q4");
        assert!(Period::Quarter(2023, 1).position() < Period::Year(2023).position());
    }
}
