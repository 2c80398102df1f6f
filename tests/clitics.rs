//! Word boundaries and proclitics, table-driven.

mod common;

use common::{found, gazetteer};

/// `t!(name, text, &[(word, name as written, id)])`
macro_rules! t {
    ($name:ident, $text:expr, $want:expr) => {
        #[test]
        fn $name() {
            let g = gazetteer();
            let want: &[(&str, &str, &str)] = $want;
            let want: Vec<(&str, &str, String)> = want
                .iter()
                .map(|&(w, n, id)| (w, n, id.to_string()))
                .collect();
            assert_eq!(found(&g, $text), want, "text: {}", $text);
        }
    };
}

// bare names
t!(bare_word, "زار موسكو أمس", &[("موسكو", "موسكو", "moscow")]);
t!(text_start_and_end, "موسكو", &[("موسكو", "موسكو", "moscow")]);
t!(
    punctuation_around,
    "(موسكو)، «دمشق».",
    &[("موسكو", "موسكو", "moscow"), ("دمشق", "دمشق", "damascus"),]
);

// one proclitic
t!(waw, "وموسكو", &[("وموسكو", "موسكو", "moscow")]);
t!(feh, "فموسكو", &[("فموسكو", "موسكو", "moscow")]);
t!(beh, "بدمشق", &[("بدمشق", "دمشق", "damascus")]);
t!(kaf, "كدمشق", &[("كدمشق", "دمشق", "damascus")]);
t!(lam, "لروسيا", &[("لروسيا", "روسيا", "russia")]);

// stacks
t!(waw_beh, "وبدمشق", &[("وبدمشق", "دمشق", "damascus")]);
t!(waw_lam, "ولروسيا", &[("ولروسيا", "روسيا", "russia")]);
t!(feh_lam, "فلروسيا", &[("فلروسيا", "روسيا", "russia")]);
t!(feh_beh, "فبموسكو", &[("فبموسكو", "موسكو", "moscow")]);
t!(waw_kaf, "وكموسكو", &[("وكموسكو", "موسكو", "moscow")]);

// the article after ب and ك, and its elision after ل
t!(
    beh_article,
    "بالأمم المتحدة",
    &[("بالأمم المتحدة", "الأمم المتحدة", "un")]
);
t!(
    kaf_article,
    "كالأمم المتحدة",
    &[("كالأمم المتحدة", "الأمم المتحدة", "un")]
);
t!(
    waw_beh_article,
    "وبالأمم المتحدة",
    &[("وبالأمم المتحدة", "الأمم المتحدة", "un")]
);
t!(
    lam_elision,
    "للأمم المتحدة",
    &[("للأمم المتحدة", "لأمم المتحدة", "un")]
);
t!(
    waw_lam_elision,
    "وللأمم المتحدة",
    &[("وللأمم المتحدة", "لأمم المتحدة", "un")]
);
t!(
    feh_lam_elision,
    "فللأمم المتحدة",
    &[("فللأمم المتحدة", "لأمم المتحدة", "un")]
);
t!(
    lam_elision_double_lam,
    "وصل للاذقية",
    &[("للاذقية", "لاذقية", "latakia")]
);
t!(
    waw_lam_elision_double_lam,
    "وللاذقية",
    &[("وللاذقية", "لاذقية", "latakia")]
);
t!(
    article_name_plain,
    "في اللاذقية",
    &[("اللاذقية", "اللاذقية", "latakia")]
);

// negatives: suffixes, article before a bare name, bad stacks
t!(no_nisba_feminine, "الخارجية الروسية", &[]);
t!(no_nisba_plural, "السوريين", &[]);
t!(no_suffix, "موسكوفيتش", &[]);
t!(no_article_plus_name_plus_suffix, "الكازاخستانيون", &[]);
t!(no_article_as_proclitic, "الروسيا", &[]);
t!(no_elided_form_at_word_start, "لأمم المتحدة", &[]);
t!(no_elided_form_after_beh, "بلأمم المتحدة", &[]);
t!(no_prep_before_conj, "بوموسكو", &[]);
t!(no_two_preps, "بلروسيا", &[]);
t!(no_three_clitics, "وبلروسيا", &[]);
t!(no_inside_word, "ابدمشقي", &[]);
t!(no_digit_glued, "دمشق2", &[]);
t!(no_latin_glued, "xدمشق", &[]);

