//! What the stock-flow loop takes: [`SupplyInputs`], the base stock, rates
//! and flows per occupation × education × region and year, validated by
//! [`SupplyInputs::check`].

use crate::inputs::codes::Education;
use crate::inputs::units::Year;

const NE: usize = Education::COUNT;

/// Slack allowed when shares must sum to at most one: data files round, so an
/// exact sum is unreliable.
const SHARE_TOLERANCE: f64 = 1e-9;

/// Everything the supply model needs, validated by [`SupplyInputs::check`].
///
/// Layouts (all dense, row-major, quantities in fte, rates per year):
/// - a *cell* is `(o, e, r)` at index `(o * 18 + e) * R + r`, with `e` =
///   [`Education::index`];
/// - *year x occupation* arrays are indexed `y * O + o`, `y = t - start_year`
///   over the flow years `start_year..=horizon`;
/// - *year x cell* arrays are indexed `y * (O * 18 * R) + cell`;
/// - enrolment is indexed `(k * 18 + e) * R + r`, `k = t - enrolment_first_year`.
#[derive(Debug, Clone, PartialEq)]
pub struct SupplyInputs {
    /// Year of the base stock; the first year with flows.
    pub start_year: Year,
    /// Last year with flows; stocks are computed up to `horizon + 1`.
    pub horizon: Year,
    /// O, the number of occupation groups.
    pub n_occupations: usize,
    /// R, the number of regions.
    pub n_regions: usize,
    /// Fte per cell on 1 January of `start_year`.
    pub base_stock: Vec<f64>,
    /// Share of the stock retiring, year x occupation. Derived from the age
    /// structure, i.e. the retirement part of ROA's replacement demand.
    pub retirement_rate: Vec<f64>,
    /// Share leaving for other reasons (disability, leaving the labour force,
    /// death), year x occupation.
    pub other_exit_rate: Vec<f64>,
    /// Which occupations count as technical: only those lose workers to
    /// switching out (the seeds measure switching out of technical work).
    pub technical: Vec<bool>,
    /// Share of women in the occupation's stock, year x occupation.
    pub women_share: Vec<f64>,
    /// Share of women in a technical occupation who switch out, per flow year.
    pub switch_out_women: Vec<f64>,
    /// Share of men in a technical occupation who switch out, per flow year.
    pub switch_out_men: Vec<f64>,
    /// First year of `enrolment`. Graduates in year `t` enrolled in
    /// `t - programme_years[e]`, so this must be at most
    /// `start_year - max(programme_years)`.
    pub enrolment_first_year: Year,
    /// First-year students (fte-equivalent heads) per year x education x region,
    /// for every year `enrolment_first_year..=horizon`. Years after
    /// `horizon - programme_years[e]` are not used but keep the layout simple.
    pub enrolment: Vec<f64>,
    /// Nominal programme length per education cell, in years (at least 1).
    pub programme_years: [u16; NE],
    /// Share of an enrolment cohort that never graduates, per education cell.
    pub dropout: [f64; NE],
    /// Fte per person in each occupation (O): graduates are counted in persons
    /// and enter an occupation as `persons x fte_per_person` fte.
    pub fte_per_person: Vec<f64>,
    /// Share of graduates of education `e` that enters occupation `o` in a
    /// flow year, index `y * 18 * O + e * O + o` (policy can shift it over
    /// time). Each row sums to at most 1; the remainder does not enter an
    /// occupation of the model (continues studying, not working).
    pub entry_share: Vec<f64>,
    /// Side-entrants (zijinstroom), fte per year x cell.
    pub side_entry: Vec<f64>,
    /// Net labour migration into the cell, fte per year x cell (not negative:
    /// emigration belongs in `other_exit_rate`).
    pub migration: Vec<f64>,
    /// Baseline (non-climate) expansion demand, fte per year x occupation; may
    /// be negative. Used only for the job-openings identity.
    pub expansion_demand: Vec<f64>,
}

