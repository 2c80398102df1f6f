//! Gazetteers in JSON Lines: loading, round trips, and bad lines named by
//! file and line.
#![cfg(feature = "json")]

use arabic_gazetteer::{Entity, EntityKind, Gazetteer};

const JSONL: &str = r#"{"id": "white-helmets", "kind": "ORG", "name": "الخوذ البيضاء", "aliases": ["الدفاع المدني السوري"], "name_en": "White Helmets", "tags": ["sy", "ngo"], "priority": 3, "source": "test"}

{"id": "harasta", "kind": "LOC", "name": "حرستا"}
"#;

#[test]
fn loads_every_field() {
    let g = Gazetteer::builder()
        .add_jsonl_str(JSONL)
        .unwrap()
        .build()
        .unwrap();
    assert_eq!(g.len(), 2);
    let e = g.get("white-helmets").unwrap();
    assert_eq!(e.kind(), EntityKind::Organization);
    assert_eq!(e.aliases(), ["الدفاع المدني السوري"]);
    assert_eq!(e.name_en(), Some("White Helmets"));
    assert_eq!(e.tags(), ["sy", "ngo"]);
    assert_eq!(e.priority(), 3);
    assert_eq!(e.source(), Some("test"));
    let text = "فرق الدفاع المدني السوري في حرستا";
    let ids: Vec<&str> = g
        .match_entities(text)
        .iter()
        .map(|m| m.entity().id())
        .collect();
    assert_eq!(ids, ["white-helmets", "harasta"]);
}

#[test]
fn the_builtin_gazetteer_round_trips_through_jsonl() {
    let mut jsonl = String::new();
    for e in Gazetteer::builtin().entities() {
        jsonl.push_str(&serde_json::to_string(e).unwrap());
        jsonl.push('\n');
    }
    let g = Gazetteer::builder()
        .add_jsonl_str(&jsonl)
        .unwrap()
        .build()
        .unwrap();
    assert_eq!(g.entities(), Gazetteer::builtin().entities());
    let text = include_str!("fixtures/ghouta-astana-2018.txt");
    assert_eq!(
        g.match_entities(text),
        Gazetteer::builtin().match_entities(text)
    );
}

#[test]
fn loads_from_a_file_with_crlf_and_a_bom() {
    let dir =
        std::env::temp_dir().join(format!("ag-jsonl-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("g.jsonl");
    let content = format!("\u{FEFF}{}", JSONL.replace('\n', "\r\n"));
    std::fs::write(&path, content).unwrap();
    let g = Gazetteer::builder()
        .add_jsonl_path(&path)
        .unwrap()
        .build()
        .unwrap();
    assert_eq!(g.len(), 2);

    let missing = dir.join("missing.jsonl");
    let err = Gazetteer::builder().add_jsonl_path(&missing).unwrap_err();
    assert!(err.is_io());
    assert_eq!(err.file(), Some(missing.display().to_string().as_str()));

    let bad = dir.join("bad.jsonl");
    std::fs::write(&bad, "{\"id\": \"a\", \"kind\": \"LOC\", \"name\": \"حلب\"}\n{\"id\": \"a\"\n").unwrap();
    let err = Gazetteer::builder().add_jsonl_path(&bad).unwrap_err();
    let name = bad.display().to_string();
    assert_eq!(err.file(), Some(name.as_str()));
    assert_eq!(err.line(), Some(2));
    assert!(
        err.to_string()
            .starts_with(&format!("{name}:2: bad entity JSON: ")),
        "{err}"
    );
}

/// `bad!(name, jsonl, line, message)`: loading fails at `line` with this
/// message, and nothing is added.
macro_rules! bad {
    ($name:ident, $jsonl:expr, $line:expr, $msg:expr) => {
        #[test]
        fn $name() {
            let mut b = Gazetteer::builder();
            b.add_entity(Entity::new("kept", EntityKind::Misc, "اسم"));
            let err = b.add_jsonl_str($jsonl).unwrap_err();
            assert_eq!(err.file(), Some("<string>"));
            assert_eq!(err.line(), Some($line));
            assert_eq!(err.to_string(), $msg);
            assert_eq!(b.build().unwrap().len(), 1, "nothing is added");
        }
    };
}

const OK: &str = "{\"id\": \"ok\", \"kind\": \"LOC\", \"name\": \"حلب\"}\n";

bad!(
    not_json,
    &format!("{OK}\n{{\"id\": \"x\", \"kind\": \"LOC\" \"name\": \"حمص\"}}"),
    3,
    "<string>:3: bad entity JSON: expected `,` or `}` at column 27"
);
bad!(
    unknown_kind,
    "{\"id\": \"x\", \"kind\": \"PLACE\", \"name\": \"حمص\"}",
    1,
    "<string>:1: bad entity JSON: unknown kind 'PLACE' (expected PER, LOC, ORG or MISC) at column 27"
);
bad!(
    missing_name,
    "{\"id\": \"x\", \"kind\": \"LOC\"}",
    1,
    "<string>:1: bad entity JSON: missing field `name` at column 26"
);
bad!(
    unknown_field,
    "{\"id\": \"x\", \"kind\": \"LOC\", \"name\": \"حمص\", \"alias\": []}",
    1,
    "<string>:1: bad entity JSON: unknown field `alias`, expected one of `id`, `kind`, `name`, `aliases`, `name_en`, `tags`, `priority`, `source` at column 52"
);
bad!(
    wrong_type,
    "{\"id\": \"x\", \"kind\": \"LOC\", \"name\": \"حمص\", \"aliases\": \"حمص العدية\"}",
    1,
    "<string>:1: bad entity JSON: invalid type: string \"حمص العدية\", expected a sequence at column 77"
);
bad!(
    empty_id,
    "{\"id\": \"\", \"kind\": \"LOC\", \"name\": \"حمص\"}",
    1,
    "<string>:1: empty 'id' field"
);
bad!(
    id_with_space,
    "{\"id\": \"a b\", \"kind\": \"LOC\", \"name\": \"حمص\"}",
    1,
    "<string>:1: id 'a b' must not be empty or contain white space, '|' or invisible characters"
);
bad!(
    empty_name,
    "{\"id\": \"x\", \"kind\": \"LOC\", \"name\": \" \"}",
    1,
    "<string>:1: empty 'name' field"
);
bad!(
    empty_alias,
    "{\"id\": \"x\", \"kind\": \"LOC\", \"name\": \"حمص\", \"aliases\": [\"\"]}",
    1,
    "<string>:1: entity 'x' has an empty alias"
);
bad!(
    name_of_marks_only,
    "{\"id\": \"x\", \"kind\": \"LOC\", \"name\": \"حمص\", \"aliases\": [\"\u{064E}\u{0640}\"]}",
    1,
    "<string>:1: entity 'x': name '\u{064E}\u{0640}' normalizes to nothing"
);
bad!(
    duplicate_in_file,
    &format!("{OK}{OK}"),
    2,
    "<string>:2: duplicate id 'ok' (first defined at <string>:1)"
);
bad!(
    duplicate_of_earlier_entity,
    "{\"id\": \"kept\", \"kind\": \"LOC\", \"name\": \"حمص\"}",
    1,
    "<string>:1: duplicate id 'kept' (first defined at entity 'kept' added directly)"
);
