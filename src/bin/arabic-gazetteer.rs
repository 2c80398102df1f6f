//! `arabic-gazetteer`: find people, places and organizations in Arabic text
//! files or JSON Lines.

use std::fs::File;
use std::io::{self, BufRead, BufReader, BufWriter, Read, Write};
use std::process::ExitCode;

use arabic_gazetteer::{EntityMatch, Gazetteer};
use serde::Serialize;

const USAGE: &str = "\
usage: arabic-gazetteer [OPTIONS] [FILE]...

Find people, places and organizations in Arabic text. Reads each FILE, or
standard input when there is none or FILE is '-'.

options:
  --format text|jsonl   output: a readable table (default) or one JSON
                        object per match
  --input text|jsonl    input: whole files (default) or one
                        {\"id\": ..., \"text\": \"...\"} object per line
  --gazetteer FILE      add the entities of a TSV data file (repeatable)
  --no-builtin          leave out the embedded default gazetteer
  -h, --help            print this help
  -V, --version         print the version

Errors in one input (an unreadable file, a malformed JSON line) are reported
on standard error with the file and line; the other inputs are still
processed, and the exit status is 1.";

#[derive(Clone, Copy, PartialEq, Eq)]
enum Format {
    Text,
    Jsonl,
}

struct Args {
    format: Format,
    jsonl_input: bool,
    gazetteers: Vec<String>,
    builtin: bool,
    files: Vec<String>,
}

fn parse_args() -> Result<Option<Args>, String> {
    let mut args = Args {
        format: Format::Text,
        jsonl_input: false,
        gazetteers: Vec::new(),
        builtin: true,
        files: Vec::new(),
    };
    let mut it = std::env::args().skip(1);
    let mut only_files = false;
    while let Some(a) = it.next() {
        if only_files || a == "-" || !a.starts_with('-') {
            args.files.push(a);
            continue;
        }
        let (flag, inline) = match a.split_once('=') {
            Some((f, v)) => (f.to_string(), Some(v.to_string())),
            None => (a.clone(), None),
        };
        let mut value = |name: &str| {
            inline
                .clone()
                .or_else(|| it.next())
                .ok_or_else(|| format!("{name} needs a value"))
        };
        match flag.as_str() {
            "--" => only_files = true,
            "-h" | "--help" => {
                print_quietly(&format!("{USAGE}\n"));
                return Ok(None);
            }
            "-V" | "--version" => {
                let v = env!("CARGO_PKG_VERSION");
                print_quietly(&format!("arabic-gazetteer {v}\n"));
                return Ok(None);
            }
            "--format" => {
                args.format = match value("--format")?.as_str() {
                    "text" => Format::Text,
                    "jsonl" => Format::Jsonl,
                    v => return Err(format!("unknown --format '{v}'")),
                }
            }
            "--input" => {
                args.jsonl_input = match value("--input")?.as_str() {
                    "text" => false,
                    "jsonl" => true,
                    v => return Err(format!("unknown --input '{v}'")),
                }
            }
            "--gazetteer" => args.gazetteers.push(value("--gazetteer")?),
            "--no-builtin" => args.builtin = false,
            _ => return Err(format!("unknown option '{a}'")),
        }
    }
    Ok(Some(args))
}

/// Writes to standard output; a reader that went away is not an error
/// (`println!` would panic on a closed pipe).
fn print_quietly(s: &str) {
    let _ = io::stdout().lock().write_all(s.as_bytes());
}

#[derive(Serialize)]
struct Record<'a> {
    doc: &'a str,
    start: usize,
    end: usize,
    char_start: usize,
    char_end: usize,
    utf16_start: usize,
    utf16_end: usize,
    token_start: usize,
    surface: &'a str,
    id: &'a str,
    kind: &'a str,
    name: &'a str,
    name_en: Option<&'a str>,
    tags: &'a [String],
    candidates: Vec<&'a str>,
}

struct Output<W: Write> {
    out: W,
    format: Format,
    header_done: bool,
}

