//! The validated dataset the model computes on. It is built by `krapte-data`
//! from the CSV files of a dataset folder (see `docs/DATA.md`); the model never
//! reads files. Every constructor check that matters (shares sum to 1,
//! dimensions agree, values finite and non-negative) is done by the loader and
//! re-checked by [`Dataset::check_invariants`].

use crate::inputs::bracket::Range3;
use crate::inputs::codes::{BrcCode, Direction, Education, Region};
use crate::inputs::evidence::{Backing, Finding};
use crate::inputs::units::Year;

/// How well a number is founded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Quality {
    /// Read from a published source.
    Sourced,
    /// Arithmetic on sourced numbers (formula stated in the data).
    Derived,
    /// Statistically estimated by us from sourced margins (e.g. iterative proportional fitting).
    Estimate,
    /// No source gives it: a labelled judgement with a range and a reason.
    Assumption,
}

impl Quality {
    pub fn label(self) -> &'static str {
        match self {
            Quality::Sourced => "sourced",
            Quality::Derived => "derived",
            Quality::Estimate => "estimate",
            Quality::Assumption => "assumption",
        }
    }
    pub fn from_label(s: &str) -> Option<Quality> {
        match s {
            "sourced" => Some(Quality::Sourced),
            "derived" => Some(Quality::Derived),
            "estimate" => Some(Quality::Estimate),
            "assumption" => Some(Quality::Assumption),
            _ => None,
        }
    }
}

/// Scalar model parameters, each with a range (from `parameters.csv`).
#[derive(Debug, Clone, PartialEq)]
pub struct Params {
    /// Hours worked by one fte in a year (hours/fte). Converts hours to fte.
    pub fte_hours_per_year: Range3,
    /// Units of the input-output table's currency per euro in the IO year (e.g. USD per EUR 2014).
    pub io_currency_per_eur: Range3,
    /// Price level of the base year relative to the IO year (1.30 = prices 30% higher).
    /// Scenario euros are in base-year prices and are divided by this.
    pub price_index_base_vs_io: Range3,
    /// Baseline labour-productivity growth per year (0.004 = 0.4%/yr), applied from
    /// each labour intensity's reference year.
    pub productivity_growth: Range3,
}

/// One industry of the input-output table.
#[derive(Debug, Clone, PartialEq)]
pub struct Sector {
    pub code: String,
    pub name: String,
    /// Index into [`Dataset::region_groups`]: which regional employment group holds it.
    pub region_group: usize,
    /// Gross output in the IO year, million units of the IO currency.
    pub gross_output: f64,
    /// Hours worked by persons engaged in the IO year (hours).
    pub hours_worked: f64,
    /// Share of final demand for this product that is imported (0..1).
    pub import_share: f64,
}

/// One BRC 2014 occupation group.
#[derive(Debug, Clone, PartialEq)]
pub struct Occupation {
    pub code: BrcCode,
    pub name: String,
    /// Employed persons in the base year (CBS), used by the supply side and for checks.
    pub employed_persons: f64,
}

/// A named, versioned set of occupation indices (e.g. "technician" v1).
#[derive(Debug, Clone, PartialEq)]
pub struct OccupationSet {
    pub id: String,
    pub version: String,
    pub description: String,
    /// Indices into [`Dataset::occupations`].
    pub members: Vec<usize>,
}

/// How labour for one activity of a bottom-up measure is expressed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IntensityUnit {
    /// Job-years per unit built (construction): spread over the build time.
    JobYearsPerUnit,
    /// Hours per unit built (installation): converted with `fte_hours_per_year`, spread over the build time.
    HoursPerUnit,
    /// Full-time jobs per unit of installed stock, every year (operation and maintenance).
    FtePerUnitStock,
    /// Hours of work per year per unit of installed stock (operation and
    /// maintenance), converted with `fte_hours_per_year`.
    HoursPerUnitStock,
}

