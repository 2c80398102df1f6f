//! Property tests: offsets on any input, normalizer idempotence, and names
//! found through inserted marks.

mod common;

use arabic_gazetteer::{match_entities, normalize};
use proptest::prelude::*;

/// Strings rich in what matters here: Arabic letters and marks, clitics,
/// presentation forms, white space, format controls and other scripts.
fn text() -> impl Strategy<Value = String> {
    let atoms = prop_oneof![
        Just("روسيا".to_string()),
        Just("الأمم المتحدة".to_string()),
        Just("للأمم".to_string()),
        Just("و".to_string()),
        Just("ب".to_string()),
        Just("ل".to_string()),
        Just("دمشق".to_string()),
        Just(" ".to_string()),
        Just("\n".to_string()),
        Just("\u{a0}".to_string()),
        Just("ﻻ".to_string()),
        Just("ﷺ".to_string()),
        Just("\u{FE70}".to_string()),
        Just("\u{200C}".to_string()),
        Just("\u{200F}".to_string()),
        Just("ـ".to_string()),
        Just("ً".to_string()),
        Just("😀".to_string()),
        "[\u{0600}-\u{06FF}]",
        "[\u{FB50}-\u{FDFF}\u{FE70}-\u{FEFF}]",
        any::<char>().prop_map(String::from),
    ];
    prop::collection::vec(atoms, 0..40).prop_map(|v| v.concat())
}

fn check_offsets(text: &str) -> Result<(), TestCaseError> {
    for m in match_entities(text) {
        prop_assert!(m.token_start() <= m.start());
        prop_assert!(m.start() < m.end());
        prop_assert!(m.end() <= text.len());
        prop_assert!(text.is_char_boundary(m.token_start()));
        prop_assert!(text.is_char_boundary(m.start()));
        prop_assert!(text.is_char_boundary(m.end()));
        prop_assert_eq!(text[..m.start()].chars().count(), m.char_start());
        prop_assert_eq!(text[..m.end()].chars().count(), m.char_end());
        prop_assert_eq!(text[..m.end()].encode_utf16().count(), m.utf16_end());
        prop_assert!(!m.candidates().is_empty());
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn offsets_on_arbitrary_strings(s in any::<String>()) {
        check_offsets(&s)?;
    }

    #[test]
    fn offsets_on_arabic_like_strings(s in text()) {
        check_offsets(&s)?;
    }

    #[test]
    fn normalizing_twice_equals_once(s in text()) {
        let once = normalize(&s);
        prop_assert_eq!(normalize(&once), once);
    }

    #[test]
    fn normalizing_any_string_twice_equals_once(s in any::<String>()) {
        let once = normalize(&s);
        prop_assert_eq!(normalize(&once), once);
    }

    #[test]
    fn matches_are_sorted_and_disjoint(s in text()) {
        let m = match_entities(&s);
        for w in m.windows(2) {
            prop_assert!(w[0].end() <= w[1].token_start() || w[0].end() <= w[1].start());
        }
    }

    /// Inserting harakat, tatweel or ZWNJ between the letters of a name, and
    /// harakat after it, still finds it, with the span covering them.
    #[test]
    fn inserted_marks_are_covered(
        name in prop::sample::select(vec!["روسيا", "دمشق", "موسكو", "كازاخستان"]),
        inserts in prop::collection::vec(
            prop::option::of(prop::sample::select(vec![
                "\u{064E}", "\u{064F}", "\u{0650}", "\u{0651}", "\u{0652}",
                "\u{064B}", "ـ", "ـــ", "\u{200C}", "\u{0670}",
            ])),
            12,
        ),
        trailing in prop::option::of(prop::sample::select(vec!["\u{064B}", "\u{064E}", "ـ"])),
        clitic in prop::sample::select(vec!["", "و", "ب", "ل", "وب", "فل"]),
    ) {
        let g = common::gazetteer();
        let mut decorated = String::new();
        let n = name.chars().count();
        for (i, c) in name.chars().enumerate() {
            decorated.push(c);
            if i + 1 < n {
                if let Some(m) = inserts[i] {
                    decorated.push_str(m);
                }
            }
        }
        if let Some(t) = trailing {
            decorated.push_str(t);
        }
        let text = format!("قال المتحدث إن {clitic}{decorated}، ثم غادر");
        let found = g.match_entities(&text);
        prop_assert_eq!(found.len(), 1, "{}", text);
        let m = &found[0];
        prop_assert_eq!(&text[m.range()], decorated.as_str());
        prop_assert_eq!(&text[m.token_start()..m.start()], clitic);
    }
}
