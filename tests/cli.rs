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

/// Runs the tool with stdout going to a pipe that the reader closes after
/// `keep` bytes; returns the exit code and what went to stderr.
fn run_closing_early(args: &[&str], keep: usize) -> (Option<i32>, String) {
    use std::io::Read;
    let mut child = Command::new(BIN)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let mut buf = vec![0; keep];
    stdout.read_exact(&mut buf).unwrap();
    drop(stdout);
    let out = child.wait_with_output().unwrap();
    (out.status.code(), String::from_utf8(out.stderr).unwrap())
}

#[test]
fn pipe_closed_midway_exits_cleanly_in_both_formats() {
    let text = "زار بوتين دمشق وموسكو ".repeat(100_000);
    let f = tmp("midway.txt", text.as_bytes());
    for format in ["text", "jsonl"] {
        let (code, err) = run_closing_early(
            &["--format", format, f.to_str().unwrap()],
            100_000,
        );
        assert_eq!(err, "", "{format}");
        assert_eq!(code, Some(0), "{format}");
    }
}

#[test]
fn help_and_version_to_a_closed_pipe_exit_cleanly() {
    for flag in ["--help", "--version"] {
        let mut child = Command::new(BIN)
            .arg(flag)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        drop(child.stdout.take());
        let out = child.wait_with_output().unwrap();
        let err = String::from_utf8(out.stderr).unwrap();
        assert_eq!(err, "", "{flag}");
        assert_eq!(out.status.code(), Some(0), "{flag}");
    }
}

/// Many documents, some bad: every good one is written whole, in order,
/// every bad one is reported with its line, and the status says so.
#[test]
fn every_good_document_is_written_whole_and_every_bad_one_reported() {
    let mut input = Vec::new();
    let mut want_docs = Vec::new();
    let mut want_errors = Vec::new();
    for i in 1..=2_000 {
        match i % 10 {
            3 => {
                input.extend_from_slice(b"{\"id\": \"x\", \"text\": \n");
                want_errors.push(format!("{i}: malformed JSON line"));
            }
            7 => {
                input.extend_from_slice(
                    b"{\"id\": \"x\", \"text\": \"\xff\"}\n",
                );
                want_errors.push(format!("{i}: invalid UTF-8"));
            }
            _ => {
                let doc = format!(
                    "{{\"id\": \"d{i}\", \"text\": \"قال لافروف في موسكو إن {}روسيا\"}}\n",
                    "\\n".repeat(i % 5)
                );
                input.extend_from_slice(doc.as_bytes());
                want_docs.push(format!("d{i}"));
            }
        }
    }
    let f = tmp("docs.jsonl", &input);
    let out = run(
        &["--input", "jsonl", "--format", "jsonl", f.to_str().unwrap()],
        "",
    );
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr.clone()).unwrap();
    let errors: Vec<&str> = err.lines().collect();
    assert_eq!(errors.len(), want_errors.len(), "{err}");
    for (got, want) in errors.iter().zip(&want_errors) {
        let want = format!("arabic-gazetteer: {}:{want}", f.display());
        assert!(got.starts_with(&want), "{got} / {want}");
    }
    // three matches per good document, whole JSON lines, in input order
    let records = jsonl(&out);
    assert_eq!(records.len(), 3 * want_docs.len());
    for (r, doc) in records.chunks(3).zip(&want_docs) {
        let ids: Vec<&str> =
            r.iter().map(|r| r["id"].as_str().unwrap()).collect();
        assert_eq!(ids, ["sergey-lavrov", "moscow", "russia"]);
        assert!(r.iter().all(|r| r["doc"] == doc.as_str()));
    }
}

#[test]
fn stdin_jsonl_errors_name_stdin_and_line() {
    let out = run(
        &["--input", "jsonl", "--format", "jsonl"],
        "{\"id\": 1, \"text\": \"دمشق\"}\n[]\n{\"id\": 2, \"text\": \"جنيف\"}",
    );
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr.clone()).unwrap();
    assert!(err.contains("<stdin>:2: malformed JSON line"), "{err}");
    let ids: Vec<String> = jsonl(&out)
        .iter()
        .map(|r| {
            format!(
                "{}:{}",
                r["doc"].as_str().unwrap(),
                r["id"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(ids, ["1:damascus", "2:geneva"]);
}

#[test]
fn a_directory_is_reported_as_unreadable() {
    let dir = std::env::temp_dir();
    let good = tmp("after-dir.txt", "جنيف".as_bytes());
    let out = run(
        &[
            "--format",
            "jsonl",
            dir.to_str().unwrap(),
            good.to_str().unwrap(),
        ],
        "",
    );
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr.clone()).unwrap();
    assert!(
        err.contains(&format!("{}: cannot read", dir.display())),
        "{err}"
    );
    let ids: Vec<String> = jsonl(&out)
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(ids, ["geneva"]);
}

#[test]
fn closed_stderr_does_not_stop_the_run() {
    let input = "[\n{\"id\": \"a\", \"text\": \"دمشق\"}\n{\n";
    let mut child = Command::new(BIN)
        .args(["--input", "jsonl", "--format", "jsonl"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stderr.take());
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(1), "failed, did not panic");
    let ids: Vec<String> = jsonl(&out)
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(ids, ["damascus"]);
}
