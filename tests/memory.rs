//! Peak working memory of a search stays within twice the text's size on
//! top of the compiled gazetteer and the matches it returns (no per-byte
//! offset map is held), and `memory_usage` tells the heap a gazetteer
//! takes.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};

use std::sync::Mutex;

use arabic_gazetteer::{Entity, EntityKind, Gazetteer};

/// The tests of this file, one at a time: they count the same heap.
static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

struct Counting;

static NOW: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = System.alloc(layout);
        if !p.is_null() {
            let now = NOW.fetch_add(layout.size(), Relaxed) + layout.size();
            PEAK.fetch_max(now, Relaxed);
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        System.dealloc(ptr, layout);
        NOW.fetch_sub(layout.size(), Relaxed);
    }
}

#[global_allocator]
static A: Counting = Counting;

const SAMPLE: &str = include_str!("fixtures/ghouta-astana-2018.txt");

#[test]
fn search_of_ten_mib_stays_within_twice_the_text() {
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let g = Gazetteer::builtin();
    assert!(!g.match_entities(SAMPLE).is_empty());
    let mut text = String::with_capacity(10 << 20);
    while text.len() < 10 << 20 {
        text.push_str(SAMPLE);
        text.push('\n');
    }
    let before = NOW.load(Relaxed);
    PEAK.store(before, Relaxed);
    let matches = g.match_entities(&text);
    let peak = PEAK.load(Relaxed) - before;
    let kept = NOW.load(Relaxed) - before;
    println!(
        "text {} bytes, {} matches, peak extra heap {} bytes ({:.2}x), result {} bytes",
        text.len(),
        matches.len(),
        peak,
        peak as f64 / text.len() as f64,
        kept
    );
    assert!(matches.len() > 100_000);
    // the returned matches are the result (88 bytes each here, where the
    // sample repeated has one entity per 80 bytes of text); the rest is
    // working memory
    let working = peak - kept;
    assert!(
        working < 2 * text.len(),
        "working memory {working} for {} bytes",
        text.len()
    );
}

#[test]
fn memory_usage_is_the_heap_a_gazetteer_takes() {
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    for n in [100, 2_000, 30_000] {
        let before = NOW.load(Relaxed);
        let entities: Vec<Entity> = (0..n)
            .map(|i| {
                // distinct two-word names, as a large gazetteer has
                let name = format!("مدينة {}", i * 7919 % 1_000_003);
                Entity::new(format!("e{i}"), EntityKind::Location, name)
            })
            .collect();
        let g = Gazetteer::new(entities).unwrap();
        let heap = NOW.load(Relaxed) - before;
        let reported = g.memory_usage();
        println!("{n} entities: heap {heap}, memory_usage {reported}");
        assert!(
            reported as f64 > 0.7 * heap as f64
                && (reported as f64) < 1.3 * heap as f64,
            "{n} entities: memory_usage {reported}, heap {heap}"
        );
    }
}
