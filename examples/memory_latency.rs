//! What one memory access costs on this host as the working set grows: the context for BENCHMARKS.md's plan ratio.
//!
//! Allocates N small boxed nodes (80 bytes each, as small heap objects are) for working sets of 16 to 512 MB, and
//! reads one field of every node, once in allocation order and once in a shuffled order (as following pointers
//! through maps and trees does). Prints the best of 5 passes per size, in ns per node. A pure linear algorithm whose
//! cost per access grows with the working set takes more than twice the time on twice the data.
//!
//! Run: `cargo run --release --example memory_latency`

use std::time::Instant;

struct Node {
    value: u64,
    _rest: [u64; 9],
}

fn main() {
    println!("| working set | in allocation order (ns/node) | shuffled (ns/node) |");
    println!("|---|---|---|");
    let mut mb = 16;
    while mb <= 512 {
        let n = mb * 1024 * 1024 / std::mem::size_of::<Node>();
        let nodes: Vec<Box<Node>> = (0..n as u64).map(|i| Box::new(Node { value: i, _rest: [i; 9] })).collect();
        let mut order: Vec<usize> = (0..n).collect();
        let in_order = best(&nodes, &order);
        // A fixed xorshift shuffle, so every run reads the same order.
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        for i in (1..n).rev() {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            order.swap(i, (x % (i as u64 + 1)) as usize);
        }
        let shuffled = best(&nodes, &order);
        println!("| {mb} MB | {:.1} | {:.1} |", in_order * 1e9 / n as f64, shuffled * 1e9 / n as f64);
        mb *= 2;
    }
}

/// The best of 5 passes reading `nodes` in `order`, in seconds.
fn best(nodes: &[Box<Node>], order: &[usize]) -> f64 {
    let mut best = f64::MAX;
    for _ in 0..5 {
        let t = Instant::now();
        let sum: u64 = order.iter().map(|&i| nodes[i].value).sum();
        std::hint::black_box(sum);
        best = best.min(t.elapsed().as_secs_f64());
    }
    best
}
