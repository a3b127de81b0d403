//! The item bases of the explorer's live probability ([`crate::live`]):
//! per scenario preset and policy item (a lever; a campaign at a duration
//! and start), [`krapte_model::mc::live::ItemBasis`], the draws' gap
//! difference from no policy on a grid of the item's values, with its own
//! measured interpolation error. Built on first use in a background thread,
//! one at a time, and kept (bounded: [`MAX_ITEM_BASES`] kept,
//! [`MAX_PENDING_BASES`] waiting). It knows the model only, not the
//! explorer (which owns one [`ItemBases`]).

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

use krapte_model::mc::live::{
    combine, item_basis, policy_draws, Axis, ItemBasis, Move, PolicyDraws,
};
use krapte_model::mc::summary::{probability, summarize};
use krapte_model::mc::McSpec;
use krapte_model::{Dataset, Scenario};

/// At most this many item bases are kept (each about 2 x 10 grid values x
/// 2,000 draws of 8 bytes: 320 KB) ...
pub const MAX_ITEM_BASES: usize = 256;

/// ... and at most this many wait to be built; beyond either, a setting
/// keeps the fewer draws (bounded memory and work whatever clients send).
pub const MAX_PENDING_BASES: usize = 8;

/// An item basis with its own check: halfway across the grid's widest
/// interval, the interpolated draws against a Monte Carlo of the item
/// alone there.
#[derive(Debug)]
pub struct Built {
    pub basis: ItemBasis,
    /// Interpolation error at that value: probability (0..=1) and P50 (fte).
    pub check: Option<(f64, f64)>,
}

type ItemCell = Arc<OnceLock<Option<Arc<Built>>>>;

/// The item bases of the live probability, per scenario preset and item
/// ([`Axis`]), built on first use in a background thread, one at a time.
#[derive(Default)]
pub struct ItemBases {
    map: Arc<Mutex<HashMap<(usize, Axis), ItemCell>>>,
    pub(crate) gate: Arc<Mutex<()>>,
    /// Bases started and not yet built.
    pending: Arc<AtomicUsize>,
    /// The interaction the first order leaves out, measured once after
    /// start-up on the default setting ([`crate::live::warm`]): two of its
    /// levers moved together, against a full Monte Carlo: the probability's
    /// difference (0..=1) and the median's (fte).
    pub interaction: OnceLock<(f64, f64)>,
}

/// What a basis is built from.
pub(crate) struct Job {
    pub(crate) dataset: &'static Dataset,
    pub(crate) scenario: Scenario,
    pub(crate) axis: Axis,
    pub(crate) grid: Vec<f64>,
    pub(crate) without: Arc<PolicyDraws>,
    pub(crate) spec: McSpec,
    pub(crate) gate: Arc<Mutex<()>>,
}

impl Job {
    fn run(&self) -> Option<Arc<Built>> {
        let _one = self.gate.lock().unwrap_or_else(|e| e.into_inner());
        let basis = item_basis(
            self.dataset,
            &self.scenario,
            self.axis,
            &self.grid,
            &self.without,
            self.spec,
        )
        .ok()?;
        let check = basis
            .grid
            .windows(2)
            .max_by(|a, b| (a[1] - a[0]).total_cmp(&(b[1] - b[0])))
            .map(|w| 0.5 * (w[0] + w[1]))
            .and_then(|mid| {
                let exact = policy_draws(
                    self.dataset,
                    &self.scenario,
                    Some(&self.axis.policy(mid)),
                    self.spec,
                )
                .ok()?;
                let (approx, _) = combine(
                    &self.without,
                    &[Move {
                        basis: &basis,
                        from: 0.0,
                        to: mid,
                    }],
                )?;
                let closed = |g: &[f64]| probability(g, |x| x <= 0.0);
                Some((
                    (closed(&exact.gap) - closed(&approx.gap)).abs(),
                    (summarize(&exact.gap).p50 - summarize(&approx.gap).p50).abs(),
                ))
            });
        Some(Arc::new(Built { basis, check }))
    }
}

impl ItemBases {
    /// The cell of `key` and whether it is new; `None` when the map is
    /// full or too many wait (and `key` is not in it).
    fn cell(&self, key: (usize, Axis)) -> Option<(ItemCell, bool)> {
        let mut map = self.map.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(c) = map.get(&key) {
            return Some((Arc::clone(c), false));
        }
        if map.len() >= MAX_ITEM_BASES || self.pending.load(Ordering::SeqCst) >= MAX_PENDING_BASES {
            return None;
        }
        let cell: ItemCell = Arc::new(OnceLock::new());
        map.insert(key, Arc::clone(&cell));
        self.pending.fetch_add(1, Ordering::SeqCst);
        Some((cell, true))
    }

    /// The basis if it is ready; else starts building it in the background
    /// (once) and gives `None`.
    pub(crate) fn ready_or_start(
        &self,
        key: (usize, Axis),
        job: impl FnOnce() -> Job,
    ) -> Option<Arc<Built>> {
        let (cell, fresh) = self.cell(key)?;
        if let Some(b) = cell.get() {
            return b.clone();
        }
        if fresh {
            let job = job();
            let pending = Arc::clone(&self.pending);
            let map = Arc::clone(&self.map);
            let spawned = std::thread::Builder::new()
                .name("krapte-item-basis".into())
                .spawn(move || {
                    let _ = cell.get_or_init(|| job.run());
                    pending.fetch_sub(1, Ordering::SeqCst);
                });
            if spawned.is_err() {
                // Without a thread the request keeps the fewer draws, and a
                // later one tries again.
                self.pending.fetch_sub(1, Ordering::SeqCst);
                map.lock().unwrap_or_else(|e| e.into_inner()).remove(&key);
            }
        }
        None
    }

    /// The basis, built now (waiting for a build under way).
    pub(crate) fn now(&self, key: (usize, Axis), job: impl FnOnce() -> Job) -> Option<Arc<Built>> {
        let (cell, fresh) = self.cell(key)?;
        let b = cell.get_or_init(|| job().run()).clone();
        if fresh {
            self.pending.fetch_sub(1, Ordering::SeqCst);
        }
        b
    }
}
