//! `docs/MODEL.md` §10, what a policy changes: a lever (one row of
//! `levers.csv`) moves one flow of the supply model, or required labour, from
//! `start_year + lag_years` for `duration_years` years, with an effect that
//! scales linearly with the policy's intensity; a campaign turns a budget into
//! people through a funnel (reach -> interest -> applications -> starts).
//! [`Applied`] applies a policy's items to a gap run's supply inputs and
//! required labour (an [`crate::reference::gap::Adjustment`]).

use crate::inputs::bracket::{Range3, Variant};
use crate::inputs::codes::{Direction, Education, Level};
use crate::inputs::dataset::Dataset;
use crate::inputs::policy::{
    Campaign, Extra, Item, LeverFlow, LeverTarget, Policy, RetentionGroup,
};
use crate::inputs::units::Year;
use crate::kernel::supply_inputs::SupplyInputs;
use crate::reference::gap::Adjustment;

const NE: usize = Education::COUNT;

/// Whether `t` lies in the window of an effect that starts at `first` and
/// lasts `duration` years (0 = no end).
pub(crate) fn active(t: i64, first: i64, duration: u16) -> bool {
    t >= first && (duration == 0 || t < first + i64::from(duration))
}

/// The lever effect at the end of its range that fits the run: the most
/// favourable in the high-supply run.
pub(crate) fn favourable(r: Range3, higher_is_better: bool, supply_variant: Variant) -> f64 {
    match (supply_variant, higher_is_better) {
        (Variant::Central, _) => r.central,
        (Variant::High, true) | (Variant::Low, false) => r.high,
        (Variant::High, false) | (Variant::Low, true) => r.low,
    }
}

/// Years from a campaign to its effect, at the end of the lag range that
/// fits the run: the shortest lag in the high-supply run.
pub(crate) fn campaign_lag(c: &Campaign, sv: Variant) -> i64 {
    let lag = match sv {
        Variant::High => c.lag_years.low,
        Variant::Central => c.lag_years.central,
        Variant::Low => c.lag_years.high,
    };
    lag.round().max(0.0) as i64
}

/// The items of a run, applied to the supply inputs and required labour.
pub struct Applied<'a> {
    pub dataset: &'a Dataset,
    pub items: Vec<Item>,
}

/// What an effect's size is.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Size {
    /// A lever's effect, in the unit of its flow (`levers.csv`'s `effect_unit`).
    LeverEffect,
    /// A campaign's people a year (its funnel's yield).
    PersonsPerYear,
}

/// One effect in resolved form.
pub(crate) struct Effect<'t> {
    flow: LeverFlow,
    target: &'t LeverTarget,
    size: f64,
    unit: Size,
    first: i64,
    duration: u16,
    region: Option<usize>,
}

/// When a campaign's people arrive among the effects: side-entrants with
/// the levers (pass 0), first-year students after every lever (pass 1: they
/// are added in proportion to the enrolment the levers left). `None`: not a
/// flow a campaign can have (the loader accepts side_entry and enrolment).
fn campaign_pass(flow: LeverFlow) -> Option<usize> {
    match flow {
        LeverFlow::SideEntry => Some(0),
        LeverFlow::Enrolment => Some(1),
        LeverFlow::Dropout
        | LeverFlow::Weglek
        | LeverFlow::Retention
        | LeverFlow::Productivity
        | LeverFlow::Migration
        | LeverFlow::None => None,
    }
}

impl Applied<'_> {
    /// The items' effects in the order they apply: the levers and the
    /// side-entry campaigns in the items' order, then the enrolment
    /// campaigns ([`campaign_pass`]). The solver's extra efforts are not
    /// among them.
    fn effects(&self, sv: Variant) -> Vec<Effect<'_>> {
        let Some(pd) = &self.dataset.policy else {
            return Vec::new();
        };
        let mut passes: [Vec<Effect<'_>>; 2] = Default::default();
        for item in &self.items {
            match item {
                Item::Lever { lever, intensity } => {
                    let Some(l) = pd.levers.get(*lever) else {
                        continue;
                    };
                    let scale = if l.default_intensity > 0.0 {
                        intensity / l.default_intensity
                    } else {
                        0.0
                    };
                    passes[0].push(Effect {
                        flow: l.flow,
                        target: &l.target,
                        size: favourable(l.effect, l.flow.higher_is_better(), sv) * scale,
                        unit: Size::LeverEffect,
                        first: i64::from(l.start_year) + i64::from(l.lag_years),
                        duration: l.duration_years,
                        region: l.region,
                    });
                }
                Item::Campaign(c) => {
                    let Some(camp) = pd.campaigns.get(c.campaign) else {
                        continue;
                    };
                    let Some(pass) = campaign_pass(camp.flow) else {
                        continue;
                    };
                    let lag = campaign_lag(camp, sv);
                    passes[pass].push(Effect {
                        flow: camp.flow,
                        target: &camp.target,
                        size: camp.persons_per_year(c.budget_meur_per_year, sv),
                        unit: Size::PersonsPerYear,
                        first: i64::from(c.start_year) + lag,
                        duration: c.years,
                        region: None,
                    });
                }
                Item::Extra(_) => {}
            }
        }
        let [mut out, after] = passes;
        out.extend(after);
        out
    }
}

