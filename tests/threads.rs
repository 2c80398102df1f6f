//! One gazetteer shared by several threads gives the single-threaded
//! results.

use std::sync::Arc;

use arabic_gazetteer::{match_entities, EntityMatch, Gazetteer};

const TEXT: &str = include_str!("fixtures/ghouta-astana-2018.txt");

fn summary(text: &str, g: &Gazetteer) -> Vec<(usize, usize, usize, String)> {
    g.match_entities(text)
        .iter()
        .map(|m| {
            (
                m.token_start(),
                m.start(),
                m.end(),
                m.entity().id().to_string(),
            )
        })
        .collect()
}

#[test]
fn builtin_initialized_concurrently_gives_one_result() {
    // the first use happens in four threads at once
    let handles: Vec<_> = (0..4)
        .map(|_| std::thread::spawn(|| summary(TEXT, Gazetteer::builtin())))
        .collect();
    let results: Vec<_> =
        handles.into_iter().map(|h| h.join().unwrap()).collect();
    let single = summary(TEXT, Gazetteer::builtin());
    assert!(!single.is_empty());
    for r in results {
        assert_eq!(r, single);
    }
    assert_eq!(match_entities(TEXT).len(), single.len());
}

#[test]
fn shared_custom_gazetteer_on_different_texts() {
    let g = Arc::new({
        let mut b = Gazetteer::builder();
        b.add_builtin();
        b.build().unwrap()
    });
    let paragraphs: Vec<String> = TEXT.lines().map(str::to_string).collect();
    let expected: Vec<_> = paragraphs.iter().map(|p| summary(p, &g)).collect();
    let handles: Vec<_> = (0..8)
        .map(|t| {
            let g = Arc::clone(&g);
            let paragraphs = paragraphs.clone();
            std::thread::spawn(move || {
                // each thread walks the paragraphs from a different place
                let n = paragraphs.len();
                (0..n)
                    .map(|i| (i + t) % n)
                    .map(|i| (i, summary(&paragraphs[i], &g)))
                    .collect::<Vec<_>>()
            })
        })
        .collect();
    for h in handles {
        for (i, got) in h.join().unwrap() {
            assert_eq!(got, expected[i]);
        }
    }
}

/// Eight threads share the builtin gazetteer over different texts (the
/// article, rewritten ones, and small hostile ones); every match, with all
/// its offsets and candidates, equals the single-threaded one.
#[test]
fn eight_threads_give_exactly_the_single_threaded_matches() {
    let mut texts: Vec<String> = TEXT.lines().map(str::to_string).collect();
    texts.push(TEXT.to_string());
    texts.push(TEXT.replace(' ', "\u{200F} \u{A0}"));
    texts.push(TEXT.replace('ا', "اَ").replace('ل', "لـ"));
    texts.push("روسيا ".repeat(20_000));
    texts.push("وللأمم\nالمتحدة،".repeat(5_000));
    texts.push("\u{064E}".repeat(100_000) + "دمشق");
    texts.push(String::new());
    let g = Gazetteer::builtin();
    let expected: Vec<Vec<EntityMatch<'static>>> =
        texts.iter().map(|t| g.match_entities(t)).collect();
    assert!(expected.iter().filter(|m| !m.is_empty()).count() > 8);
    let texts = Arc::new(texts);
    let handles: Vec<_> = (0..8)
        .map(|t| {
            let texts = Arc::clone(&texts);
            std::thread::spawn(move || {
                let n = texts.len();
                (0..3 * n)
                    .map(|i| (i + 5 * t) % n)
                    .map(|i| {
                        (i, Gazetteer::builtin().match_entities(&texts[i]))
                    })
                    .collect::<Vec<_>>()
            })
        })
        .collect();
    for h in handles {
        for (i, got) in h.join().unwrap() {
            assert_eq!(got, expected[i], "text {i}");
        }
    }
}
