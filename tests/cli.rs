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

// ---- export formats, streaming, threads, filters, progress -------------

fn stdout(out: &Output) -> String {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout.clone()).unwrap()
}

fn num(v: &serde_json::Value) -> usize {
    v.as_u64().unwrap() as usize
}

fn chars(text: &str, s: usize, e: usize) -> String {
    text.chars().skip(s).take(e - s).collect()
}

fn utf16(text: &str, s: usize, e: usize) -> String {
    let units: Vec<u16> = text.encode_utf16().collect();
    String::from_utf16(&units[s..e]).unwrap()
}

/// A plain text file of several paragraphs (the sample's lines), with
/// astral chars and CRLF blank lines, so that byte, char and UTF-16
/// offsets all differ.
fn paragraphs_file() -> String {
    let sample = std::fs::read_to_string(SAMPLE).unwrap();
    let mut text = String::from("😀\n\n");
    for (i, line) in sample.lines().enumerate() {
        text.push_str(line);
        text.push_str(if i % 2 == 0 { " 👍\n\n" } else { "\r\n\r\n" });
    }
    text
}

/// JSON Lines documents: the sample's lines, repeated.
fn jsonl_docs(rounds: usize) -> (String, Vec<(String, String)>) {
    let sample = std::fs::read_to_string(SAMPLE).unwrap();
    let mut docs = Vec::new();
    for r in 0..rounds {
        for (i, line) in sample.lines().enumerate() {
            docs.push((format!("d{r}-{i}"), line.to_string()));
        }
    }
    let input: String = docs
        .iter()
        .map(|(id, text)| {
            serde_json::json!({"id": id, "text": text}).to_string() + "\n"
        })
        .collect();
    (input, docs)
}

#[test]
fn streamed_text_file_gives_whole_file_offsets() {
    let text = paragraphs_file();
    let f = tmp("paragraphs.txt", text.as_bytes());
    let out = run(&["--format", "jsonl", f.to_str().unwrap()], "");
    stdout(&out);
    let records = jsonl(&out);
    let expected = arabic_gazetteer::match_entities(&text);
    assert!(expected.len() > 80);
    assert_eq!(records.len(), expected.len());
    for (r, m) in records.iter().zip(&expected) {
        let surface = r["surface"].as_str().unwrap();
        assert_eq!(r["id"], m.entity().id());
        assert_eq!(
            (num(&r["start"]), num(&r["end"]), num(&r["token_start"])),
            (m.start(), m.end(), m.token_start())
        );
        assert_eq!(
            (num(&r["char_start"]), num(&r["char_end"])),
            (m.char_start(), m.char_end())
        );
        assert_eq!(
            (num(&r["utf16_start"]), num(&r["utf16_end"])),
            (m.utf16_start(), m.utf16_end())
        );
        assert_eq!(&text[num(&r["start"])..num(&r["end"])], surface);
        assert_eq!(
            chars(&text, num(&r["char_start"]), num(&r["char_end"])),
            surface
        );
        assert_eq!(
            utf16(&text, num(&r["utf16_start"]), num(&r["utf16_end"])),
            surface
        );
    }
    // the offsets do differ, so each unit was shifted on its own
    let last = records.last().unwrap();
    assert!(num(&last["start"]) > num(&last["utf16_start"]));
    assert!(num(&last["utf16_start"]) > num(&last["char_start"]));
}

/// Parses the text table: doc, start, end, kind, id, surface; checks that
/// the kind column starts at the same place on every line.
fn table(s: &str) -> Vec<(String, usize, usize, String, String, String)> {
    let mut lines = s.lines();
    let header = lines.next().unwrap();
    let words: Vec<&str> = header.split_whitespace().collect();
    assert_eq!(words, ["doc", "start", "end", "kind", "id", "surface"]);
    let kind_at = header.find("kind").unwrap();
    lines
        .map(|l| {
            let mut it = l.split_whitespace();
            let doc = it.next().unwrap().to_string();
            let start = it.next().unwrap().parse().unwrap();
            let end = it.next().unwrap().parse().unwrap();
            let kind = it.next().unwrap().to_string();
            let id = it.next().unwrap().to_string();
            assert_eq!(l.find(&format!(" {kind} ")), Some(kind_at - 1), "{l}");
            // the surface is the rest of the line after the id column
            let after = l.find(&format!(" {id} ")).unwrap() + id.len() + 2;
            (doc, start, end, kind, id, l[after..].trim().to_string())
        })
        .collect()
}

