//! Peak working memory of a search stays within twice the text's size on
//! top of the compiled gazetteer and the matches it returns (no per-byte
//! offset map is held).

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};

use arabic_gazetteer::Gazetteer;

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
