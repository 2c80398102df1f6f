//! How often does each single-word name of a gazetteer fire on a corpus?
//!
//! ```text
//! cargo run --release --example alias_frequency -- CORPUS.txt [TOP] [--context N]
//! ```
//!
//! Prints the most frequent single-word surfaces (after normalization) with
//! their count and entities; with `--context N`, also N random-ish examples
//! of each in context, to review whether the common readings are names.

use std::collections::HashMap;

use arabic_gazetteer::{normalize, Gazetteer};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(path) = args.first() else {
        eprintln!("usage: alias_frequency CORPUS.txt [TOP] [--context N]");
        std::process::exit(2);
    };
    let top: usize = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(50);
    let context: usize = args
        .iter()
        .position(|a| a == "--context")
        .and_then(|i| args.get(i + 1))
        .and_then(|n| n.parse().ok())
        .unwrap_or(0);
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| {
        eprintln!("{path}: {e}");
        std::process::exit(1);
    });
    let g = Gazetteer::builtin();
    let mut counts: HashMap<String, (usize, Vec<String>, Vec<usize>)> =
        HashMap::new();
    for m in g.match_entities(&text) {
        let surface = &text[m.range()];
        if surface.split_whitespace().count() != 1 {
            continue;
        }
        let key = normalize(surface);
        let e = counts.entry(key).or_insert_with(|| {
            let ids = m.candidates().iter().map(|e| e.id().to_string());
            (0, ids.collect(), Vec::new())
        });
        e.0 += 1;
        // keep every 97th occurrence as an example
        if e.0 % 97 == 1 && e.2.len() < context {
            e.2.push(m.start());
        }
    }
    let mut rows: Vec<_> = counts.into_iter().collect();
    rows.sort_by(|a, b| b.1 .0.cmp(&a.1 .0).then(a.0.cmp(&b.0)));
    for (surface, (n, ids, examples)) in rows.into_iter().take(top) {
        println!("{n:>7}  {surface}  {}", ids.join(","));
        for at in examples {
            let from = text[..at]
                .char_indices()
                .rev()
                .nth(40)
                .map_or(0, |(i, _)| i);
            let to = text[at..]
                .char_indices()
                .nth(50)
                .map_or(text.len(), |(i, _)| at + i);
            println!("           … {} …", text[from..to].replace('\n', " "));
        }
    }
}
