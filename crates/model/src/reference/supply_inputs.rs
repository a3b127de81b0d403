//! `docs/MODEL.md` §8, the supply inputs: the stock-flow model's rates and
//! flows built from the dataset ([`supply_inputs`]). [`SupplyFrame`] holds the
//! parts that no parameter changes (the education pipeline, the spread of
//! school-leavers, the regional split), built once per dataset; one run's
//! parameters then cost a `SupplyFrame::fill`.

use crate::error::GapError;
use crate::inputs::bracket::Variant;
use crate::inputs::codes::Education;
use crate::inputs::dataset::{Dataset, SupplyData, SupplyParams};
use crate::inputs::units::Year;
use crate::kernel::supply_inputs::SupplyInputs;

const NE: usize = Education::COUNT;

/// The supply parameters at one end of their ranges. `Variant::Low` is the
/// end that gives the least supply (more switching out, fewer side-entrants
/// and migrants); the retirement share only splits the outflow and stays
/// central. (The fte-per-person values are picked too, but
/// [`supply_inputs`] uses them at central: see there.)
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PickedParams {
    pub fte_per_person_women: f64,
    pub fte_per_person_men: f64,
    pub switch_out_women: f64,
    pub switch_out_men: f64,
    pub retirement_share: f64,
    pub side_entry_per_switch_out: f64,
    pub migration_rate: f64,
}

impl PickedParams {
    pub fn pick(p: &SupplyParams, v: Variant) -> PickedParams {
        let up = |r: crate::Range3| r.get(v);
        let down = |r: crate::Range3| match v {
            Variant::Low => r.high,
            Variant::Central => r.central,
            Variant::High => r.low,
        };
        PickedParams {
            fte_per_person_women: up(p.fte_per_person_women),
            fte_per_person_men: up(p.fte_per_person_men),
            switch_out_women: down(p.switch_out_women),
            switch_out_men: down(p.switch_out_men),
            retirement_share: p.retirement_share_of_replacement.central,
            side_entry_per_switch_out: up(p.side_entry_per_switch_out),
            migration_rate: up(p.migration_rate),
        }
    }

    /// Fte per employed person in an occupation with this share of women.
    pub fn fte_per_person(&self, women_share: f64) -> f64 {
        women_share * self.fte_per_person_women + (1.0 - women_share) * self.fte_per_person_men
    }

    /// Yearly switch-out rate of a technical occupation with this share of women.
    pub fn switch_out(&self, women_share: f64) -> f64 {
        women_share * self.switch_out_women + (1.0 - women_share) * self.switch_out_men
    }
}

/// Share of each occupation's employment in each region (O x R, rows sum to
/// 1): its employment by sector (hours x occupation share) spread by each
/// sector's regional shares. An occupation found in no sector is spread evenly.
pub fn occupation_regions(ds: &Dataset) -> Vec<f64> {
    let (no, nr) = (ds.n_occupations(), ds.n_regions());
    let mut out = vec![0.0; no * nr];
    for (s, sector) in ds.sectors.iter().enumerate() {
        let g = sector.region_group;
        let shares = &ds.region_shares[g * nr..(g + 1) * nr];
        for o in 0..no {
            let w = sector.hours_worked * ds.occupation_shares[s * no + o];
            for r in 0..nr {
                out[o * nr + r] += w * shares[r];
            }
        }
    }
    for row in out.chunks_mut(nr.max(1)) {
        let sum: f64 = row.iter().sum();
        if sum > 0.0 && sum.is_finite() {
            row.iter_mut().for_each(|x| *x /= sum);
        } else {
            row.iter_mut().for_each(|x| *x = 1.0 / nr as f64);
        }
    }
    out
}

