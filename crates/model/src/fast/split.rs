//! Equals [`crate::reference::supply::run`] over every region: a run with
//! two parts in place of the regions gives every regional stock.
//! Checked by this module's tests and by the path tester (`crates/model/tests/paths.rs`) through the
//! explorer's and the engine's province figures. Falls back to running the
//! regions in full when [`RegionSplit::holds`] says a policy broke the form.
//!
//! Every rate of the supply model is national (per occupation and year), so
//! each cell (occupation, education, region) evolves on its own by the same
//! recursion as the other regions of its (occupation, education) pair, and
//! that recursion is linear in the cell's base stock and inflows. The
//! regional inputs come in two patterns:
//!
//! - base stock, side-entrants and migrants of occupation `o` spread over the
//!   regions by the occupation's shares `occupation[o, r]`;
//! - first-year students of education `e` spread by the education's shares
//!   `education[e, r]` (graduates follow their enrolment).
//!
//! So a run with two parts in place of the regions (part 0: the stock,
//! side-entrants and migrants, all national; part 1: the national
//! enrolment) gives every regional stock exactly, up to rounding:
//!
//! `stock[o, e, r] = occupation[o, r] × part0[o, e] + education[e, r] × part1[o, e]`
//!
//! at a sixth of the work for 12 provinces. A national policy keeps this
//! form (scaling enrolment, adding students like the current enrolment,
//! adding side-entrants like the stock, shifting entry shares, changing
//! rates); a lever aimed at one province does not, and neither does adding
//! students to cells without any: [`RegionSplit::holds`] tells, and the
//! caller then runs the regions in full.

use crate::inputs::codes::{Education, Level};
use crate::kernel::supply_inputs::SupplyInputs;
use crate::reference::supply_inputs::SupplyFrame;

const NE: usize = Education::COUNT;
const NL: usize = Level::ALL.len();

/// The number of parts a split run has in place of regions.
pub const PARTS: usize = 2;

/// The regional shares that turn a split run's two parts into regions.
#[derive(Debug, Clone, PartialEq)]
pub struct RegionSplit {
    n_regions: usize,
    /// Occupation x region: the spread of part 0.
    occupation: Vec<f64>,
    /// Education x region: the spread of part 1.
    education: Vec<f64>,
    /// Level of each education cell.
    levels: [usize; NE],
}

impl RegionSplit {
    pub(crate) fn new(n_regions: usize, occupation: Vec<f64>, education: Vec<f64>) -> RegionSplit {
        RegionSplit {
            n_regions,
            occupation,
            education,
            levels: std::array::from_fn(|e| Education::from_index(e).level as usize),
        }
    }

    /// The number of real regions.
    pub fn n_regions(&self) -> usize {
        self.n_regions
    }

    /// The regions of several splits of the same occupations side by side,
    /// in the order given: each region's value from the two parts is that
    /// of its own split, so one split run gives the regions of every set
    /// (several region sets of one dataset, `crate::mc::monte_carlo_sets`).
    pub(crate) fn join(splits: &[RegionSplit]) -> RegionSplit {
        let n_regions = splits.iter().map(|s| s.n_regions).sum();
        let side_by_side = |rows: usize, of: fn(&RegionSplit) -> &[f64]| -> Vec<f64> {
            (0..rows)
                .flat_map(|k| {
                    splits.iter().flat_map(move |s| {
                        let nr = s.n_regions;
                        of(s)
                            .get(k * nr..(k + 1) * nr)
                            .unwrap_or(&[])
                            .iter()
                            .copied()
                    })
                })
                .collect()
        };
        let no = splits
            .first()
            .map_or(0, |s| s.occupation.len() / s.n_regions.max(1));
        RegionSplit::new(
            n_regions,
            side_by_side(no, |s| &s.occupation),
            side_by_side(NE, |s| &s.education),
        )
    }

