//! A small bounded cache, used for the explorer's policy parts (supply and
//! baseline demand for one exact lever and campaign setting; see
//! [`crate::explore::PolicyPart`]), least recently used out first.
//!
//! Concurrent requests for the same key compute it once: the first inserts
//! an empty cell and fills it, the others wait on that cell. Errors are kept
//! like answers (the model is deterministic).

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use crate::error::ApiError;

/// How many policy settings are kept (a part is a few kilobytes).
pub const POLICY_CACHE_SIZE: usize = 512;

/// How many policy settings' draws the live probability keeps (two numbers
/// per draw: 32 KB for the headline's 2,000 draws).
pub const ODDS_CACHE_SIZE: usize = 256;

type Cell<T> = Arc<OnceLock<Result<Arc<T>, ApiError>>>;

/// Bounded map from a key (for the explorer: a policy setting) to a value.
pub struct BoundedCache<T> {
    capacity: usize,
    inner: Mutex<Inner<T>>,
}

struct Inner<T> {
    tick: u64,
    /// Key -> (last use, cell).
    map: HashMap<String, (u64, Cell<T>)>,
    hits: u64,
    misses: u64,
}

impl<T> BoundedCache<T> {
    pub fn new(capacity: usize) -> BoundedCache<T> {
        BoundedCache {
            capacity: capacity.max(1),
            inner: Mutex::new(Inner {
                tick: 0,
                map: HashMap::new(),
                hits: 0,
                misses: 0,
            }),
        }
    }

    /// The part for `key`, computed by `compute` unless it is kept.
    pub fn get_or_compute(
        &self,
        key: String,
        compute: impl FnOnce() -> Result<T, ApiError>,
    ) -> Result<Arc<T>, ApiError> {
        let cell = {
            // A panic elsewhere while holding the lock leaves the map intact.
            let mut inner = self.inner.lock().unwrap_or_else(|e| e.into_inner());
            inner.tick += 1;
            let tick = inner.tick;
            let cell = match inner.map.get_mut(&key) {
                Some(entry) => {
                    entry.0 = tick;
                    Arc::clone(&entry.1)
                }
                None => {
                    let cell: Cell<T> = Arc::new(OnceLock::new());
                    inner.map.insert(key, (tick, Arc::clone(&cell)));
                    cell
                }
            };
            if cell.get().is_some() {
                inner.hits += 1;
            } else {
                inner.misses += 1;
            }
            if inner.map.len() > self.capacity {
                let oldest = inner
                    .map
                    .iter()
                    .min_by_key(|(_, (t, _))| *t)
                    .map(|(k, _)| k.clone());
                if let Some(k) = oldest {
                    inner.map.remove(&k);
                }
            }
            cell
        };
        cell.get_or_init(|| compute().map(Arc::new)).clone()
    }

    /// Keeps `value` for `key` (a value computed elsewhere).
    pub fn insert(&self, key: String, value: T) {
        let cell: Cell<T> = Arc::new(OnceLock::new());
        let _ = cell.set(Ok(Arc::new(value)));
        let mut inner = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        inner.tick += 1;
        let tick = inner.tick;
        inner.map.insert(key, (tick, cell));
    }

    /// Number of kept settings.
    pub fn len(&self) -> usize {
        self.inner
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .map
            .len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Lookups that found a computed part, and those that did not.
    pub fn hits_misses(&self) -> (u64, u64) {
        let inner = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        (inner.hits, inner.misses)
    }
}

/// Lets at most `max` heavy computations (supply runs, each on three
/// threads) run at once, first come first served; the others wait their
/// turn. Without it, 50 clients that all change levers start 150 threads on
/// two cores, and every request, light ones included, waits for all of them.
pub struct Gate {
    max: u64,
    /// (tickets handed out, computations finished).
    count: Mutex<(u64, u64)>,
    changed: std::sync::Condvar,
}

impl Gate {
    pub fn new(max: usize) -> Gate {
        Gate {
            max: max.max(1) as u64,
            count: Mutex::new((0, 0)),
            changed: std::sync::Condvar::new(),
        }
    }

