//! The command-line tool, run as a real process.
#![cfg(feature = "cli")]

use std::io::Write;
use std::process::{Command, Output, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_arabic-gazetteer");
const SAMPLE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/ghouta-astana-2018.txt"
);

fn run(args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(BIN)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

fn jsonl(out: &Output) -> Vec<serde_json::Value> {
    String::from_utf8(out.stdout.clone())
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn tmp(name: &str, content: &[u8]) -> std::path::PathBuf {
    let dir =
        std::env::temp_dir().join(format!("ag-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join(name);
    std::fs::write(&p, content).unwrap();
    p
}

#[test]
fn text_table_on_the_sample() {
    let out = run(&[SAMPLE], "");
    assert!(out.status.success());
    let s = String::from_utf8(out.stdout).unwrap();
    let first = s.lines().nth(1).unwrap();
    assert!(
        first.contains("moscow") && first.contains("موسكو"),
        "{first}"
    );
    assert!(s
        .lines()
        .any(|l| l.contains("vladimir-putin") && l.contains("فلاديمير بوتين")));
}

#[test]
fn jsonl_output_fields_and_offsets() {
    let text = "وقال لافروف إن لروسيا دوراً";
    let out = run(&["--format", "jsonl"], text);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v = jsonl(&out);
    assert_eq!(v.len(), 2);
    let r = &v[1];
    assert_eq!(r["doc"], "<stdin>");
    assert_eq!(r["id"], "russia");
    assert_eq!(r["kind"], "LOC");
    assert_eq!(r["surface"], "روسيا");
    assert_eq!(r["name_en"], "Russia");
    let (s, e) = (
        r["start"].as_u64().unwrap() as usize,
        r["end"].as_u64().unwrap() as usize,
    );
    assert_eq!(&text[s..e], "روسيا");
    let t = r["token_start"].as_u64().unwrap() as usize;
    assert_eq!(&text[t..e], "لروسيا");
    assert_eq!(r["char_start"], 16);
    assert_eq!(r["char_end"], 21);
    assert_eq!(r["utf16_start"], 16);
    assert_eq!(r["candidates"], serde_json::json!(["russia"]));
    assert!(r["tags"]
        .as_array()
        .unwrap()
        .iter()
        .any(|t| t == "astana-guarantor"));
}

#[test]
fn jsonl_input_keeps_going_after_bad_lines() {
    let input = "{\"id\": \"a\", \"text\": \"في دمشق\"}\n\
                 {not json\n\
                 \n\
                 {\"id\": 7, \"text\": \"موسكو\"}\n\
                 {\"id\": [1], \"text\": \"x\"}\n";
    let f = tmp("docs.jsonl", input.as_bytes());
    let out = run(
        &["--input", "jsonl", "--format", "jsonl", f.to_str().unwrap()],
        "",
    );
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr.clone()).unwrap();
    assert!(err.contains("docs.jsonl:2: malformed JSON line"), "{err}");
    assert!(
        err.contains("docs.jsonl:5: \"id\" must be a string or a number"),
        "{err}"
    );
    let v = jsonl(&out);
    let docs: Vec<(&str, &str)> = v
        .iter()
        .map(|r| (r["doc"].as_str().unwrap(), r["id"].as_str().unwrap()))
        .collect();
    assert_eq!(docs, [("a", "damascus"), ("7", "moscow")]);
}

#[test]
fn unreadable_file_is_reported_and_others_processed() {
    let good = tmp("good.txt", "زار بوتين دمشق".as_bytes());
    let bad = tmp("bad.txt", b"\xff\xfe broken");
    let out = run(
        &[
            "--format",
            "jsonl",
            "/nonexistent/x.txt",
            bad.to_str().unwrap(),
            good.to_str().unwrap(),
        ],
        "",
    );
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr.clone()).unwrap();
    assert!(err.contains("/nonexistent/x.txt: cannot read"), "{err}");
    assert!(err.contains("bad.txt:1: invalid UTF-8"), "{err}");
    let ids: Vec<String> = jsonl(&out)
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(ids, ["vladimir-putin", "damascus"]);
}

#[test]
fn custom_gazetteer_with_and_without_builtin() {
    let g = tmp("g.tsv", "id\tkind\tname\nzz\tORG\tنادي الكتاب\n".as_bytes());
    let text = "نادي الكتاب في دمشق";
    let out = run(
        &["--format", "jsonl", "--gazetteer", g.to_str().unwrap()],
        text,
    );
    let ids: Vec<String> = jsonl(&out)
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(ids, ["zz", "damascus"]);
    let out = run(
        &[
            "--format",
            "jsonl",
            "--no-builtin",
            "--gazetteer",
            g.to_str().unwrap(),
        ],
        text,
    );
    let ids: Vec<String> = jsonl(&out)
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(ids, ["zz"]);
}

#[test]
fn bad_gazetteer_file_is_a_usage_error_naming_file_and_line() {
    let g = tmp("bad.tsv", "id\tkind\tname\nzz\tTEAM\tنادي\n".as_bytes());
    let out = run(&["--gazetteer", g.to_str().unwrap()], "");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("bad.tsv:2: unknown kind 'TEAM'"), "{err}");
}

#[test]
fn bad_option_is_a_usage_error() {
    let out = run(&["--format", "xml"], "");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8(out.stderr)
        .unwrap()
        .contains("unknown --format 'xml'"));
}

#[test]
fn closed_pipe_exits_cleanly() {
    // many matches, and a reader that closes at once
    let text = "روسيا ".repeat(200_000);
    let f = tmp("many.txt", text.as_bytes());
    let mut child = Command::new(BIN)
        .args(["--format", "jsonl", f.to_str().unwrap()])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(!err.contains("panicked"), "{err}");
    assert!(err.is_empty(), "{err}");
    assert_eq!(out.status.code(), Some(0));
}