impl IntensityUnit {
    /// The figure is in hours: it becomes fte through `fte_hours_per_year`.
    pub fn is_hours(self) -> bool {
        matches!(
            self,
            IntensityUnit::HoursPerUnit | IntensityUnit::HoursPerUnitStock
        )
    }
}

/// Labour of one activity of a bottom-up measure.
#[derive(Debug, Clone, PartialEq)]
pub struct Activity {
    /// e.g. "construction", "installation", "om".
    pub name: String,
    pub unit: IntensityUnit,
    pub intensity: Range3,
    /// Years over which construction labour is spread, ending in the completion year (>= 1).
    pub build_years: u8,
    /// Year the intensity refers to; productivity growth applies from here.
    pub ref_year: Year,
    /// Sector shares of this activity's direct labour: (sector index, share), summing to 1.
    pub sectors: Vec<(usize, f64)>,
    /// The intensity already counts supply-chain labour: no indirect jobs are added.
    pub includes_supply_chain: bool,
    /// When the intensity is direct labour only: the sector whose purchases
    /// stand for what the activity buys (its supply chain is what the
    /// input-output path adds). `None`: each of the activity's own sectors.
    pub supply_chain_sector: Option<usize>,
}

/// One product that spending on a measure buys.
#[derive(Debug, Clone, PartialEq)]
pub struct ProductShare {
    pub sector: usize,
    pub share: f64,
    /// Import share for this product in this measure (overrides the sector default).
    pub import_share: f64,
}

/// How a measure turns into labour.
#[derive(Debug, Clone, PartialEq)]
pub enum Path {
    /// Units x labour intensity per activity (direct jobs; indirect optionally via IO).
    BottomUp { activities: Vec<Activity> },
    /// Euros of investment -> products -> Leontief inverse -> direct + indirect jobs.
    Spending {
        /// Million euros (base-year prices) per physical unit added. For measures
        /// whose unit is already euros this is 1.
        cost_per_unit: Range3,
        products: Vec<ProductShare>,
    },
}

/// A climate measure the dataset knows how to turn into labour.
#[derive(Debug, Clone, PartialEq)]
pub struct Measure {
    pub id: String,
    pub name: String,
    /// Physical unit of the measure's stock and additions (e.g. "MW", "homes", "MEUR").
    pub unit: String,
    /// Installed stock in the dataset's base year (physical units).
    pub base_stock: f64,
    pub path: Path,
    /// Default regional split of direct work: (province index, share) summing to 1.
    /// Empty = follow the regional shares of the sectors that do the work.
    pub regions: Vec<(usize, f64)>,
    /// Activity in the base year, in `unit` per year (`base_year_activity.csv`):
    /// the additions (or spending) whose work the base-year workforce already
    /// does. For an activity built over several years it is the mean of the
    /// completions in the years whose work falls in the base year. `None` when
    /// the dataset does not say.
    pub base_year_additions: Option<Range3>,
}

/// Jobs lost in the transition (fossil phase-out), for gross -> net.
#[derive(Debug, Clone, PartialEq)]
pub struct FossilLoss {
    pub id: String,
    pub name: String,
    pub sector: usize,
    /// Fte lost once the phase-out is complete (reached in `full_year`).
    pub fte_lost: Range3,
    /// Last year with no loss; loss grows linearly to `full_year`.
    pub start_year: Year,
    pub full_year: Year,
}