/// Who a side-entry or migration effect brings in.
#[derive(Clone, Copy)]
pub(crate) struct Entrants {
    /// Occupation set (index into `Dataset::occupation_sets`).
    set: usize,
    level: Level,
    region: Option<usize>,
    /// Counted as migration rather than side-entry.
    into_migration: bool,
}

/// Context for applying effects to one run's inputs.
pub(crate) struct Ctx<'a> {
    ds: &'a Dataset,
    no: usize,
    nr: usize,
    cells: usize,
    /// What the effects changed so far.
    touched: std::cell::Cell<Touched>,
}

/// The education cells whose rows of the entry shares and of the
/// enrolment a policy's [`Applied::supply_touching`] changed (bit e for
/// education e): the rest of those two, the largest of the inputs, is as
/// it was.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Touched {
    pub entry_share: u32,
    pub enrolment: u32,
}

/// Bit e for each education e of `cells` (those beyond the 18 left out).
pub(crate) fn education_bits(cells: &[usize]) -> u32 {
    cells
        .iter()
        .filter(|&&e| e < NE)
        .fold(0, |bits, &e| bits | (1 << e))
}

impl Ctx<'_> {
    fn touch(&self, entry_share: u32, enrolment: u32) {
        let t = self.touched.get();
        self.touched.set(Touched {
            entry_share: t.entry_share | entry_share,
            enrolment: t.enrolment | enrolment,
        });
    }

    /// Adds `persons` a year into occupation set `set` at `level` (direction
    /// of the set: techniek for technicians, ict for ICT), spread over the
    /// set's occupations and regions like the base stock of that education
    /// (or of the occupations when nobody in the set has it).
    fn add_people(
        &self,
        inp: &mut SupplyInputs,
        who: Entrants,
        persons: f64,
        years: impl Fn(i64) -> bool,
    ) {
        let Entrants {
            set,
            level,
            region,
            into_migration,
        } = who;
        let Some(set) = self.ds.occupation_sets.get(set) else {
            return;
        };
        let direction = if set.id == "ict" {
            Direction::Ict
        } else {
            Direction::Techniek
        };
        let e = Education { level, direction }.index();
        let (no, nr) = (self.no, self.nr);
        let weight = |c: usize| -> f64 {
            let r = c % nr;
            if region.is_some_and(|g| g != r) {
                0.0
            } else {
                inp.base_stock[c]
            }
        };
        let mut targets: Vec<(usize, f64)> = set
            .members
            .iter()
            .flat_map(|&o| (0..nr).map(move |r| (o * NE + e) * nr + r))
            .map(|c| (c, weight(c)))
            .collect();
        if targets.iter().map(|t| t.1).sum::<f64>() <= 0.0 {
            targets = set
                .members
                .iter()
                .flat_map(|&o| {
                    (0..NE).flat_map(move |e2| (0..nr).map(move |r| (o * NE + e2) * nr + r))
                })
                .map(|c| (c, weight(c)))
                .collect();
        }
        let total: f64 = targets.iter().map(|t| t.1).sum();
        if total <= 0.0 || no == 0 {
            return;
        }
        // Per target: its fte a year, the same in every year.
        for (c, w) in &mut targets {
            *w = persons * *w / total * inp.fte_per_person[*c / (NE * nr)];
        }
        for y in 0..inp.n_years() {
            if !years(i64::from(inp.start_year) + y as i64) {
                continue;
            }
            for &(c, add) in &targets {
                let slot = if into_migration {
                    &mut inp.migration[y * self.cells + c]
                } else {
                    &mut inp.side_entry[y * self.cells + c]
                };
                *slot = (*slot + add).max(0.0);
            }
        }
    }

    /// Scales first-year students of `cells` in the enrolment years where
    /// `scale` gives a factor.
    fn scale_enrolment(
        &self,
        inp: &mut SupplyInputs,
        cells: &[usize],
        factor: impl Fn(i64, usize) -> Option<f64>,
    ) {
        let nr = self.nr;
        self.touch(0, education_bits(cells));
        for k in 0..inp.n_enrolment_years() {
            let t = i64::from(inp.enrolment_first_year) + k as i64;
            for &e in cells {
                if let Some(f) = factor(t, e) {
                    for r in 0..nr {
                        let slot = &mut inp.enrolment[(k * NE + e) * nr + r];
                        *slot = (*slot * f).max(0.0);
                    }
                }
            }
        }
    }

    /// Adds `persons` first-year students a year to `cells`, split like their
    /// current enrolment (evenly when they have none).
    fn add_enrolment(
        &self,
        inp: &mut SupplyInputs,
        cells: &[usize],
        persons: f64,
        years: impl Fn(i64) -> bool,
    ) {
        let nr = self.nr;
        if cells.is_empty() || nr == 0 {
            return;
        }
        self.touch(0, education_bits(cells));
        for k in 0..inp.n_enrolment_years() {
            let t = i64::from(inp.enrolment_first_year) + k as i64;
            if !years(t) {
                continue;
            }
            let block: f64 = cells
                .iter()
                .flat_map(|&e| (0..nr).map(move |r| (k * NE + e) * nr + r))
                .map(|i| inp.enrolment[i])
                .sum();
            for &e in cells {
                for r in 0..nr {
                    let i = (k * NE + e) * nr + r;
                    let share = if block > 0.0 {
                        inp.enrolment[i] / block
                    } else {
                        1.0 / (cells.len() * nr) as f64
                    };
                    inp.enrolment[i] += persons * share;
                }
            }
        }
    }

    /// Moves `points` of the school-leavers of cell `e` who start work from
    /// occupations outside `set` into it, in flow years where `years` holds.
    fn shift_entry(
        &self,
        inp: &mut SupplyInputs,
        e: usize,
        set: &[usize],
        points: f64,
        years: impl Fn(i64) -> bool,
    ) {
        let no = self.no;
        self.touch(education_bits(&[e]), 0);
        let mut inside = vec![false; no];
        for &o in set {
            if let Some(s) = inside.get_mut(o) {
                *s = true;
            }
        }
        for y in 0..inp.n_years() {
            if !years(i64::from(inp.start_year) + y as i64) {
                continue;
            }
            let row = &mut inp.entry_share[(y * NE + e) * no..(y * NE + e + 1) * no];
            // Inside and outside summed without branches (adding 0 x a share
            // leaves a sum as it was): the rows are long.
            let (mut t, mut n) = (0.0, 0.0);
            for (x, &ins) in row.iter().zip(&inside) {
                let m = f64::from(u8::from(ins));
                t += m * x;
                n += (1.0 - m) * x;
            }
            if t <= 0.0 {
                continue;
            }
            // Points of those who start work; never more than is outside,
            // never less than is inside (a negative effect moves people out).
            let delta = (points * (t + n)).clamp(-t, n);
            let outside = if n > 0.0 { (n - delta) / n } else { 1.0 };
            let factors = [outside, (t + delta) / t];
            for (x, &ins) in row.iter_mut().zip(&inside) {
                *x *= factors[usize::from(ins)];
            }
        }
    }
}