#[test]
fn text_table_parses_and_its_char_offsets_point_into_the_file() {
    let text = paragraphs_file();
    let f = tmp("table.txt", text.as_bytes());
    let s = stdout(&run(&[f.to_str().unwrap()], ""));
    assert!(!s.contains('\x1b'), "no colour when stdout is a pipe");
    let rows = table(&s);
    let expected = arabic_gazetteer::match_entities(&text);
    assert_eq!(rows.len(), expected.len());
    for (row, m) in rows.iter().zip(&expected) {
        assert!(row.0.ends_with("table.txt"));
        assert_eq!((row.1, row.2), (m.char_start(), m.char_end()));
        assert_eq!(row.3, m.kind().as_str());
        assert_eq!(row.4, m.entity().id());
        assert_eq!(chars(&text, row.1, row.2), row.5);
    }
}

#[test]
fn text_table_in_colour_on_request() {
    let out = run(&["--color", "always"], "زار لافروف دمشق");
    let s = stdout(&out);
    assert!(s.contains("\x1b[1mdoc"), "{s:?}");
    assert!(s.contains("\x1b[35mPER \x1b[0m"), "{s:?}");
    assert!(s.contains("\x1b[32mLOC \x1b[0m"), "{s:?}");
    let plain = stdout(&run(&["--color", "never"], "زار لافروف دمشق"));
    assert!(!plain.contains('\x1b'));
}

#[test]
fn spacy_format_one_document_per_json_document() {
    let input = "{\"id\": \"a\", \"text\": \"زار لافروف دمشق\"}\n\
                 {\"id\": \"b\", \"text\": \"لا شيء\"}\n\
                 {\"id\": \"c\", \"text\": \"😀 وبموسكو\"}\n";
    let s = stdout(&run(&["--input", "jsonl", "--format", "spacy"], input));
    let docs: Vec<serde_json::Value> = s
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(docs.len(), 3, "one per document, empty ones too");
    assert_eq!(docs[0]["text"], "زار لافروف دمشق");
    assert_eq!(
        docs[0]["ents"],
        serde_json::json!([[4, 10, "PER"], [11, 15, "LOC"]])
    );
    assert_eq!(docs[1]["ents"], serde_json::json!([]));
    assert_eq!(docs[2]["ents"], serde_json::json!([[4, 9, "LOC"]]));
    for d in &docs {
        let text = d["text"].as_str().unwrap();
        for e in d["ents"].as_array().unwrap() {
            let surface = chars(text, num(&e[0]), num(&e[1]));
            let found = arabic_gazetteer::match_entities(text);
            assert!(found.iter().any(|m| m.as_str(text) == surface));
        }
    }
}

#[test]
fn spacy_format_one_document_per_paragraph_of_a_text_file() {
    let text = paragraphs_file();
    let f = tmp("spacy.txt", text.as_bytes());
    let s = stdout(&run(&["--format", "spacy", f.to_str().unwrap()], ""));
    let docs: Vec<serde_json::Value> = s
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let paragraphs: Vec<&str> = text
        .split("\n\n")
        .flat_map(|p| p.split("\r\n\r\n"))
        .map(str::trim_end)
        .filter(|p| !p.trim().is_empty())
        .collect();
    assert_eq!(docs.len(), paragraphs.len());
    let mut total = 0;
    for (d, p) in docs.iter().zip(&paragraphs) {
        assert_eq!(d["text"], *p);
        let found = arabic_gazetteer::match_entities(p);
        let ents = d["ents"].as_array().unwrap();
        assert_eq!(ents.len(), found.len());
        for (e, m) in ents.iter().zip(&found) {
            assert_eq!(chars(p, num(&e[0]), num(&e[1])), m.as_str(p));
            assert_eq!(e[2], m.kind().as_str());
        }
        total += ents.len();
    }
    assert_eq!(total, arabic_gazetteer::match_entities(&text).len());
}

/// A tiny CoNLL reader: documents of (token, tag), ended by empty lines.
fn conll(s: &str) -> Vec<Vec<(String, String)>> {
    let mut docs = vec![];
    let mut doc = vec![];
    for line in s.split('\n') {
        if line.is_empty() {
            if !doc.is_empty() {
                docs.push(std::mem::take(&mut doc));
            }
            continue;
        }
        let (tok, tag) = line.split_once('\t').unwrap();
        assert!(!tag.contains('\t'));
        doc.push((tok.to_string(), tag.to_string()));
    }
    assert!(doc.is_empty());
    docs
}

