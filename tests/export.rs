//! The export formats, read back with real parsers: `serde_json` for JSON
//! Lines and spaCy documents, a tiny CoNLL reader for BIO tags. Every
//! offset is checked against the text.
#![cfg(feature = "json")]

use arabic_gazetteer::export::{self, BioTag};
use arabic_gazetteer::{
    Entity, EntityKind, EntityMatch, Gazetteer, TextOffset,
};
use serde_json::Value;

const SAMPLE: &str = include_str!("fixtures/ghouta-astana-2018.txt");

/// Diacritics, tatweel, proclitics, punctuation glued to names, a
/// multi-word name across a line break, Latin, digits and astral chars
/// (two UTF-16 units each) before the names.
const MIXED: &str = "😀 قال وزير الخارجية سيرغي لافروف: «إنَّ روسيا\n\
    الاتحادية تدعم دِمَشْقَ»، وبموسكو (2018) التقى بوتين بـ أردوغان؛ \
    🇸🇾 ثم غادر إلى جنيف... والأمم المتحدة تراقب.\tUN-Geneva 👍 للأمم المتحدة";

fn texts() -> Vec<&'static str> {
    vec![SAMPLE, MIXED, "", "لا شيء هنا", "حلب"]
}

fn chars(text: &str, s: usize, e: usize) -> String {
    text.chars().skip(s).take(e - s).collect()
}

fn utf16(text: &str, s: usize, e: usize) -> String {
    let units: Vec<u16> = text.encode_utf16().collect();
    String::from_utf16(&units[s..e]).unwrap()
}

fn num(v: &Value) -> usize {
    v.as_u64().unwrap() as usize
}

#[test]
fn jsonl_records_parse_and_point_into_the_text() {
    for text in texts() {
        let found = arabic_gazetteer::match_entities(text);
        let mut out = Vec::new();
        export::write_jsonl(&mut out, "doc-1", text, &found).unwrap();
        let out = String::from_utf8(out).unwrap();
        let records: Vec<Value> = out
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(records.len(), found.len());
        for (r, m) in records.iter().zip(&found) {
            let keys: Vec<&str> =
                r.as_object().unwrap().keys().map(String::as_str).collect();
            let mut expected = [
                "doc",
                "start",
                "end",
                "char_start",
                "char_end",
                "utf16_start",
                "utf16_end",
                "token_start",
                "surface",
                "id",
                "kind",
                "name",
                "name_en",
                "tags",
                "candidates",
            ];
            expected.sort_unstable();
            let mut keys = keys;
            keys.sort_unstable();
            assert_eq!(keys, expected, "the fields of SPEC §4");
            let surface = r["surface"].as_str().unwrap();
            assert_eq!(r["doc"], "doc-1");
            assert_eq!(&text[num(&r["start"])..num(&r["end"])], surface);
            assert_eq!(
                chars(text, num(&r["char_start"]), num(&r["char_end"])),
                surface
            );
            assert_eq!(
                utf16(text, num(&r["utf16_start"]), num(&r["utf16_end"])),
                surface
            );
            let token = &text[num(&r["token_start"])..num(&r["end"])];
            assert!(token.ends_with(surface), "{token} {surface}");
            assert_eq!(r["id"], m.entity().id());
            assert_eq!(r["kind"], m.kind().as_str());
            assert_eq!(r["candidates"][0], m.entity().id());
        }
    }
}

#[test]
fn jsonl_records_of_mixed_text_have_diverging_offsets() {
    // the check above means something only if the units differ here
    let found = arabic_gazetteer::match_entities(MIXED);
    let m = found.iter().find(|m| m.entity().id() == "geneva").unwrap();
    assert!(m.start() > m.char_start());
    assert!(m.utf16_start() > m.char_start());
}

#[test]
fn spacy_docs_parse_and_point_into_the_text() {
    for text in texts() {
        let found = arabic_gazetteer::match_entities(text);
        let mut out = Vec::new();
        export::write_spacy(&mut out, text, &found).unwrap();
        let out = String::from_utf8(out).unwrap();
        assert_eq!(out.lines().count(), 1);
        let doc: Value = serde_json::from_str(&out).unwrap();
        assert_eq!(doc.as_object().unwrap().len(), 2, "text and ents");
        assert_eq!(doc["text"], text);
        let ents = doc["ents"].as_array().unwrap();
        assert_eq!(ents.len(), found.len());
        for (e, m) in ents.iter().zip(&found) {
            let e = e.as_array().unwrap();
            assert_eq!(e.len(), 3);
            let (s, end) = (num(&e[0]), num(&e[1]));
            assert_eq!(chars(text, s, end), m.as_str(text));
            assert_eq!(e[2], m.kind().as_str());
        }
    }
}

#[test]
fn spacy_docs_with_proclitics_cover_the_word() {
    let found = arabic_gazetteer::match_entities(MIXED);
    let doc = export::SpacyDoc::with_proclitics(MIXED, &found);
    let words: Vec<String> = doc
        .ents
        .iter()
        .map(|&(s, e, _)| chars(MIXED, s, e))
        .collect();
    assert!(words.contains(&"وبموسكو".to_string()), "{words:?}");
    assert!(words.contains(&"للأمم المتحدة".to_string()), "{words:?}");
}

/// A tiny CoNLL reader: documents of `(token, tag)` lines, each document
/// ended by an empty line.
fn read_conll(s: &str) -> Vec<Vec<(String, String)>> {
    let mut docs = Vec::new();
    let mut doc = Vec::new();
    for line in s.split('\n') {
        if line.is_empty() {
            if !doc.is_empty() {
                docs.push(std::mem::take(&mut doc));
            }
            continue;
        }
        let fields: Vec<&str> = line.split('\t').collect();
        assert_eq!(fields.len(), 2, "two columns: {line:?}");
        assert!(!fields[0].is_empty() && !fields[0].contains(' '));
        doc.push((fields[0].to_string(), fields[1].to_string()));
    }
    assert!(doc.is_empty(), "the last document ends with an empty line");
    docs
}

