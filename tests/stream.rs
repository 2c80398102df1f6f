//! Reading a text paragraph by paragraph gives the offsets of a single pass
//! over the whole text, in bytes, chars and UTF-16 units, with bounded
//! reads.

use std::io::{self, BufReader, Read};

use arabic_gazetteer::{
    match_entities, EntityMatch, Gazetteer, Paragraph, Paragraphs, TextOffset,
};

const SAMPLE: &str = include_str!("fixtures/ghouta-astana-2018.txt");

/// Paragraphs of the sample separated by blank lines of several kinds,
/// with astral chars (two UTF-16 units), diacritics and CRLF line ends.
fn corpus() -> String {
    let mut text = String::from("\n\n  \n");
    for (i, line) in SAMPLE.lines().enumerate() {
        text.push_str(line);
        match i % 4 {
            0 => text.push_str("\n\n"),
            1 => text.push_str(" 🇸🇾 وبِدِمَشْقَ 👍\r\n\r\n"),
            2 => text.push_str("\n \t \n\n😀 "),
            _ => text.push('\n'),
        }
    }
    text.push_str("وفي الختام زار لافروف جنيف");
    text
}

type Key = (
    usize,
    usize,
    usize,
    usize,
    usize,
    usize,
    usize,
    usize,
    usize,
    String,
);

fn key(m: &EntityMatch<'_>) -> Key {
    (
        m.token_start(),
        m.start(),
        m.end(),
        m.char_token_start(),
        m.char_start(),
        m.char_end(),
        m.utf16_token_start(),
        m.utf16_start(),
        m.utf16_end(),
        m.entity().id().to_string(),
    )
}

fn streamed(text: &str, max_len: usize) -> (Vec<Paragraph>, Vec<Key>) {
    let g = Gazetteer::builtin();
    let mut paragraphs = Vec::new();
    let mut found = Vec::new();
    for p in Paragraphs::new(text.as_bytes()).max_len(max_len) {
        let p = p.unwrap();
        found.extend(g.match_entities_at(&p.text, p.offset).iter().map(key));
        paragraphs.push(p);
    }
    (paragraphs, found)
}

fn single_pass(text: &str) -> Vec<Key> {
    match_entities(text).iter().map(key).collect()
}

#[test]
fn paragraphs_put_end_to_end_are_the_text() {
    let text = corpus();
    let (paragraphs, _) = streamed(&text, 1 << 20);
    assert!(paragraphs.len() > 5, "{}", paragraphs.len());
    let joined: String = paragraphs.iter().map(|p| p.text.as_str()).collect();
    assert_eq!(joined, text);
    let mut at = TextOffset::ZERO;
    let mut line = 1;
    for p in &paragraphs {
        assert_eq!(p.offset, at);
        assert_eq!(p.line, line);
        assert!(text[at.byte..].starts_with(&p.text));
        at.advance(&p.text);
        line += p.text.matches('\n').count();
    }
    assert_eq!(at, TextOffset::of(&text));
}

#[test]
fn a_paragraph_ends_at_a_blank_line() {
    let text = "أ\nب\n\nج\n \r\n\nد";
    let (paragraphs, _) = streamed(text, 1 << 20);
    let parts: Vec<(&str, usize)> = paragraphs
        .iter()
        .map(|p| (p.text.as_str(), p.line))
        .collect();
    assert_eq!(parts, [("أ\nب\n\n", 1), ("ج\n \r\n\n", 4), ("د", 7)]);
}

#[test]
fn streamed_offsets_equal_single_pass_offsets() {
    let text = corpus();
    let whole = single_pass(&text);
    assert!(whole.len() > 80, "{}", whole.len());
    let (_, streamed) = streamed(&text, 1 << 20);
    assert_eq!(streamed, whole);
}

#[test]
fn long_paragraphs_are_cut_at_line_breaks_without_changing_offsets() {
    // no blank lines at all: only the length limit cuts, at line breaks
    // (the longest line of the sample is under 2,000 bytes)
    let text = SAMPLE.replace('\n', " 🙂\n");
    let (paragraphs, found) = streamed(&text, 2_000);
    assert!(paragraphs.len() > 3);
    for p in &paragraphs {
        assert!(p.text.len() <= 2_000);
        assert!(
            p.text.ends_with('\n')
                || p.offset.byte + p.text.len() == text.len()
        );
    }
    assert_eq!(found, single_pass(&text));
}