impl Applied<'_> {
    /// [`Adjustment::supply`], telling which rows of the entry shares and
    /// the enrolment it changed.
    pub(crate) fn supply_touching(&self, sv: Variant, inp: &mut SupplyInputs) -> Touched {
        let ds = self.dataset;
        let (no, nr) = (inp.n_occupations, inp.n_regions);
        let cx = Ctx {
            ds,
            no,
            nr,
            cells: no * NE * nr,
            touched: Default::default(),
        };
        let technician = ds.occupation_sets.iter().position(|s| s.id == "technician");
        let set_members =
            |id: &str| -> &[usize] { ds.occupation_set(id).map_or(&[], |s| &s.members[..]) };
        // A national run (regions summed) has no provinces to target: a
        // regional lever then acts on the national total.
        let region = |r: Option<usize>| r.filter(|_| nr == ds.n_regions() && nr > 1);
        for ef in self.effects(sv) {
            let window = |t: i64| active(t, ef.first, ef.duration);
            // Each flow's meaning, once. The loader pairs every flow with its
            // kind of target (`crates/data/src/policy.rs`); an effect with
            // another kind changes nothing.
            match ef.flow {
                LeverFlow::Enrolment => {
                    let Some(cells) = ef.target.cells() else {
                        continue;
                    };
                    match ef.unit {
                        // A lever: first-year students relative (`share`).
                        Size::LeverEffect => cx
                            .scale_enrolment(inp, cells, |t, _| window(t).then_some(1.0 + ef.size)),
                        // A campaign: people a year, split like the
                        // current enrolment.
                        Size::PersonsPerYear => cx.add_enrolment(inp, cells, ef.size, window),
                    }
                }
                LeverFlow::Dropout => {
                    let Some(cells) = ef.target.cells() else {
                        continue;
                    };
                    let dropout = inp.dropout;
                    // Graduates = enrolled x (1 - dropout): a cohort's lower
                    // dropout is a larger effective cohort.
                    cx.scale_enrolment(inp, cells, |t, e| {
                        let d = dropout[e];
                        (window(t) && d < 1.0)
                            .then(|| (1.0 - (d + ef.size).clamp(0.0, 1.0)) / (1.0 - d))
                    });
                }
                LeverFlow::Weglek => {
                    let Some(cells) = ef.target.cells() else {
                        continue;
                    };
                    for &e in cells {
                        let id = if Education::from_index(e).direction == Direction::Ict {
                            "ict"
                        } else {
                            "technician"
                        };
                        cx.shift_entry(inp, e, set_members(id), ef.size, window);
                    }
                }
                flow @ (LeverFlow::SideEntry | LeverFlow::Migration) => {
                    let Some((set, level)) = ef.target.set_level() else {
                        continue;
                    };
                    let who = Entrants {
                        set,
                        level,
                        region: region(ef.region),
                        into_migration: flow == LeverFlow::Migration,
                    };
                    cx.add_people(inp, who, ef.size, window);
                }
                LeverFlow::Retention => {
                    let Some(group) = ef.target.retention() else {
                        continue;
                    };
                    let keep = (1.0 - ef.size).clamp(0.0, 10.0);
                    for y in 0..inp.n_years() {
                        if !window(i64::from(inp.start_year) + y as i64) {
                            continue;
                        }
                        if matches!(group, RetentionGroup::Women | RetentionGroup::All) {
                            inp.switch_out_women[y] = (inp.switch_out_women[y] * keep).min(1.0);
                        }
                        if matches!(group, RetentionGroup::Men | RetentionGroup::All) {
                            inp.switch_out_men[y] = (inp.switch_out_men[y] * keep).min(1.0);
                        }
                    }
                }
                // Required labour, not supply: `Adjustment::required_factor`.
                LeverFlow::Productivity => {}
                // Governance and enabling: no quantified effect.
                LeverFlow::None => {}
            }
        }
        // The solver's extra efforts.
        for item in &self.items {
            if let Item::Extra(x) = item {
                match *x {
                    Extra::SideEntry {
                        persons_per_year,
                        from,
                    } => {
                        if let Some(set) = technician {
                            let first = i64::from(from);
                            let who = Entrants {
                                set,
                                level: Level::Mbo4,
                                region: None,
                                into_migration: false,
                            };
                            cx.add_people(inp, who, persons_per_year, |t| t >= first);
                        }
                    }
                    Extra::TechniekEnrolment { share, from } => {
                        let cells: Vec<usize> = Education::all()
                            .filter(|e| e.direction == Direction::Techniek)
                            .map(Education::index)
                            .collect();
                        let first = i64::from(from);
                        cx.scale_enrolment(inp, &cells, |t, _| (t >= first).then_some(1.0 + share));
                    }
                    Extra::Productivity { .. } => {}
                }
            }
        }
        cx.touched.get()
    }
}

