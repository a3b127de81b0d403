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
        // StatLine marks provisional figures with `*` ("2026 1e kwartaal*").
        let s = raw
            .trim()
            .trim_matches('"')
            .trim()
            .trim_end_matches('*')
            .trim();
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
        // StatLine's labels: "2026 1e kwartaal", "2026 4e kwartaal".
        if let Some((y, rest)) = s.split_once(' ') {
            let rest = rest.trim();
            if let Some(q) = rest.strip_suffix("e kwartaal") {
                let q: u8 = q.trim().parse().ok().filter(|q| (1..=4).contains(q))?;
                return Some(Period::Quarter(year(y)?, q));
            }
            return None;
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

    /// The first day of the period: 1 January, the first day of the
    /// quarter, 1 August for a school year.
    pub fn start(self) -> Date {
        match self {
            Period::Year(y) => Date { y, m: 1, d: 1 },
            Period::Quarter(y, q) => Date {
                y,
                m: 3 * q - 2,
                d: 1,
            },
            Period::SchoolYear(y) => Date { y, m: 8, d: 1 },
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

/// A calendar date (proleptic Gregorian), for vintages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub y: u16,
    pub m: u8,
    pub d: u8,
}

impl Date {
    /// `YYYY-MM-DD` that names a real day (no 30 February), years 1900-2100.
    pub fn parse(raw: &str) -> Option<Date> {
        let b = raw.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        let num = |r: std::ops::Range<usize>| -> Option<u16> {
            let t = raw.get(r)?;
            t.bytes()
                .all(|c| c.is_ascii_digit())
                .then(|| t.parse().ok())?
        };
        let (y, m, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
        let m = u8::try_from(m).ok().filter(|m| (1..=12).contains(m))?;
        let d = u8::try_from(d).ok()?;
        let date = Date { y, m, d };
        ((1900..=2100).contains(&y) && d >= 1 && d <= date.days_in_month()).then_some(date)
    }

    fn days_in_month(self) -> u8 {
        let leap =
            (self.y.is_multiple_of(4) && !self.y.is_multiple_of(100)) || self.y.is_multiple_of(400);
        match self.m {
            2 if leap => 29,
            2 => 28,
            4 | 6 | 9 | 11 => 30,
            _ => 31,
        }
    }

    /// Days since 1970-01-01 (negative before).
    pub fn days(self) -> i64 {
        // Howard Hinnant's days_from_civil.
        let (y, m, d) = (i64::from(self.y), i64::from(self.m), i64::from(self.d));
        let y = if m <= 2 { y - 1 } else { y };
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let mp = (m + 9) % 12;
        let doy = (153 * mp + 2) / 5 + d - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The date `days` after 1970-01-01.
    pub fn from_days(days: i64) -> Date {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let d = doy - (153 * mp + 2) / 5 + 1;
        let m = if mp < 10 { mp + 3 } else { mp - 9 };
        let y = yoe + era * 400 + i64::from(m <= 2);
        Date {
            y: u16::try_from(y).unwrap_or(0),
            m: u8::try_from(m).unwrap_or(1),
            d: u8::try_from(d).unwrap_or(1),
        }
    }

    /// Today (UTC).
    pub fn today() -> Date {
        let secs = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        Date::from_days(i64::try_from(secs / 86_400).unwrap_or(0))
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.y, self.m, self.d)
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
        assert_eq!(
            Period::parse("2026 1e kwartaal*"),
            Some(Period::Quarter(2026, 1))
        );
        assert_eq!(Period::parse("2023*"), Some(Period::Year(2023)));
        assert_eq!(Period::parse("2026 5e kwartaal"), None);
    }

    #[test]
    fn dates_are_real_days() {
        assert_eq!(
            Date::parse("2024-02-29"),
            Some(Date {
                y: 2024,
                m: 2,
                d: 29
            })
        );
        for bad in [
            "2023-02-29",
            "2026-02-30",
            "2026-13-01",
            "2026-1-01",
            "26-01-01",
            "2026-04-31",
            "x",
        ] {
            assert_eq!(Date::parse(bad), None, "{bad}");
        }
        let d = Date::parse("2026-06-01").expect("date");
        assert_eq!(Date::from_days(d.days()), d);
        assert_eq!(Date::parse("1970-01-01").map(Date::days), Some(0));
        assert_eq!(Date::from_days(d.days() + 31).to_string(), "2026-07-02");
        assert_eq!(Period::Quarter(2026, 3).start().to_string(), "2026-07-01");
    }
}
