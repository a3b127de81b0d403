//! The stock-flow loop of labour supply (`docs/MODEL.md` §8): year by year
//! and cell by cell, `stock(t + 1) = stock(t) × (1 - outflow rates) +
//! graduates entering + side-entrants + migrants`. The reference run
//! ([`crate::reference::supply::run`]) runs it on every cell; the fast paths
//! run it on the cells their figures read (`RunPlan`): per region, as a
//! national total, as the sum of a group of cells, or not at all.

use crate::inputs::codes::Education;
use crate::kernel::supply_inputs::SupplyInputs;

const NE: usize = Education::COUNT;

// `stock_flow` keeps the education cells of an occupation in a u32.
const _: () = assert!(NE <= 32);

/// How [`stocks_masked`] runs the cells of one (occupation, education) pair.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Run {
    /// Not at all: the cells keep what the stock buffer held.
    Skip,
    /// Every region.
    Regions,
    /// One value, the pair's total over the regions, in the first region
    /// (the others are left as they were). Exact when only the first region
    /// holds the pair's base stock, side-entrants and migrants: national
    /// inputs, or the split form of [`crate::fast::split`] (the graduates of
    /// every part then enter the first).
    Total,
    /// Summed with the occupation's other `Group` pairs: one value, their
    /// total over the pairs and the regions, held in the first region of
    /// the occupation's first `Group` pair (its education index is the
    /// lowest); the others are left as they were. Exact under the
    /// conditions of `Total`: every cell of an occupation leaves at the
    /// same rates, so a sum of its cells runs like one cell. For figures
    /// that read only the sum.
    Group,
}

/// How [`stocks_masked`] runs each occupation's cells, as bit sets over
/// its education cells (bit e for cell e), made once per mask.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RunPlan {
    /// Per occupation: the cells run in every region ([`Run::Regions`]).
    regions: Vec<u32>,
    /// Per occupation: the cells run as one total ([`Run::Total`]).
    totals: Vec<u32>,
    /// Per occupation: the cells run as one sum ([`Run::Group`]).
    groups: Vec<u32>,
}

impl RunPlan {
    /// The plan of `runs`, one per (occupation, education) pair (`o * 18 + e`).
    pub(crate) fn new(runs: &[Run]) -> RunPlan {
        let bits = |how: Run| -> Vec<u32> {
            runs.chunks_exact(NE)
                .map(|pairs| {
                    (0..NE)
                        .filter(|&e| pairs[e] == how)
                        .fold(0, |bits, e| bits | (1 << e))
                })
                .collect()
        };
        RunPlan {
            regions: bits(Run::Regions),
            totals: bits(Run::Total),
            groups: bits(Run::Group),
        }
    }

    /// Whether occupation `o` has cells to run.
    fn runs(&self, o: usize) -> bool {
        self.regions[o] | self.totals[o] | self.groups[o] != 0
    }

    /// Every cell of `no` occupations in every region: a full run.
    pub(crate) fn every_cell(no: usize) -> RunPlan {
        RunPlan::new(&vec![Run::Regions; no * NE])
    }
}

/// The stocks of [`run`] for the (occupation, education) pairs (`o * 18 +
/// e`) that `plan` says to run: per stock year x cell as
/// [`SupplyResult::stock_cells`], into `stock`, which is resized. Every
/// cell evolves on its own (the rates are per occupation, the inflows per
/// cell), so the cells run are exactly those of a full run. For the Monte
/// Carlo and the explorer, which read few cells; `inputs` must have passed
/// [`SupplyInputs::check_shape`].
pub(crate) fn stocks_masked(
    inputs: &SupplyInputs,
    plan: &RunPlan,
    stock: &mut Vec<f64>,
    graduates: &mut Vec<f64>,
) {
    let (ny, no, nr) = (inputs.n_years(), inputs.n_occupations, inputs.n_regions);
    let cells = no * NE * nr;
    stock.resize((ny + 1) * cells, 0.0);
    graduates.resize(ny * NE * nr, 0.0);
    stock_flow(inputs, plan, stock, graduates, None, |_| {});
}

