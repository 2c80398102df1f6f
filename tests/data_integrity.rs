//! The embedded data is treated like code: it parses, its ids and tags are
//! readable slugs, no name is a stop word, and no entity repeats a name.

use std::collections::{BTreeMap, HashSet};

use arabic_gazetteer::{is_stopword, normalize, EntityKind, Gazetteer};

const HEADER: &str =
    "id\tkind\tname\taliases\tname_en\ttags\tpriority\tsource";

fn data_files() -> Vec<std::path::PathBuf> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "tsv"))
        .collect();
    files.sort();
    files
}

fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && s.split('-').all(|w| {
            !w.is_empty()
                && w.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

#[test]
fn every_file_parses_with_the_canonical_header() {
    let files = data_files();
    assert!(files.len() >= 9, "{files:?}");
    let mut b = Gazetteer::builder();
    let mut lines = 0;
    for f in &files {
        let src = std::fs::read_to_string(f).unwrap();
        assert_eq!(src.lines().next(), Some(HEADER), "{}", f.display());
        assert!(!src.contains('\r'), "{}: CR line ends", f.display());
        lines += src
            .lines()
            .skip(1)
            .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
            .count();
        b.add_tsv_path(f).unwrap_or_else(|e| panic!("{e}"));
    }
    let all = b.build().unwrap();
    assert_eq!(all.len(), lines);
    assert_eq!(
        Gazetteer::builtin().len(),
        lines,
        "every data file is embedded"
    );
}

#[test]
fn ids_tags_and_required_fields() {
    for e in Gazetteer::builtin().entities() {
        assert!(is_slug(e.id()), "id {:?}", e.id());
        assert!(e.name_en().is_some(), "{}: no name_en", e.id());
        assert!(e.source().is_some(), "{}: no source", e.id());
        for t in e.tags() {
            assert!(is_slug(t), "{}: tag {t:?}", e.id());
        }
    }
}

#[test]
fn no_name_is_a_stop_word() {
    let bad: Vec<String> = Gazetteer::builtin()
        .entities()
        .iter()
        .flat_map(|e| {
            e.names()
                .filter(|n| is_stopword(n))
                .map(move |n| format!("{}: {n}", e.id()))
        })
        .collect();
    assert!(bad.is_empty(), "names on the stop list: {bad:#?}");
}

#[test]
fn no_entity_repeats_a_name_after_normalization() {
    let mut bad = Vec::new();
    for e in Gazetteer::builtin().entities() {
        let mut seen = HashSet::new();
        for n in e.names() {
            if !seen.insert(normalize(n)) {
                bad.push(format!("{}: {n}", e.id()));
            }
        }
    }
    assert!(bad.is_empty(), "repeated names: {bad:#?}");
}

#[test]
fn names_are_arabic_script() {
    for e in Gazetteer::builtin().entities() {
        for n in e.names() {
            assert!(
                !n.chars().any(|c| c.is_ascii_alphabetic()),
                "{}: Latin letters in {n:?}",
                e.id()
            );
        }
    }
}

#[test]
fn stop_list_catches_common_words() {
    for w in ["علي", "حسن", "عباس", "الأمل", "النور", "وزارة الخارجية"]
    {
        assert!(is_stopword(w), "{w}");
    }
}

#[test]
fn counts_by_kind() {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    let mut names = 0;
    for e in Gazetteer::builtin().entities() {
        *counts.entry(e.kind().as_str()).or_default() += 1;
        names += e.names().count();
    }
    println!("entities by kind: {counts:?}; names and aliases: {names}");
    // the coverage the default gazetteer promises
    for (k, at_least) in [
        (EntityKind::Location, 1_500),
        (EntityKind::Organization, 600),
        (EntityKind::Person, 1_000),
    ] {
        let n = counts.get(k.as_str()).copied().unwrap_or(0);
        assert!(n >= at_least, "{k}: {n} entities, fewer than {at_least}");
    }
}

#[test]
fn every_exclusion_overlaps_a_name_of_the_data() {
    // an exclusion is useful when it contains a name, or when its last
    // words are the first words of a name (السياسة الخارجية + الخارجية الروسية)
    let names: Vec<String> = Gazetteer::builtin()
        .entities()
        .iter()
        .flat_map(|e| {
            e.names()
                .map(|n| normalize(n).trim().to_string())
                .collect::<Vec<_>>()
        })
        .collect();
    let src = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("data/exclusions.txt"),
    )
    .unwrap();
    let mut useless = Vec::new();
    for phrase in src
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
    {
        let x = normalize(phrase);
        let words: Vec<&str> = x.split(' ').collect();
        let overlaps = names.iter().any(|n| {
            format!(" {x} ").contains(&format!(" {n} "))
                || (1..words.len()).any(|k| {
                    let tail = words[k..].join(" ");
                    n == &tail || n.starts_with(&format!("{tail} "))
                })
        });
        if !overlaps {
            useless.push(phrase.to_string());
        }
        assert!(
            Gazetteer::builtin().match_entities(phrase).is_empty(),
            "{phrase}: still matched"
        );
    }
    assert!(
        useless.is_empty(),
        "exclusions that overlap no name: {useless:#?}"
    );
}

#[test]
fn ministries_of_at_least_forty_states() {
    for role in ["foreign-ministry", "defense-ministry", "interior-ministry"] {
        let states: HashSet<&str> = Gazetteer::builtin()
            .entities()
            .iter()
            .filter(|e| e.has_tag(role))
            .flat_map(|e| {
                e.tags().iter().filter(|t| t.len() == 2).map(String::as_str)
            })
            .collect();
        assert!(states.len() >= 40, "{role}: {} states", states.len());
    }
}
