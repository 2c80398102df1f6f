//! `arabic-gazetteer`: find people, places and organizations in Arabic text
//! files or JSON Lines.

use std::fs::File;
use std::io::{self, BufRead, BufReader, BufWriter, IsTerminal, Read, Write};
use std::process::ExitCode;

use arabic_gazetteer::export::{self, MatchRecord};
use arabic_gazetteer::{
    Entity, EntityFilter, EntityKind, EntityMatch, Gazetteer, Paragraphs,
    TextOffset,
};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

const USAGE: &str = "\
usage: arabic-gazetteer [OPTIONS] [FILE]...

Find people, places and organizations in Arabic text. Reads each FILE, or
standard input when there is none or FILE is '-'.

options:
  --format FORMAT       output, one of:
                          text   a readable table (default), char offsets
                          jsonl  one JSON object per match: offsets in bytes,
                                 chars and UTF-16 units, entity, candidates
                          spacy  one {\"text\", \"ents\": [[start, end, label]]}
                                 object per document (per paragraph of a text
                                 file), char offsets into its \"text\"
                          conll  one token and its BIO tag per line, an empty
                                 line after each document (paragraph)
  --input text|jsonl    input: plain text files, read one paragraph at a time
                        (default), or one {\"id\": ..., \"text\": \"...\"}
                        object per line
  --gazetteer FILE      add the entities of a data file: TSV, or JSON Lines
                        when FILE ends in .jsonl or .ndjson (repeatable)
  --no-builtin          leave out the embedded default gazetteer
  --designators         extend place matches over a preceding designator
                        (مدينة، قرية، مخيم…), as corpora like Wojood annotate
  --kinds K,K...        only entities of these kinds (PER, LOC, ORG, MISC)
  --tags T,T...         only entities with at least one of these tags
  --list-entities       print the gazetteer's entities (after --kinds and
                        --tags) instead of searching: a table, or with
                        --format jsonl one JSON object per entity (a JSON
                        Lines gazetteer)
  --threads N           search on N threads (0: one per core; default 1);
                        the output order is the input order
  --color WHEN          colour the text table: auto (default: when standard
                        output is a terminal and NO_COLOR is unset), always,
                        never
  -h, --help            print this help
  -V, --version         print the version

Offsets in text and jsonl output are into the whole file, however it was
read. A progress bar is shown on standard error when it is a terminal and
the input is long.

Errors in one input (an unreadable file, a malformed JSON line, invalid
UTF-8) are reported on standard error with the file and line; the other
inputs are still processed, and the exit status is 1.";

#[derive(Clone, Copy, PartialEq, Eq)]
enum Format {
    Text,
    Jsonl,
    Spacy,
    Conll,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Color {
    Auto,
    Always,
    Never,
}

struct Args {
    format: Format,
    jsonl_input: bool,
    gazetteers: Vec<String>,
    builtin: bool,
    designators: bool,
    files: Vec<String>,
    kinds: Vec<EntityKind>,
    tags: Vec<String>,
    list_entities: bool,
    threads: usize,
    color: Color,
}

/// The items of a comma-separated list, without empty ones.
fn list(value: &str) -> impl Iterator<Item = &str> {
    value.split(',').map(str::trim).filter(|s| !s.is_empty())
}

fn parse_args() -> Result<Option<Args>, String> {
    let mut args = Args {
        format: Format::Text,
        jsonl_input: false,
        gazetteers: Vec::new(),
        builtin: true,
        designators: false,
        files: Vec::new(),
        kinds: Vec::new(),
        tags: Vec::new(),
        list_entities: false,
        threads: 1,
        color: Color::Auto,
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
                    "spacy" => Format::Spacy,
                    "conll" => Format::Conll,
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
            "--designators" => args.designators = true,
            "--kinds" => {
                for k in list(&value("--kinds")?) {
                    let kind =
                        k.parse().map_err(|e| format!("--kinds: {e}"))?;
                    args.kinds.push(kind);
                }
            }
            "--tags" => {
                args.tags.extend(list(&value("--tags")?).map(String::from))
            }
            "--list-entities" => args.list_entities = true,
            "--threads" => {
                let v = value("--threads")?;
                args.threads = v.parse().map_err(|_| {
                    format!("--threads needs a number, not '{v}'")
                })?;
            }
            "--color" | "--colour" => {
                args.color = match value("--color")?.as_str() {
                    "auto" => Color::Auto,
                    "always" => Color::Always,
                    "never" => Color::Never,
                    v => return Err(format!("unknown --color '{v}'")),
                }
            }
            _ => return Err(format!("unknown option '{a}'")),
        }
    }
    if args.list_entities
        && matches!(args.format, Format::Spacy | Format::Conll)
    {
        return Err("--list-entities prints text or jsonl only".to_string());
    }
    Ok(Some(args))
}

/// Writes to standard output; a reader that went away is not an error
/// (`println!` would panic on a closed pipe).
fn print_quietly(s: &str) {
    let _ = io::stdout().lock().write_all(s.as_bytes());
}

/// Writes a message to standard error; a closed standard error must not
/// stop the run (`eprintln!` would panic).
fn complain(msg: &str) {
    let _ = writeln!(io::stderr(), "arabic-gazetteer: {msg}");
}

/// ANSI colours of the text table.
struct Paint {
    on: bool,
}

impl Paint {
    fn kind(&self, kind: EntityKind, padded: &str) -> String {
        if !self.on {
            return padded.to_string();
        }
        let code = match kind {
            EntityKind::Person => "35",
            EntityKind::Location => "32",
            EntityKind::Organization => "36",
            EntityKind::Misc => "33",
        };
        format!("\x1b[{code}m{padded}\x1b[0m")
    }

    fn header(&self, line: &str) -> String {
        if self.on {
            format!("\x1b[1m{line}\x1b[0m")
        } else {
            line.to_string()
        }
    }
}

/// One document to search: a JSON Lines document, or a paragraph of a
/// text file.
struct Unit {
    doc: String,
    text: String,
    /// Where the text starts in its file (zero for JSON Lines documents).
    offset: TextOffset,
    /// Whether the text is a paragraph of a larger file.
    paragraph: bool,
    /// Input bytes it took, for the progress bar.
    bytes: u64,
}

struct Output<W: Write> {
    out: W,
    format: Format,
    paint: Paint,
    doc_width: usize,
    header_done: bool,
}

impl<W: Write> Output<W> {
    fn document(
        &mut self,
        u: &Unit,
        matches: &[EntityMatch<'_>],
    ) -> io::Result<()> {
        match self.format {
            Format::Jsonl => {
                for m in matches {
                    let whole = m.shifted(u.offset);
                    let r =
                        MatchRecord::new(&u.doc, &whole, m.as_str(&u.text));
                    serde_json::to_writer(&mut self.out, &r)?;
                    self.out.write_all(b"\n")?;
                }
            }
            Format::Spacy => {
                let text = if u.paragraph {
                    u.text.trim_end()
                } else {
                    &u.text
                };
                if !(u.paragraph && text.trim().is_empty()) {
                    export::write_spacy(&mut self.out, text, matches)?;
                }
            }
            Format::Conll => {
                export::write_conll(&mut self.out, &u.text, matches)?;
            }
            Format::Text => {
                for m in matches {
                    self.row(u, m)?;
                }
            }
        }
        Ok(())
    }

    fn row(&mut self, u: &Unit, m: &EntityMatch<'_>) -> io::Result<()> {
        self.doc_width = self.doc_width.max(u.doc.chars().count());
        let w = self.doc_width;
        if !self.header_done {
            let header = format!(
                "{:<w$} {:>7} {:>7}  {:<4}  {:<32}  surface",
                "doc", "start", "end", "kind", "id"
            );
            writeln!(self.out, "{}", self.paint.header(&header))?;
            self.header_done = true;
        }
        let e = m.entity();
        let whole = m.shifted(u.offset);
        let more = if m.candidates().len() > 1 {
            format!(" (+{})", m.candidates().len() - 1)
        } else {
            String::new()
        };
        let kind = self
            .paint
            .kind(e.kind(), &format!("{:<4}", e.kind().as_str()));
        writeln!(
            self.out,
            "{:<w$} {:>7} {:>7}  {kind}  {:<32}  {}",
            u.doc,
            whole.char_start(),
            whole.char_end(),
            format!("{}{more}", e.id()),
            m.as_str(&u.text),
        )
    }

    fn entities<'e>(
        &mut self,
        entities: impl Iterator<Item = &'e Entity>,
    ) -> io::Result<()> {
        let entities: Vec<&Entity> = entities.collect();
        if self.format == Format::Jsonl {
            for e in entities {
                serde_json::to_writer(&mut self.out, e)?;
                self.out.write_all(b"\n")?;
            }
            return Ok(());
        }
        let width = |f: fn(&Entity) -> usize| {
            entities.iter().map(|e| f(e)).max().unwrap_or(0)
        };
        let wi = width(|e| e.id().chars().count()).max(2);
        // a few very long names must not push every alias off the screen
        let wn = width(|e| e.name().chars().count()).clamp(4, 32);
        let header =
            format!("{:<wi$}  {:<4}  {:<wn$}  aliases", "id", "kind", "name");
        writeln!(self.out, "{}", self.paint.header(header.trim_end()))?;
        for e in entities {
            let kind = self
                .paint
                .kind(e.kind(), &format!("{:<4}", e.kind().as_str()));
            let line = format!(
                "{:<wi$}  {kind}  {:<wn$}  {}",
                e.id(),
                e.name(),
                e.aliases().join(" | ")
            );
            writeln!(self.out, "{}", line.trim_end())?;
        }
        Ok(())
    }
}

/// Input read before the progress bar appears: short runs stay quiet.
const SHOW_PROGRESS_AFTER: u64 = 1 << 20;

/// A progress bar on standard error, drawn only when standard error is a
/// terminal, and only once some input has gone through.
struct Progress {
    bar: ProgressBar,
    enabled: bool,
    shown: bool,
}

impl Progress {
    fn new(total: Option<u64>) -> Progress {
        let bar =
            ProgressBar::with_draw_target(total, ProgressDrawTarget::hidden());
        let template = if total.is_some() {
            "{spinner} {elapsed_precise} [{wide_bar}] {binary_bytes}/\
             {binary_total_bytes} {binary_bytes_per_sec} eta {eta} {msg}"
        } else {
            "{spinner} {elapsed_precise} {binary_bytes} \
             {binary_bytes_per_sec} {msg}"
        };
        if let Ok(style) = ProgressStyle::with_template(template) {
            bar.set_style(style.progress_chars("=> "));
        }
        Progress {
            bar,
            enabled: io::stderr().is_terminal(),
            shown: false,
        }
    }

    fn inc(&mut self, bytes: u64) {
        self.bar.inc(bytes);
        if self.enabled
            && !self.shown
            && self.bar.position() >= SHOW_PROGRESS_AFTER
        {
            self.bar.set_draw_target(ProgressDrawTarget::stderr());
            self.shown = true;
        }
    }
}

/// The state of one run: the progress bar, and whether any input failed.
struct Run {
    failed: bool,
    progress: Progress,
}

impl Run {
    fn report(&mut self, msg: &str) {
        self.failed = true;
        // a closed standard error must not stop the run (`eprintln!` panics)
        self.progress.bar.suspend(|| complain(msg));
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

/// The total size of the inputs, when they are all regular files.
fn total_size(files: &[String]) -> Option<u64> {
    if files.is_empty() {
        return None;
    }
    files
        .iter()
        .map(|f| {
            if f == "-" {
                return None;
            }
            std::fs::metadata(f)
                .ok()
                .filter(|m| m.is_file())
                .map(|m| m.len())
        })
        .sum()
}

#[derive(serde::Deserialize)]
struct InputDoc {
    id: serde_json::Value,
    text: String,
}

/// Searches documents a batch at a time, on a thread pool or not, and
/// writes their matches in input order.
struct Searcher<'g, W: Write> {
    g: &'g Gazetteer,
    filter: EntityFilter,
    pool: Option<rayon::ThreadPool>,
    out: Output<W>,
    batch: Vec<Unit>,
    batch_bytes: usize,
    max_batch_bytes: usize,
}

impl<W: Write> Searcher<'_, W> {
    fn push(&mut self, unit: Unit, run: &mut Run) -> io::Result<()> {
        self.batch_bytes += unit.text.len();
        self.batch.push(unit);
        if self.batch_bytes >= self.max_batch_bytes || self.batch.len() >= 1024
        {
            self.flush(run)?;
        }
        Ok(())
    }

    fn flush(&mut self, run: &mut Run) -> io::Result<()> {
        let texts: Vec<&str> =
            self.batch.iter().map(|u| u.text.as_str()).collect();
        let g = self.g;
        let found = match &self.pool {
            Some(pool) => pool.install(|| g.match_batch(&texts)),
            None => texts.iter().map(|t| g.match_entities(t)).collect(),
        };
        for (u, mut matches) in self.batch.iter().zip(found) {
            self.filter.retain(&mut matches);
            self.out.document(u, &matches)?;
            run.progress.inc(u.bytes);
        }
        self.batch.clear();
        self.batch_bytes = 0;
        Ok(())
    }

    fn jsonl(
        &mut self,
        reader: Box<dyn Read>,
        shown: &str,
        run: &mut Run,
    ) -> io::Result<()> {
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
            let bytes = line.len() as u64;
            let Ok(text) = std::str::from_utf8(&line) else {
                run.report(&format!("{shown}:{n}: invalid UTF-8"));
                run.progress.inc(bytes);
                continue;
            };
            if text.trim().is_empty() {
                run.progress.inc(bytes);
                continue;
            }
            let doc: InputDoc = match serde_json::from_str(text) {
                Ok(d) => d,
                Err(e) => {
                    run.report(&format!(
                        "{shown}:{n}: malformed JSON line: {e}"
                    ));
                    run.progress.inc(bytes);
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
                    run.progress.inc(bytes);
                    continue;
                }
            };
            let unit = Unit {
                doc: id,
                text: doc.text,
                offset: TextOffset::ZERO,
                paragraph: false,
                bytes,
            };
            self.push(unit, run)?;
        }
        self.flush(run)
    }

    fn text(
        &mut self,
        reader: Box<dyn Read>,
        shown: &str,
        run: &mut Run,
    ) -> io::Result<()> {
        let paragraphs =
            Paragraphs::new(BufReader::new(reader)).with_name(shown);
        for p in paragraphs {
            let p = match p {
                Ok(p) => p,
                Err(e) => {
                    // the paragraphs before the error still go out
                    self.flush(run)?;
                    run.report(&e.to_string());
                    return Ok(());
                }
            };
            let unit = Unit {
                doc: shown.to_string(),
                bytes: p.text.len() as u64,
                text: p.text,
                offset: p.offset,
                paragraph: true,
            };
            self.push(unit, run)?;
        }
        self.flush(run)
    }
}