    /// Whether split inputs (after a policy changed them) are still in split
    /// form: no enrolment in part 0, no stock, side-entrants or migrants in
    /// part 1.
    pub fn holds(inp: &SupplyInputs) -> bool {
        let part = |v: &[f64], k: usize| v.chunks_exact(PARTS).all(|pair| pair[k] == 0.0);
        Self::enrolment_holds(inp)
            && part(&inp.base_stock, 1)
            && part(&inp.side_entry, 1)
            && part(&inp.migration, 1)
    }

    /// The part of [`RegionSplit::holds`] that a policy's drawn effect
    /// sizes can break: no enrolment in part 0 (students added evenly to
    /// cells a lever emptied). Side-entrants and migrants follow the base
    /// stock, which is zero in part 1 whatever the sizes. Cheap: the
    /// enrolment is small.
    pub fn enrolment_holds(inp: &SupplyInputs) -> bool {
        inp.n_regions == PARTS && inp.enrolment.chunks_exact(PARTS).all(|pair| pair[0] == 0.0)
    }

    /// The value of cell (`o`, `e`, region `r`) from its two parts.
    pub fn cell(&self, o: usize, e: usize, r: usize, parts: [f64; PARTS]) -> f64 {
        let nr = self.n_regions;
        self.occupation[o * nr + r] * parts[0] + self.education[e * nr + r] * parts[1]
    }

    /// Adds a split quantity into the regions of `out` (one value per
    /// region): part 0 as totals per occupation (`(o, value)`), spread by
    /// the occupation's regional shares, and part 1 as totals per education,
    /// spread by the education's.
    pub fn add_by_region(
        &self,
        part0: impl IntoIterator<Item = (usize, f64)>,
        part1: &[f64; NE],
        out: &mut [f64],
    ) {
        let nr = self.n_regions;
        let add = |out: &mut [f64], v: f64, shares: Option<&[f64]>| {
            for (x, s) in out.iter_mut().zip(shares.unwrap_or(&[])) {
                *x += v * s;
            }
        };
        for (o, v) in part0 {
            add(out, v, self.occupation.get(o * nr..(o + 1) * nr));
        }
        for (e, &v) in part1.iter().enumerate() {
            add(out, v, self.education.get(e * nr..(e + 1) * nr));
        }
    }

    /// Adds per-cell values in split layout (`(o * 18 + e) * 2 + part`) of
    /// the occupations in `members` into level x region (`l * R + r`) of `out`.
    pub fn add_by_level_region(&self, values: &[f64], members: &[usize], out: &mut [f64]) {
        let nr = self.n_regions;
        let mut part1 = [0.0; NE];
        for &o in members {
            let Some(cells) = values.get(o * NE * PARTS..(o + 1) * NE * PARTS) else {
                continue;
            };
            let mut part0 = [0.0; NL];
            for (e, pair) in cells.chunks_exact(PARTS).enumerate() {
                part0[self.levels[e]] += pair[0];
                part1[e] += pair[1];
            }
            let shares = &self.occupation[o * nr..(o + 1) * nr];
            for (l, v) in part0.iter().enumerate() {
                for (x, s) in out[l * nr..(l + 1) * nr].iter_mut().zip(shares) {
                    *x += v * s;
                }
            }
        }
        for (e, v) in part1.iter().enumerate() {
            let l = self.levels[e];
            let shares = &self.education[e * nr..(e + 1) * nr];
            for (x, s) in out[l * nr..(l + 1) * nr].iter_mut().zip(shares) {
                *x += v * s;
            }
        }
    }
}

/// Region columns per block of [`Spread::add`], and quantities per pass:
/// a block's sums (`BLOCK` x `QUANTITIES`) stay in registers while every
/// row of the matrix passes once.
const BLOCK: usize = 4;
const QUANTITIES: usize = 4;

