//! Hostile inputs, at the sizes the reliability issue names: each one
//! gives the right answer (these tests check results, never timings; the
//! `hostile` benchmark measures time and memory).
//!
//! Repetitive texts are built from a unit whose matches are checked one by
//! one; the big text must then give exactly those matches, shifted, once
//! per copy.

use arabic_gazetteer::{match_entities, normalize, EntityMatch};

const MB: usize = 1_000_000;

/// `(token_start, start, end, id)` in bytes.
type Found = (usize, usize, usize, String);

fn found(text: &str) -> Vec<Found> {
    match_entities(text).iter().map(summary).collect()
}

fn summary(m: &EntityMatch<'_>) -> Found {
    (
        m.token_start(),
        m.start(),
        m.end(),
        m.entity().id().to_string(),
    )
}

/// `unit` repeated until the text is at least `size` bytes.
fn repeat_to(unit: &str, size: usize) -> (String, usize) {
    let copies = size.div_ceil(unit.len());
    (unit.repeat(copies), copies)
}

/// The matches of `unit` repeated `copies` times: those of one copy,
/// shifted by the copy's offset.
fn assert_repeats(text: &str, unit: &str, copies: usize, one: &[Found]) {
    let all = match_entities(text);
    assert_eq!(all.len(), one.len() * copies, "match count");
    for (i, m) in all.iter().enumerate() {
        let (t, s, e, id) = &one[i % one.len()];
        let shift = (i / one.len()) * unit.len();
        let want = (t + shift, s + shift, e + shift, id.clone());
        assert_eq!(summary(m), want, "match {i}");
        // char offsets come from the same walk: spot-check them
        if i % 9973 == 0 {
            assert_eq!(text[..m.start()].chars().count(), m.char_start());
            assert_eq!(text[..m.end()].encode_utf16().count(), m.utf16_end());
        }
    }
}

fn ids(text: &str) -> Vec<String> {
    found(text).into_iter().map(|f| f.3).collect()
}

#[test]
fn empty_text() {
    assert!(match_entities("").is_empty());
    assert_eq!(normalize(""), "");
}

/// Words joined by punctuation, never by white space: names still match
/// where punctuation ends the word, and only there.
#[test]
fn fifty_mb_without_a_space() {
    // filler: words that name nothing, glued by punctuation
    let filler =
        "عمليات،الجيش؛القرارات.الأممية-انتشار_الإرهاب/قرارها(استعراض)".repeat(8);
    assert!(found(&filler).is_empty(), "the filler names nothing");
    let unit =
        format!("{filler}،موسكو،وبوتين(لروسيا)«للأمم»-جنيف.الروسية،دمشقروسيا،");
    let one = found(&unit);
    let got: Vec<(&str, &str, &str)> = one
        .iter()
        .map(|(t, s, e, id)| (&unit[*t..*e], &unit[*s..*e], id.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            ("موسكو", "موسكو", "moscow"),
            ("وبوتين", "بوتين", "vladimir-putin"),
            ("لروسيا", "روسيا", "russia"),
            ("جنيف", "جنيف", "geneva"),
        ],
        "للأمم alone is not a name, الروسية is an adjective, دمشقروسيا one word"
    );
    let (text, copies) = repeat_to(&unit, 50 * MB);
    assert!(!text.contains(char::is_whitespace));
    assert_repeats(&text, &unit, copies, &one);
}

#[test]
fn ten_mb_of_arabic_combining_marks_only() {
    // harakat, shadda, sukun, superscript alef, Quranic marks, tatweel
    let marks = "\u{064B}\u{064C}\u{064D}\u{064E}\u{064F}\u{0650}\u{0651}\
                 \u{0652}\u{0670}\u{06D6}\u{0610}\u{08F0}\u{0640}";
    let (text, _) = repeat_to(marks, 10 * MB);
    assert!(match_entities(&text).is_empty());
    assert_eq!(normalize(&text), "", "every one of them is deleted");
}

#[test]
fn ten_mb_of_other_combining_marks_only() {
    // Latin, Hebrew and Devanagari combining marks: kept, one long "word"
    let marks = "\u{0300}\u{0301}\u{0308}\u{036F}\u{05B0}\u{093C}\u{20D7}";
    let (text, _) = repeat_to(marks, 10 * MB);
    assert!(match_entities(&text).is_empty());
    assert_eq!(normalize(&text), text, "none of them is deleted");
}

#[test]
fn names_around_ten_mb_of_marks() {
    let marks = "\u{064E}".repeat(5 * MB); // 10 MB
                                           // a name followed by the marks: its span covers all of them
    let text = format!("في دمشق{marks}");
    let m = match_entities(&text);
    assert_eq!(m.len(), 1);
    assert_eq!(m[0].entity().id(), "damascus");
    assert_eq!((m[0].start(), m[0].end()), ("في ".len(), text.len()));
    assert_eq!(m[0].char_end(), text.chars().count());

    // names after the marks: the offsets of each come back right
    let tail = "روسيا موسكو دمشق جنيف";
    let text = format!("x {marks} {tail}");
    let at = text.len() - tail.len();
    let got: Vec<(usize, usize, &str)> = match_entities(&text)
        .iter()
        .map(|m| (m.start() - at, m.end() - at, m.entity().id()))
        .collect();
    assert_eq!(
        got,
        [
            (0, 10, "russia"),
            (11, 21, "moscow"),
            (22, 30, "damascus"),
            (31, 39, "geneva")
        ]
    );
}

