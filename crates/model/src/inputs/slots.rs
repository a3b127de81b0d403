//! Where the dataset's ranges are: every `low`/`central`/`high` range is a
//! [`Slot`] ([`slots`]) that a Monte Carlo draw sets to a value (`set`),
//! drawn as `uncertainty.csv` declares ([`crate::inputs::uncertainty`]).

use crate::inputs::bracket::Range3;
use crate::inputs::dataset::{Dataset, Path};
use crate::inputs::uncertainty::Distribution;

/// Where a range lives in the dataset.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SlotRef {
    /// `Params` field: 0 fte hours, 1 currency, 2 price index, 3 productivity.
    Param(usize),
    /// Labour intensity of activity `a` of bottom-up measure `m`.
    Intensity(usize, usize),
    /// Cost per unit of spending measure `m`.
    Cost(usize),
    /// Fte lost in fossil segment `i`.
    Fossil(usize),
    /// Supply parameter (0..7 in `SupplyParams` order).
    Supply(usize),
    /// Effect of lever `i`.
    Lever(usize),
    /// Funnel stage `k` (0 reach, 1 interest, 2 application, 3 conversion)
    /// of campaign `i`.
    Campaign(usize, usize),
}

/// One uncertain number of the dataset.
#[derive(Debug, Clone, PartialEq)]
pub struct Slot {
    pub name: String,
    pub range: Range3,
    pub at: SlotRef,
    /// How it is drawn (`uncertainty.csv`; triangular when not declared).
    pub distribution: Distribution,
    /// The correlation group it moves with, if any.
    pub group: Option<SlotGroup>,
}

/// A slot's link to its correlation group, among the slots of one list.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SlotGroup {
    /// Index into the dataset's `uncertainty.groups`.
    pub index: usize,
    /// Correlation between every two members (1 = one uniform number).
    pub correlation: f64,
    /// Position (in the slot list) of the group's first member, whose
    /// uniform number all members take when the correlation is 1.
    pub leader: usize,
    /// Members in the slot list.
    pub size: usize,
}

/// Every range of the dataset with a non-zero width, each with how it is
/// drawn. Group members are linked among the returned slots only; a group
/// left with one member of non-zero width is drawn independently.
pub fn slots(ds: &Dataset) -> Vec<Slot> {
    let mut out: Vec<Slot> = all_slots(ds)
        .into_iter()
        .filter(|s| s.range.low != s.range.high)
        .collect();
    link_groups(&mut out);
    out
}

/// Sets `leader` and `size` of every grouped slot; a group with one member
/// loses its link.
pub(crate) fn link_groups(slots: &mut [Slot]) {
    let groups: Vec<Option<usize>> = slots.iter().map(|s| s.group.map(|g| g.index)).collect();
    for (k, s) in slots.iter_mut().enumerate() {
        let Some(g) = s.group.as_mut() else { continue };
        let members = groups.iter().filter(|x| **x == Some(g.index));
        g.size = members.count();
        g.leader = groups.iter().position(|x| *x == Some(g.index)).unwrap_or(k);
        if g.size < 2 {
            s.group = None;
        }
    }
}

/// The names of every range of the dataset, zero width included, with the
/// range: what `uncertainty.csv` may name.
pub fn slot_names(ds: &Dataset) -> Vec<(String, Range3)> {
    all_slots(ds)
        .into_iter()
        .map(|s| (s.name, s.range))
        .collect()
}