/// Builds the stock-flow model's inputs from the dataset for the flow years
/// `base_year..=horizon` and one supply variant:
///
/// - base stock = employed persons x fte per person x education share x the
///   occupation's regional share ([`occupation_regions`]);
/// - replacement rate (ROA) split into retirement and other exits;
/// - switching out of the technician set at the women's and men's rates;
///   side-entry = ratio x switch-out of the base stock, spread like the stock;
///   migration and re-entry = rate x the national base stock, spread over
///   occupations by their baseline job openings and within one like its stock;
/// - enrolment spread over regions like the stock of that education;
///   graduates entering work spread over occupations like the national stock
///   of that education (persons);
/// - expansion demand = ROA persons per year x fte per person.
///
/// The same as [`SupplyFrame::new`] followed by [`SupplyFrame::inputs`].
pub fn supply_inputs(
    ds: &Dataset,
    sd: &SupplyData,
    horizon: Year,
    v: Variant,
) -> Result<SupplyInputs, GapError> {
    Ok(SupplyFrame::new(ds, sd, horizon)?.inputs(&sd.params, v))
}

/// The parts of the supply inputs that do not depend on the supply
/// parameters ([`SupplyParams`]): the education pipeline, the spread of
/// school-leavers and the regional split. Built once per dataset; a Monte
/// Carlo draw, which changes only parameters, then costs one
/// [`SupplyFrame::inputs`].
#[derive(Debug, Clone)]
pub struct SupplyFrame {
    /// Inputs with every parameter-free field filled in; the others are
    /// zero until [`SupplyFrame::inputs`] fills them.
    pub(crate) template: SupplyInputs,
    /// Employed persons per occupation.
    pub(crate) persons: Vec<f64>,
    /// Per occupation: share of women, replacement rate, expansion (persons
    /// per year).
    pub(crate) occupations: Vec<crate::inputs::dataset::SupplyOccupation>,
    /// Education shares, O x 18.
    pub(crate) education_shares: Vec<f64>,
    /// Regional shares of each occupation, O x R: how its base stock,
    /// side-entrants and migrants spread over the regions.
    pub(crate) regions: Vec<f64>,
    /// Regional shares of each education's enrolment, 18 x R.
    pub(crate) education_regions: Vec<f64>,
}

impl SupplyFrame {
    pub fn new(ds: &Dataset, sd: &SupplyData, horizon: Year) -> Result<SupplyFrame, GapError> {
        let (no, nr) = (ds.n_occupations(), ds.n_regions());
        let start = ds.base_year;
        if horizon < start {
            return Err(GapError::BeforeBaseYear {
                first: horizon,
                last: horizon,
                base_year: start,
            });
        }
        let mut inp = SupplyInputs::zeros(start, horizon, no, nr);
        let ny = inp.n_years();
        let regions = occupation_regions(ds);
        let mut technical = vec![false; no];
        if let Some(set) = ds.occupation_set("technician") {
            for &o in &set.members {
                technical[o] = true;
            }
        }
        for y in 0..ny {
            for (o, so) in sd.occupations.iter().enumerate().take(no) {
                inp.women_share[y * no + o] = so.women_share;
            }
        }
        inp.technical = technical;

        // The education pipeline.
        for (e, cell) in sd.pipeline.iter().enumerate().take(NE) {
            inp.programme_years[e] = cell.programme_years;
            inp.dropout[e] = cell.dropout;
        }
        let max_p = inp.programme_years.iter().copied().max().unwrap_or(1);
        let min_p = inp.programme_years.iter().copied().min().unwrap_or(1);
        let first = sd.enrolment_first_year;
        if i64::from(first) > i64::from(start) - i64::from(max_p) {
            return Err(GapError::EnrolmentStartsLate {
                first,
                needed: i64::from(start) - i64::from(max_p),
                base_year: start,
                longest: max_p,
            });
        }
        let needed_last = horizon.saturating_sub(min_p);
        let last = sd.enrolment_last_year();
        if last < needed_last {
            return Err(GapError::EnrolmentEndsEarly {
                last,
                needed: needed_last,
                horizon,
            });
        }
        inp.enrolment_first_year = first;
        let n_enrol = inp.n_enrolment_years();
        // Regional split of each education's stock (persons), national entry shares.
        let mut edu_region = vec![0.0; NE * nr];
        let mut edu_occ = vec![0.0; NE * no];
        for o in 0..no {
            let persons = ds.occupations[o].employed_persons;
            for e in 0..NE {
                let n = persons * ds.education_shares[o * NE + e];
                // School-leavers go where their education is employed. (Spreading
                // them by job openings instead was tried: it agrees less with
                // ROA's ITKB ranking, Spearman 0.23 against 0.40; docs/MODEL.md.)
                edu_occ[e * no + o] = n;
                for r in 0..nr {
                    edu_region[e * nr + r] += n * regions[o * nr + r];
                }
            }
        }
        normalise_rows(&mut edu_region, nr);
        normalise_rows(&mut edu_occ, no);
        inp.enrolment = vec![0.0; n_enrol * NE * nr];
        for k in 0..n_enrol {
            for e in 0..NE {
                let national = sd.enrolment.get(k * NE + e).copied().unwrap_or(0.0);
                for r in 0..nr {
                    inp.enrolment[(k * NE + e) * nr + r] = national * edu_region[e * nr + r];
                }
            }
        }
        for e in 0..NE {
            let entry = sd.pipeline.get(e).map_or(0.0, |c| c.labour_market_entry);
            for o in 0..no {
                for y in 0..ny {
                    inp.entry_share[(y * NE + e) * no + o] = entry * edu_occ[e * no + o];
                }
            }
        }
        Ok(SupplyFrame {
            template: inp,
            persons: ds.occupations.iter().map(|o| o.employed_persons).collect(),
            occupations: sd.occupations.clone(),
            education_shares: ds.education_shares.clone(),
            regions,
            education_regions: edu_region,
        })
    }