/// A validated dataset. Vectors are indexed densely; matrices are row-major.
#[derive(Debug, Clone, PartialEq)]
pub struct Dataset {
    /// Edition string from the manifest, printed with every result.
    pub edition: String,
    /// Base year of the dataset (employment, stocks, prices of scenario euros).
    pub base_year: Year,
    /// Year of the input-output table.
    pub io_year: Year,
    /// ISO code of the IO table's currency, e.g. "USD".
    pub io_currency: String,
    pub params: Params,
    pub sectors: Vec<Sector>,
    /// Domestic intermediate use, row = supplying sector, column = using sector,
    /// million units of the IO currency (len = n*n).
    pub io_domestic: Vec<f64>,
    /// Names of regional employment groups (e.g. SBI "F", "B-E").
    pub region_groups: Vec<String>,
    /// Regions the dataset covers: its provinces as loaded (a subset of the
    /// 12 for toy datasets), or the regions of a region set in a region
    /// view (`krapte_data::region_view::view`, docs/MODEL.md "Region sets as views").
    pub regions: Vec<Region>,
    /// Share of each region group's employment in each region: len = groups * regions, rows sum to 1.
    pub region_shares: Vec<f64>,
    pub occupations: Vec<Occupation>,
    /// Occupation shares per sector: len = sectors * occupations, rows sum to 1.
    pub occupation_shares: Vec<f64>,
    /// Education shares per occupation: len = occupations * 18, rows sum to 1.
    pub education_shares: Vec<f64>,
    pub occupation_sets: Vec<OccupationSet>,
    pub measures: Vec<Measure>,
    pub fossil_losses: Vec<FossilLoss>,
    /// The supply side (stock-flow model, gap, goal definitions); `None` for a
    /// demand-only dataset, which `krapte run` accepts and `krapte gap` refuses.
    pub supply: Option<SupplyData>,
    /// The lever catalogue and campaign options (`krapte plan`); `None` when
    /// the dataset has no policy files.
    pub policy: Option<crate::inputs::policy::PolicyData>,
    /// How the Monte Carlo draws the ranges (`uncertainty.csv`): their
    /// distributions and correlation groups; empty = all triangular and
    /// independent.
    pub uncertainty: crate::inputs::uncertainty::Uncertainty,
    /// Plausibility bounds of inputs (`plausibility.csv`): checked by the
    /// loaders, never used by the model's arithmetic; empty = none given.
    pub plausibility: crate::inputs::plausibility::Plausibility,
}

/// Scalar parameters of the supply model, each a low/central/high range.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SupplyParams {
    /// Fte per employed woman (part-time work), fte/person.
    pub fte_per_person_women: Range3,
    /// Fte per employed man, fte/person.
    pub fte_per_person_men: Range3,
    /// Share of women in technical occupations moving to non-technical work per year.
    pub switch_out_women: Range3,
    /// The same for men.
    pub switch_out_men: Range3,
    /// Share of the replacement rate that is retirement (the rest: other exits).
    pub retirement_share_of_replacement: Range3,
    /// Side-entrants into technical occupations per person switching out.
    pub side_entry_per_switch_out: Range3,
    /// Inflow from labour migration and re-entry, share of the stock per year.
    pub migration_rate: Range3,
}

impl SupplyParams {
    /// Every range with its name in `supply_parameters.csv`, in field order.
    pub fn named_ranges(&self) -> [(&'static str, Range3); 7] {
        [
            ("fte_per_person_women", self.fte_per_person_women),
            ("fte_per_person_men", self.fte_per_person_men),
            ("switch_out_women", self.switch_out_women),
            ("switch_out_men", self.switch_out_men),
            (
                "retirement_share_of_replacement",
                self.retirement_share_of_replacement,
            ),
            ("side_entry_per_switch_out", self.side_entry_per_switch_out),
            ("migration_rate", self.migration_rate),
        ]
    }
}

/// Supply-side facts about one occupation group.
#[derive(Debug, Clone, PartialEq)]
pub struct SupplyOccupation {
    /// Share of women among the employed.
    pub women_share: f64,
    /// Share of the employed leaving the labour market per year (ROA
    /// replacement demand as a yearly rate).
    pub replacement_rate: f64,
    /// Baseline (non-climate) expansion demand, persons per year (may be < 0).
    pub expansion_persons_per_year: f64,
    /// ROA's published job openings to 2030 (persons), for comparison.
    pub roa_job_openings_persons: Option<f64>,
    /// ROA's ITKB 2030 indicator and class, for comparison.
    pub roa_itkb: Option<f64>,
    pub roa_itkb_class: Option<String>,
}

/// The education pipeline of one education cell.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PipelineCell {
    /// Nominal programme length, years (>= 1).
    pub programme_years: u16,
    /// Share of first-year students who never graduate.
    pub dropout: f64,
    /// Share of graduates who enter the labour market (the rest study on).
    pub labour_market_entry: f64,
    /// Women's share of first-year students (reported, not used in the flows).
    pub women_share_inflow: f64,
}