impl SupplyInputs {
    /// Inputs of the right shape with every quantity and rate zero, programme
    /// lengths of one year and enrolment starting a year before `start_year`.
    /// A starting point for loaders and tests; fill in what the data provides.
    pub fn zeros(start_year: Year, horizon: Year, n_occupations: usize, n_regions: usize) -> Self {
        let ny = usize::from(horizon.saturating_sub(start_year)) + 1;
        let cells = n_occupations * NE * n_regions;
        let first = start_year.saturating_sub(1);
        let n_enrol = usize::from(horizon.saturating_sub(first)) + 1;
        SupplyInputs {
            start_year,
            horizon,
            n_occupations,
            n_regions,
            base_stock: vec![0.0; cells],
            retirement_rate: vec![0.0; ny * n_occupations],
            other_exit_rate: vec![0.0; ny * n_occupations],
            technical: vec![false; n_occupations],
            women_share: vec![0.0; ny * n_occupations],
            switch_out_women: vec![0.0; ny],
            switch_out_men: vec![0.0; ny],
            enrolment_first_year: first,
            enrolment: vec![0.0; n_enrol * NE * n_regions],
            programme_years: [1; NE],
            dropout: [0.0; NE],
            fte_per_person: vec![1.0; n_occupations],
            entry_share: vec![0.0; ny * NE * n_occupations],
            side_entry: vec![0.0; ny * cells],
            migration: vec![0.0; ny * cells],
            expansion_demand: vec![0.0; ny * n_occupations],
        }
    }

    /// Makes `self` equal to `other`, reusing `self`'s allocations (a
    /// buffer reused run after run; `Clone::clone_from` as derived would
    /// allocate anew).
    pub fn copy_from(&mut self, other: &SupplyInputs) {
        // Every field named: a new field must be added here.
        let SupplyInputs {
            start_year,
            horizon,
            n_occupations,
            n_regions,
            base_stock,
            retirement_rate,
            other_exit_rate,
            technical,
            women_share,
            switch_out_women,
            switch_out_men,
            enrolment_first_year,
            enrolment,
            programme_years,
            dropout,
            fte_per_person,
            entry_share,
            side_entry,
            migration,
            expansion_demand,
        } = other;
        self.start_year = *start_year;
        self.horizon = *horizon;
        self.n_occupations = *n_occupations;
        self.n_regions = *n_regions;
        self.base_stock.clone_from(base_stock);
        self.retirement_rate.clone_from(retirement_rate);
        self.other_exit_rate.clone_from(other_exit_rate);
        self.technical.clone_from(technical);
        self.women_share.clone_from(women_share);
        self.switch_out_women.clone_from(switch_out_women);
        self.switch_out_men.clone_from(switch_out_men);
        self.enrolment_first_year = *enrolment_first_year;
        self.enrolment.clone_from(enrolment);
        self.programme_years = *programme_years;
        self.dropout = *dropout;
        self.fte_per_person.clone_from(fte_per_person);
        self.entry_share.clone_from(entry_share);
        self.side_entry.clone_from(side_entry);
        self.migration.clone_from(migration);
        self.expansion_demand.clone_from(expansion_demand);
    }

