//! Region sets as data (issue 22): the COROP regions as building blocks, the
//! sets regional bodies use (provinces, arbeidsmarktregio's, RES regions), the
//! crosswalk from COROP regions to each set, employee jobs by region, and the
//! placement keys that say where a measure's work happens.
//!
//! Types only: `krapte-data` builds them from `data/regions/` (see
//! `docs/DATA.md`, "Region sets"); nothing here reads files or computes
//! demand. [`RegionData::check_invariants`] re-checks what the loader checks.

use std::fmt;

pub use crate::inputs::codes::Region;
use crate::inputs::dataset::Quality;
use crate::inputs::dataset::SHARE_TOLERANCE;

/// The kinds of region set krapte knows, each with its CBS code prefix.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum RegionSetKind {
    /// The 40 COROP regions (`CR01`..`CR40`): the building block of every other set.
    Corop,
    /// The 12 provinces (`PV20`..`PV31`).
    Province,
    /// The 35 arbeidsmarktregio's of UWV and the regional mobility teams (`AMxx`).
    Arbeidsmarktregio,
    /// The 30 Regional Energy Strategy regions (`ESxx`).
    Res,
}

impl RegionSetKind {
    pub const ALL: [RegionSetKind; 4] = [
        RegionSetKind::Corop,
        RegionSetKind::Province,
        RegionSetKind::Arbeidsmarktregio,
        RegionSetKind::Res,
    ];

    /// The set's id in the data files, e.g. `arbeidsmarktregio`.
    pub fn id(self) -> &'static str {
        match self {
            RegionSetKind::Corop => "corop",
            RegionSetKind::Province => "province",
            RegionSetKind::Arbeidsmarktregio => "arbeidsmarktregio",
            RegionSetKind::Res => "res",
        }
    }

    pub fn from_id(id: &str) -> Option<RegionSetKind> {
        RegionSetKind::ALL.into_iter().find(|k| k.id() == id)
    }

    /// CBS code prefix of the set's regions, e.g. `AM`.
    pub fn prefix(self) -> &'static str {
        match self {
            RegionSetKind::Corop => "CR",
            RegionSetKind::Province => "PV",
            RegionSetKind::Arbeidsmarktregio => "AM",
            RegionSetKind::Res => "ES",
        }
    }

    /// Whether `code` has the form of a region code of this set: the prefix and
    /// two digits (and for provinces one of PV20..PV31).
    pub fn is_code(self, code: &str) -> bool {
        let well_formed = code.len() == 4
            && code.starts_with(self.prefix())
            && code.bytes().skip(2).all(|b| b.is_ascii_digit())
            && code != format!("{}00", self.prefix());
        match self {
            RegionSetKind::Province => crate::Province::from_code(code).is_some(),
            _ => well_formed,
        }
    }
}

impl fmt::Display for RegionSetKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

/// A versioned code list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegionSet {
    pub kind: RegionSetKind,
    /// Classification version, e.g. `2025` (CBS Gebiedsindelingen) or `2026`.
    pub version: String,
    pub name_nl: String,
    pub name_en: String,
    /// In file order (sorted by code in the built-in data).
    pub regions: Vec<Region>,
}

impl RegionSet {
    pub fn len(&self) -> usize {
        self.regions.len()
    }

    pub fn is_empty(&self) -> bool {
        self.regions.is_empty()
    }

    /// Index of the region with `code`.
    pub fn index_of(&self, code: &str) -> Option<usize> {
        self.regions.iter().position(|r| r.code == code)
    }
}

/// How every COROP region divides over the regions of one set.
#[derive(Debug, Clone, PartialEq)]
pub struct Crosswalk {
    pub kind: RegionSetKind,
    /// Per COROP region (index into the COROP set): (region index in the set,
    /// share of the COROP region). The shares of one COROP region sum to 1.
    pub parts: Vec<Vec<(usize, f64)>>,
    /// Per COROP region: how its shares are founded (`derived` where it lies in
    /// one region; `assumption` where it is split by inhabitants).
    pub quality: Vec<Quality>,
}

/// Employee jobs (December, thousands) by region, SBI section group and year
/// for one set; `None` where the source suppresses a contributing cell.
#[derive(Debug, Clone, PartialEq)]
pub struct SetEmployment {
    pub kind: RegionSetKind,
    /// Dense, region-major: `[region][sbi group][year]`.
    pub jobs_thousands: Vec<Option<f64>>,
}

