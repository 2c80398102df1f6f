//! `match_entities` with the default gazetteer on any `&str`.
//!
//! Checks that nothing panics and that every match is well formed: offsets
//! inside the text and on char boundaries, char and UTF-16 offsets that
//! agree with the byte offsets, matches in order and disjoint, a surface
//! that really normalizes to a name of the entity found. Also checks that a
//! space added before or after the text changes no match.
#![no_main]

use arabic_gazetteer::{match_entities, normalize, EntityMatch};
use libfuzzer_sys::fuzz_target;

/// The normalized names of an entity, and the forms its `ال…` names take
/// after the proclitic `ل` (article alef, or alef and lam, elided).
fn forms(m: &EntityMatch<'_>) -> Vec<String> {
    let mut out = Vec::new();
    for e in m.candidates() {
        for name in e.names() {
            let n = normalize(name).trim_matches(' ').to_string();
            if let Some(rest) = n.strip_prefix('ا') {
                out.push(rest.to_string());
                if let Some(rest) = rest.strip_prefix('ل') {
                    out.push(rest.to_string());
                }
            }
            out.push(n);
        }
    }
    out
}

fn check(text: &str) -> Vec<(usize, usize, usize, usize, usize, String)> {
    let found = match_entities(text);
    let mut last_end = 0;
    let mut out = Vec::with_capacity(found.len());
    for m in &found {
        assert!(m.token_start() <= m.start(), "{m:?}");
        assert!(m.start() < m.end(), "{m:?}");
        assert!(m.end() <= text.len(), "{m:?}");
        assert!(text.is_char_boundary(m.token_start()), "{m:?}");
        assert!(text.is_char_boundary(m.start()), "{m:?}");
        assert!(text.is_char_boundary(m.end()), "{m:?}");
        assert!(last_end <= m.token_start(), "overlap at {m:?}");
        last_end = m.end();
        let before = &text[..m.start()];
        let upto = &text[..m.end()];
        let tok = &text[..m.token_start()];
        assert_eq!(before.chars().count(), m.char_start());
        assert_eq!(upto.chars().count(), m.char_end());
        assert_eq!(tok.chars().count(), m.char_token_start());
        assert_eq!(before.encode_utf16().count(), m.utf16_start());
        assert_eq!(upto.encode_utf16().count(), m.utf16_end());
        assert_eq!(tok.encode_utf16().count(), m.utf16_token_start());
        assert!(!m.candidates().is_empty());
        let surface = normalize(&text[m.range()]);
        assert!(
            forms(m).iter().any(|f| surface.contains(f.as_str())),
            "surface {:?} normalizes to {surface:?}, no name of {}",
            &text[m.range()],
            m.entity().id()
        );
        out.push((
            m.token_start(),
            m.start(),
            m.end(),
            m.char_start(),
            m.utf16_start(),
            m.entity().id().to_string(),
        ));
    }
    out
}

fuzz_target!(|text: &str| {
    let plain = check(text);

    // a space before the text shifts every offset by one
    let shifted = check(&format!(" {text}"));
    let back: Vec<_> = shifted
        .into_iter()
        .map(|(t, s, e, c, u, id)| (t - 1, s - 1, e - 1, c - 1, u - 1, id))
        .collect();
    assert_eq!(back, plain, "a leading space changed the matches");

    // a space after it changes nothing
    assert_eq!(
        check(&format!("{text} ")),
        plain,
        "a trailing space changed the matches"
    );
});
