//! Replays the committed fuzz inputs (`fuzz/seeds/<target>/`, where crash
//! inputs go too once fixed) through the library, with the main checks of
//! the fuzz targets, so that `cargo test` keeps them passing without
//! `cargo fuzz`.

use std::path::Path;

use arabic_gazetteer::{
    match_entities, normalize, Entity, EntityKind, Gazetteer,
};

fn inputs(target: &str) -> Vec<(String, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/seeds")
        .join(target);
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|f| {
            let path = f.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into();
            (name, std::fs::read(&path).unwrap())
        })
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no inputs in {}", dir.display());
    files
}

fn check_matches(text: &str, g: &Gazetteer) {
    let mut last_end = 0;
    for m in g.match_entities(text) {
        assert!(m.token_start() <= m.start() && m.start() < m.end());
        assert!(m.end() <= text.len());
        assert!(text.is_char_boundary(m.token_start()));
        assert!(text.is_char_boundary(m.start()));
        assert!(text.is_char_boundary(m.end()));
        assert!(last_end <= m.token_start());
        last_end = m.end();
        assert_eq!(text[..m.start()].chars().count(), m.char_start());
        assert_eq!(text[..m.end()].encode_utf16().count(), m.utf16_end());
        assert!(!normalize(&text[m.range()]).is_empty());
    }
}

#[test]
fn match_entities_inputs() {
    for (name, data) in inputs("match_entities") {
        let Ok(text) = std::str::from_utf8(&data) else {
            continue;
        };
        check_matches(text, Gazetteer::builtin());
        let shifted: Vec<usize> = match_entities(&format!(" {text}"))
            .iter()
            .map(|m| m.start() - 1)
            .collect();
        let plain: Vec<usize> =
            match_entities(text).iter().map(|m| m.start()).collect();
        assert_eq!(shifted, plain, "{name}");
    }
}

#[test]
fn normalize_inputs() {
    for (name, data) in inputs("normalize") {
        // two bytes of options and flags, then the text
        if data.len() < 2 {
            continue;
        }
        let Ok(s) = std::str::from_utf8(&data[2..]) else {
            continue;
        };
        let n = normalize(s);
        assert_eq!(normalize(&n), n, "{name}");
        let (entity, text) = s.split_once('\0').unwrap_or((s, ""));
        let built =
            Gazetteer::new([Entity::new("x", EntityKind::Misc, entity)]);
        match built {
            Ok(g) => {
                check_matches(text, &g);
                check_matches(&format!(" {entity} "), &g);
                assert!(!g.match_entities(&format!(" {entity} ")).is_empty());
            }
            Err(e) => {
                assert!(normalize(entity).trim().is_empty(), "{name}: {e}")
            }
        }
    }
}

#[test]
fn tsv_inputs() {
    for (name, data) in inputs("tsv") {
        let lines = data.split(|&b| b == b'\n').count();
        let dir = std::env::temp_dir()
            .join(format!("ag-fuzz-inputs-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join(&name);
        std::fs::write(&path, &data).unwrap();
        let mut b = Gazetteer::builder();
        match b.add_tsv_path(&path) {
            Ok(_) => {
                assert!(b.build().is_ok(), "{name}");
            }
            Err(e) => {
                let msg = e.to_string();
                assert!(msg.starts_with(&path.display().to_string()), "{msg}");
                if let Some(n) = e.line() {
                    assert!((1..=lines).contains(&n), "{name}: {msg}");
                }
                assert_eq!(b.build().unwrap().len(), 0, "{name}");
            }
        }
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