/// What a digital-skills definition counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DigitalBasis {
    /// People employed in an occupation set (index into `occupation_sets`).
    OccupationSet(usize),
    /// Employed people whose education has this direction, in any occupation.
    EducationDirection(Direction),
}

/// A named, versioned definition of "digitally skilled". A series only ever
/// uses one definition.
#[derive(Debug, Clone, PartialEq)]
pub struct DigitalDefinition {
    pub id: String,
    pub version: String,
    pub title: String,
    pub basis: DigitalBasis,
    /// When set, counts are scaled so that the model's count in this year
    /// equals the published level: count(t) = level x model(t) / model(year).
    pub anchor: Option<(Year, f64)>,
    pub source_id: String,
    pub description: String,
}

impl DigitalDefinition {
    /// `id@version`, the label every result using it carries.
    pub fn label(&self) -> String {
        format!("{}@{}", self.id, self.version)
    }
}

/// One class of the shortage indicator: applies from `min_ratio` (inclusive)
/// up to the next class's `min_ratio` (exclusive).
#[derive(Debug, Clone, PartialEq)]
pub struct ShortageClass {
    pub id: String,
    pub label: String,
    pub min_ratio: f64,
}

/// The supply side of a dataset.
#[derive(Debug, Clone, PartialEq)]
pub struct SupplyData {
    pub params: SupplyParams,
    /// One per occupation, in `Dataset::occupations` order.
    pub occupations: Vec<SupplyOccupation>,
    /// One per education cell, in [`Education::index`] order.
    pub pipeline: Vec<PipelineCell>,
    /// First year of `enrolment`.
    pub enrolment_first_year: Year,
    /// First-year students (persons, national) per year x education cell,
    /// index `(t - enrolment_first_year) * 18 + e`.
    pub enrolment: Vec<f64>,
    pub digital_definitions: Vec<DigitalDefinition>,
    /// Ascending by `min_ratio`; the first starts at 0.
    pub shortage_classes: Vec<ShortageClass>,
    /// The evidence behind each supply parameter, in [`SupplyParams::named_ranges`] order.
    pub param_backing: [Backing; 7],
    /// Open vacancies in the base year and their structural part (`base_year_shortage.csv`);
    /// empty when the dataset does not say.
    pub base_year_shortage: Vec<BaseYearShortage>,
    /// Published findings cited by the backings of supply parameters, levers and
    /// campaigns (`evidence.csv`); empty when the dataset has none.
    pub evidence: Vec<Finding>,
}

/// Open vacancies of one occupation set (optionally one skill level) in the
/// base year and the share of them that is structural: vacancies beyond those
/// a market with ordinary turnover has (persons, i.e. jobs, not fte).
#[derive(Debug, Clone, PartialEq)]
pub struct BaseYearShortage {
    /// Index into [`Dataset::occupation_sets`].
    pub set: usize,
    /// ISCO skill level 1-4; `None` for the whole set.
    pub skill_level: Option<u8>,
    /// When the vacancies were counted, e.g. `2024Q4`.
    pub period: String,
    pub open_vacancies: f64,
    /// Share of `open_vacancies` that is structural, low/central/high in [0, 1].
    pub structural_share: Range3,
}