fn process<W: Write>(
    args: &Args,
    searcher: &mut Searcher<'_, W>,
    run: &mut Run,
) -> io::Result<()> {
    let files = if args.files.is_empty() {
        vec!["-".to_string()]
    } else {
        args.files.clone()
    };
    if !args.jsonl_input {
        // one column width for every file name of the table
        let widest = files.iter().map(|f| display_name(f).chars().count());
        searcher.out.doc_width = widest.max().unwrap_or(0).max(3);
    }
    for name in &files {
        let shown = display_name(name);
        run.progress.bar.set_message(shown.to_string());
        let reader = match open(name) {
            Ok(r) => r,
            Err(e) => {
                run.report(&format!("{shown}: cannot read: {e}"));
                continue;
            }
        };
        if args.jsonl_input {
            searcher.jsonl(reader, shown, run)?;
        } else {
            searcher.text(reader, shown, run)?;
        }
    }
    Ok(())
}

fn build_gazetteer(args: &Args) -> Result<Option<Gazetteer>, String> {
    if args.builtin && args.gazetteers.is_empty() && !args.designators {
        return Ok(None);
    }
    let mut b = Gazetteer::builder();
    if args.builtin {
        b.add_builtin();
    }
    b.include_designators(args.designators);
    for path in &args.gazetteers {
        let jsonl = path.ends_with(".jsonl") || path.ends_with(".ndjson");
        let added = if jsonl {
            b.add_jsonl_path(path)
        } else {
            b.add_tsv_path(path)
        };
        added.map_err(|e| e.to_string())?;
    }
    b.build().map(Some).map_err(|e| e.to_string())
}