impl<W: Write> Output<W> {
    fn document(
        &mut self,
        doc: &str,
        text: &str,
        matches: &[EntityMatch<'_>],
    ) -> io::Result<()> {
        for m in matches {
            let e = m.entity();
            let surface = &text[m.range()];
            match self.format {
                Format::Jsonl => {
                    let r = Record {
                        doc,
                        start: m.start(),
                        end: m.end(),
                        char_start: m.char_start(),
                        char_end: m.char_end(),
                        utf16_start: m.utf16_start(),
                        utf16_end: m.utf16_end(),
                        token_start: m.token_start(),
                        surface,
                        id: e.id(),
                        kind: e.kind().as_str(),
                        name: e.name(),
                        name_en: e.name_en(),
                        tags: e.tags(),
                        candidates: m
                            .candidates()
                            .iter()
                            .map(|c| c.id())
                            .collect(),
                    };
                    serde_json::to_writer(&mut self.out, &r)?;
                    self.out.write_all(b"\n")?;
                }
                Format::Text => {
                    let w = doc.chars().count().max(3);
                    if !self.header_done {
                        writeln!(
                            self.out,
                            "{:<w$} {:>7} {:>7}  {:<4}  {:<32}  surface",
                            "doc", "start", "end", "kind", "id"
                        )?;
                        self.header_done = true;
                    }
                    let more = if m.candidates().len() > 1 {
                        format!(" (+{})", m.candidates().len() - 1)
                    } else {
                        String::new()
                    };
                    writeln!(
                        self.out,
                        "{:<w$} {:>7} {:>7}  {:<4}  {:<32}  {}",
                        doc,
                        m.char_start(),
                        m.char_end(),
                        e.kind().as_str(),
                        format!("{}{more}", e.id()),
                        surface,
                    )?;
                }
            }
        }
        Ok(())
    }
}

/// The outcome of one run: whether any input failed.
struct Run {
    failed: bool,
}

impl Run {
    fn report(&mut self, msg: &str) {
        self.failed = true;
        // a closed standard error must not stop the run (`eprintln!` panics)
        let _ = writeln!(io::stderr(), "arabic-gazetteer: {msg}");
    }
}

fn open(name: &str) -> io::Result<Box<dyn Read>> {
    if name == "-" {
        Ok(Box::new(io::stdin().lock()))
    } else {
        Ok(Box::new(File::open(name)?))
    }
}

fn display_name(name: &str) -> &str {
    if name == "-" {
        "<stdin>"
    } else {
        name
    }
}

#[derive(serde::Deserialize)]
struct InputDoc {
    id: serde_json::Value,
    text: String,
}

fn process<W: Write>(
    g: &Gazetteer,
    args: &Args,
    out: &mut Output<W>,
    run: &mut Run,
) -> io::Result<()> {
    let files = if args.files.is_empty() {
        vec!["-".to_string()]
    } else {
        args.files.clone()
    };
    for name in &files {
        let shown = display_name(name);
        let reader = match open(name) {
            Ok(r) => r,
            Err(e) => {
                run.report(&format!("{shown}: cannot read: {e}"));
                continue;
            }
        };
        if args.jsonl_input {
            let mut reader = BufReader::new(reader);
            let mut line = Vec::new();
            let mut n = 0;
            loop {
                line.clear();
                match reader.read_until(b'\n', &mut line) {
                    Ok(0) => break,
                    Ok(_) => {}
                    Err(e) => {
                        run.report(&format!(
                            "{shown}:{}: cannot read: {e}",
                            n + 1
                        ));
                        break;
                    }
                }
                n += 1;
                let Ok(text) = std::str::from_utf8(&line) else {
                    run.report(&format!("{shown}:{n}: invalid UTF-8"));
                    continue;
                };
                if text.trim().is_empty() {
                    continue;
                }
                let doc: InputDoc = match serde_json::from_str(text) {
                    Ok(d) => d,
                    Err(e) => {
                        run.report(&format!(
                            "{shown}:{n}: malformed JSON line: {e}"
                        ));
                        continue;
                    }
                };
                let id = match &doc.id {
                    serde_json::Value::String(s) => s.clone(),
                    v @ serde_json::Value::Number(_) => v.to_string(),
                    _ => {
                        run.report(&format!(
                            "{shown}:{n}: \"id\" must be a string or a number"
                        ));
                        continue;
                    }
                };
                let matches = g.match_entities(&doc.text);
                out.document(&id, &doc.text, &matches)?;
            }
        } else {
            let mut bytes = Vec::new();
            let mut reader = reader;
            if let Err(e) = reader.read_to_end(&mut bytes) {
                run.report(&format!("{shown}: cannot read: {e}"));
                continue;
            }
            let text = match String::from_utf8(bytes) {
                Ok(t) => t,
                Err(e) => {
                    let b = e.as_bytes();
                    let at = e.utf8_error().valid_up_to();
                    let line =
                        b[..at].iter().filter(|&&c| c == b'\n').count() + 1;
                    run.report(&format!("{shown}:{line}: invalid UTF-8"));
                    continue;
                }
            };
            let matches = g.match_entities(&text);
            out.document(shown, &text, &matches)?;
        }
    }
    Ok(())
}

fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(Some(a)) => a,
        Ok(None) => return ExitCode::SUCCESS,
        Err(msg) => {
            eprintln!("arabic-gazetteer: {msg}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let custom;
    let g: &Gazetteer = if args.builtin && args.gazetteers.is_empty() {
        Gazetteer::builtin()
    } else {
        let mut b = Gazetteer::builder();
        if args.builtin {
            b.add_builtin();
        }
        for path in &args.gazetteers {
            if let Err(e) = b.add_tsv_path(path) {
                eprintln!("arabic-gazetteer: {e}");
                return ExitCode::from(2);
            }
        }
        custom = match b.build() {
            Ok(g) => g,
            Err(e) => {
                eprintln!("arabic-gazetteer: {e}");
                return ExitCode::from(2);
            }
        };
        &custom
    };
    let stdout = io::stdout().lock();
    let mut out = Output {
        out: BufWriter::new(stdout),
        format: args.format,
        header_done: false,
    };
    let mut run = Run { failed: false };
    let result =
        process(g, &args, &mut out, &mut run).and_then(|_| out.out.flush());
    match result {
        Ok(()) => {}
        // the reader went away (e.g. `| head`): stop quietly
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => {}
        Err(e) => {
            eprintln!("arabic-gazetteer: cannot write output: {e}");
            return ExitCode::FAILURE;
        }
    }
    if run.failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}
