//! Hostile inputs at 1 MB, 10 MB and 100 MB: time should grow linearly
//! (criterion's throughput stays flat across sizes) and peak memory should
//! stay a bounded multiple of the input (printed before the timings, from a
//! counting allocator).
//!
//! `ARABIC_GAZETTEER_HOSTILE_MAX_MB=10` leaves out the 100 MB inputs
//! (`cargo test --benches` runs the 1 MB ones only).
//! A filter picks kinds: `cargo bench --bench hostile -- 'newlines|one_word'`.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};
use std::time::{Duration, Instant};

use criterion::{
    criterion_group, criterion_main, BenchmarkId, Criterion, Throughput,
};

use arabic_gazetteer::match_entities;

/// The system allocator, counting live and peak heap bytes.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = System.alloc(layout);
        if !p.is_null() {
            let now = LIVE.fetch_add(layout.size(), Relaxed) + layout.size();
            PEAK.fetch_max(now, Relaxed);
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        System.dealloc(ptr, layout);
        LIVE.fetch_sub(layout.size(), Relaxed);
    }

    unsafe fn realloc(
        &self,
        ptr: *mut u8,
        layout: Layout,
        new_size: usize,
    ) -> *mut u8 {
        let p = System.realloc(ptr, layout, new_size);
        if !p.is_null() {
            if new_size > layout.size() {
                let grow = new_size - layout.size();
                let now = LIVE.fetch_add(grow, Relaxed) + grow;
                PEAK.fetch_max(now, Relaxed);
            } else {
                LIVE.fetch_sub(layout.size() - new_size, Relaxed);
            }
        }
        p
    }
}

#[global_allocator]
static ALLOC: Counting = Counting;

const MB: usize = 1_000_000;

/// `unit` repeated to at least `size` bytes.
fn repeat_to(unit: &str, size: usize) -> String {
    unit.repeat(size.div_ceil(unit.len()))
}

/// A kind of hostile text: its name, and a maker of `n` bytes (at least).
type Kind = (&'static str, fn(usize) -> String);

/// The kinds of hostile text, as in `tests/hostile.rs`.
fn kinds() -> Vec<Kind> {
    vec![
        ("no_space", |n| {
            let filler =
                "عمليات،الجيش؛القرارات.الأممية-انتشار_الإرهاب/قرارها(استعراض)"
                    .repeat(8);
            repeat_to(
                &format!("{filler}،موسكو،وبوتين(لروسيا)«للأمم»-جنيف.الروسية،"),
                n,
            )
        }),
        ("arabic_marks", |n| {
            repeat_to("\u{064B}\u{064E}\u{0651}\u{0652}ـ", n)
        }),
        ("other_marks", |n| {
            repeat_to("\u{0300}\u{0301}\u{05B0}\u{093C}", n)
        }),
        ("newlines", |n| "\n".repeat(n)),
        ("one_word", |n| repeat_to("روسيادمشقموسكو", n)),
        ("alternating_scripts", |n| {
            let s: String = "رaشяق中يה7ωسक".chars().cycle().take(60).collect();
            repeat_to(&format!("{s}€روسيا€"), n)
        }),
        ("name_repeated", |n| repeat_to("روسيا ", n)),
        ("clitic_name_repeated", |n| repeat_to("وللأمم المتحدة، ", n)),
        ("white_space_and_bidi", |n| {
            let all: String = (0..=0x3000_u32)
                .filter_map(char::from_u32)
                .filter(|c| c.is_whitespace())
                .chain("\u{200B}\u{200C}\u{200D}\u{200E}\u{200F}\u{202A}\u{202B}\u{202C}\u{202D}\u{202E}\u{2066}\u{2067}\u{2068}\u{2069}\u{061C}\u{FEFF}\u{00AD}".chars())
                .collect();
            repeat_to(&all, n)
        }),
        ("marks_then_names", |n| {
            // long runs of deleted marks, then a burst of names
            let unit = "\u{064E}".repeat(32_000) + &"روسيا ".repeat(20);
            repeat_to(&unit, n)
        }),
        ("presentation_forms", |n| {
            repeat_to("ﺭﻭﺳﻴﺎ ﻟﻸﻣﻢ ﺍﻟﻤﺘﺤﺪﺓ ﷺ ", n)
        }),
        // the largest expansion: three bytes become 18 letters and spaces
        ("ligature_expansion", |n| repeat_to("\u{FDFA}", n)),
    ]
}

fn sizes() -> Vec<usize> {
    // `cargo test --benches` runs each benchmark once, without `--bench`
    let benching = std::env::args().any(|a| a == "--bench");
    let max: usize = std::env::var("ARABIC_GAZETTEER_HOSTILE_MAX_MB")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(if benching { 100 } else { 1 });
    [1, 10, 100].into_iter().filter(|&s| s <= max).collect()
}

/// One search, outside criterion: matches, time, and peak heap above what
/// was live before (the text itself is already allocated).
fn measure(text: &str) -> (usize, Duration, usize) {
    let base = LIVE.load(Relaxed);
    PEAK.store(base, Relaxed);
    let t = Instant::now();
    let found = match_entities(text);
    let took = t.elapsed();
    let n = found.len();
    drop(found);
    (n, took, PEAK.load(Relaxed) - base)
}

fn hostile(c: &mut Criterion) {
    // build the default gazetteer before measuring anything
    assert!(!match_entities("روسيا").is_empty());
    eprintln!(
        "{:<22} {:>6} {:>10} {:>10} {:>12} {:>8}",
        "kind", "MB", "matches", "ms", "peak heap MB", "x input"
    );
    // criterion's filter, read here too so that skipped kinds are not
    // generated: `newlines` or `newlines|one_word`
    let filter: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with('-'))
        .flat_map(|a| a.split('|').map(str::to_string).collect::<Vec<_>>())
        .collect();
    for (kind, make) in kinds() {
        if !filter.is_empty()
            && !filter.iter().any(|f| kind.contains(f.as_str()))
        {
            continue;
        }
        let mut group = c.benchmark_group(format!("hostile/{kind}"));
        group
            .sample_size(10)
            .warm_up_time(Duration::from_millis(500))
            .measurement_time(Duration::from_secs(3));
        for mb in sizes() {
            let text = make(mb * MB);
            let (n, took, peak) = measure(&text);
            eprintln!(
                "{kind:<22} {mb:>6} {n:>10} {:>10.1} {:>12.1} {:>8.2}",
                took.as_secs_f64() * 1e3,
                peak as f64 / 1e6,
                peak as f64 / text.len() as f64
            );
            group.throughput(Throughput::Bytes(text.len() as u64));
            group.bench_with_input(
                BenchmarkId::from_parameter(format!("{mb}MB")),
                &text,
                |b, t| b.iter(|| match_entities(t).len()),
            );
        }
        group.finish();
    }
}

criterion_group!(benches, hostile);
criterion_main!(benches);