fn finish(result: io::Result<()>, failed: bool) -> ExitCode {
    match result {
        Ok(()) => {}
        // the reader went away (e.g. `| head`): stop quietly
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => {}
        Err(e) => {
            complain(&format!("cannot write output: {e}"));
            return ExitCode::FAILURE;
        }
    }
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(Some(a)) => a,
        Ok(None) => return ExitCode::SUCCESS,
        Err(msg) => {
            complain(&format!("{msg}\n\n{USAGE}"));
            return ExitCode::from(2);
        }
    };
    let custom = match build_gazetteer(&args) {
        Ok(g) => g,
        Err(msg) => {
            complain(&msg);
            return ExitCode::from(2);
        }
    };
    let g = custom.as_ref().unwrap_or_else(|| Gazetteer::builtin());
    let filter = EntityFilter::new()
        .kinds(args.kinds.iter().copied())
        .tags(args.tags.iter().cloned());
    let color = match args.color {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => {
            io::stdout().is_terminal()
                && std::env::var_os("NO_COLOR").is_none()
                && std::env::var("TERM").map_or(true, |t| t != "dumb")
        }
    };
    let mut out = Output {
        out: BufWriter::new(io::stdout().lock()),
        format: args.format,
        paint: Paint { on: color },
        doc_width: 3,
        header_done: false,
    };

    if args.list_entities {
        let listed = g.entities().iter().filter(|e| filter.accepts_entity(e));
        let result = out.entities(listed).and_then(|_| out.out.flush());
        return finish(result, false);
    }

    let threads = match args.threads {
        0 => std::thread::available_parallelism().map_or(1, |n| n.get()),
        n => n,
    };
    let pool = if threads > 1 {
        match rayon::ThreadPoolBuilder::new().num_threads(threads).build() {
            Ok(p) => Some(p),
            Err(e) => {
                complain(&format!("cannot start threads: {e}"));
                return ExitCode::FAILURE;
            }
        }
    } else {
        None
    };
    let mut run = Run {
        failed: false,
        progress: Progress::new(total_size(&args.files)),
    };
    let mut searcher = Searcher {
        g,
        filter,
        pool,
        out,
        batch: Vec::new(),
        batch_bytes: 0,
        max_batch_bytes: 256 * 1024 * threads,
    };
    let result = process(&args, &mut searcher, &mut run)
        .and_then(|_| searcher.out.out.flush());
    run.progress.bar.finish_and_clear();
    finish(result, run.failed)
}