impl BaseYearShortage {
    /// Structural vacancies (persons) at each end of the share's range.
    pub fn structural_persons(&self) -> Range3 {
        let s = &self.structural_share;
        Range3 {
            low: self.open_vacancies * s.low,
            central: self.open_vacancies * s.central,
            high: self.open_vacancies * s.high,
        }
    }
}

impl SupplyData {
    /// Last year with enrolment figures.
    pub fn enrolment_last_year(&self) -> Year {
        let n = self.enrolment.len() / Education::COUNT;
        self.enrolment_first_year + (n.max(1) - 1) as Year
    }

    /// The class of a shortage ratio (inflow / openings). A ratio exactly at
    /// a boundary belongs to the class that starts there.
    pub fn shortage_class(&self, ratio: f64) -> Option<&ShortageClass> {
        self.shortage_classes
            .iter()
            .rev()
            .find(|c| ratio >= c.min_ratio)
    }
}

/// Tolerance for "sums to 1".
pub const SHARE_TOLERANCE: f64 = 1e-6;

impl Dataset {
    pub fn n_sectors(&self) -> usize {
        self.sectors.len()
    }
    pub fn n_regions(&self) -> usize {
        self.regions.len()
    }
    pub fn n_occupations(&self) -> usize {
        self.occupations.len()
    }
    pub fn measure_index(&self, id: &str) -> Option<usize> {
        self.measures.iter().position(|m| m.id == id)
    }
    pub fn occupation_set(&self, id: &str) -> Option<&OccupationSet> {
        self.occupation_sets.iter().find(|s| s.id == id)
    }
    pub fn education_share(&self, occupation: usize, e: Education) -> f64 {
        self.education_shares[occupation * Education::COUNT + e.index()]
    }

    /// The same dataset with every occupation split into `parts` identical
    /// occupations (`parts` >= 1): persons, shares of sector employment,
    /// expansion and job openings divided evenly, education shares, supply
    /// rates and set memberships copied. Every total stays the same while
    /// the occupation cells multiply: for measuring how the model's time
    /// grows with the number of occupations (`krapte bench`). Copy `j` of
    /// occupation `o` is occupation `o * parts + j`.
    pub fn with_occupations_split(&self, parts: usize) -> Dataset {
        let k = parts.max(1);
        let no = self.n_occupations();
        let mut ds = self.clone();
        // Each item as k copies of `part(item)`.
        fn parts_of<T: Clone>(items: &[T], k: usize, part: impl Fn(&T) -> T) -> Vec<T> {
            items
                .iter()
                .flat_map(|x| std::iter::repeat_n(part(x), k))
                .collect()
        }
        let share = 1.0 / k as f64;
        ds.occupations = parts_of(&self.occupations, k, |o| Occupation {
            employed_persons: o.employed_persons * share,
            ..o.clone()
        });
        ds.occupation_shares = self
            .occupation_shares
            .chunks(no.max(1))
            .flat_map(|row| row.iter().flat_map(|s| std::iter::repeat_n(s * share, k)))
            .collect();
        ds.education_shares = self
            .education_shares
            .chunks(Education::COUNT)
            .flat_map(|row| std::iter::repeat_n(row, k).flatten().copied())
            .collect();
        for set in &mut ds.occupation_sets {
            set.members = set
                .members
                .iter()
                .flat_map(|&o| o * k..(o + 1) * k)
                .collect();
        }
        if let Some(sd) = &mut ds.supply {
            sd.occupations = parts_of(&sd.occupations, k, |o| SupplyOccupation {
                expansion_persons_per_year: o.expansion_persons_per_year * share,
                roa_job_openings_persons: o.roa_job_openings_persons.map(|p| p * share),
                ..o.clone()
            });
        }
        ds
    }