/// The regional shares of some occupations' part 0 and of every
/// education's part 1 as one matrix (rows: the occupations given, then the
/// educations; a column per region, padded to whole blocks), to spread the
/// parts of several quantities over the regions at once ([`Spread::add`]).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Spread {
    rows: usize,
    n_regions: usize,
    width: usize,
    matrix: Vec<f64>,
}

impl RegionSplit {
    /// The spread of part 0 of the occupations `members` (in that order)
    /// and of part 1 of every education.
    pub(crate) fn spread(&self, members: &[usize]) -> Spread {
        let nr = self.n_regions;
        let width = nr.div_ceil(BLOCK) * BLOCK;
        let occupations = members
            .iter()
            .map(|&o| self.occupation.get(o * nr..(o + 1) * nr));
        let educations = (0..NE).map(|e| self.education.get(e * nr..(e + 1) * nr));
        let matrix = occupations
            .chain(educations)
            .flat_map(|row| {
                let row = row.unwrap_or(&[]);
                (0..width).map(move |r| row.get(r).copied().unwrap_or(0.0))
            })
            .collect();
        Spread {
            rows: members.len() + NE,
            n_regions: nr,
            width,
            matrix,
        }
    }
}

impl Spread {
    /// The number of values per quantity: one per member, then one per
    /// education.
    pub(crate) fn rows(&self) -> usize {
        self.rows
    }

    /// Adds quantities given by their parts (`parts`: quantity x
    /// [`Spread::rows`], the members' part 0 then each education's part 1)
    /// into `out` (quantity x region). Per region the same sum in the same
    /// order as [`RegionSplit::add_by_region`] into zero (the members, then
    /// the educations), added to `out`.
    pub(crate) fn add(&self, parts: &[f64], out: &mut [f64]) {
        let (k, nr) = (self.rows, self.n_regions);
        let n = parts.len() / k.max(1);
        if k == 0 || out.len() < n * nr {
            return;
        }
        // The parts by row, `QUANTITIES` quantities side by side (padded
        // with zeros): a row's values for a pass are one load.
        let passes = n.div_ceil(QUANTITIES);
        let mut by_row = vec![0.0; passes * k * QUANTITIES];
        for (q, values) in parts.chunks_exact(k).enumerate() {
            let (pass, j) = (q / QUANTITIES, q % QUANTITIES);
            for (i, v) in values.iter().enumerate() {
                by_row[(pass * k + i) * QUANTITIES + j] = *v;
            }
        }
        for (pass, rows) in by_row.chunks_exact(k * QUANTITIES).enumerate() {
            for r0 in (0..self.width).step_by(BLOCK) {
                // Small fixed arrays: the sums stay in registers.
                let mut acc = [[0.0; BLOCK]; QUANTITIES];
                for (i, c) in rows.chunks_exact(QUANTITIES).enumerate() {
                    let at = i * self.width + r0;
                    let Ok(shares) = <&[f64; BLOCK]>::try_from(&self.matrix[at..at + BLOCK]) else {
                        continue;
                    };
                    for (a, v) in acc.iter_mut().zip(c) {
                        for (x, s) in a.iter_mut().zip(shares) {
                            *x += v * s;
                        }
                    }
                }
                let w = nr.saturating_sub(r0).min(BLOCK);
                let first = pass * QUANTITIES;
                for (a, row) in acc.iter().zip(out.chunks_exact_mut(nr).skip(first)) {
                    for (x, v) in row[r0..r0 + w].iter_mut().zip(a) {
                        *x += v;
                    }
                }
            }
        }
    }
}

