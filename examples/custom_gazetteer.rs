//! A custom gazetteer from a TSV file, on top of the default one.
//!
//! ```sh
//! cargo run --example custom_gazetteer                # examples/ghouta-places.tsv
//! cargo run --example custom_gazetteer -- names.tsv   # your own file
//! ```
//!
//! The file has a header line naming its columns (`id`, `kind`, `name`
//! required; `aliases`, `tags`, `name_en`, `priority`, `source` optional),
//! then one entity per line, tab-separated.

use arabic_gazetteer::Gazetteer;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args().nth(1).unwrap_or_else(|| {
        concat!(env!("CARGO_MANIFEST_DIR"), "/examples/ghouta-places.tsv")
            .to_string()
    });
    // a bad file stops here with an error naming the file and the line
    let g = Gazetteer::builder()
        .add_builtin()
        .add_tsv_path(&path)?
        .build()?;
    println!("{} entities", g.len());

    let text = "نقل الدفاع المدني جرحى من حرستا إلى مشفى دوما الميداني، \
                وخرج مدنيون عبر معبر الوافدين بعد اتفاق مع فيلق الرحمن.";
    for m in g.match_entities(text) {
        let e = m.entity();
        println!(
            "{:<4} {:<20} {}  {}",
            e.kind(),
            e.id(),
            &text[m.range()],
            e.name_en().unwrap_or(""),
        );
    }
    Ok(())
}
