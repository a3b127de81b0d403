//! Equals [`crate::reference::supply::run`] on the supply cells that the
//! figures read: which cells run per region, as a national total, as the sum
//! of a group, or not at all (`Reads`); and the inputs of a draw rebuilt in
//! one reused buffer (`restore`). Checked by the path tester (`crates/model/tests/paths.rs`): every
//! draw's figures against the reference chain, and the reused buffer against
//! inputs built afresh after every draw (the buffer-reuse rule). Falls back to
//! full supply runs of every cell ([`crate::mc::run_point`]).
//!
//! The buffer-reuse rule: a draw fills its inputs from the frame's template
//! with `crate::reference::supply_inputs::SupplyFrame::fill`, which rewrites
//! every field a parameter changes; a policy then changes some rows of the
//! entry shares and the enrolment and says which
//! (`crate::reference::policy::Touched`); `restore` puts exactly those rows
//! back before the next draw.

use crate::inputs::codes::Education;
use crate::inputs::codes::Level;
use crate::inputs::dataset::Dataset;
use crate::inputs::units::Year;
use crate::kernel::stock_flow::{Run, RunPlan};
use crate::kernel::supply_inputs::SupplyInputs;
use crate::reference::gap::digital_cells;
use crate::reference::policy::Touched;

const NE: usize = Education::COUNT;
const NL: usize = Level::ALL.len();

/// What the draws' figures read of the supply model, fixed per dataset.
#[derive(Debug, Clone)]
pub(crate) struct Reads {
    /// Per occupation x education (`o * 18 + e`): whether the supply model
    /// runs the cell. Every cell of an occupation in an occupation set (the
    /// technician and ICT goals; a policy's side-entrants and migrants go
    /// only to such sets) and every cell a digital definition counts.
    pub(crate) mask: Vec<bool>,
    /// The same for the supply model: the technicians' pairs in every
    /// region (province figures need them), the others as totals (only
    /// national figures read them).
    pub(crate) runs: Vec<Run>,
    /// `runs` as the supply model takes them.
    pub(crate) plan: RunPlan,
    /// Per occupation: a technician.
    pub(crate) technician: Vec<bool>,
    /// The technicians, ascending.
    pub(crate) technicians: Vec<usize>,
    /// Per technician: the shares of its education cells at each level.
    pub(crate) level_shares: Vec<[f64; NL]>,
    /// Per digital definition: what it counts.
    pub(crate) digital: Vec<Counted>,
}

/// What a digital definition counts, as the supply model runs it, and its
/// anchor (year, persons).
#[derive(Debug, Clone)]
pub(crate) struct Counted {
    /// Per (occupation, education) pair counted (`o * 18 + e`): whether to
    /// read every part of it ([`Run::Regions`]) or the first alone (a
    /// [`Run::Total`], or the sum of a [`Run::Group`], listed once).
    pub(crate) pairs: Vec<(usize, bool)>,
    pub(crate) anchor: Option<(Year, f64)>,
}

impl Reads {
    pub(crate) fn of(ds: &Dataset) -> Reads {
        let no = ds.n_occupations();
        let mut mask = vec![false; no * NE];
        let mut technician = vec![false; no];
        let mut in_set = vec![false; no];
        for set in &ds.occupation_sets {
            for &o in &set.members {
                if o < no {
                    mask[o * NE..(o + 1) * NE].fill(true);
                    technician[o] |= set.id == "technician";
                    in_set[o] = true;
                }
            }
        }
        let definitions = ds
            .supply
            .as_ref()
            .map_or(&[][..], |sd| &sd.digital_definitions[..]);
        let counted: Vec<Vec<usize>> = definitions
            .iter()
            .map(|d| digital_cells(ds, d, no))
            .collect();
        for &oe in counted.iter().flatten() {
            mask[oe] = true;
        }
        let levels: [usize; NE] = std::array::from_fn(|e| Education::from_index(e).level as usize);
        let technicians: Vec<usize> = (0..no).filter(|&o| technician[o]).collect();
        let level_shares = technicians
            .iter()
            .map(|&o| {
                let mut shares = [0.0; NL];
                for (e, s) in ds.education_shares[o * NE..(o + 1) * NE].iter().enumerate() {
                    shares[levels[e]] += s;
                }
                shares
            })
            .collect();
        let mut runs = mask
            .iter()
            .enumerate()
            .map(|(oe, &m)| match (m, technician[oe / NE]) {
                (false, _) => Run::Skip,
                (true, true) => Run::Regions,
                (true, false) => Run::Total,
            })
            .collect::<Vec<Run>>();
        // An occupation outside every set is read by digital definitions
        // alone: when they all count the same cells of it, they read only
        // the cells' sum, which runs as one cell.
        for o in (0..no).filter(|&o| !in_set[o]) {
            let bits = counted.iter().map(|pairs| {
                pairs
                    .iter()
                    .filter(|&&oe| oe / NE == o)
                    .fold(0u32, |bits, &oe| bits | (1 << (oe % NE)))
            });
            let mut read = bits.filter(|b| *b != 0);
            if let Some(first) = read.next() {
                if read.all(|b| b == first) {
                    for e in (0..NE).filter(|e| first & (1 << e) != 0) {
                        runs[o * NE + e] = Run::Group;
                    }
                }
            }
        }
        let digital = definitions
            .iter()
            .zip(&counted)
            .map(|(d, pairs)| Counted {
                pairs: pairs
                    .iter()
                    .filter_map(|&oe| match runs[oe] {
                        Run::Regions => Some((oe, true)),
                        // The group's first pair stands for it.
                        Run::Group if !first_of_group(&runs, oe) => None,
                        _ => Some((oe, false)),
                    })
                    .collect(),
                anchor: d.anchor,
            })
            .collect();
        Reads {
            mask,
            plan: RunPlan::new(&runs),
            runs,
            technician,
            technicians,
            level_shares,
            digital,
        }
    }
}

/// Whether pair `oe` is the first [`Run::Group`] pair of its occupation.
pub(crate) fn first_of_group(runs: &[Run], oe: usize) -> bool {
    runs[oe] == Run::Group && (oe - oe % NE..oe).all(|p| runs[p] != Run::Group)
}

/// Puts back the rows of the entry shares and the enrolment that a policy
/// changed (`touched`) from the `template` the inputs were made from.
pub(crate) fn restore(inp: &mut SupplyInputs, template: &SupplyInputs, touched: Touched) {
    let (no, nr) = (inp.n_occupations, inp.n_regions);
    let rows = |bits: u32| (0..NE).filter(move |e| bits & (1 << e) != 0);
    for e in rows(touched.entry_share) {
        for y in 0..inp.n_years() {
            let row = (y * NE + e) * no..(y * NE + e + 1) * no;
            inp.entry_share[row.clone()].copy_from_slice(&template.entry_share[row]);
        }
    }
    for e in rows(touched.enrolment) {
        for k in 0..inp.n_enrolment_years() {
            let row = (k * NE + e) * nr..(k * NE + e + 1) * nr;
            inp.enrolment[row.clone()].copy_from_slice(&template.enrolment[row]);
        }
    }
}
