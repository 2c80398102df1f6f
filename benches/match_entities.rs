//! Throughput of `match_entities` on the bundled sample article and, when
//! `ARABIC_GAZETTEER_BENCH_CORPUS` names a text file, on that corpus.

use criterion::{
    criterion_group, criterion_main, BenchmarkId, Criterion, Throughput,
};

use arabic_gazetteer::{normalize, Gazetteer};

const SAMPLE: &str = include_str!("../tests/fixtures/ghouta-astana-2018.txt");

fn texts() -> Vec<(String, String)> {
    let mut t = vec![("sample".to_string(), SAMPLE.to_string())];
    if let Ok(path) = std::env::var("ARABIC_GAZETTEER_BENCH_CORPUS") {
        let text = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("cannot read {path}: {e}"));
        t.push(("corpus".to_string(), text));
    }
    t
}

fn bench(c: &mut Criterion) {
    let g = Gazetteer::builtin();
    // build the lazy default gazetteer before timing
    assert!(!g.match_entities(SAMPLE).is_empty());
    let texts = texts();

    let mut group = c.benchmark_group("match_entities");
    for (name, text) in &texts {
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_with_input(
            BenchmarkId::new("builtin", name),
            text,
            |b, t| b.iter(|| g.match_entities(t).len()),
        );
    }
    group.finish();

    let mut group = c.benchmark_group("normalize");
    for (name, text) in &texts {
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_with_input(
            BenchmarkId::new("string", name),
            text,
            |b, t| b.iter(|| normalize(t).len()),
        );
    }
    group.finish();

    let mut group = c.benchmark_group("build");
    group.sample_size(10);
    group.bench_function("builtin", |b| {
        b.iter(|| {
            let mut builder = Gazetteer::builder();
            builder.add_builtin();
            builder.build().unwrap().len()
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