    /// Re-checks the structural invariants the loader guarantees. Returns a list
    /// of violations (empty = fine). Cheap; run after loading and in tests.
    pub fn check_invariants(&self) -> Vec<String> {
        let mut errs = Vec::new();
        let (ns, nr, no, ng) = (
            self.n_sectors(),
            self.n_regions(),
            self.n_occupations(),
            self.region_groups.len(),
        );
        if self.io_domestic.len() != ns * ns {
            errs.push(format!(
                "io_domestic has {} cells, expected {}",
                self.io_domestic.len(),
                ns * ns
            ));
        }
        if self.region_shares.len() != ng * nr {
            errs.push("region_shares has the wrong dimensions".into());
        }
        if self.occupation_shares.len() != ns * no {
            errs.push("occupation_shares has the wrong dimensions".into());
        }
        if self.education_shares.len() != no * Education::COUNT {
            errs.push("education_shares has the wrong dimensions".into());
        }
        if !errs.is_empty() {
            return errs;
        }
        if let Some(sd) = &self.supply {
            errs.extend(sd.check(no));
        }
        errs.extend(self.uncertainty.problems());
        let mut rows =
            |name: &str, data: &[f64], width: usize, labels: &dyn Fn(usize) -> String| {
                for (i, row) in data.chunks(width).enumerate() {
                    let sum: f64 = row.iter().sum();
                    if row.iter().any(|v| !v.is_finite() || *v < 0.0) {
                        errs.push(format!(
                            "{name}: row {} has a negative or non-finite share",
                            labels(i)
                        ));
                    } else if (sum - 1.0).abs() > SHARE_TOLERANCE {
                        errs.push(format!(
                            "{name}: shares of {} sum to {sum}, expected 1",
                            labels(i)
                        ));
                    }
                }
            };
        rows("region_shares", &self.region_shares, nr, &|i| {
            self.region_groups[i].clone()
        });
        rows("occupation_shares", &self.occupation_shares, no, &|i| {
            self.sectors[i].code.clone()
        });
        rows(
            "education_shares",
            &self.education_shares,
            Education::COUNT,
            &|i| self.occupations[i].code.to_string(),
        );
        for s in &self.sectors {
            if s.region_group >= ng {
                errs.push(format!("sector {} has an unknown region group", s.code));
            }
            for (what, v) in [
                ("gross_output", s.gross_output),
                ("hours_worked", s.hours_worked),
            ] {
                if !v.is_finite() || v < 0.0 {
                    errs.push(format!(
                        "sector {}: {what} is negative or not finite",
                        s.code
                    ));
                }
            }
            if !(0.0..=1.0).contains(&s.import_share) {
                errs.push(format!("sector {}: import_share outside 0..1", s.code));
            }
        }
        if self.io_domestic.iter().any(|v| !v.is_finite() || *v < 0.0) {
            errs.push("io_domestic has a negative or non-finite flow".into());
        }
        for (j, s) in self.sectors.iter().enumerate() {
            let inputs: f64 = (0..ns).map(|i| self.io_domestic[i * ns + j]).sum();
            if s.gross_output > 0.0 && inputs >= s.gross_output {
                errs.push(format!(
                    "sector {}: domestic inputs ({inputs}) are not below gross output ({}); the Leontief inverse would not exist",
                    s.code, s.gross_output
                ));
            }
        }
        for m in &self.measures {
            if let Some(b) = &m.base_year_additions {
                let finite = [b.low, b.central, b.high].iter().all(|v| v.is_finite());
                if !finite || !b.is_ordered() || b.low < 0.0 {
                    errs.push(format!(
                        "measure {}: base-year additions not 0 <= low <= central <= high (finite)",
                        m.id
                    ));
                }
            }
            match &m.path {
                Path::BottomUp { activities } => {
                    for a in activities {
                        check_split(
                            &mut errs,
                            &format!("measure {} activity {}", m.id, a.name),
                            &a.sectors,
                        );
                        if !a.intensity.is_ordered() || a.intensity.low < 0.0 {
                            errs.push(format!(
                                "measure {} activity {}: range not 0 <= low <= central <= high",
                                m.id, a.name
                            ));
                        }
                    }
                }
                Path::Spending {
                    cost_per_unit,
                    products,
                } => {
                    let pairs: Vec<(usize, f64)> =
                        products.iter().map(|p| (p.sector, p.share)).collect();
                    check_split(&mut errs, &format!("measure {} products", m.id), &pairs);
                    if !cost_per_unit.is_ordered() || cost_per_unit.low < 0.0 {
                        errs.push(format!(
                            "measure {}: cost range not 0 <= low <= central <= high",
                            m.id
                        ));
                    }
                }
            }
            if !m.regions.is_empty() {
                check_split(&mut errs, &format!("measure {} regions", m.id), &m.regions);
            }
        }
        errs
    }
}

