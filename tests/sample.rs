//! The motivating article: every required gold mention is found with the
//! right entity, kind and offsets, and nothing outside the gold is reported.

use arabic_gazetteer::match_entities;
use serde_json::Value;

const TEXT: &str = include_str!("fixtures/ghouta-astana-2018.txt");
const GOLD: &str = include_str!("fixtures/ghouta-astana-2018.gold.json");

struct Gold {
    start: usize,
    end: usize,
    token_start: usize,
    kind: String,
    entity: String,
    required: bool,
}

fn gold() -> Vec<Gold> {
    let v: Value = serde_json::from_str(GOLD).unwrap();
    v["mentions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| Gold {
            start: m["start"].as_u64().unwrap() as usize,
            end: m["end"].as_u64().unwrap() as usize,
            token_start: m["token_start"].as_u64().unwrap() as usize,
            kind: m["type"].as_str().unwrap().to_string(),
            entity: m["entity"].as_str().unwrap().to_string(),
            required: m["required"].as_bool().unwrap(),
        })
        .collect()
}

#[test]
fn gold_file_is_what_we_think() {
    let g = gold();
    assert_eq!(g.len(), 92);
    assert_eq!(g.iter().filter(|m| m.required).count(), 82);
}

#[test]
fn every_required_mention_is_found() {
    let found = match_entities(TEXT);
    let mut missing = Vec::new();
    for g in gold().iter().filter(|g| g.required) {
        let hit = found.iter().find(|m| {
            m.char_end() == g.end
                && m.kind().as_str() == g.kind
                && m.char_start() == g.start
                && m.char_token_start() == g.token_start
                && m.entity().id() == g.entity
        });
        if hit.is_none() {
            let surface: String =
                TEXT.chars().skip(g.start).take(g.end - g.start).collect();
            missing.push(format!(
                "{} {}..{} {surface}",
                g.entity, g.start, g.end
            ));
        }
    }
    assert!(missing.is_empty(), "missing: {missing:#?}");
}

#[test]
fn nothing_outside_the_gold_is_reported() {
    let gold = gold();
    let extra: Vec<String> = match_entities(TEXT)
        .iter()
        .filter(|m| {
            !gold
                .iter()
                .any(|g| g.end == m.char_end() && g.kind == m.kind().as_str())
        })
        .map(|m| format!("{} {:?}", m.entity().id(), &TEXT[m.range()]))
        .collect();
    assert!(extra.is_empty(), "reported outside the gold: {extra:#?}");
}

#[test]
fn astana_guarantors_are_tagged() {
    let g = arabic_gazetteer::Gazetteer::builtin();
    for id in ["russia", "iran", "turkey"] {
        assert!(g.get(id).unwrap().has_tag("astana-guarantor"), "{id}");
    }
    let tagged: Vec<&str> = g
        .entities()
        .iter()
        .filter(|e| e.kind() == arabic_gazetteer::EntityKind::Location)
        .filter(|e| e.has_tag("astana-guarantor"))
        .map(|e| e.id())
        .collect();
    assert_eq!(tagged, ["russia", "iran", "turkey"]);
}

#[test]
fn byte_char_and_utf16_offsets_agree() {
    for m in match_entities(TEXT) {
        assert_eq!(TEXT[..m.start()].chars().count(), m.char_start());
        assert_eq!(TEXT[..m.end()].chars().count(), m.char_end());
        assert_eq!(
            TEXT[..m.token_start()].chars().count(),
            m.char_token_start()
        );
        let u16 = |b: usize| TEXT[..b].encode_utf16().count();
        assert_eq!(u16(m.start()), m.utf16_start());
        assert_eq!(u16(m.end()), m.utf16_end());
        assert_eq!(u16(m.token_start()), m.utf16_token_start());
    }
}