#[test]
fn conll_format_tags_the_tokens_of_each_document() {
    let (input, docs) = jsonl_docs(1);
    let s = stdout(&run(&["--input", "jsonl", "--format", "conll"], &input));
    let parsed = conll(&s);
    assert_eq!(parsed.len(), docs.len());
    for ((_, text), tokens) in docs.iter().zip(&parsed) {
        // tokens are found in order, with only white space between them
        let mut at = 0;
        let mut spans = vec![];
        for (t, _) in tokens {
            at += text[at..].len() - text[at..].trim_start().len();
            assert!(text[at..].starts_with(t.as_str()), "{t}");
            spans.push((at, at + t.len()));
            at += t.len();
        }
        assert!(text[at..].trim().is_empty());
        // B-/I- runs are the matches, word by word
        let mut ents: Vec<(usize, usize, String)> = vec![];
        for ((s, e), (_, tag)) in spans.iter().zip(tokens) {
            if let Some(k) = tag.strip_prefix("B-") {
                ents.push((*s, *e, k.to_string()));
            } else if let Some(k) = tag.strip_prefix("I-") {
                let last = ents.last_mut().unwrap();
                assert_eq!(last.2, k);
                last.1 = *e;
            } else {
                assert_eq!(tag, "O");
            }
        }
        let expected: Vec<(usize, usize, String)> =
            arabic_gazetteer::match_entities(text)
                .iter()
                .map(|m| (m.token_start(), m.end(), m.kind().to_string()))
                .collect();
        assert_eq!(ents, expected);
    }
}

#[test]
fn threads_keep_the_input_order() {
    let (input, docs) = jsonl_docs(150);
    let f = tmp("threads.jsonl", input.as_bytes());
    let args = |t: &'static str| {
        vec!["--input", "jsonl", "--format", "jsonl", "--threads", t]
    };
    let mut a1 = args("1");
    a1.push(f.to_str().unwrap());
    let mut a2 = args("2");
    a2.push(f.to_str().unwrap());
    let one = stdout(&run(&a1, ""));
    let two = stdout(&run(&a2, ""));
    assert!(one.lines().count() > 10_000);
    assert_eq!(one, two);
    // and that order is the input order
    let order: Vec<String> = jsonl(&run(&a2, ""))
        .iter()
        .map(|r| r["doc"].as_str().unwrap().to_string())
        .collect();
    let mut expected: Vec<&str> =
        docs.iter().map(|(id, _)| id.as_str()).collect();
    expected.retain(|id| order.iter().any(|o| o == id));
    let mut seen: Vec<&str> = order.iter().map(String::as_str).collect();
    seen.dedup();
    assert_eq!(seen, expected);

    // a text file on two threads, too
    let text = paragraphs_file().repeat(40);
    let f = tmp("threads.txt", text.as_bytes());
    let one = stdout(&run(&["--format", "jsonl", f.to_str().unwrap()], ""));
    let two = stdout(&run(
        &["--format", "jsonl", "--threads", "2", f.to_str().unwrap()],
        "",
    ));
    assert_eq!(one, two);
}

#[test]
fn kinds_and_tags_filter_the_matches() {
    let text = "اجتمع بوتين وأردوغان وروحاني في سوتشي، وحضرت الأمم المتحدة";
    let ids = |args: &[&str]| -> Vec<String> {
        let mut a = vec!["--format", "jsonl"];
        a.extend_from_slice(args);
        jsonl(&run(&a, text))
            .iter()
            .map(|r| r["id"].as_str().unwrap().to_string())
            .collect()
    };
    let all = ids(&[]);
    assert!(all.contains(&"sochi".to_string()), "{all:?}");
    assert!(all.contains(&"united-nations".to_string()), "{all:?}");
    assert_eq!(
        ids(&["--kinds", "PER"]),
        ["vladimir-putin", "recep-tayyip-erdogan", "hassan-rouhani"]
    );
    assert_eq!(ids(&["--kinds", "LOC,ORG"]), ["sochi", "united-nations"]);
    assert_eq!(
        ids(&["--kinds", "LOC", "--kinds", "ORG"]),
        ["sochi", "united-nations"]
    );
    let text2 = "روسيا وتركيا وإيران وسوريا";
    let out = run(&["--format", "jsonl", "--tags", "astana-guarantor"], text2);
    let got: Vec<String> = jsonl(&out)
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(got, ["russia", "turkey", "iran"]);

    let bad = run(&["--kinds", "PER,PLACE"], "");
    assert_eq!(bad.status.code(), Some(2));
    let err = String::from_utf8(bad.stderr).unwrap();
    assert!(err.contains("--kinds: unknown kind 'PLACE'"), "{err}");
}

