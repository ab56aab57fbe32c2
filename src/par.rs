//! Independent work on more than one thread when the machine has the cores: loading files, validation rules, the
//! two sides of a plan. Results come back in a fixed order, so output never depends on scheduling.

use std::sync::atomic::{AtomicUsize, Ordering};

/// The cores this process may use (1 when unknown).
#[must_use]
pub fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, std::num::NonZero::get)
}

/// `(a(), b())`: `b` on a thread of its own when `parallel` and there is more than one core. A panic in either is
/// passed on.
pub fn join<A: Send, B: Send>(parallel: bool, a: impl FnOnce() -> A + Send, b: impl FnOnce() -> B + Send) -> (A, B) {
    if !parallel || cores() < 2 {
        return (a(), b());
    }
    std::thread::scope(|s| {
        let other = s.spawn(b);
        let first = a();
        (first, other.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
    })
}

/// `work(i)` for every `i` in `0..n`, in index order, on up to `threads` threads (each takes the next index not
/// yet taken). A panic in any is passed on.
pub fn map_indices<T: Send>(n: usize, threads: usize, work: impl Fn(usize) -> T + Sync) -> Vec<T> {
    let next = AtomicUsize::new(0);
    let run = || {
        let mut done = Vec::new();
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            if i >= n {
                break;
            }
            done.push((i, work(i)));
        }
        done
    };
    let threads = threads.min(n).max(1);
    let mut all: Vec<(usize, T)> = if threads == 1 {
        run()
    } else {
        std::thread::scope(|s| {
            let helpers: Vec<_> = (1..threads).map(|_| s.spawn(run)).collect();
            let mut all = run();
            for h in helpers {
                all.extend(h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)));
            }
            all
        })
    };
    all.sort_by_key(|(i, _)| *i);
    all.into_iter().map(|(_, t)| t).collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn results_come_in_index_order_whatever_the_threads() {
        for threads in [1, 2, 5] {
            let out = super::map_indices(1000, threads, |i| i * 2);
            assert_eq!(out, (0..1000).map(|i| i * 2).collect::<Vec<_>>(), "{threads} threads");
        }
        assert!(super::map_indices(0, 2, |i| i).is_empty());
        assert_eq!(super::join(true, || 1, || "b"), (1, "b"));
        assert_eq!(super::join(false, || 1, || "b"), (1, "b"));
    }
}
