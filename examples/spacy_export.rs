//! A plain text file as spaCy training documents: one
//! `{"text": ..., "ents": [[char_start, char_end, label], ...]}` line per
//! paragraph, read one paragraph at a time.
//!
//! ```sh
//! cargo run --example spacy_export -- article.txt > train.jsonl
//! cargo run --example spacy_export     # the bundled sample article
//! ```
//!
//! In Python, each line becomes a spaCy `Doc` with its entities:
//!
//! ```python
//! doc = nlp.make_doc(d["text"])
//! doc.ents = [doc.char_span(s, e, label=l, alignment_mode="expand") for s, e, l in d["ents"]]
//! ```

use std::io::{BufReader, Write};

use arabic_gazetteer::{export, Gazetteer, Paragraphs};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args().nth(1).unwrap_or_else(|| {
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/ghouta-astana-2018.txt"
        )
        .to_string()
    });
    let file = BufReader::new(std::fs::File::open(&path)?);
    let g = Gazetteer::builtin();
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    for p in Paragraphs::new(file).with_name(path.as_str()) {
        let p = p?;
        let text = p.text.trim_end();
        if text.is_empty() {
            continue;
        }
        export::write_spacy(&mut out, text, &g.match_entities(text))?;
    }
    out.flush()?;
    Ok(())
}
