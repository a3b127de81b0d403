//! Official code lists the model knows by heart: the 12 provinces (CBS codes
//! PV20..PV31), the education cells (level x direction) and BRC 2014 occupation
//! codes. Codes are parsed once, at load, into these types; after that no code
//! travels as a free string.

use std::fmt;

/// A Dutch province with its CBS code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Province {
    Groningen,
    Fryslan,
    Drenthe,
    Overijssel,
    Flevoland,
    Gelderland,
    Utrecht,
    NoordHolland,
    ZuidHolland,
    Zeeland,
    NoordBrabant,
    Limburg,
}

impl Province {
    pub const ALL: [Province; 12] = [
        Province::Groningen,
        Province::Fryslan,
        Province::Drenthe,
        Province::Overijssel,
        Province::Flevoland,
        Province::Gelderland,
        Province::Utrecht,
        Province::NoordHolland,
        Province::ZuidHolland,
        Province::Zeeland,
        Province::NoordBrabant,
        Province::Limburg,
    ];

    /// CBS region code, e.g. `PV27` for Noord-Holland.
    pub fn code(self) -> &'static str {
        const CODES: [&str; 12] = [
            "PV20", "PV21", "PV22", "PV23", "PV24", "PV25", "PV26", "PV27", "PV28", "PV29", "PV30",
            "PV31",
        ];
        CODES[self as usize]
    }

    pub fn name(self) -> &'static str {
        const NAMES: [&str; 12] = [
            "Groningen",
            "Fryslân",
            "Drenthe",
            "Overijssel",
            "Flevoland",
            "Gelderland",
            "Utrecht",
            "Noord-Holland",
            "Zuid-Holland",
            "Zeeland",
            "Noord-Brabant",
            "Limburg",
        ];
        NAMES[self as usize]
    }

    pub fn from_code(code: &str) -> Option<Province> {
        Province::ALL.into_iter().find(|p| p.code() == code)
    }

    pub fn all_codes() -> impl Iterator<Item = &'static str> {
        Province::ALL.into_iter().map(Province::code)
    }
}

impl fmt::Display for Province {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Education level of a worker (highest completed).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Level {
    /// Basisonderwijs, vmbo, mbo 1 (entree) and havo/vwo without further education.
    Vmbo,
    Mbo2,
    Mbo3,
    Mbo4,
    Hbo,
    Wo,
}

impl Level {
    pub const ALL: [Level; 6] = [
        Level::Vmbo,
        Level::Mbo2,
        Level::Mbo3,
        Level::Mbo4,
        Level::Hbo,
        Level::Wo,
    ];
    pub fn code(self) -> &'static str {
        ["vmbo", "mbo2", "mbo3", "mbo4", "hbo", "wo"][self as usize]
    }
    pub fn from_code(s: &str) -> Option<Level> {
        Level::ALL.into_iter().find(|l| l.code() == s)
    }
}

/// Direction (field) of the education.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Direction {
    Techniek,
    Ict,
    Other,
}

impl Direction {
    pub const ALL: [Direction; 3] = [Direction::Techniek, Direction::Ict, Direction::Other];
    pub fn code(self) -> &'static str {
        ["techniek", "ict", "other"][self as usize]
    }
    pub fn from_code(s: &str) -> Option<Direction> {
        Direction::ALL.into_iter().find(|d| d.code() == s)
    }
}

/// One cell of the education dimension: level x direction (6 x 3 = 18 cells).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Education {
    pub level: Level,
    pub direction: Direction,
}

impl Education {
    pub const COUNT: usize = 18;

    /// Dense index 0..18, level-major.
    pub fn index(self) -> usize {
        self.level as usize * 3 + self.direction as usize
    }

    pub fn from_index(i: usize) -> Education {
        Education {
            level: Level::ALL[(i / 3) % 6],
            direction: Direction::ALL[i % 3],
        }
    }

    pub fn all() -> impl Iterator<Item = Education> {
        (0..Self::COUNT).map(Education::from_index)
    }
}

/// A BRC 2014 occupation group code: exactly four digits, e.g. `0711`.
/// The first two digits are the beroepsklasse, the first three the segment.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct BrcCode(String);

impl BrcCode {
    pub fn parse(s: &str) -> Option<BrcCode> {
        (s.len() == 4 && s.bytes().all(|b| b.is_ascii_digit())).then(|| BrcCode(s.to_string()))
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
    /// Two-digit beroepsklasse, e.g. `07` (technical occupations).
    pub fn class(&self) -> &str {
        &self.0[..2]
    }
}

impl fmt::Display for BrcCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// One region of a set.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Region {
    /// CBS code, e.g. `AM18`.
    pub code: String,
    /// Dutch name as CBS writes it, e.g. `Groot Amsterdam`.
    pub name: String,
}

impl Region {
    /// CBS code, e.g. `PV27`.
    pub fn code(&self) -> &str {
        &self.code
    }

    /// Dutch name, e.g. `Noord-Holland`.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The province as a region (its CBS code and name).
    pub fn of(p: Province) -> Region {
        Region {
            code: p.code().into(),
            name: p.name().into(),
        }
    }

    /// The province with this region's code, if it is one.
    pub fn province(&self) -> Option<Province> {
        Province::from_code(&self.code)
    }
}

impl fmt::Display for Region {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn province_codes_round_trip() {
        for p in Province::ALL {
            assert_eq!(Province::from_code(p.code()), Some(p));
        }
        assert_eq!(Province::from_code("PV32"), None);
        assert_eq!(Province::NoordHolland.code(), "PV27");
    }

    #[test]
    fn education_index_round_trip() {
        for i in 0..Education::COUNT {
            assert_eq!(Education::from_index(i).index(), i);
        }
        let e = Education {
            level: Level::Hbo,
            direction: Direction::Ict,
        };
        assert_eq!(e.index(), 13);
    }

    #[test]
    fn brc_code_validation() {
        assert!(BrcCode::parse("0711").is_some());
        assert!(BrcCode::parse("711").is_none());
        assert!(BrcCode::parse("07a1").is_none());
        assert_eq!(
            BrcCode::parse("0711").map(|c| c.class().to_string()),
            Some("07".into())
        );
    }
}