    /// As many slots as cores: each computation's three threads wait on
    /// each other at the end, so one per core keeps the cores busy.
    pub fn for_this_machine() -> Gate {
        Gate::new(std::thread::available_parallelism().map_or(1, |n| n.get()))
    }

    /// Runs `f` once the computations that came before it leave a slot.
    pub fn run<T>(&self, f: impl FnOnce() -> T) -> T {
        {
            let mut count = self.count.lock().unwrap_or_else(|e| e.into_inner());
            let ticket = count.0;
            count.0 += 1;
            // Ticket t may start once no more than `max` - 1 earlier ones run.
            while ticket >= count.1 + self.max {
                count = self.changed.wait(count).unwrap_or_else(|e| e.into_inner());
            }
        }
        // Frees the slot however `f` ends.
        struct Release<'a>(&'a Gate);
        impl Drop for Release<'_> {
            fn drop(&mut self) {
                let mut count = self.0.count.lock().unwrap_or_else(|e| e.into_inner());
                count.1 += 1;
                self.0.changed.notify_all();
            }
        }
        let _release = Release(self);
        f()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[test]
    fn keeps_the_recently_used_and_computes_each_key_once() {
        let cache = BoundedCache::<u32>::new(2);
        let runs = AtomicUsize::new(0);
        let get = |k: &str, v: u32| {
            cache
                .get_or_compute(k.to_string(), || {
                    runs.fetch_add(1, Ordering::SeqCst);
                    Ok(v)
                })
                .map(|x| *x)
        };
        assert_eq!(get("a", 1), Ok(1));
        assert_eq!(get("b", 2), Ok(2));
        assert_eq!(get("a", 99), Ok(1), "kept");
        assert_eq!(runs.load(Ordering::SeqCst), 2);
        // "b" is the least recently used: "c" pushes it out.
        assert_eq!(get("c", 3), Ok(3));
        assert_eq!(cache.len(), 2);
        assert_eq!(get("a", 99), Ok(1));
        assert_eq!(get("b", 20), Ok(20), "recomputed after eviction");
        assert_eq!(runs.load(Ordering::SeqCst), 4);
        assert_eq!(cache.hits_misses(), (2, 4));
        cache.insert("d".into(), 4);
        assert_eq!(get("d", 99), Ok(4), "an inserted value is kept");
    }

    #[test]
    fn errors_are_kept_too() {
        let cache = BoundedCache::<u32>::new(4);
        let e = ApiError::internal("no");
        assert_eq!(
            cache.get_or_compute("x".into(), || Err(e.clone())),
            Err(e.clone())
        );
        assert_eq!(cache.get_or_compute("x".into(), || Ok(1)), Err(e));
    }

    #[test]
    fn the_gate_lets_max_through_at_once() {
        let gate = Gate::new(2);
        let (now, peak) = (AtomicUsize::new(0), AtomicUsize::new(0));
        std::thread::scope(|s| {
            for _ in 0..8 {
                s.spawn(|| {
                    gate.run(|| {
                        let n = now.fetch_add(1, Ordering::SeqCst) + 1;
                        peak.fetch_max(n, Ordering::SeqCst);
                        std::thread::sleep(std::time::Duration::from_millis(10));
                        now.fetch_sub(1, Ordering::SeqCst);
                    })
                });
            }
        });
        assert_eq!(peak.load(Ordering::SeqCst), 2);
        assert_eq!(gate.run(|| 5), 5, "slots are given back");
    }

    #[test]
    fn concurrent_requests_compute_once() {
        let cache = BoundedCache::<u32>::new(4);
        let runs = AtomicUsize::new(0);
        std::thread::scope(|s| {
            for _ in 0..8 {
                s.spawn(|| {
                    let v = cache.get_or_compute("k".into(), || {
                        runs.fetch_add(1, Ordering::SeqCst);
                        std::thread::sleep(std::time::Duration::from_millis(20));
                        Ok(7)
                    });
                    assert_eq!(v.map(|x| *x), Ok(7));
                });
            }
        });
        assert_eq!(runs.load(Ordering::SeqCst), 1);
    }
}