// leftmost-longest, and a failing candidate never hides a valid one
t!(
    longest_wins,
    "روسيا الاتحادية",
    &[("روسيا الاتحادية", "روسيا الاتحادية", "russia")]
);
t!(
    longer_fails_boundary,
    "الأمم المتحدة للطفولةي",
    &[("الأمم المتحدة", "الأمم المتحدة", "un")]
);
t!(
    longer_valid,
    "الأمم المتحدة للطفولة",
    &[("الأمم المتحدة للطفولة", "الأمم المتحدة للطفولة", "unicef")]
);
t!(
    nested_alias_prefers_longest,
    "مجلس الأمن الدولي",
    &[("مجلس الأمن الدولي", "مجلس الأمن الدولي", "unsc")]
);
t!(
    surname_and_full_name,
    "فلاديمير بوتين ثم بوتين",
    &[
        ("فلاديمير بوتين", "فلاديمير بوتين", "putin"),
        ("بوتين", "بوتين", "putin"),
    ]
);
t!(
    three_word_name,
    "ستافان دي ميستورا",
    &[("ستافان دي ميستورا", "ستافان دي ميستورا", "de-mistura")]
);

// multi-word names across white space of any kind
t!(
    newline_inside_name,
    "الأمم\nالمتحدة",
    &[("الأمم\nالمتحدة", "الأمم\nالمتحدة", "un")]
);
t!(
    double_space,
    "الأمم  المتحدة",
    &[("الأمم  المتحدة", "الأمم  المتحدة", "un")]
);
t!(
    nbsp,
    "الأمم\u{a0}المتحدة",
    &[("الأمم\u{a0}المتحدة", "الأمم\u{a0}المتحدة", "un")]
);
t!(
    crlf_and_tab,
    "الأمم\r\n\tالمتحدة",
    &[("الأمم\r\n\tالمتحدة", "الأمم\r\n\tالمتحدة", "un")]
);

// spelling variants, marks and invisible characters
t!(diacritics_inside, "رُوسْيَا", &[("رُوسْيَا", "رُوسْيَا", "russia")]);
t!(tanween_after, "روسياً.", &[("روسياً", "روسياً", "russia")]);
t!(
    tatweel_inside,
    "مـــوسكو",
    &[("مـــوسكو", "مـــوسكو", "moscow")]
);
t!(
    zwnj_inside,
    "مو\u{200C}سكو",
    &[("مو\u{200C}سكو", "مو\u{200C}سكو", "moscow")]
);
t!(
    rlm_around,
    "\u{200F}موسكو\u{200F}",
    &[("موسكو", "موسكو", "moscow")]
);
t!(
    harakat_on_proclitic,
    "وَبِدِمَشْقَ",
    &[("وَبِدِمَشْقَ", "دِمَشْقَ", "damascus")]
);
t!(teh_marbuta_variant, "سوريه", &[("سوريه", "سوريه", "syria")]);
t!(presentation_forms, "ﺩﻣﺸﻖ", &[("ﺩﻣﺸﻖ", "ﺩﻣﺸﻖ", "damascus")]);
t!(
    presentation_lam_alef,
    "ﺍﻟﻼﺫﻗﻴﺔ",
    &[("ﺍﻟﻼﺫﻗﻴﺔ", "ﺍﻟﻼﺫﻗﻴﺔ", "latakia")]
);
t!(
    persian_kaf,
    "کازاخستان",
    &[("کازاخستان", "کازاخستان", "kazakhstan")]
);

#[test]
fn ambiguous_surface_carries_all_candidates_best_first() {
    let g = gazetteer();
    let m = g.match_entities("وصل إلى عمان");
    assert_eq!(m.len(), 1);
    let ids: Vec<&str> = m[0].candidates().iter().map(|e| e.id()).collect();
    assert_eq!(ids, ["oman", "amman"]);
    assert_eq!(m[0].entity().id(), "oman");
}