    /// The inputs at the supply end `v` of `params`.
    pub fn inputs(&self, params: &SupplyParams, v: Variant) -> SupplyInputs {
        let mut inp = self.template.clone();
        self.fill(params, v, &mut inp, &self.flow_cells(None));
        inp
    }

    /// The parameter-free inputs, as [`SupplyFrame::inputs`] leaves them.
    pub(crate) fn template(&self) -> &SupplyInputs {
        &self.template
    }

    /// The cells with a share of their occupation's stock (every cell, or
    /// those of the occupation x education pairs `mask` keeps): the cells
    /// [`SupplyFrame::fill`] writes the stock and flows of.
    pub(crate) fn flow_cells(&self, mask: Option<&[bool]>) -> FlowCells {
        let (no, nr) = (self.template.n_occupations, self.template.n_regions);
        let mut cells = Vec::new();
        for o in 0..no {
            for e in 0..NE {
                if mask.is_some_and(|m| m.get(o * NE + e) != Some(&true)) {
                    continue;
                }
                let edu = self.education_shares[o * NE + e];
                for r in 0..nr {
                    let within = edu * self.regions[o * nr + r];
                    if within != 0.0 {
                        cells.push(FlowCell {
                            cell: (o * NE + e) * nr + r,
                            occupation: o,
                            within,
                        });
                    }
                }
            }
        }
        FlowCells(cells)
    }