/// Finds the tokens in the text, in order, with only white space between
/// them; returns their byte spans.
fn align(text: &str, tokens: &[(String, String)]) -> Vec<(usize, usize)> {
    let mut at = 0;
    tokens
        .iter()
        .map(|(t, _)| {
            let skipped = text[at..].len() - text[at..].trim_start().len();
            at += skipped;
            assert!(
                text[at..].starts_with(t.as_str()),
                "token {t:?} not next in the text at {at}"
            );
            let span = (at, at + t.len());
            at += t.len();
            span
        })
        .collect()
}

/// The entities a BIO sequence spells: (byte start, byte end, label).
fn entities(
    spans: &[(usize, usize)],
    tokens: &[(String, String)],
) -> Vec<(usize, usize, String)> {
    let mut out: Vec<(usize, usize, String)> = Vec::new();
    let mut open = false;
    for (span, (_, tag)) in spans.iter().zip(tokens) {
        if let Some(label) = tag.strip_prefix("B-") {
            out.push((span.0, span.1, label.to_string()));
            open = true;
        } else if let Some(label) = tag.strip_prefix("I-") {
            assert!(open, "I- without B-");
            let last = out.last_mut().unwrap();
            assert_eq!(last.2, label, "I- continues the same kind");
            last.1 = span.1;
        } else {
            assert_eq!(tag, "O");
            open = false;
        }
    }
    out
}

fn conll_of(text: &str, found: &[EntityMatch<'_>]) -> String {
    let mut out = Vec::new();
    export::write_conll(&mut out, text, found).unwrap();
    String::from_utf8(out).unwrap()
}

#[test]
fn conll_parses_and_its_entities_are_the_matches() {
    for text in texts() {
        let found = arabic_gazetteer::match_entities(text);
        let docs = read_conll(&conll_of(text, &found));
        if text.trim().is_empty() {
            assert!(docs.is_empty());
            continue;
        }
        assert_eq!(docs.len(), 1);
        let spans = align(text, &docs[0]);
        // nothing but white space is left out
        let rest = &text[spans.last().unwrap().1..];
        assert!(rest.trim().is_empty(), "{rest:?}");
        let ents = entities(&spans, &docs[0]);
        let expected: Vec<(usize, usize, String)> = found
            .iter()
            .map(|m| (m.token_start(), m.end(), m.kind().to_string()))
            .collect();
        assert_eq!(ents, expected);
    }
}

#[test]
fn conll_splits_punctuation_and_keeps_marks_in_words() {
    let text = "«دِمَشْقَ»، بـ(موسكو).";
    let found = arabic_gazetteer::match_entities(text);
    let docs = read_conll(&conll_of(text, &found));
    let lines: Vec<(&str, &str)> = docs[0]
        .iter()
        .map(|(t, g)| (t.as_str(), g.as_str()))
        .collect();
    assert_eq!(
        lines,
        [
            ("«", "O"),
            ("دِمَشْقَ", "B-LOC"),
            ("»", "O"),
            ("،", "O"),
            ("بـ", "O"),
            ("(", "O"),
            ("موسكو", "B-LOC"),
            (")", "O"),
            (".", "O"),
        ]
    );
}

#[test]
fn adjacent_entities_of_one_kind_each_begin() {
    let text = "روسيا تركيا إيران";
    let found = arabic_gazetteer::match_entities(text);
    let tags: Vec<String> = export::bio_tags(text, &found)
        .iter()
        .map(|t| t.tag.to_string())
        .collect();
    assert_eq!(tags, ["B-LOC", "B-LOC", "B-LOC"]);
}

fn overlapping() -> Gazetteer {
    Gazetteer::builder()
        .add_entity(Entity::new("ru", EntityKind::Location, "روسيا"))
        .add_entity(Entity::new("rf", EntityKind::Location, "روسيا الاتحادية"))
        .add_entity(Entity::new("fed", EntityKind::Misc, "الاتحادية"))
        .overlapping(true)
        .build()
        .unwrap()
}

#[test]
fn overlapping_matches_keep_the_leftmost_longest() {
    let g = overlapping();
    let text = "زار روسيا الاتحادية";
    let found = g.match_entities(text);
    assert_eq!(found.len(), 3, "the gazetteer reports overlaps");
    let doc = export::SpacyDoc::new(text, &found);
    assert_eq!(doc.ents, [(4, 19, "LOC")]);
    let tags: Vec<BioTag> = export::bio_tags(text, &found)
        .iter()
        .map(|t| t.tag)
        .collect();
    assert_eq!(
        tags,
        [
            BioTag::Outside,
            BioTag::Begin(EntityKind::Location),
            BioTag::Inside(EntityKind::Location),
        ]
    );
}

#[test]
fn records_of_shifted_matches_carry_whole_text_offsets() {
    let (first, second) = ("مقدمة.\n\n", "وصل لافروف إلى جنيف");
    let whole = format!("{first}{second}");
    let local = arabic_gazetteer::match_entities(second);
    let m = local[1].shifted(TextOffset::of(first));
    let r = export::MatchRecord::new("d", &m, local[1].as_str(second));
    assert_eq!(&whole[r.start..r.end], r.surface);
    assert_eq!(chars(&whole, r.char_start, r.char_end), "جنيف");
}