#[test]
fn overlapping_option_returns_every_valid_candidate() {
    let mut b = arabic_gazetteer::Gazetteer::builder();
    b.add_tsv_str(common::TSV).unwrap().overlapping(true);
    let g = b.build().unwrap();
    let text = "الأمم المتحدة للطفولةي ومجلس الأمن الدولي";
    let got: Vec<(&str, &str)> = g
        .match_entities(text)
        .iter()
        .map(|m| (m.entity().id(), &text[m.range()]))
        .collect();
    assert_eq!(
        got,
        [
            ("un", "الأمم المتحدة"),
            ("unsc", "مجلس الأمن الدولي"),
            ("unsc", "مجلس الأمن"),
        ]
    );
}

/// A one-word name `ال…ة` tagged `nisba` is also the feminine adjective:
/// after a definite noun it is read as the adjective.
#[test]
fn nisba_names_after_a_definite_noun_are_adjectives() {
    let g = arabic_gazetteer::Gazetteer::builder()
        .add_tsv_str(
            "id\tkind\tname\taliases\ttags\n\
             sa\tLOC\tالسعودية\tالمملكة العربية السعودية\tnisba\n\
             lat\tLOC\tاللاذقية\t\t\n",
        )
        .unwrap()
        .build()
        .unwrap();
    let ids = |t: &str| -> Vec<String> {
        g.match_entities(t)
            .iter()
            .map(|m| m.entity().id().to_string())
            .collect()
    };
    // the country
    for t in [
        "في السعودية",
        "زار السعودية",
        "مصر والسعودية",
        "مناطق السعودية",
        "المملكة العربية السعودية",
        "الرياض، السعودية",
        "السعودية",
    ] {
        assert_eq!(ids(t), ["sa"], "{t}");
    }
    // the adjective: after a definite noun, with or without proclitics
    for t in [
        "الحكومة السعودية",
        "والطائرة السعودية",
        "بالأراضي السعودية",
        "للحكومة السعودية",
        "وللقوات السعودية",
        "كالشركات السعودية",
    ] {
        assert!(ids(t).is_empty(), "{t}");
    }
    // names without the tag are not affected
    assert_eq!(ids("الساحل اللاذقية"), ["lat"]);
}

#[test]
fn designators_extend_places_when_asked() {
    let mut b = arabic_gazetteer::Gazetteer::builder();
    b.add_tsv_str(common::TSV).unwrap();
    let plain = b.build().unwrap();
    b.include_designators(true);
    let g = b.build().unwrap();
    let spans = |g: &arabic_gazetteer::Gazetteer,
                 t: &'static str|
     -> Vec<(&'static str, &'static str)> {
        g.match_entities(t)
            .iter()
            .map(|m| (&t[m.token_start()..m.end()], &t[m.range()]))
            .collect()
    };
    assert_eq!(spans(&plain, "في مدينة دمشق"), [("دمشق", "دمشق")]);
    assert_eq!(spans(&g, "في مدينة دمشق"), [("مدينة دمشق", "مدينة دمشق")]);
    // stacked designators, and proclitics on the first one
    assert_eq!(
        spans(&g, "وبقضاء مدينة دمشق"),
        [("وبقضاء مدينة دمشق", "قضاء مدينة دمشق")]
    );
    assert_eq!(spans(&g, "بمخيم  موسكو"), [("بمخيم  موسكو", "مخيم  موسكو")]);
    // not for other kinds, not over another match, not without a space
    assert_eq!(spans(&g, "مدينة بوتين"), [("بوتين", "بوتين")]);
    assert_eq!(
        spans(&g, "دمشق مدينة موسكو"),
        [("دمشق", "دمشق"), ("مدينة موسكو", "مدينة موسكو")]
    );
    assert_eq!(spans(&g, "مدينةدمشق"), []);
    assert_eq!(spans(&g, "المدينة دمشق"), [("دمشق", "دمشق")]);
    // after punctuation outside ASCII, but not after a letter
    assert_eq!(spans(&g, "«مدينة دمشق»"), [("مدينة دمشق", "مدينة دمشق")]);
    assert_eq!(spans(&g, "،مدينة دمشق"), [("مدينة دمشق", "مدينة دمشق")]);
    assert_eq!(spans(&g, "éمدينة دمشق"), [("دمشق", "دمشق")]);
}