    /// Writes what `params` change into `inp`, inputs of this frame's shape
    /// whose parameter-free fields are the template's: the rates, and the
    /// base stock, side-entrants and migrants of `cells` (from
    /// [`SupplyFrame::flow_cells`]; the other cells stay as they were: zero
    /// in the template, and a policy adds people only like the stock).
    pub(crate) fn fill(
        &self,
        params: &SupplyParams,
        v: Variant,
        inp: &mut SupplyInputs,
        cells: &FlowCells,
    ) {
        let (no, nr) = (inp.n_occupations, inp.n_regions);
        let ny = inp.n_years();
        let n_cells = no * NE * nr;
        let p = PickedParams::pick(params, v);
        // Fte per person stays central in every bracket run: it converts the
        // base-year workforce into fte on both sides (required and available),
        // so moving it with the supply end would move the requirement as well
        // and make the brackets of required and gap inconsistent. Its range is
        // drawn in the Monte Carlo, where each draw uses one value throughout.
        let central = PickedParams::pick(params, Variant::Central);
        inp.fte_per_person.resize(no, 0.0);
        for (fte, so) in inp.fte_per_person.iter_mut().zip(&self.occupations) {
            *fte = central.fte_per_person(so.women_share);
        }
        let fte_pp = &inp.fte_per_person;

        // Migration and re-entry fill job openings: the national total (rate x
        // stock) is spread over occupations by their baseline job openings
        // (replacement + positive expansion), within an occupation like its stock.
        let openings = |o: usize| {
            let so = &self.occupations[o];
            so.replacement_rate * (self.persons[o] * fte_pp[o])
                + (so.expansion_persons_per_year * fte_pp[o]).max(0.0)
        };
        let total_openings: f64 = (0..no).map(openings).sum();
        let total_fte: f64 = (0..no).map(|o| self.persons[o] * fte_pp[o]).sum();
        let total_migration = p.migration_rate * total_fte;
        // Per occupation: its stock (fte), side-entrants per fte of stock and
        // migrants, each to be spread over its cells like the stock.
        let per_occupation: Vec<[f64; 3]> = (0..no)
            .map(|o| {
                let switch = if inp.technical[o] {
                    p.switch_out(self.occupations[o].women_share)
                } else {
                    0.0
                };
                let migration = if total_openings > 0.0 {
                    total_migration * openings(o) / total_openings
                } else {
                    0.0
                };
                let side = p.side_entry_per_switch_out * switch;
                [self.persons[o] * fte_pp[o], side, migration]
            })
            .collect();
        // Per cell: base stock, then side-entrants and migrants, the same
        // in every flow year.
        let flows: Vec<(usize, f64, f64)> = cells
            .0
            .iter()
            .map(|c| {
                let [stock, side_per_fte, migrants] = per_occupation[c.occupation];
                let base = stock * c.within;
                inp.base_stock[c.cell] = base;
                (c.cell, side_per_fte * base, migrants * c.within)
            })
            .collect();
        for y in 0..ny {
            let side = &mut inp.side_entry[y * n_cells..(y + 1) * n_cells];
            let migration = &mut inp.migration[y * n_cells..(y + 1) * n_cells];
            for &(c, side_entrants, migrants) in &flows {
                side[c] = side_entrants;
                migration[c] = migrants;
            }
        }
        for y in 0..ny {
            for (o, (so, fte)) in self.occupations.iter().zip(&inp.fte_per_person).enumerate() {
                inp.retirement_rate[y * no + o] = so.replacement_rate * p.retirement_share;
                inp.other_exit_rate[y * no + o] = so.replacement_rate * (1.0 - p.retirement_share);
                inp.expansion_demand[y * no + o] = so.expansion_persons_per_year * fte;
            }
            inp.switch_out_women[y] = p.switch_out_women;
            inp.switch_out_men[y] = p.switch_out_men;
        }
    }
}

/// One cell of [`FlowCells`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct FlowCell {
    /// Index of the cell (`(o * 18 + e) * R + r`).
    cell: usize,
    occupation: usize,
    /// The cell's share of the occupation's stock (education x region).
    within: f64,
}

/// The cells whose base stock, side-entrants and migrants
/// [`SupplyFrame::fill`] writes; made once per frame and mask.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct FlowCells(Vec<FlowCell>);

/// Scales each row of `width` values to sum to 1; rows summing to 0 stay 0.
pub(crate) fn normalise_rows(v: &mut [f64], width: usize) {
    for row in v.chunks_mut(width.max(1)) {
        let sum: f64 = row.iter().sum();
        if sum > 0.0 {
            row.iter_mut().for_each(|x| *x /= sum);
        }
    }
}