#[test]
fn list_entities_as_a_table_and_as_a_loadable_gazetteer() {
    let s = stdout(&run(&["--list-entities"], ""));
    let mut lines = s.lines();
    let header: Vec<&str> = lines.next().unwrap().split_whitespace().collect();
    assert_eq!(header, ["id", "kind", "name", "aliases"]);
    let russia = s.lines().find(|l| l.starts_with("russia ")).unwrap();
    assert!(
        russia.contains("LOC") && russia.contains("روسيا الاتحادية"),
        "{russia}"
    );
    assert_eq!(
        s.lines().count() - 1,
        arabic_gazetteer::Gazetteer::builtin().len()
    );

    let people = stdout(&run(&["--list-entities", "--kinds", "PER"], ""));
    assert!(people
        .lines()
        .skip(1)
        .all(|l| l.split_whitespace().nth(1) == Some("PER")));
    assert!(people.contains("vladimir-putin"));

    // --format jsonl lists a JSON Lines gazetteer that loads back
    let listed = stdout(&run(&["--list-entities", "--format", "jsonl"], ""));
    let g = tmp("listed.jsonl", listed.as_bytes());
    let text = std::fs::read_to_string(SAMPLE).unwrap();
    let from_list = run(
        &[
            "--format",
            "jsonl",
            "--no-builtin",
            "--gazetteer",
            g.to_str().unwrap(),
        ],
        &text,
    );
    let builtin = run(&["--format", "jsonl"], &text);
    assert_eq!(stdout(&from_list), stdout(&builtin));

    let bad = run(&["--list-entities", "--format", "conll"], "");
    assert_eq!(bad.status.code(), Some(2));
}

#[test]
fn jsonl_gazetteer_files_load_and_bad_lines_are_named() {
    let g = tmp(
        "orgs.jsonl",
        "{\"id\": \"zz\", \"kind\": \"ORG\", \"name\": \"نادي الكتاب\"}\n"
            .as_bytes(),
    );
    let out = run(
        &[
            "--format",
            "jsonl",
            "--no-builtin",
            "--gazetteer",
            g.to_str().unwrap(),
        ],
        "نادي الكتاب في دمشق",
    );
    let ids: Vec<String> = jsonl(&out)
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(ids, ["zz"]);

    let bad = tmp(
        "bad.ndjson",
        "{\"id\": \"a\", \"kind\": \"ORG\", \"name\": \"نادي\"}\n{\"id\": \"b\", \"kind\": \"TEAM\", \"name\": \"فريق\"}\n".as_bytes(),
    );
    let out = run(&["--gazetteer", bad.to_str().unwrap()], "");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("bad.ndjson:2: bad entity JSON: unknown kind 'TEAM'"),
        "{err}"
    );
}

#[test]
fn bad_threads_is_a_usage_error() {
    let out = run(&["--threads", "many"], "");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("--threads needs a number, not 'many'"),
        "{err}"
    );
}

/// More than the 1 MiB after which the progress bar may appear (each test
/// its own file: tests run at the same time).
fn long_input(name: &str) -> std::path::PathBuf {
    let text = paragraphs_file();
    let big = text.repeat((2 << 20) / text.len() + 1);
    tmp(name, big.as_bytes())
}

#[test]
fn progress_is_silent_when_stderr_is_not_a_terminal() {
    let f = long_input("long-piped.txt");
    let out = run(&["--format", "jsonl", f.to_str().unwrap()], "");
    assert!(out.status.success());
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn progress_bar_with_throughput_on_a_terminal() {
    // `script` runs the tool on a pseudo-terminal; its standard output
    // goes to /dev/null, so what comes back is what went to stderr
    if Command::new("script").arg("--version").output().is_err() {
        eprintln!("skipped: no `script` to make a terminal");
        return;
    }
    let f = long_input("long-tty.txt");
    let cmd = format!("'{BIN}' --format jsonl '{}' > /dev/null", f.display());
    let out = Command::new("script")
        .args(["-qec", &cmd, "/dev/null"])
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert!(out.status.success());
    let tty = String::from_utf8_lossy(&out.stdout);
    assert!(tty.contains("MiB/s"), "{tty:?}");
    assert!(tty.contains("long-tty.txt"), "{tty:?}");

    // a short input stays quiet even on a terminal
    let short = tmp("short.txt", "زار لافروف دمشق".as_bytes());
    let cmd = format!("'{BIN}' '{}' > /dev/null", short.display());
    let out = Command::new("script")
        .args(["-qec", &cmd, "/dev/null"])
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(
        out.stdout.is_empty(),
        "{:?}",
        String::from_utf8_lossy(&out.stdout)
    );
}

#[test]
fn designators_flag_extends_places() {
    let text = "وصل إلى مدينة دمشق";
    let spans = |args: &[&str]| -> Vec<String> {
        let out = run(args, text);
        assert!(out.status.success());
        jsonl(&out)
            .iter()
            .map(|r| {
                let (s, e) = (num(&r["start"]), num(&r["end"]));
                text[s..e].to_string()
            })
            .collect()
    };
    assert_eq!(spans(&["--format", "jsonl"]), ["دمشق"]);
    assert_eq!(
        spans(&["--format", "jsonl", "--designators"]),
        ["مدينة دمشق"]
    );
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
    // the file, the line where reading failed, and the problem
    assert!(
        err.contains(&format!("{}:1: cannot read", dir.display())),
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