/// The stock-flow recursion shared by [`compute`] and [`stocks_masked`]:
/// fills `stock` (stock year x cell; year 0 is the base stock) and
/// `graduates` (flow year x education x region), and `leakage` when given,
/// for the cells of `plan`; hands each (flow year, occupation run)'s
/// applied outflow rates to `rates`.
pub(crate) fn stock_flow(
    inputs: &SupplyInputs,
    plan: &RunPlan,
    stock: &mut [f64],
    graduates: &mut [f64],
    mut leakage: Option<&mut [f64]>,
    mut rates: impl FnMut([f64; 3]),
) {
    let (ny, no, nr) = (inputs.n_years(), inputs.n_occupations, inputs.n_regions);
    let cells = no * NE * nr;
    let er = NE * nr;
    let (runs, totals, groups) = (&plan.regions, &plan.totals, &plan.groups);
    // Year 0 is the base stock, of the occupations run (the others are
    // never read); a group's sum in its first cell.
    for o in (0..no).filter(|&o| plan.runs(o)) {
        let block = o * er..(o + 1) * er;
        stock[block.clone()].copy_from_slice(&inputs.base_stock[block.clone()]);
        if groups[o] != 0 {
            let base = &inputs.base_stock[block.clone()];
            let first = groups[o].trailing_zeros() as usize;
            stock[block.start + first * nr] = each_bit(groups[o]).map(|e| base[e * nr]).sum();
        }
    }
    // Per flow year: the graduates of each education over the regions.
    let mut graduates_total = [0.0; NE];

    for y in 0..ny {
        let t = i64::from(inputs.start_year) + y as i64;

        // Graduates of year t enrolled programme_years earlier; check()
        // guarantees that year is covered, the `get` only keeps this total.
        for e in 0..NE {
            let enrolled_in = t - i64::from(inputs.programme_years[e]);
            let k = usize::try_from(enrolled_in - i64::from(inputs.enrolment_first_year)).ok();
            let keep = 1.0 - inputs.dropout[e];
            for r in 0..nr {
                let enrolment = k
                    .and_then(|k| inputs.enrolment.get((k * NE + e) * nr + r))
                    .copied()
                    .unwrap_or(0.0);
                graduates[y * er + e * nr + r] = enrolment * keep;
            }
            if let Some(leakage) = leakage.as_deref_mut() {
                let shares = &inputs.entry_share[(y * NE + e) * no..(y * NE + e + 1) * no];
                let entering: f64 = shares.iter().sum();
                for r in 0..nr {
                    let g = graduates[y * er + e * nr + r];
                    // Shares may sum to 1 + tolerance; leakage is never negative.
                    leakage[y * er + e * nr + r] = (g * (1.0 - entering.min(1.0))).max(0.0);
                }
            }
        }

        for (e, total) in graduates_total.iter_mut().enumerate() {
            *total = graduates[y * er + e * nr..y * er + (e + 1) * nr]
                .iter()
                .sum();
        }
        let sw_w = inputs.switch_out_women[y];
        let sw_m = inputs.switch_out_men[y];
        let (done, next) = stock.split_at_mut((y + 1) * cells);
        let now = &done[y * cells..];
        let next = &mut next[..cells];
        let side = &inputs.side_entry[y * cells..(y + 1) * cells];
        let migration = &inputs.migration[y * cells..(y + 1) * cells];
        let grads = &graduates[y * er..(y + 1) * er];
        let entry = &inputs.entry_share[y * NE * no..(y + 1) * NE * no];
        for o in 0..no {
            if !plan.runs(o) {
                continue;
            }
            let yo = y * no + o;
            let switch = if inputs.technical[o] {
                let w = inputs.women_share[yo];
                w * sw_w + (1.0 - w) * sw_m
            } else {
                0.0
            };
            let (retire, other) = (inputs.retirement_rate[yo], inputs.other_exit_rate[yo]);
            // Rates that together exceed one would take more people than there
            // are: scale them down proportionally so the stock leaves at most once.
            let sum = retire + other + switch;
            let k = if sum > 1.0 { 1.0 / sum } else { 1.0 };
            let (retire, other, switch) = (retire * k, other * k, switch * k);
            rates([retire, switch, other]);
            let fte = inputs.fte_per_person[o];
            // The cells of occupation o: (e, r) at e * R + r, as in `grads`.
            let block = o * er..(o + 1) * er;
            let (now_o, next_o) = (&now[block.clone()], &mut next[block.clone()]);
            let (side_o, migration_o) = (&side[block.clone()], &migration[block]);
            let cells = OccupationYear {
                now: now_o,
                next: next_o,
                grads,
                graduates_total: &graduates_total,
                side: side_o,
                migration: migration_o,
                entry,
                o,
                no,
                stays: 1.0 - (retire + switch + other),
                fte,
            };
            // Two regions are the split form of the Monte Carlo and the
            // explorer, one the national view: fixed sizes let the compiler
            // drop the loops and bounds checks of the few values per cell.
            let bits = [runs[o], totals[o], groups[o]];
            match nr {
                1 => cells.step::<1>(bits),
                2 => cells.step::<2>(bits),
                _ => cells.step_any(bits, nr),
            }
        }
    }
}

