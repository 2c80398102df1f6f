//! Criterion benchmarks: building, normalizing and matching, each next to
//! raw byte-level `aho-corasick` (default settings, leftmost-longest, the
//! same names, the un-normalized text) in the same group.
//!
//! The text is the bundled sample article, plus the file named by
//! `ARABIC_GAZETTEER_BENCH_CORPUS` when that variable is set (e.g. the
//! SaudiNewsNet extract, which is read at run time and never bundled).
//!
//! Name sets of 1k, 10k and 100k: the default gazetteer's names and aliases
//! (spread evenly), then two-word names combined deterministically from
//! the words of those names, as long multi-word lists are in practice.

use std::time::Duration;

use aho_corasick::{AhoCorasick, MatchKind};
use criterion::{
    criterion_group, criterion_main, BenchmarkId, Criterion, Throughput,
};

use arabic_gazetteer::{normalize, Entity, EntityKind, Gazetteer};

const SAMPLE: &str = include_str!("../tests/fixtures/ghouta-astana-2018.txt");

fn texts() -> Vec<(&'static str, String)> {
    let mut t = vec![("sample", SAMPLE.to_string())];
    if let Ok(path) = std::env::var("ARABIC_GAZETTEER_BENCH_CORPUS") {
        let text = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("cannot read {path}: {e}"));
        t.push(("corpus", text));
    }
    t
}

/// `n` distinct names: real ones first, then generated two-word names.
fn names(n: usize) -> Vec<String> {
    let real: Vec<String> = Gazetteer::builtin()
        .entities()
        .iter()
        .flat_map(|e| e.names().map(str::to_string).collect::<Vec<_>>())
        .collect();
    let mut seen = std::collections::HashSet::new();
    let mut out = Vec::with_capacity(n);
    let step = (real.len() / n.min(real.len())).max(1);
    for name in real.iter().step_by(step) {
        if out.len() == n {
            break;
        }
        if seen.insert(normalize(name)) {
            out.push(name.clone());
        }
    }
    let mut words: Vec<&str> =
        real.iter().flat_map(|s| s.split_whitespace()).collect();
    words.sort_unstable();
    words.dedup();
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = || {
        // xorshift64*: deterministic across runs
        state ^= state >> 12;
        state ^= state << 25;
        state ^= state >> 27;
        (state.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 33) as usize
    };
    while out.len() < n {
        let a = words[next() % words.len()];
        let b = words[next() % words.len()];
        let name = format!("{a} {b}");
        if seen.insert(normalize(&name)) {
            out.push(name);
        }
    }
    out
}

fn gazetteer(names: &[String]) -> Gazetteer {
    Gazetteer::new(names.iter().enumerate().map(|(i, n)| {
        Entity::new(format!("n{i}"), EntityKind::Misc, n.as_str())
    }))
    .unwrap()
}

fn raw(names: &[String]) -> AhoCorasick {
    AhoCorasick::builder()
        .match_kind(MatchKind::LeftmostLongest)
        .build(names)
        .unwrap()
}

const SIZES: [usize; 3] = [1_000, 10_000, 100_000];

fn build(c: &mut Criterion) {
    let mut group = c.benchmark_group("build");
    group.sample_size(10).warm_up_time(Duration::from_secs(1));
    group.bench_function("builtin", |b| {
        b.iter(|| {
            let mut builder = Gazetteer::builder();
            builder.add_builtin();
            builder.build().unwrap().len()
        })
    });
    for n in SIZES {
        let names = names(n);
        group.bench_with_input(
            BenchmarkId::new("arabic_gazetteer", n),
            &names,
            |b, names| b.iter(|| gazetteer(names).len()),
        );
        group.bench_with_input(
            BenchmarkId::new("aho_corasick_raw", n),
            &names,
            |b, names| b.iter(|| raw(names).patterns_len()),
        );
    }
    group.finish();
}

fn normalize_bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("normalize");
    group.warm_up_time(Duration::from_secs(1));
    for (name, text) in &texts() {
        group.throughput(Throughput::Bytes(text.len() as u64));
        if text.len() > 1 << 20 {
            group.sample_size(10);
        }
        // the pass a search makes: the compact alphabet and checkpoints
        group.bench_with_input(
            BenchmarkId::new("compact", name),
            text,
            |b, t| b.iter(|| arabic_gazetteer::__bench::encode(t)),
        );
        // the readable `normalize` function
        group.bench_with_input(
            BenchmarkId::new("string", name),
            text,
            |b, t| b.iter(|| normalize(t).len()),
        );
    }
    group.finish();
}

fn match_bench(c: &mut Criterion) {
    let texts = texts();
    // trigger lazy initialization before timing
    assert!(!arabic_gazetteer::match_entities(SAMPLE).is_empty());
    let mut group = c.benchmark_group("match_entities");
    group.warm_up_time(Duration::from_secs(1));
    for (tname, text) in &texts {
        group.throughput(Throughput::Bytes(text.len() as u64));
        if text.len() > 1 << 20 {
            group.sample_size(10);
        }
        group.bench_with_input(
            BenchmarkId::new("builtin", tname),
            text,
            |b, t| b.iter(|| arabic_gazetteer::match_entities(t).len()),
        );
        for n in SIZES {
            let names = names(n);
            let g = gazetteer(&names);
            let ac = raw(&names);
            group.bench_with_input(
                BenchmarkId::new(format!("arabic_gazetteer/{n}"), tname),
                text,
                |b, t| b.iter(|| g.match_entities(t).len()),
            );
            group.bench_with_input(
                BenchmarkId::new(format!("aho_corasick_raw/{n}"), tname),
                text,
                |b, t| b.iter(|| ac.find_iter(t).count()),
            );
        }
    }
    group.finish();
}

criterion_group!(benches, match_bench, normalize_bench, build);
criterion_main!(benches);
