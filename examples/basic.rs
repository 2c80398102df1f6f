//! The default gazetteer on a news sentence.
//!
//! ```sh
//! cargo run --example basic
//! ```

fn main() {
    let text = "وصل وزير الخارجية الروسي سيرغي لافروف إلى دمشق، \
                بعد محادثات أستانا بين روسيا وتركيا وإيران حول إدلب.";
    for m in arabic_gazetteer::match_entities(text) {
        let e = m.entity();
        println!(
            "{:<4} {:<20} {:>3}..{:<3} {}",
            e.kind(),
            e.id(),
            m.char_start(),
            m.char_end(),
            &text[m.range()],
        );
    }
}