impl SupplyFrame {
    /// The same frame in split form (see [`crate::fast::split`]): two parts in
    /// place of the regions, part 0 with the stock, side-entrants and
    /// migrants of each cell and part 1 with the national enrolment; and the
    /// regional shares that turn the parts back into regions.
    pub fn split(&self) -> (SupplyFrame, RegionSplit) {
        let t = &self.template;
        let (no, nr) = (t.n_occupations, t.n_regions);
        let mut inp = SupplyInputs::zeros(t.start_year, t.horizon, no, PARTS);
        inp.women_share.clone_from(&t.women_share);
        inp.technical.clone_from(&t.technical);
        inp.enrolment_first_year = t.enrolment_first_year;
        inp.programme_years = t.programme_years;
        inp.dropout = t.dropout;
        inp.entry_share.clone_from(&t.entry_share);
        // Part 1 holds the regions' sum: the national enrolment of each
        // education employed anywhere (an education employed nowhere has
        // none in the regions either).
        inp.enrolment = t
            .enrolment
            .chunks(nr.max(1))
            .flat_map(|regions| [0.0, regions.iter().sum()])
            .collect();
        let frame = SupplyFrame {
            template: inp,
            persons: self.persons.clone(),
            occupations: self.occupations.clone(),
            education_shares: self.education_shares.clone(),
            regions: [1.0, 0.0].repeat(no),
            education_regions: [0.0, 1.0].repeat(NE),
        };
        let split = RegionSplit::new(nr, self.regions.clone(), self.education_regions.clone());
        (frame, split)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::inputs::bracket::Variant;
    use crate::reference::supply::run;
    use crate::reference::supply_inputs::SupplyFrame;
    use crate::toy::toy_with_supply;

    /// A split run turned back into regions equals the regional run, cell
    /// by cell and year by year, at every supply end.
    #[test]
    fn split_run_equals_the_regional_run() {
        let ds = toy_with_supply();
        let sd = ds.supply.as_ref().expect("supply");
        assert!(ds.n_regions() > 1, "the toy has regions");
        let frame = SupplyFrame::new(&ds, sd, 2030).expect("frame");
        let (split_frame, split) = frame.split();
        assert_eq!(split.n_regions(), ds.n_regions());
        for v in Variant::ALL {
            let regional = run(&frame.inputs(&sd.params, v)).expect("regional");
            let parts_in = split_frame.inputs(&sd.params, v);
            assert!(RegionSplit::holds(&parts_in));
            let parts = run(&parts_in).expect("split");
            let (no, nr) = (ds.n_occupations(), ds.n_regions());
            for t in regional.stock_years() {
                let want = regional.stock_cells(t).expect("year");
                let got = parts.stock_cells(t).expect("year");
                for o in 0..no {
                    for e in 0..NE {
                        let c = (o * NE + e) * PARTS;
                        for r in 0..nr {
                            let w = want[(o * NE + e) * nr + r];
                            let g = split.cell(o, e, r, [got[c], got[c + 1]]);
                            assert!(
                                (g - w).abs() <= 1e-9 * w.abs().max(1.0),
                                "{t} {o} {e} {r}: {g} {w}"
                            );
                        }
                    }
                }
            }
        }
    }

    /// Level x region sums of a split layout equal the cell-by-cell sums.
    #[test]
    fn level_region_sums_add_up_the_cells() {
        let nr = 3;
        let no = 2;
        let occupation = vec![0.2, 0.3, 0.5, 1.0, 0.0, 0.0];
        let education: Vec<f64> = (0..NE)
            .flat_map(|e| [0.1 * (e % 3) as f64, 0.4, 0.6 - 0.1 * (e % 3) as f64])
            .collect();
        let split = RegionSplit::new(nr, occupation, education);
        let values: Vec<f64> = (0..no * NE * PARTS).map(|i| (i * 7 % 11) as f64).collect();
        let mut out = vec![0.0; NL * nr];
        split.add_by_level_region(&values, &[1], &mut out);
        let mut want = vec![0.0; NL * nr];
        for e in 0..NE {
            let c = (NE + e) * PARTS;
            for r in 0..nr {
                want[split.levels[e] * nr + r] += split.cell(1, e, r, [values[c], values[c + 1]]);
            }
        }
        for (g, w) in out.iter().zip(&want) {
            assert!((g - w).abs() < 1e-12, "{g} {w}");
        }
    }

    /// Spreading totals per occupation (part 0) and per education (part 1)
    /// gives the regions' sums of the level x region spread of the cells.
    #[test]
    fn totals_spread_like_their_cells() {
        let (no, nr) = (2, 3);
        let occupation = vec![0.5, 0.3, 0.2, 0.1, 0.1, 0.8];
        // Each education its own shares (rotated).
        let education: Vec<f64> = (0..NE)
            .flat_map(|e| {
                let mut shares = [0.2, 0.3, 0.5];
                shares.rotate_left(e % 3);
                shares
            })
            .collect();
        let split = RegionSplit::new(nr, occupation, education);
        let values: Vec<f64> = (0..no * NE * PARTS).map(|i| (i % 7) as f64 - 2.0).collect();
        let members = [0, 1];
        let mut by_level = vec![0.0; NL * nr];
        split.add_by_level_region(&values, &members, &mut by_level);
        let want: Vec<f64> = (0..nr)
            .map(|r| by_level.iter().skip(r).step_by(nr).sum())
            .collect();
        let part0 = members.map(|o| {
            let cells = &values[o * NE * PARTS..(o + 1) * NE * PARTS];
            (o, cells.iter().step_by(PARTS).sum::<f64>())
        });
        let part1: [f64; NE] = std::array::from_fn(|e| {
            members
                .iter()
                .map(|o| values[(o * NE + e) * PARTS + 1])
                .sum()
        });
        let mut got = vec![0.0; nr];
        split.add_by_region(part0, &part1, &mut got);
        for (g, w) in got.iter().zip(&want) {
            assert!((g - w).abs() < 1e-12, "{got:?} vs {want:?}");
        }
    }

    /// Several quantities spread at once (`Spread::add`, regions in blocks,
    /// quantities in passes, neither a whole number of them) give each
    /// region the sum `add_by_region` gives, bit for bit, added to `out`.
    #[test]
    fn a_spread_of_many_quantities_is_add_by_region_of_each() {
        let (no, nr) = (5, 11);
        let occupation: Vec<f64> = (0..no * nr)
            .map(|i| ((i * 13 % 17) as f64).sqrt())
            .collect();
        let education: Vec<f64> = (0..NE * nr).map(|i| 1.0 / (1 + i % 7) as f64).collect();
        let split = RegionSplit::new(nr, occupation, education);
        let members = [3, 0, 4];
        let spread = split.spread(&members);
        assert_eq!(spread.rows(), members.len() + NE);
        let n = 7;
        let parts: Vec<f64> = (0..n * spread.rows())
            .map(|i| (i as f64 * 0.37).sin() * 1e3)
            .collect();
        let mut out: Vec<f64> = (0..n * nr).map(|i| i as f64).collect();
        spread.add(&parts, &mut out);
        for (q, values) in parts.chunks_exact(spread.rows()).enumerate() {
            let (p0, p1) = values.split_at(members.len());
            let part1: [f64; NE] = std::array::from_fn(|e| p1[e]);
            let mut want = vec![0.0; nr];
            split.add_by_region(
                members.iter().copied().zip(p0.iter().copied()),
                &part1,
                &mut want,
            );
            for (r, w) in want.iter().enumerate() {
                let i = q * nr + r;
                assert_eq!(out[i].to_bits(), (i as f64 + w).to_bits(), "{q} {r}");
            }
        }
    }

    #[test]
    fn inputs_out_of_split_form_are_told() {
        let mut inp = SupplyInputs::zeros(2024, 2026, 1, PARTS);
        assert!(RegionSplit::holds(&inp));
        inp.side_entry[1] = 3.0;
        assert!(!RegionSplit::holds(&inp));
        let mut inp = SupplyInputs::zeros(2024, 2026, 1, PARTS);
        inp.enrolment[0] = 1.0;
        assert!(!RegionSplit::holds(&inp));
        assert!(!RegionSplit::holds(&SupplyInputs::zeros(2024, 2026, 1, 3)));
    }
}
