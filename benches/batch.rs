//! Criterion: `Gazetteer::match_batch` over many documents on a rayon pool
//! of 1 and of 2 threads, next to a plain loop of `match_entities`.
//!
//! The documents are the articles (blank-line separated) of the file named
//! by `ARABIC_GAZETTEER_BENCH_CORPUS` (e.g. the SaudiNewsNet extract, read
//! at run time and never bundled), or else the paragraphs of the bundled
//! sample article, repeated to 2 MB.
//!
//! ```sh
//! ARABIC_GAZETTEER_BENCH_CORPUS=../shared/bench/saudinewsnet-10mb.txt \
//!     cargo bench --bench batch -- --measurement-time 10
//! ```

use std::time::Duration;

use criterion::{
    criterion_group, criterion_main, BenchmarkId, Criterion, Throughput,
};

use arabic_gazetteer::Gazetteer;

const SAMPLE: &str = include_str!("../tests/fixtures/ghouta-astana-2018.txt");

/// Blank-line separated documents.
fn split(text: &str) -> Vec<String> {
    text.split("\n\n")
        .map(str::trim)
        .filter(|d| !d.is_empty())
        .map(str::to_string)
        .collect()
}

fn docs() -> (&'static str, Vec<String>) {
    if let Ok(path) = std::env::var("ARABIC_GAZETTEER_BENCH_CORPUS") {
        let text = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("cannot read {path}: {e}"));
        return ("corpus", split(&text));
    }
    let paragraphs: Vec<String> = SAMPLE
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect();
    let mut docs = Vec::new();
    let mut size = 0;
    while size < 2_000_000 {
        for p in &paragraphs {
            size += p.len();
            docs.push(p.clone());
        }
    }
    ("sample", docs)
}

fn match_batch(c: &mut Criterion) {
    let g = Gazetteer::builtin();
    let (name, docs) = docs();
    let bytes: usize = docs.iter().map(String::len).sum();
    let mut group = c.benchmark_group("match_batch");
    group
        .throughput(Throughput::Bytes(bytes as u64))
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1));
    group.bench_function(BenchmarkId::new("loop", name), |b| {
        b.iter(|| docs.iter().map(|d| g.match_entities(d)).collect::<Vec<_>>())
    });
    for threads in [1, 2] {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap();
        group.bench_function(
            BenchmarkId::new(format!("threads-{threads}"), name),
            |b| b.iter(|| pool.install(|| g.match_batch(&docs))),
        );
    }
    group.finish();
}

criterion_group!(benches, match_batch);
criterion_main!(benches);
