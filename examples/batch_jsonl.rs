//! Many documents of a JSON Lines file, searched with `match_batch` (on
//! every core with the `parallel` feature), written as JSON Lines
//! matches in input order.
//!
//! ```sh
//! cargo run --release --example batch_jsonl -- docs.jsonl > matches.jsonl
//! cargo run --example batch_jsonl     # a few built-in documents
//! ```
//!
//! Each input line is `{"id": "...", "text": "..."}`.

use std::io::{BufRead, BufReader, Write};

use arabic_gazetteer::{export, Gazetteer};

#[derive(serde::Deserialize)]
struct Doc {
    id: String,
    text: String,
}

const DEMO: &str = r#"{"id": "a1", "text": "قال لافروف إن موسكو تدعم الحل السياسي في سوريا"}
{"id": "a2", "text": "وصلت قافلة مساعدات من الأمم المتحدة إلى الغوطة الشرقية"}
{"id": "a3", "text": "لا أسماء في هذا النص"}
{"id": "a4", "text": "التقى أردوغان وروحاني في أنقرة"}
"#;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let reader: Box<dyn BufRead> = match std::env::args().nth(1) {
        Some(path) => Box::new(BufReader::new(std::fs::File::open(path)?)),
        None => Box::new(DEMO.as_bytes()),
    };
    let g = Gazetteer::builtin();
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut lines = reader.lines();
    loop {
        // a thousand documents at a time: memory stays bounded
        let mut docs = Vec::new();
        for line in lines.by_ref().take(1000) {
            let line = line?;
            if !line.trim().is_empty() {
                docs.push(serde_json::from_str::<Doc>(&line)?);
            }
        }
        if docs.is_empty() {
            break;
        }
        let texts: Vec<&str> = docs.iter().map(|d| d.text.as_str()).collect();
        for (doc, found) in docs.iter().zip(g.match_batch(&texts)) {
            export::write_jsonl(&mut out, &doc.id, &doc.text, &found)?;
        }
    }
    out.flush()?;
    Ok(())
}