/// One flow year of one occupation's cells in [`stock_flow`]: its blocks
/// (education x region) of the stock now and next year, of side-entrants
/// and migrants, the year's graduates (education x region) and entry
/// shares (education x occupation), and its outflow rates.
pub(crate) struct OccupationYear<'a> {
    now: &'a [f64],
    next: &'a mut [f64],
    grads: &'a [f64],
    /// The year's graduates per education over the regions.
    graduates_total: &'a [f64; NE],
    side: &'a [f64],
    migration: &'a [f64],
    entry: &'a [f64],
    o: usize,
    no: usize,
    /// The share of the stock that stays: one less the outflow rates
    /// (retirement, switching out, other exits), which sum to at most one.
    stays: f64,
    fte: f64,
}

impl OccupationYear<'_> {
    /// The cell's next stock: `s` less the outflows, plus the inflows.
    #[inline(always)]
    fn cell(&self, s: f64, graduates: f64, share: f64, side: f64, migration: f64) -> f64 {
        let school = graduates * share * self.fte;
        // The clamp only absorbs rounding when the rates sum to one.
        let remaining = (s * self.stays).max(0.0);
        remaining + (school + side + migration)
    }

    /// Runs education cell e (bit e of `runs`) in each of the `NR`
    /// regions, the pairs of `totals` as one value in the first region
    /// (the graduates of every region entering it) and those of `groups`
    /// as one sum ([`Run::Group`]).
    #[inline(always)]
    fn step<const NR: usize>(self, [runs, totals, groups]: [u32; 3]) {
        let at = |e: usize| e * NR..(e + 1) * NR;
        for e in each_bit(runs) {
            let share = self.entry[e * self.no + self.o];
            let (Ok(now), Ok(grads), Ok(side), Ok(migration)) = (
                <&[f64; NR]>::try_from(&self.now[at(e)]),
                <&[f64; NR]>::try_from(&self.grads[at(e)]),
                <&[f64; NR]>::try_from(&self.side[at(e)]),
                <&[f64; NR]>::try_from(&self.migration[at(e)]),
            ) else {
                continue;
            };
            let next: [f64; NR] =
                std::array::from_fn(|r| self.cell(now[r], grads[r], share, side[r], migration[r]));
            self.next[at(e)].copy_from_slice(&next);
        }
        self.totals(totals, groups, NR);
    }

    /// Runs the pairs of `totals` (bit e for education e) as one value in
    /// the first of `nr` regions, and those of `groups` as one sum.
    #[inline(always)]
    fn totals(self, totals: u32, groups: u32, nr: usize) {
        for e in each_bit(totals) {
            let share = self.entry[e * self.no + self.o];
            let i = e * nr;
            let (s, side, migration) = (self.now[i], self.side[i], self.migration[i]);
            let graduates = self.graduates_total[e];
            self.next[i] = self.cell(s, graduates, share, side, migration);
        }
        if groups != 0 {
            // The sum of the group's cells: their inflows summed, the stock
            // held in the first.
            let i = groups.trailing_zeros() as usize * nr;
            let (mut school, mut flows) = (0.0, 0.0);
            let mut bits = groups;
            while bits != 0 {
                let e = bits.trailing_zeros() as usize;
                bits &= bits - 1;
                school += self.graduates_total[e] * self.entry[e * self.no + self.o];
                flows += self.side[e * nr] + self.migration[e * nr];
            }
            self.next[i] = self.cell(self.now[i], school, 1.0, flows, 0.0);
        }
    }

    /// As [`OccupationYear::step`] for any number of regions.
    fn step_any(self, [runs, totals, groups]: [u32; 3], nr: usize) {
        for e in each_bit(runs) {
            let share = self.entry[e * self.no + self.o];
            for i in e * nr..(e + 1) * nr {
                let (s, side, migration) = (self.now[i], self.side[i], self.migration[i]);
                self.next[i] = self.cell(s, self.grads[i], share, side, migration);
            }
        }
        self.totals(totals, groups, nr);
    }
}

/// The set bits of `bits`, lowest first.
#[inline(always)]
pub(crate) fn each_bit(mut bits: u32) -> impl Iterator<Item = usize> {
    std::iter::from_fn(move || {
        (bits != 0).then(|| {
            let e = bits.trailing_zeros() as usize;
            bits &= bits - 1;
            e
        })
    })
}