impl SupplyData {
    /// Structural invariants of the supply data for a dataset with `no` occupations.
    pub fn check(&self, no: usize) -> Vec<String> {
        let mut errs = Vec::new();
        for b in &self.base_year_shortage {
            let s = &b.structural_share;
            let shares_ok = [s.low, s.central, s.high]
                .iter()
                .all(|x| (0.0..=1.0).contains(x))
                && s.is_ordered();
            if !shares_ok || !b.open_vacancies.is_finite() || b.open_vacancies < 0.0 {
                errs.push(format!(
                    "base-year shortage of set {} ({}): vacancies must be finite and >= 0, shares ordered in 0..1",
                    b.set, b.period
                ));
            }
        }
        if self.occupations.len() != no {
            errs.push(format!(
                "supply data has {} occupations, the dataset {no}",
                self.occupations.len()
            ));
        }
        if self.pipeline.len() != Education::COUNT {
            errs.push("supply pipeline must have 18 education cells".into());
        }
        if self.enrolment.is_empty() || !self.enrolment.len().is_multiple_of(Education::COUNT) {
            errs.push("enrolment must have whole years of 18 cells".into());
        }
        let share = |x: f64| (0.0..=1.0).contains(&x);
        for (i, o) in self.occupations.iter().enumerate() {
            if !share(o.women_share)
                || !share(o.replacement_rate)
                || !o.expansion_persons_per_year.is_finite()
            {
                errs.push(format!(
                    "supply occupation {i}: rate outside 0..1 or not finite"
                ));
            }
        }
        for (e, p) in self.pipeline.iter().enumerate() {
            if p.programme_years == 0
                || !share(p.dropout)
                || !share(p.labour_market_entry)
                || !share(p.women_share_inflow)
            {
                errs.push(format!(
                    "pipeline cell {e}: programme_years 0 or share outside 0..1"
                ));
            }
        }
        if self.enrolment.iter().any(|x| !x.is_finite() || *x < 0.0) {
            errs.push("enrolment has a negative or non-finite value".into());
        }
        for (name, r) in self.params.named_ranges() {
            if !r.is_ordered() || r.low < 0.0 {
                errs.push(format!(
                    "supply parameter {name}: not 0 <= low <= central <= high"
                ));
            }
        }
        if self.shortage_classes.first().map(|c| c.min_ratio) != Some(0.0)
            || self
                .shortage_classes
                .windows(2)
                .any(|w| w[0].min_ratio >= w[1].min_ratio)
        {
            errs.push("shortage classes must start at 0 and ascend strictly".into());
        }
        errs
    }
}

fn check_split(errs: &mut Vec<String>, what: &str, pairs: &[(usize, f64)]) {
    let sum: f64 = pairs.iter().map(|p| p.1).sum();
    if pairs.iter().any(|p| !p.1.is_finite() || p.1 < 0.0) || (sum - 1.0).abs() > SHARE_TOLERANCE {
        errs.push(format!(
            "{what}: shares must be >= 0 and sum to 1 (sum {sum})"
        ));
    }
}