/// Employee jobs for every region of every set.
#[derive(Debug, Clone, PartialEq)]
pub struct RegionalEmployment {
    /// SBI section groups, e.g. `A`, `B-E`, ... `R-U` (the dataset's region groups).
    pub sbi_groups: Vec<String>,
    /// Consecutive years, e.g. 2010..=2024.
    pub years: Vec<u16>,
    /// One entry per set, in the order of [`RegionData::sets`].
    pub sets: Vec<SetEmployment>,
}

impl RegionalEmployment {
    /// Jobs (thousands) of region `region` of set number `set`, SBI group
    /// number `group`, year `year`; `None` when suppressed or out of range.
    pub fn get(&self, set: usize, region: usize, group: usize, year: u16) -> Option<f64> {
        let y = self.years.iter().position(|&v| v == year)?;
        let (ng, ny) = (self.sbi_groups.len(), self.years.len());
        if group >= ng {
            return None;
        }
        let e = self.sets.get(set)?;
        e.jobs_thousands
            .get((region * ng + group) * ny + y)
            .copied()
            .flatten()
    }
}

/// Where the work of a measure happens: a share per COROP region, summing to 1.
#[derive(Debug, Clone, PartialEq)]
pub struct PlacementKey {
    /// e.g. `industry_clusters`, `res_twh`, `housing_stock`.
    pub id: String,
    pub name: String,
    pub quality: Quality,
    /// How the key is made (the one-line method of `keys.csv`).
    pub reason: String,
    /// Per COROP region (index into the COROP set).
    pub shares: Vec<f64>,
}

/// Which key places a measure (by the measure's id in the dataset).
#[derive(Debug, Clone, PartialEq)]
pub struct MeasureKey {
    pub measure: String,
    /// Index into [`RegionData::keys`].
    pub key: usize,
    pub quality: Quality,
    pub reason: String,
}

/// A RES region's published 2030 target, or that none was found.
#[derive(Debug, Clone, PartialEq)]
pub struct ResTarget {
    /// Index into the RES set.
    pub region: usize,
    /// TWh in 2030 as published; `None` = unknown (not estimated).
    pub twh_2030: Option<f64>,
    /// The published range, where the source gives one.
    pub twh_range: Option<(f64, f64)>,
    /// e.g. `RES 1.0 (bod)`, `concept-RES`; definitions differ.
    pub stage: String,
    pub definition: String,
}

/// Everything in `data/regions/`.
#[derive(Debug, Clone, PartialEq)]
pub struct RegionData {
    /// e.g. `2025.1`, printed with regional results.
    pub edition: String,
    /// Year of the municipal classification the sets follow (e.g. 2025).
    pub classification_year: u16,
    /// Year of the employment used as the base (e.g. 2024).
    pub base_year: u16,
    /// The sets; the first is always the COROP set.
    pub sets: Vec<RegionSet>,
    /// One crosswalk per set after the first, in the same order (`crosswalks[i]`
    /// is for `sets[i + 1]`).
    pub crosswalks: Vec<Crosswalk>,
    pub employment: RegionalEmployment,
    pub keys: Vec<PlacementKey>,
    pub measure_keys: Vec<MeasureKey>,
    /// One per RES region, when the data has a RES set (else empty).
    pub res_targets: Vec<ResTarget>,
}

impl RegionData {
    /// The COROP set (the building block).
    pub fn corop(&self) -> Option<&RegionSet> {
        self.sets.first().filter(|s| s.kind == RegionSetKind::Corop)
    }

    /// The set of a kind, with its index in [`RegionData::sets`].
    pub fn set(&self, kind: RegionSetKind) -> Option<(usize, &RegionSet)> {
        self.sets.iter().enumerate().find(|(_, s)| s.kind == kind)
    }

    /// The crosswalk to a set (none for COROP itself).
    pub fn crosswalk(&self, kind: RegionSetKind) -> Option<&Crosswalk> {
        self.crosswalks.iter().find(|c| c.kind == kind)
    }

    pub fn key(&self, id: &str) -> Option<&PlacementKey> {
        self.keys.iter().find(|k| k.id == id)
    }