/// Every range of the dataset, zero width included, groups not yet linked.
pub(crate) fn all_slots(ds: &Dataset) -> Vec<Slot> {
    let mut out = Vec::new();
    let decl = &ds.uncertainty;
    let mut push = |name: String, range: Range3, at: SlotRef| {
        let d = decl.of(&name);
        let group = d.and_then(|d| d.group).map(|index| SlotGroup {
            index,
            correlation: decl.groups.get(index).map_or(1.0, |g| g.correlation),
            leader: 0,
            size: 0,
        });
        out.push(Slot {
            distribution: d.map_or(Distribution::Triangular, |d| d.distribution),
            group,
            name,
            range,
            at,
        });
    };
    let p = &ds.params;
    for (k, (name, r)) in [
        ("fte_hours_per_year", p.fte_hours_per_year),
        ("io_currency_per_eur", p.io_currency_per_eur),
        ("price_index_base_vs_io", p.price_index_base_vs_io),
        ("productivity_growth", p.productivity_growth),
    ]
    .into_iter()
    .enumerate()
    {
        push(format!("parameters.csv:{name}"), r, SlotRef::Param(k));
    }
    for (m, measure) in ds.measures.iter().enumerate() {
        match &measure.path {
            Path::BottomUp { activities } => {
                for (a, act) in activities.iter().enumerate() {
                    push(
                        format!("activities.csv:{}/{}", measure.id, act.name),
                        act.intensity,
                        SlotRef::Intensity(m, a),
                    );
                }
            }
            Path::Spending { cost_per_unit, .. } => {
                push(
                    format!("measures.csv:{} cost", measure.id),
                    *cost_per_unit,
                    SlotRef::Cost(m),
                );
            }
        }
    }
    for (i, f) in ds.fossil_losses.iter().enumerate() {
        push(
            format!("fossil_losses.csv:{}", f.id),
            f.fte_lost,
            SlotRef::Fossil(i),
        );
    }
    if let Some(sd) = &ds.supply {
        for (k, (name, r)) in sd.params.named_ranges().into_iter().enumerate() {
            push(
                format!("supply_parameters.csv:{name}"),
                r,
                SlotRef::Supply(k),
            );
        }
    }
    if let Some(pd) = &ds.policy {
        for (i, l) in pd.levers.iter().enumerate() {
            push(format!("levers.csv:{}", l.id), l.effect, SlotRef::Lever(i));
        }
        for (i, c) in pd.campaigns.iter().enumerate() {
            for (k, (stage, r)) in [
                ("reach_per_meur", c.reach_per_meur),
                ("interest_share", c.interest_share),
                ("application_share", c.application_share),
                ("conversion_share", c.conversion_share),
            ]
            .into_iter()
            .enumerate()
            {
                push(
                    format!("campaigns.csv:{}/{stage}", c.id),
                    r,
                    SlotRef::Campaign(i, k),
                );
            }
        }
    }
    out
}

/// Sets the range at `at` to the single value `v`.
pub fn set(ds: &mut Dataset, at: SlotRef, v: f64) {
    let point = Range3::point(v);
    match at {
        SlotRef::Param(k) => {
            let p = &mut ds.params;
            match k {
                0 => p.fte_hours_per_year = point,
                1 => p.io_currency_per_eur = point,
                2 => p.price_index_base_vs_io = point,
                _ => p.productivity_growth = point,
            }
        }
        SlotRef::Intensity(m, a) => {
            if let Some(Path::BottomUp { activities }) = ds.measures.get_mut(m).map(|m| &mut m.path)
            {
                if let Some(act) = activities.get_mut(a) {
                    act.intensity = point;
                }
            }
        }
        SlotRef::Cost(m) => {
            if let Some(Path::Spending { cost_per_unit, .. }) =
                ds.measures.get_mut(m).map(|m| &mut m.path)
            {
                *cost_per_unit = point;
            }
        }
        SlotRef::Fossil(i) => {
            if let Some(f) = ds.fossil_losses.get_mut(i) {
                f.fte_lost = point;
            }
        }
        SlotRef::Supply(k) => {
            if let Some(sd) = ds.supply.as_mut() {
                let p = &mut sd.params;
                let field = match k {
                    0 => &mut p.fte_per_person_women,
                    1 => &mut p.fte_per_person_men,
                    2 => &mut p.switch_out_women,
                    3 => &mut p.switch_out_men,
                    4 => &mut p.retirement_share_of_replacement,
                    5 => &mut p.side_entry_per_switch_out,
                    _ => &mut p.migration_rate,
                };
                *field = point;
            }
        }
        SlotRef::Lever(i) => {
            if let Some(l) = ds.policy.as_mut().and_then(|pd| pd.levers.get_mut(i)) {
                l.effect = point;
            }
        }
        SlotRef::Campaign(i, k) => {
            if let Some(c) = ds.policy.as_mut().and_then(|pd| pd.campaigns.get_mut(i)) {
                let field = match k {
                    0 => &mut c.reach_per_meur,
                    1 => &mut c.interest_share,
                    2 => &mut c.application_share,
                    _ => &mut c.conversion_share,
                };
                *field = point;
            }
        }
    }
}