impl Adjustment for Applied<'_> {
    fn supply(&self, sv: Variant, inp: &mut SupplyInputs) {
        self.supply_touching(sv, inp);
    }

    fn regional(&self) -> bool {
        // The region of an effect does not depend on the supply end.
        self.effects(Variant::Central)
            .iter()
            .any(|ef| ef.region.is_some())
    }

    fn required_factor(&self, sv: Variant, year: Year) -> f64 {
        let t = i64::from(year);
        let mut factor = 1.0;
        let mut grow = |g: f64, first: i64, duration: u16| {
            // Growth in every active year up to and including `year`.
            let years = (first..=t).filter(|s| active(*s, first, duration)).count();
            // Growth of -100% or less is no growth rate; the loader bounds
            // it, this keeps the factor finite regardless.
            factor *= (1.0 + g).max(0.01).powi(-(years as i32));
        };
        for ef in self.effects(sv) {
            match ef.flow {
                LeverFlow::Productivity => grow(ef.size, ef.first, ef.duration),
                // Supply: `supply_touching`.
                LeverFlow::Enrolment
                | LeverFlow::Dropout
                | LeverFlow::Weglek
                | LeverFlow::SideEntry
                | LeverFlow::Migration
                | LeverFlow::Retention
                | LeverFlow::None => {}
            }
        }
        for item in &self.items {
            if let Item::Extra(Extra::Productivity { points, from }) = item {
                grow(*points, i64::from(*from), 0);
            }
        }
        factor
    }
}

/// The items a policy switches on: levers, then campaigns.
pub fn items_of(policy: &Policy) -> Vec<Item> {
    policy
        .levers
        .iter()
        .map(|&(lever, intensity)| Item::Lever { lever, intensity })
        .chain(policy.campaigns.iter().copied().map(Item::Campaign))
        .collect()
}