#[test]
fn a_line_longer_than_the_limit_is_cut_at_spaces_then_chars() {
    let text = "روسيا ".repeat(100) + &"ب".repeat(200);
    let (paragraphs, _) = streamed(&text, 64);
    let joined: String = paragraphs.iter().map(|p| p.text.as_str()).collect();
    assert_eq!(joined, text);
    for p in &paragraphs {
        assert!(p.text.len() <= 64);
    }
    // cut at spaces while there are spaces, then after whole chars
    assert_eq!(paragraphs[0].text, "روسيا ".repeat(5));
    assert_eq!(paragraphs.last().unwrap().text, "ب".repeat(200 % 32));
    assert!(paragraphs
        .iter()
        .rev()
        .skip(1)
        .take(5)
        .all(|p| p.text == "ب".repeat(32)));
    // every روسيا is whole, so every one is found
    let (_, found) = streamed(&text, 64);
    assert_eq!(found, single_pass(&text));
}

/// A reader of a long generated text that counts what was read from it.
struct Counting {
    pattern: &'static [u8],
    len: usize,
    read: std::rc::Rc<std::cell::Cell<usize>>,
}

impl Read for Counting {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let at = self.read.get();
        let n = buf.len().min(self.len - at);
        for (i, b) in buf[..n].iter_mut().enumerate() {
            *b = self.pattern[(at + i) % self.pattern.len()];
        }
        self.read.set(at + n);
        Ok(n)
    }
}

#[test]
fn reading_is_bounded_by_one_paragraph() {
    // 50 MB of paragraphs; after the first one, little has been read
    let pattern = "زار لافروف دمشق وموسكو.\n\n".as_bytes();
    let read = std::rc::Rc::new(std::cell::Cell::new(0));
    let reader = Counting {
        pattern,
        len: 50_000_000 / pattern.len() * pattern.len(),
        read: read.clone(),
    };
    let mut paragraphs =
        Paragraphs::new(BufReader::with_capacity(8192, reader));
    let first = paragraphs.next().unwrap().unwrap();
    assert_eq!(first.text.as_bytes(), pattern);
    assert!(read.get() <= 8192, "{}", read.get());

    // one long line: never more than the limit and a buffer in memory
    let line = Counting {
        pattern: "روسيا ".as_bytes(),
        len: 10_000_000,
        read: std::rc::Rc::new(std::cell::Cell::new(0)),
    };
    let count = line.read.clone();
    let mut paragraphs =
        Paragraphs::new(BufReader::with_capacity(8192, line)).max_len(100_000);
    let first = paragraphs.next().unwrap().unwrap();
    assert!(first.text.len() <= 100_000);
    assert!(count.get() <= 100_000 + 8192, "{}", count.get());
    let mut n = 1;
    for p in paragraphs {
        assert!(p.unwrap().text.len() <= 100_000);
        n += 1;
    }
    assert!(n >= 100, "{n}");
}

#[test]
fn invalid_utf8_is_reported_with_its_line_and_stops_the_text() {
    let mut bytes = "حلب\n\nدمشق\nموسكو ".as_bytes().to_vec();
    bytes.extend_from_slice(b"\xff\n\nlater");
    let results: Vec<_> =
        Paragraphs::new(&bytes[..]).with_name("news.txt").collect();
    assert_eq!(results.len(), 2);
    assert_eq!(results[0].as_ref().unwrap().text, "حلب\n\n");
    let err = results[1].as_ref().unwrap_err();
    assert_eq!(err.line(), Some(4));
    assert_eq!(err.file(), Some("news.txt"));
    assert_eq!(err.to_string(), "news.txt:4: invalid UTF-8");
}

struct Failing;

impl Read for Failing {
    fn read(&mut self, _: &mut [u8]) -> io::Result<usize> {
        Err(io::Error::other("disk on fire"))
    }
}

#[test]
fn read_errors_are_reported() {
    let results: Vec<_> = Paragraphs::new(BufReader::new(Failing)).collect();
    assert_eq!(results.len(), 1);
    let err = results[0].as_ref().unwrap_err();
    assert!(err.is_io());
    assert_eq!(err.to_string(), "line 1: cannot read: disk on fire");
}

#[test]
fn empty_input_has_no_paragraph() {
    assert_eq!(Paragraphs::new(&b""[..]).count(), 0);
}

#[test]
fn text_offset_counts_three_units() {
    for text in ["", "abc", "دمشق", "😀", "a😀ب\u{064E}", &corpus()] {
        let at = TextOffset::of(text);
        assert_eq!(at.byte, text.len());
        assert_eq!(at.char, text.chars().count());
        assert_eq!(at.utf16, text.encode_utf16().count());
    }
}
