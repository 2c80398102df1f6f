//! Custom gazetteers: building, reuse, and every kind of bad data.

use arabic_gazetteer::{Entity, EntityKind, Gazetteer};

/// `bad!(name, tsv, line, message)`: loading `tsv` fails at `line` with
/// exactly this message, and nothing is added.
macro_rules! bad {
    ($name:ident, $tsv:expr, $line:expr, $msg:expr) => {
        #[test]
        fn $name() {
            let mut b = Gazetteer::builder();
            let err = b.add_tsv_str($tsv).unwrap_err();
            assert_eq!(err.file(), Some("<string>"));
            assert_eq!(err.line(), $line);
            assert_eq!(err.to_string(), $msg);
            assert_eq!(b.build().unwrap().len(), 0, "nothing is added");
        }
    };
}

bad!(
    missing_column,
    "id\tname\nx\tروسيا\n",
    Some(1),
    "<string>:1: header has no 'kind' column"
);
bad!(unknown_column, "id\tkind\tname\talias\nx\tLOC\tروسيا\ty\n", Some(1),
    "<string>:1: unknown column 'alias' (expected id, kind, name, aliases, name_en, tags, priority, source)");
bad!(
    duplicate_column,
    "id\tkind\tname\tname\n",
    Some(1),
    "<string>:1: column 'name' appears twice in the header"
);
bad!(
    unknown_kind,
    "id\tkind\tname\n# c\n\nx\tPLACE\tروسيا\n",
    Some(4),
    "<string>:4: unknown kind 'PLACE' (expected PER, LOC, ORG or MISC)"
);
bad!(
    too_few_fields,
    "id\tkind\tname\nx\tLOC\n",
    Some(2),
    "<string>:2: expected 3 tab-separated fields, found 2"
);
bad!(
    too_many_fields,
    "id\tkind\tname\nx\tLOC\tروسيا\textra\n",
    Some(2),
    "<string>:2: expected 3 tab-separated fields, found 4"
);
bad!(
    empty_id,
    "id\tkind\tname\n\tLOC\tروسيا\n",
    Some(2),
    "<string>:2: empty 'id' field"
);
bad!(
    empty_name,
    "id\tkind\tname\nx\tLOC\t\n",
    Some(2),
    "<string>:2: empty 'name' field"
);
bad!(
    id_with_space,
    "id\tkind\tname\na b\tLOC\tروسيا\n",
    Some(2),
    "<string>:2: id 'a b' must not be empty or contain white space, '|' or invisible characters"
);
bad!(
    duplicate_id,
    "id\tkind\tname\nx\tLOC\tروسيا\nx\tLOC\tسوريا\n",
    Some(3),
    "<string>:3: duplicate id 'x' (first defined at <string>:2)"
);
bad!(
    empty_alias,
    "id\tkind\tname\taliases\nx\tLOC\tروسيا\ta||b\n",
    Some(2),
    "<string>:2: entity 'x' has an empty alias"
);
bad!(
    alias_of_marks_only,
    "id\tkind\tname\taliases\nx\tLOC\tروسيا\tًٌـ\n",
    Some(2),
    "<string>:2: entity 'x': name 'ًٌـ' normalizes to nothing"
);
bad!(
    bad_priority,
    "id\tkind\tname\tpriority\nx\tLOC\tروسيا\thigh\n",
    Some(2),
    "<string>:2: priority 'high' is not an integer"
);
bad!(
    no_header,
    "# only a comment\n\n",
    None,
    "<string>: no header line (expected at least id, kind, name)"
);

#[test]
fn crlf_bom_comments_and_blank_lines_are_accepted() {
    let tsv = "\u{FEFF}id\tkind\tname\taliases\r\n# comment\r\n\r\nru\tLOC\tروسيا\tروسيا الاتحادية\r\n";
    let g = Gazetteer::builder()
        .add_tsv_str(tsv)
        .unwrap()
        .build()
        .unwrap();
    assert_eq!(g.len(), 1);
    let e = g.get("ru").unwrap();
    assert_eq!(e.aliases(), ["روسيا الاتحادية"]);
    assert_eq!(g.match_entities("روسيا الاتحادية").len(), 1);
}

