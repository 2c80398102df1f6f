//! The normalizer and the map from normalized matches back to the
//! original text.
//!
//! Input: one byte of options (each bit flips one fold of the default
//! profile), one byte of flags (overlapping matches, where to split), then
//! UTF-8 `name \0 text`.
//!
//! Checks:
//! * normalizing is idempotent, leaves no white-space run, and works char
//!   by char: normalizing two halves and joining them (one space for a
//!   run) gives the normalization of the whole;
//! * a gazetteer of the one entity `name` is built exactly when `name`
//!   normalizes to something, and an error names the entity otherwise;
//! * `name` between spaces is found, and its span is inside the name and
//!   normalizes to the name; after the proclitic `و` too, with
//!   `token_start` on the `و`;
//! * in `text`, every match is on char boundaries, inside the text, and its
//!   span normalizes to something containing the name.
#![no_main]

use arabic_gazetteer::{
    normalize_with, Entity, EntityKind, Gazetteer, NormalizeOptions,
};
use libfuzzer_sys::fuzz_target;

fn options(bits: u8) -> NormalizeOptions {
    let d = NormalizeOptions::new();
    let flip = |i: u8| bits & (1 << i) != 0;
    // the default profile: everything on except hamza carriers
    d.fold_alef(!flip(0))
        .fold_teh_marbuta(!flip(1))
        .fold_alef_maksura(!flip(2))
        .fold_hamza_carriers(flip(3))
        .fold_persian(!flip(4))
        .fold_digits(!flip(5))
        .lowercase_ascii(!flip(6))
}

fn collapse(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if !(c == ' ' && out.ends_with(' ')) {
            out.push(c);
        }
    }
    out
}

fn check_normalizer(s: &str, split: u8, o: &NormalizeOptions) {
    let n = normalize_with(s, o);
    assert_eq!(normalize_with(&n, o), n, "not idempotent on {s:?}");
    assert!(!n.contains("  "), "white-space run left in {n:?}");
    let mut k = s.len() * split as usize / 255;
    while !s.is_char_boundary(k) {
        k -= 1;
    }
    let (a, b) = s.split_at(k);
    let joined = collapse(&(normalize_with(a, o) + &normalize_with(b, o)));
    assert_eq!(joined, n, "split at {k} of {s:?}");
}

/// The normalized name and the forms it takes after `ل` (article elided).
fn forms(n: &str) -> Vec<&str> {
    let mut out = vec![n];
    if let Some(rest) = n.strip_prefix('ا') {
        out.push(rest);
        if let Some(rest) = rest.strip_prefix('ل') {
            out.push(rest);
        }
    }
    out
}

fn check_offsets(g: &Gazetteer, text: &str, n: &str, overlapping: bool) {
    let o = g.normalize_options();
    let mut last_end = 0;
    for m in g.match_entities(text) {
        assert!(m.token_start() <= m.start() && m.start() < m.end());
        assert!(m.end() <= text.len());
        assert!(text.is_char_boundary(m.token_start()));
        assert!(text.is_char_boundary(m.start()));
        assert!(text.is_char_boundary(m.end()));
        assert_eq!(text[..m.start()].chars().count(), m.char_start());
        assert_eq!(text[..m.end()].encode_utf16().count(), m.utf16_end());
        if !overlapping {
            assert!(last_end <= m.token_start());
            last_end = m.end();
        }
        let surface = normalize_with(&text[m.range()], o);
        assert!(
            forms(n).iter().any(|f| surface.contains(f)),
            "{:?} normalizes to {surface:?}, not to {n:?}",
            &text[m.range()]
        );
    }
}

/// `name` alone between spaces, and after `prefix`: the first match is the
/// name, its span inside the name, normalizing to exactly `n`.
fn check_mention(g: &Gazetteer, name: &str, n: &str, prefix: &str) {
    let o = g.normalize_options();
    let text = format!(" {prefix}{name} ");
    let at = 1 + prefix.len();
    let found = g.match_entities(&text);
    let m = found.first().unwrap_or_else(|| {
        panic!("{name:?} not found in {text:?}");
    });
    let token = if prefix.is_empty() { m.start() } else { 1 };
    assert_eq!(m.token_start(), token, "{text:?}: {m:?}");
    assert!(m.start() >= at, "{text:?}: {m:?}");
    assert!(m.end() <= at + name.len(), "{text:?}: {m:?}");
    let surface = normalize_with(&text[m.range()], o);
    assert_eq!(surface.trim_matches(' '), n, "{text:?}: {m:?}");
}

fuzz_target!(|data: &[u8]| {
    let [bits, flags, rest @ ..] = data else {
        return;
    };
    let Ok(s) = std::str::from_utf8(rest) else {
        return;
    };
    let o = options(*bits);
    check_normalizer(s, *flags, &o);

    let (name, text) = s.split_once('\0').unwrap_or((s, ""));
    let overlapping = flags & 1 != 0;
    let built = Gazetteer::builder()
        .normalize_options(o)
        .overlapping(overlapping)
        .add_entity(Entity::new("x", EntityKind::Misc, name))
        .build();
    let full = normalize_with(name, &o);
    let n = full.trim_matches(' ');
    if n.is_empty() {
        let err = built.expect_err("a name of nothing was accepted");
        let msg = err.to_string();
        assert!(
            msg.starts_with("entity 'x' has an empty alias")
                || msg.starts_with("entity 'x': name "),
            "{msg}"
        );
        return;
    }
    let g = built.expect("a name that normalizes to something was refused");
    check_mention(&g, name, n, "");
    if full.starts_with(char::is_alphanumeric) {
        check_mention(&g, name, n, "و");
    }
    check_offsets(&g, text, n, overlapping);
});