#[test]
fn a_million_newlines() {
    let newlines = "\n".repeat(MB);
    assert!(match_entities(&newlines).is_empty());
    assert_eq!(normalize(&newlines), " ");

    // a name between half a million newlines on each side
    let half = "\n".repeat(MB / 2);
    let text = format!("{half}دمشق{half}");
    assert_eq!(
        found(&text),
        [(MB / 2, MB / 2, MB / 2 + 8, "damascus".into())]
    );

    // a two-word name split by a million newlines is still one name: a
    // run of white space is one space, and the span covers the run
    let text = format!("الأمم{newlines}المتحدة");
    assert_eq!(found(&text), [(0, 0, text.len(), "united-nations".into())]);
}

#[test]
fn one_ten_mb_word_of_arabic_letters() {
    // names glued together make one word, which names nothing
    let (word, _) = repeat_to("روسيادمشقموسكو", 10 * MB);
    assert!(match_entities(&word).is_empty());
    assert!(match_entities(&format!("و{word}")).is_empty());
    // the word does not hide a name after it
    let text = format!("{word} جنيف");
    assert_eq!(
        found(&text),
        [(word.len() + 1, word.len() + 1, text.len(), "geneva".into())]
    );
}

#[test]
fn alternating_scripts_every_char() {
    // Arabic, Latin, Cyrillic, Han, Hebrew, digit, Greek, Devanagari:
    // one long word of mixed letters, which names nothing
    let alternating: String =
        "رaشяق中يה7ωسक".chars().cycle().take(60).collect();
    assert!(match_entities(&alternating).is_empty());
    // every script again, one char each, around names
    let unit = format!("{alternating}€روسيا€R€Россия€{alternating}🙂موسكو🙂");
    let one = found(&unit);
    let got: Vec<(&str, &str)> = one
        .iter()
        .map(|(_, s, e, id)| (&unit[*s..*e], id.as_str()))
        .collect();
    assert_eq!(got, [("روسيا", "russia"), ("موسكو", "moscow")]);
    let (text, copies) = repeat_to(&unit, 10 * MB);
    assert_repeats(&text, &unit, copies, &one);
}

#[test]
fn a_name_repeated_a_million_times() {
    let text = "روسيا ".repeat(MB);
    let m = match_entities(&text);
    assert_eq!(m.len(), MB);
    for (i, m) in m.iter().enumerate() {
        assert_eq!(m.entity().id(), "russia");
        assert_eq!(
            (m.token_start(), m.start(), m.end()),
            (11 * i, 11 * i, 11 * i + 10)
        );
        assert_eq!((m.char_start(), m.char_end()), (6 * i, 6 * i + 5));
        assert_eq!((m.utf16_start(), m.utf16_end()), (6 * i, 6 * i + 5));
    }
}

#[test]
fn a_name_with_clitics_repeated() {
    let unit = "وللأمم المتحدة، ";
    let one = found(unit);
    assert_eq!(
        one,
        [(0, 4, "وللأمم المتحدة".len(), "united-nations".into())]
    );
    let (text, copies) = repeat_to(unit, 10 * MB);
    assert_repeats(&text, unit, copies, &one);
}

/// Every white-space char (Unicode `White_Space`).
fn white_space() -> Vec<char> {
    (0..=0x10FFFF_u32)
        .filter_map(char::from_u32)
        .filter(|c| c.is_whitespace())
        .collect()
}

/// The bidi controls and other invisible format chars the normalizer
/// deletes.
const FORMAT: [char; 17] = [
    '\u{200B}', '\u{200C}', '\u{200D}', '\u{200E}', '\u{200F}', '\u{202A}',
    '\u{202B}', '\u{202C}', '\u{202D}', '\u{202E}', '\u{2066}', '\u{2067}',
    '\u{2068}', '\u{2069}', '\u{061C}', '\u{FEFF}', '\u{00AD}',
];

#[test]
fn all_white_space_and_bidi_controls() {
    let ws = white_space();
    assert_eq!(ws.len(), 25, "Unicode has 25 White_Space chars");
    let all: String = ws.iter().chain(&FORMAT).collect();
    let (text, _) = repeat_to(&all, MB);
    assert!(match_entities(&text).is_empty());
    assert_eq!(normalize(&text), " ");
    let (controls, _) = repeat_to(&FORMAT.iter().collect::<String>(), MB);
    assert_eq!(normalize(&controls), "");

    for &c in &ws {
        // white space separates words, and joins the words of a name
        let text = format!("في{c}الأمم{c}{c}المتحدة{c}");
        let end = text.len() - c.len_utf8();
        assert_eq!(
            found(&text),
            [(
                "في".len() + c.len_utf8(),
                "في".len() + c.len_utf8(),
                end,
                "united-nations".into()
            )],
            "U+{:04X}",
            c as u32
        );
    }
    for &c in &FORMAT {
        let name = |s: &str| s.to_string();
        // inside a name: covered; around it: left out; between a
        // proclitic and the name: transparent
        let inside = format!("دم{c}شق");
        let text = format!("{c}و{c}{inside}{c} x");
        let w = c.len_utf8();
        let start = w + "و".len() + w;
        assert_eq!(
            found(&text),
            [(w, start, start + inside.len(), name("damascus"))],
            "U+{:04X}",
            c as u32
        );
    }
}

#[test]
fn names_separated_by_every_white_space_char() {
    let ws = white_space();
    let text: String =
        ws.iter().map(|c| format!("دمشق{c}")).collect::<String>();
    assert_eq!(ids(&text), vec!["damascus"; ws.len()]);
}