#[test]
fn columns_are_found_by_name_in_any_order() {
    let tsv = "name\tsource\tkind\ttags\tid\tname_en\tpriority\taliases\n\
               روسيا\tcurated\tLOC\tcountry|ru\tru\tRussia\t3\tروسيا الاتحادية\n";
    let g = Gazetteer::builder()
        .add_tsv_str(tsv)
        .unwrap()
        .build()
        .unwrap();
    let e = g.get("ru").unwrap();
    assert_eq!(e.kind(), EntityKind::Location);
    assert_eq!(e.name(), "روسيا");
    assert_eq!(e.name_en(), Some("Russia"));
    assert_eq!(e.tags(), ["country", "ru"]);
    assert_eq!(e.priority(), 3);
    assert_eq!(e.source(), Some("curated"));
}

#[test]
fn tsv_path_errors_name_the_file() {
    let dir = std::env::temp_dir()
        .join(format!("ag-builder-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("bad.tsv");
    std::fs::write(&path, "id\tkind\tname\nx\tLOC\tروسيا\ny\tXX\tسوريا\n")
        .unwrap();
    let err = Gazetteer::builder().add_tsv_path(&path).unwrap_err();
    assert_eq!(err.file(), Some(path.display().to_string().as_str()));
    assert_eq!(err.line(), Some(3));
    assert!(
        err.to_string().contains("bad.tsv:3: unknown kind 'XX'"),
        "{err}"
    );

    let missing = dir.join("missing.tsv");
    let err = Gazetteer::builder().add_tsv_path(&missing).unwrap_err();
    assert!(err.is_io());
    assert!(
        err.to_string().contains("missing.tsv: cannot read"),
        "{err}"
    );

    let latin1 = dir.join("latin1.tsv");
    std::fs::write(
        &latin1,
        b"id\tkind\tname\nx\tLOC\tRussie\ny\tLOC\tS\xe9rie\n",
    )
    .unwrap();
    let err = Gazetteer::builder().add_tsv_path(&latin1).unwrap_err();
    assert_eq!(err.line(), Some(3));
    assert!(
        err.to_string().ends_with("latin1.tsv:3: invalid UTF-8"),
        "{err}"
    );

    let good = dir.join("good.tsv");
    std::fs::write(&good, "id\tkind\tname\nx\tLOC\tروسيا\n").unwrap();
    let g = Gazetteer::builder()
        .add_tsv_path(&good)
        .unwrap()
        .build()
        .unwrap();
    assert_eq!(g.match_entities("في روسيا")[0].entity().id(), "x");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn duplicate_ids_across_files_name_both_places() {
    let mut b = Gazetteer::builder();
    b.add_tsv_str("id\tkind\tname\nx\tLOC\tروسيا\n").unwrap();
    let err = b
        .add_tsv_str("id\tkind\tname\n\nx\tLOC\tسوريا\n")
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "<string>:3: duplicate id 'x' (first defined at <string>:2)"
    );
}

#[test]
fn the_first_duplicate_id_in_order_is_reported() {
    let mut b = Gazetteer::builder();
    for id in ["a", "x", "y", "y", "x"] {
        b.add_entity(Entity::new(id, EntityKind::Misc, "اسم"));
    }
    assert_eq!(
        b.build().unwrap_err().to_string(),
        "duplicate id 'y' (first defined at entity 'y' added directly)"
    );
}

#[test]
fn entities_are_found_by_id() {
    let ids: Vec<String> =
        (0..500).map(|i| format!("e{}", i * 7 % 500)).collect();
    let g = Gazetteer::new(
        ids.iter()
            .map(|id| Entity::new(id.as_str(), EntityKind::Misc, "اسم")),
    )
    .unwrap();
    for id in &ids {
        assert_eq!(g.get(id).unwrap().id(), id);
    }
    assert!(g.get("e500").is_none());
    assert!(g.get("").is_none());
}

#[test]
fn programmatic_errors_are_reported_by_build() {
    let mut b = Gazetteer::builder();
    b.add_entity(Entity::new("x", EntityKind::Misc, "اسم"));
    b.add_entity(Entity::new("x", EntityKind::Misc, "آخر"));
    assert_eq!(
        b.build().unwrap_err().to_string(),
        "duplicate id 'x' (first defined at entity 'x' added directly)"
    );

    let err = Gazetteer::new([Entity::new("y", EntityKind::Misc, "ـــ")])
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "entity 'y': name 'ـــ' normalizes to nothing"
    );
    let err = Gazetteer::new([
        Entity::new("z", EntityKind::Misc, "اسم").with_alias("  ")
    ])
    .unwrap_err();
    assert_eq!(err.to_string(), "entity 'z' has an empty alias");
}

#[test]
fn builder_is_reusable_and_gazetteers_are_independent() {
    let mut b = Gazetteer::builder();
    b.add_entity(Entity::new("a", EntityKind::Location, "دمشق"));
    let first = b.build().unwrap();
    b.add_entity(Entity::new("b", EntityKind::Location, "حلب"));
    let second = b.build().unwrap();
    assert_eq!(first.len(), 1);
    assert_eq!(second.len(), 2);
    assert!(first.match_entities("حلب").is_empty());
    assert_eq!(second.match_entities("حلب")[0].entity().id(), "b");
}

#[test]
fn equal_priority_keeps_data_order_and_priority_reorders() {
    let g = Gazetteer::new([
        Entity::new("first", EntityKind::Location, "طرابلس"),
        Entity::new("second", EntityKind::Location, "طرابلس"),
        Entity::new("best", EntityKind::Location, "طرابلس").with_priority(1),
    ])
    .unwrap();
    let m = &g.match_entities("طرابلس")[0];
    let ids: Vec<&str> = m.candidates().iter().map(|e| e.id()).collect();
    assert_eq!(ids, ["best", "first", "second"]);
}

#[test]
fn same_entity_listed_once_per_surface() {
    // two aliases that normalize identically
    let g =
        Gazetteer::new([Entity::new("x", EntityKind::Location, "أستانا")
            .with_alias("استانا")])
        .unwrap();
    assert_eq!(g.pattern_count(), 1);
    assert_eq!(g.match_entities("استانا")[0].candidates().len(), 1);
}

#[test]
fn plain_and_elided_readings_merge_when_both_valid() {
    // "لامم" is a name of its own here, and also the elided form of "الامم"
    let g = Gazetteer::new([
        Entity::new("plain", EntityKind::Misc, "لامم"),
        Entity::new("article", EntityKind::Misc, "الأمم"),
    ])
    .unwrap();
    let ids = |t: &str| -> Vec<Vec<String>> {
        g.match_entities(t)
            .iter()
            .map(|m| {
                m.candidates().iter().map(|e| e.id().to_string()).collect()
            })
            .collect()
    };
    assert_eq!(ids("للأمم"), [["plain", "article"]]);
    assert_eq!(ids("لامم"), [["plain"]]);
    assert_eq!(ids("بلامم"), [["plain"]]);
}

#[test]
fn normalization_options_apply_to_names_and_text() {
    use arabic_gazetteer::NormalizeOptions;
    let mut b = Gazetteer::builder();
    b.add_entity(Entity::new("x", EntityKind::Misc, "مسؤول"));
    assert!(b.build().unwrap().match_entities("مسوول").is_empty());
    b.normalize_options(NormalizeOptions::new().fold_hamza_carriers(true));
    let g = b.build().unwrap();
    assert_eq!(g.match_entities("مسوول").len(), 1);
    assert_eq!(g.match_entities("مسؤول").len(), 1);
}

#[test]
fn builtin_can_be_extended() {
    let mut b = Gazetteer::builder();
    b.add_builtin().add_entity(Entity::new(
        "douma-x",
        EntityKind::Location,
        "دوما الغربية",
    ));
    let g = b.build().unwrap();
    assert_eq!(g.len(), Gazetteer::builtin().len() + 1);
    let ids: Vec<&str> = g
        .match_entities("من دوما الغربية إلى موسكو")
        .iter()
        .map(|m| m.entity().id())
        .collect();
    assert_eq!(ids, ["douma-x", "moscow"]);
}

#[test]
fn exclusions_hide_overlapped_names_only() {
    let mut b = Gazetteer::builder();
    b.add_entity(Entity::new(
        "ru-mfa",
        EntityKind::Organization,
        "الخارجية الروسية",
    ))
    .add_entity(Entity::new("russia", EntityKind::Location, "روسيا"))
    .add_exclusion("السياسة الخارجية");
    let g = b.build().unwrap();
    let ids = |t: &str| -> Vec<String> {
        g.match_entities(t)
            .iter()
            .map(|m| m.entity().id().to_string())
            .collect()
    };
    assert_eq!(ids("السياسة الخارجية الروسية"), Vec::<String>::new());
    // with a proclitic, too
    assert_eq!(ids("وبالسياسة الخارجية الروسية"), Vec::<String>::new());
    // names that do not overlap the exclusion are kept
    assert_eq!(ids("السياسة الخارجية لروسيا"), ["russia"]);
    assert_eq!(ids("أعلنت الخارجية الروسية"), ["ru-mfa"]);
    // an exclusion never hides a name that starts before it
    let mut b = Gazetteer::builder();
    b.add_entity(Entity::new("x", EntityKind::Misc, "مجلس السياسة"))
        .add_exclusion("السياسة الخارجية");
    let g = b.build().unwrap();
    assert_eq!(g.match_entities("مجلس السياسة الخارجية").len(), 1);
    // overlapping matching ignores exclusions
    let mut b = Gazetteer::builder();
    b.add_entity(Entity::new(
        "ru-mfa",
        EntityKind::Organization,
        "الخارجية الروسية",
    ))
    .add_exclusion("السياسة الخارجية")
    .overlapping(true);
    assert_eq!(
        b.build()
            .unwrap()
            .match_entities("السياسة الخارجية الروسية")
            .len(),
        1
    );
}

#[test]
fn bad_exclusions_are_reported() {
    let mut b = Gazetteer::builder();
    b.add_entity(Entity::new("x", EntityKind::Misc, "روسيا"))
        .add_exclusion("رُوسيا");
    assert_eq!(
        b.build().unwrap_err().to_string(),
        "exclusion 'رُوسيا' is also a name of entity 'x'"
    );
    let mut b = Gazetteer::builder();
    b.add_exclusion("ـًـ");
    assert_eq!(
        b.build().unwrap_err().to_string(),
        "exclusion 'ـًـ' normalizes to nothing"
    );
}

/// A scratch directory for data files, removed at the end of a test.
struct Scratch(std::path::PathBuf);

impl Scratch {
    fn new(name: &str) -> Scratch {
        let dir = std::env::temp_dir()
            .join(format!("ag-builder-{name}-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        Scratch(dir)
    }

    fn file(&self, name: &str, content: &[u8]) -> std::path::PathBuf {
        let p = self.0.join(name);
        std::fs::write(&p, content).unwrap();
        p
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

const MB: usize = 1_000_000;

/// A 10 MB line is read like any other: no line-length limit.
#[test]
fn ten_mb_line_with_a_long_name_is_accepted() {
    let dir = Scratch::new("long-name");
    let long = "كلمة طويلة ".repeat(10 * MB / 20);
    let long = long.trim_end();
    let tsv = format!(
        "id\tkind\tname\tsource\nru\tLOC\tروسيا\t\nlong\tMISC\t{long}\ttest\n"
    );
    assert!(tsv.lines().nth(2).unwrap().len() >= 10 * MB);
    let path = dir.file("long.tsv", tsv.as_bytes());
    let g = Gazetteer::builder()
        .add_tsv_path(&path)
        .unwrap()
        .build()
        .unwrap();
    assert_eq!(g.len(), 2);
    assert_eq!(g.get("long").unwrap().name(), long);
    assert_eq!(g.get("long").unwrap().source(), Some("test"));
    let text = format!("في روسيا {long}.");
    let m = g.match_entities(&text);
    let found: Vec<(&str, &str)> = m
        .iter()
        .map(|m| (m.entity().id(), &text[m.range()]))
        .collect();
    assert_eq!(found, [("ru", "روسيا"), ("long", long)]);
}

/// A 10 MB line with a 10 MB source field, and one with 100,000 aliases.
#[test]
fn ten_mb_lines_with_long_fields_are_accepted() {
    let source = "s".repeat(10 * MB);
    let aliases: Vec<String> =
        (0..100_000).map(|i| format!("اسم رقم {i:0>100}")).collect();
    let aliases = aliases.join("|");
    assert!(aliases.len() >= 10 * MB);
    let tsv = format!(
        "id\tkind\tname\taliases\tsource\n\
         a\tORG\tالأمم المتحدة\t\t{source}\n\
         b\tMISC\tاسم\t{aliases}\t\n"
    );
    let mut b = Gazetteer::builder();
    b.add_tsv_str(&tsv).unwrap();
    let g = b.build().unwrap();
    assert_eq!(g.get("a").unwrap().source().map(str::len), Some(10 * MB));
    assert_eq!(g.get("b").unwrap().aliases().len(), 100_000);
    let text = format!("اسم رقم {:0>100} في الأمم المتحدة", 99_999);
    let ids: Vec<&str> = g
        .match_entities(&text)
        .iter()
        .map(|m| m.entity().id())
        .collect();
    assert_eq!(ids, ["b", "a"]);
}

/// Malformed 10 MB lines give the usual errors, naming file and line.
#[test]
fn ten_mb_malformed_lines_name_file_and_line() {
    let dir = Scratch::new("long-bad");
    let blob = "ب".repeat(5 * MB); // 10 MB, no tab
    let cases = [
        (
            format!("id\tkind\tname\nru\tLOC\tروسيا\n{blob}\n"),
            "expected 3 tab-separated fields, found 1",
        ),
        (
            format!("id\tkind\tname\nru\tLOC\tروسيا\nx\t{blob}\tاسم\n"),
            "unknown kind 'بببب",
        ),
        (
            format!(
                "id\tkind\tname\nru\tLOC\tروسيا\nx\tLOC\t{}\n",
                "\u{064E}".repeat(5 * MB)
            ),
            "entity 'x': name '\u{064E}\u{064E}",
        ),
    ];
    for (i, (tsv, problem)) in cases.iter().enumerate() {
        let path = dir.file(&format!("bad{i}.tsv"), tsv.as_bytes());
        let mut b = Gazetteer::builder();
        let err = b.add_tsv_path(&path).unwrap_err();
        assert_eq!(err.line(), Some(3), "case {i}");
        let want = format!("{}:3: {problem}", path.display());
        assert!(
            err.to_string().starts_with(&want),
            "case {i}: {}",
            &err.to_string()[..200]
        );
        assert_eq!(b.build().unwrap().len(), 0, "nothing is added");
    }
}

/// Invalid UTF-8 deep inside a large file: the error names its line.
#[test]
fn invalid_utf8_after_ten_mb_names_its_line() {
    let dir = Scratch::new("utf8");
    let mut data = b"id\tkind\tname\n".to_vec();
    let mut line = 1;
    while data.len() < 10 * MB {
        line += 1;
        data.extend_from_slice(
            format!("e{line}\tLOC\tمدينة رقم {line}\n").as_bytes(),
        );
    }
    data.extend_from_slice(b"bad\tLOC\t\xd8\n");
    let path = dir.file("big.tsv", &data);
    let err = Gazetteer::builder().add_tsv_path(&path).unwrap_err();
    assert_eq!(err.line(), Some(line + 1));
    assert_eq!(
        err.to_string(),
        format!("{}:{}: invalid UTF-8", path.display(), line + 1)
    );
}

/// Old Mac line ends (CR alone) are not line ends: the file is one line,
/// and its header is reported, not read as data.
#[test]
fn cr_only_line_ends_are_an_error() {
    let err = Gazetteer::builder()
        .add_tsv_str("id\tkind\tname\rx\tLOC\tروسيا\r")
        .unwrap_err();
    assert_eq!(err.line(), Some(1));
    assert!(
        err.to_string()
            .starts_with("<string>:1: unknown column 'name\rx'"),
        "{err}"
    );
}

/// CRLF, LF and a BOM in one file; every data line becomes an entity.
#[test]
fn every_data_line_becomes_an_entity() {
    let tsv = "\u{FEFF}id\tkind\tname\taliases\ttags\r\n\
               # a comment\n\
               a\tLOC\tروسيا\t\t\r\n\
               \r\n\
               b\tLOC\t دمشق \tالشام |  دمشق الشام\tcity\n\
               \t\t\t\t\n\
               c\tPER\tبوتين\u{A0}\t\t\r\n\
               d\tMISC\tﻻ\t\t\n\
               e\tORG\tالأمم المتحدة\t\t";
    let g = Gazetteer::builder()
        .add_tsv_str(tsv)
        .unwrap()
        .build()
        .unwrap();
    let ids: Vec<&str> = g.entities().iter().map(|e| e.id()).collect();
    assert_eq!(ids, ["a", "b", "c", "d", "e"]);
    let b = g.get("b").unwrap();
    assert_eq!(
        (b.name(), b.aliases()),
        ("دمشق", &["الشام".to_string(), "دمشق الشام".to_string()][..])
    );
    assert_eq!(g.get("c").unwrap().name(), "بوتين");
}

#[test]
fn invisible_characters_in_ids_are_errors() {
    // e.g. a BOM at the start of a later line, from concatenated files
    let err = Gazetteer::builder()
        .add_tsv_str("id\tkind\tname\n\u{FEFF}ru\tLOC\tروسيا\n")
        .unwrap_err();
    assert_eq!(err.line(), Some(2));
    assert!(err.to_string().contains("invisible characters"), "{err}");
}

#[test]
fn long_bad_fields_are_shortened_in_messages() {
    let kind = "X".repeat(1 << 20);
    let tsv = format!("id\tkind\tname\nx\t{kind}\tروسيا\n");
    let err = Gazetteer::builder().add_tsv_str(&tsv).unwrap_err();
    let msg = err.to_string();
    assert!(msg.len() < 300, "{} bytes", msg.len());
    assert!(msg.contains("(1048576 bytes)"), "{msg}");
}