    /// The key that places `measure`, if the data names one.
    pub fn key_for_measure(&self, measure: &str) -> Option<&PlacementKey> {
        let mk = self.measure_keys.iter().find(|m| m.measure == measure)?;
        self.keys.get(mk.key)
    }

    /// Messages for every broken invariant (empty when all hold): the COROP set
    /// first, one crosswalk per other set covering every COROP region with
    /// shares summing to 1 and every region reached, keys of the right length
    /// summing to 1, employment of the right size and finite.
    pub fn check_invariants(&self) -> Vec<String> {
        let mut out = Vec::new();
        let Some(corop) = self.corop() else {
            out.push("the first region set must be the COROP set".to_string());
            return out;
        };
        let n = corop.len();
        if self.crosswalks.len() + 1 != self.sets.len() {
            out.push(format!(
                "{} sets but {} crosswalks (expected one per set after COROP)",
                self.sets.len(),
                self.crosswalks.len()
            ));
        }
        for (set, xw) in self.sets.iter().skip(1).zip(&self.crosswalks) {
            if set.kind != xw.kind {
                out.push(format!(
                    "crosswalk for {} stands at set {}",
                    xw.kind, set.kind
                ));
            }
            if xw.parts.len() != n || xw.quality.len() != n {
                out.push(format!(
                    "crosswalk {} does not cover the {n} COROP regions",
                    xw.kind
                ));
                continue;
            }
            let mut reached = vec![false; set.len()];
            for (c, parts) in xw.parts.iter().enumerate() {
                let sum: f64 = parts.iter().map(|p| p.1).sum();
                if (sum - 1.0).abs() > SHARE_TOLERANCE
                    || parts
                        .iter()
                        .any(|p| !(p.1 > 0.0 && p.1 <= 1.0 + SHARE_TOLERANCE))
                {
                    out.push(format!(
                        "crosswalk {}: shares of {} sum to {sum}",
                        xw.kind, corop.regions[c].code
                    ));
                }
                for &(r, _) in parts {
                    match reached.get_mut(r) {
                        Some(slot) => *slot = true,
                        None => out.push(format!(
                            "crosswalk {}: region index {r} out of range",
                            xw.kind
                        )),
                    }
                }
            }
            if let Some(r) = reached.iter().position(|&b| !b) {
                out.push(format!(
                    "crosswalk {}: region {} receives no COROP region",
                    xw.kind, set.regions[r].code
                ));
            }
        }
        for k in &self.keys {
            let sum: f64 = k.shares.iter().sum();
            if k.shares.len() != n
                || k.shares.iter().any(|s| !s.is_finite() || *s < 0.0)
                || (sum - 1.0).abs() > SHARE_TOLERANCE
            {
                out.push(format!(
                    "key {}: {} shares summing to {sum}, expected {n} summing to 1",
                    k.id,
                    k.shares.len()
                ));
            }
        }
        for m in &self.measure_keys {
            if m.key >= self.keys.len() {
                out.push(format!("measure {}: key index out of range", m.measure));
            }
        }
        let e = &self.employment;
        if e.sets.len() != self.sets.len() {
            out.push("employment must have one entry per set".to_string());
        }
        for (set, se) in self.sets.iter().zip(&e.sets) {
            let want = set.len() * e.sbi_groups.len() * e.years.len();
            if se.kind != set.kind || se.jobs_thousands.len() != want {
                out.push(format!("employment of {}: expected {want} cells", set.kind));
            }
            if se
                .jobs_thousands
                .iter()
                .flatten()
                .any(|v| !v.is_finite() || *v < 0.0)
            {
                out.push(format!(
                    "employment of {}: negative or non-finite jobs",
                    set.kind
                ));
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(kind: RegionSetKind, codes: &[&str]) -> RegionSet {
        RegionSet {
            kind,
            version: "2025".into(),
            name_nl: kind.id().into(),
            name_en: kind.id().into(),
            regions: codes
                .iter()
                .map(|c| Region {
                    code: (*c).into(),
                    name: (*c).into(),
                })
                .collect(),
        }
    }

    /// Two COROP regions in one province; one arbeidsmarktregio takes all of
    /// CR01 and 40% of CR02, the other 60% of CR02.
    fn toy() -> RegionData {
        let sets = vec![
            set(RegionSetKind::Corop, &["CR01", "CR02"]),
            set(RegionSetKind::Province, &["PV20"]),
            set(RegionSetKind::Arbeidsmarktregio, &["AM01", "AM02"]),
        ];
        let crosswalks = vec![
            Crosswalk {
                kind: RegionSetKind::Province,
                parts: vec![vec![(0, 1.0)], vec![(0, 1.0)]],
                quality: vec![Quality::Derived; 2],
            },
            Crosswalk {
                kind: RegionSetKind::Arbeidsmarktregio,
                parts: vec![vec![(0, 1.0)], vec![(0, 0.4), (1, 0.6)]],
                quality: vec![Quality::Derived, Quality::Assumption],
            },
        ];
        // One group, one year: CR01 10, CR02 20 -> PV20 30; AM01 18, AM02 12.
        let cells = |v: &[f64]| v.iter().map(|&x| Some(x)).collect::<Vec<_>>();
        let employment = RegionalEmployment {
            sbi_groups: vec!["F".into()],
            years: vec![2024],
            sets: vec![
                SetEmployment {
                    kind: RegionSetKind::Corop,
                    jobs_thousands: cells(&[10.0, 20.0]),
                },
                SetEmployment {
                    kind: RegionSetKind::Province,
                    jobs_thousands: cells(&[30.0]),
                },
                SetEmployment {
                    kind: RegionSetKind::Arbeidsmarktregio,
                    jobs_thousands: cells(&[18.0, 12.0]),
                },
            ],
        };
        RegionData {
            edition: "test".into(),
            classification_year: 2025,
            base_year: 2024,
            sets,
            crosswalks,
            employment,
            keys: vec![PlacementKey {
                id: "k".into(),
                name: "k".into(),
                quality: Quality::Derived,
                reason: String::new(),
                shares: vec![0.25, 0.75],
            }],
            measure_keys: vec![MeasureKey {
                measure: "insulation".into(),
                key: 0,
                quality: Quality::Derived,
                reason: String::new(),
            }],
            res_targets: Vec::new(),
        }
    }

    #[test]
    fn toy_region_data_holds_its_invariants() {
        let d = toy();
        assert_eq!(d.check_invariants(), Vec::<String>::new());
        assert_eq!(d.employment.get(2, 0, 0, 2024), Some(18.0));
        assert_eq!(d.employment.get(2, 1, 0, 2024), Some(12.0));
        assert_eq!(d.employment.get(2, 1, 0, 2023), None);
        assert_eq!(
            d.key_for_measure("insulation").map(|k| k.id.as_str()),
            Some("k")
        );
        assert_eq!(
            d.set(RegionSetKind::Arbeidsmarktregio).map(|s| s.0),
            Some(2)
        );
    }

    #[test]
    fn broken_invariants_are_named() {
        let mut d = toy();
        d.crosswalks[1].parts[1] = vec![(0, 0.4), (1, 0.5)];
        d.keys[0].shares = vec![0.5, 0.6];
        let msgs = d.check_invariants();
        assert!(
            msgs.iter().any(|m| m.contains("CR02") && m.contains("0.9")),
            "{msgs:?}"
        );
        assert!(msgs.iter().any(|m| m.contains("key k")), "{msgs:?}");

        let mut d = toy();
        d.crosswalks[1].parts[1] = vec![(0, 1.0)];
        let msgs = d.check_invariants();
        assert!(
            msgs.iter().any(|m| m.contains("AM02 receives no COROP")),
            "{msgs:?}"
        );
    }

    #[test]
    fn region_codes_follow_cbs_prefixes() {
        assert!(RegionSetKind::Corop.is_code("CR40"));
        assert!(!RegionSetKind::Corop.is_code("CR4"));
        assert!(!RegionSetKind::Corop.is_code("CR00"));
        assert!(!RegionSetKind::Corop.is_code("AM01"));
        assert!(RegionSetKind::Province.is_code("PV31"));
        assert!(!RegionSetKind::Province.is_code("PV32"));
        assert!(RegionSetKind::Arbeidsmarktregio.is_code("AM38"));
        assert!(RegionSetKind::Res.is_code("ES30"));
        for k in RegionSetKind::ALL {
            assert_eq!(RegionSetKind::from_id(k.id()), Some(k));
        }
    }
}