    /// The names of the fields in which `self` and `other` differ (every
    /// field named: a new field must be added here).
    pub fn fields_differing(&self, other: &SupplyInputs) -> Vec<&'static str> {
        let SupplyInputs {
            start_year,
            horizon,
            n_occupations,
            n_regions,
            base_stock,
            retirement_rate,
            other_exit_rate,
            technical,
            women_share,
            switch_out_women,
            switch_out_men,
            enrolment_first_year,
            enrolment,
            programme_years,
            dropout,
            fte_per_person,
            entry_share,
            side_entry,
            migration,
            expansion_demand,
        } = other;
        let mut out = Vec::new();
        let mut check = |name: &'static str, same: bool| {
            if !same {
                out.push(name);
            }
        };
        check("start_year", self.start_year == *start_year);
        check("horizon", self.horizon == *horizon);
        check("n_occupations", self.n_occupations == *n_occupations);
        check("n_regions", self.n_regions == *n_regions);
        check("base_stock", self.base_stock == *base_stock);
        check("retirement_rate", self.retirement_rate == *retirement_rate);
        check("other_exit_rate", self.other_exit_rate == *other_exit_rate);
        check("technical", self.technical == *technical);
        check("women_share", self.women_share == *women_share);
        check(
            "switch_out_women",
            self.switch_out_women == *switch_out_women,
        );
        check("switch_out_men", self.switch_out_men == *switch_out_men);
        check(
            "enrolment_first_year",
            self.enrolment_first_year == *enrolment_first_year,
        );
        check("enrolment", self.enrolment == *enrolment);
        check("programme_years", self.programme_years == *programme_years);
        check("dropout", self.dropout == *dropout);
        check("fte_per_person", self.fte_per_person == *fte_per_person);
        check("entry_share", self.entry_share == *entry_share);
        check("side_entry", self.side_entry == *side_entry);
        check("migration", self.migration == *migration);
        check(
            "expansion_demand",
            self.expansion_demand == *expansion_demand,
        );
        out
    }

    /// Number of flow years, `start_year..=horizon` (0 if the horizon is before the start).
    pub fn n_years(&self) -> usize {
        if self.horizon < self.start_year {
            0
        } else {
            usize::from(self.horizon - self.start_year) + 1
        }
    }

    /// Number of enrolment years, `enrolment_first_year..=horizon`.
    pub fn n_enrolment_years(&self) -> usize {
        if self.horizon < self.enrolment_first_year {
            0
        } else {
            usize::from(self.horizon - self.enrolment_first_year) + 1
        }
    }

    /// Repeats one value per occupation over `n_years` years, giving a
    /// year x occupation array for rates that do not change over time.
    pub fn per_year(per_occupation: &[f64], n_years: usize) -> Vec<f64> {
        per_occupation.repeat(n_years)
    }

    /// Every violation of the documented constraints, empty when the inputs
    /// are fit for [`run`](crate::reference::supply::run). Dimensions are checked first; values only when
    /// the dimensions are right.
    pub fn check(&self) -> Vec<String> {
        let mut errs = self.check_shape();
        if errs.is_empty() {
            self.check_values_into(&mut errs);
        }
        errs
    }

    /// The dimension part of [`SupplyInputs::check`]: array lengths, years
    /// and programme lengths. Inputs that pass it cannot make [`run`](crate::reference::supply::run) panic.
    pub fn check_shape(&self) -> Vec<String> {
        let mut errs = Vec::new();
        if self.horizon < self.start_year {
            errs.push(format!(
                "horizon {} is before start_year {}",
                self.horizon, self.start_year
            ));
            return errs;
        }
        if self.horizon == Year::MAX {
            // The stock after the last flow year must be a representable year.
            errs.push(format!("horizon {} is too late", self.horizon));
            return errs;
        }
        for (e, p) in self.programme_years.iter().enumerate() {
            if *p == 0 {
                errs.push(format!(
                    "programme_years[{e}] ({}) is 0; programmes last at least 1 year",
                    edu_label(e)
                ));
            }
        }
        let max_p = self.programme_years.iter().copied().max().unwrap_or(1);
        let needed = i64::from(self.start_year) - i64::from(max_p);
        if i64::from(self.enrolment_first_year) > needed {
            errs.push(format!(
                "enrolment starts in {} but graduates from {} onwards with programmes of up to {} years need enrolment from {}",
                self.enrolment_first_year, self.start_year, max_p, needed
            ));
        }
        let (ny, no, nr) = (self.n_years(), self.n_occupations, self.n_regions);
        let dims = (|| {
            let cells = no.checked_mul(NE)?.checked_mul(nr)?;
            Some((
                cells,
                ny.checked_mul(no)?,
                ny.checked_mul(cells)?,
                self.n_enrolment_years().checked_mul(NE)?.checked_mul(nr)?,
                ny.checked_mul(NE)?.checked_mul(no)?,
            ))
        })();
        let Some((cells, year_occ, year_cells, enrol, edu_occ)) = dims else {
            errs.push("the dimensions are too large".into());
            return errs;
        };
        let lengths: [(&str, usize, usize); 15] = [
            ("base_stock", self.base_stock.len(), cells),
            ("retirement_rate", self.retirement_rate.len(), year_occ),
            ("other_exit_rate", self.other_exit_rate.len(), year_occ),
            ("technical", self.technical.len(), no),
            ("women_share", self.women_share.len(), year_occ),
            ("switch_out_women", self.switch_out_women.len(), ny),
            ("switch_out_men", self.switch_out_men.len(), ny),
            ("enrolment", self.enrolment.len(), enrol),
            ("entry_share", self.entry_share.len(), edu_occ),
            ("fte_per_person", self.fte_per_person.len(), no),
            ("side_entry", self.side_entry.len(), year_cells),
            ("migration", self.migration.len(), year_cells),
            ("expansion_demand", self.expansion_demand.len(), year_occ),
            // Fixed-size arrays: listed so every field is accounted for.
            ("programme_years", self.programme_years.len(), NE),
            ("dropout", self.dropout.len(), NE),
        ];
        for (name, got, want) in lengths {
            if got != want {
                errs.push(format!("{name} has {got} values, expected {want}"));
            }
        }
        errs
    }

    /// The value part of [`SupplyInputs::check`], for inputs of the right shape.
    fn check_values_into(&self, errs: &mut Vec<String>) {
        let no = self.n_occupations;
        let quantities: [(&str, &[f64]); 4] = [
            ("base_stock", &self.base_stock),
            ("enrolment", &self.enrolment),
            ("side_entry", &self.side_entry),
            ("migration", &self.migration),
        ];
        for (name, v) in quantities {
            check_values(errs, name, v, "a finite number >= 0", |x| {
                x.is_finite() && x >= 0.0
            });
        }
        let rates: [(&str, &[f64]); 6] = [
            ("retirement_rate", &self.retirement_rate),
            ("other_exit_rate", &self.other_exit_rate),
            ("women_share", &self.women_share),
            ("switch_out_women", &self.switch_out_women),
            ("switch_out_men", &self.switch_out_men),
            ("dropout", &self.dropout),
        ];
        for (name, v) in rates {
            check_values(errs, name, v, "a share in [0, 1]", is_share);
        }
        check_values(
            errs,
            "entry_share",
            &self.entry_share,
            "a share in [0, 1]",
            is_share,
        );
        check_values(
            errs,
            "fte_per_person",
            &self.fte_per_person,
            "a number in (0, 1.5]",
            |x| x > 0.0 && x <= 1.5,
        );
        check_values(
            errs,
            "expansion_demand",
            &self.expansion_demand,
            "a finite number",
            f64::is_finite,
        );
        if no > 0 {
            for (k, row) in self.entry_share.chunks(no).enumerate() {
                let sum: f64 = row.iter().sum();
                if sum > 1.0 + SHARE_TOLERANCE {
                    let (y, e) = (k / NE, k % NE);
                    errs.push(format!(
                        "entry_share for education {e} ({}) in flow year {y} sums to {sum}, more than 1",
                        edu_label(e)
                    ));
                }
            }
        }
    }
}

fn is_share(x: f64) -> bool {
    (0.0..=1.0).contains(&x)
}

fn edu_label(e: usize) -> String {
    let ed = Education::from_index(e);
    format!("{}-{}", ed.level.code(), ed.direction.code())
}

/// Reports the first bad value of a field and how many more there are, so a
/// broken file gives one line per field rather than thousands.
fn check_values(
    errs: &mut Vec<String>,
    name: &str,
    values: &[f64],
    must_be: &str,
    ok: impl Fn(f64) -> bool,
) {
    // Fast path: inputs are large (cells x years) and almost always valid.
    if values.iter().all(|x| ok(*x)) {
        return;
    }
    let mut bad = values.iter().enumerate().filter(|(_, x)| !ok(**x));
    if let Some((i, x)) = bad.next() {
        let more = bad.count();
        let tail = if more > 0 {
            format!(" (and {more} more)")
        } else {
            String::new()
        };
        errs.push(format!("{name}[{i}] = {x}: must be {must_be}{tail}"));
    }
}
