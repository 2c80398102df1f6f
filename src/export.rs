//! Matches in the formats other tools read: JSON Lines records (the
//! command-line tool's `--format jsonl`), spaCy-style documents
//! (`{"text", "ents"}`) and CoNLL token-per-line BIO tags.
//!
//! Every function takes the text the matches were found in, and matches
//! whose offsets index that text (not [shifted](crate::EntityMatch::shifted)
//! ones).
//!
//! spaCy documents and BIO tags cannot hold overlapping entities: when the
//! matches overlap (a gazetteer built with
//! [`overlapping`](crate::GazetteerBuilder::overlapping)), the leftmost,
//! then longest, of overlapping matches is kept and the others are left
//! out. Matches from an ordinary gazetteer never overlap.
//!
//! # Example: a spaCy training document and CoNLL lines
//!
//! ```
//! use arabic_gazetteer::{export, match_entities};
//!
//! let text = "زار لافروف دمشق.";
//! let found = match_entities(text);
//!
//! let doc = export::SpacyDoc::new(text, &found);
//! assert_eq!(doc.ents, [(4, 10, "PER"), (11, 15, "LOC")]);
//!
//! let mut conll = Vec::new();
//! export::write_conll(&mut conll, text, &found)?;
//! assert_eq!(
//!     String::from_utf8(conll).unwrap(),
//!     "زار\tO\nلافروف\tB-PER\nدمشق\tB-LOC\n.\tO\n\n",
//! );
//! # Ok::<(), std::io::Error>(())
//! ```

use std::cmp::Reverse;
use std::fmt;
use std::io::{self, Write};

use crate::entity::EntityKind;
use crate::matches::{EntityMatch, Span};

/// The matches without overlaps, in text order: of overlapping matches the
/// leftmost, then longest, is kept.
fn non_overlapping<'a, 'g>(
    matches: &'a [EntityMatch<'g>],
) -> Vec<&'a EntityMatch<'g>> {
    let mut sorted: Vec<&EntityMatch<'g>> = matches.iter().collect();
    sorted.sort_by_key(|m| (m.start(), Reverse(m.end())));
    let mut last_end = 0;
    sorted.retain(|m| {
        let keep = m.start() >= last_end;
        if keep {
            last_end = m.end();
        }
        keep
    });
    sorted
}

/// One match as a record of the command-line tool's `--format jsonl`
/// output: offsets in bytes, chars and UTF-16 units, the surface, and the
/// entity.
///
/// With the `serde` feature it serializes to the JSON object of the
/// tool's output, fields in this order:
///
/// ```json
/// {"doc":"d1","start":20,"end":28,"char_start":11,"char_end":15,"utf16_start":11,"utf16_end":15,"token_start":20,"surface":"دمشق","id":"damascus","kind":"LOC","name":"دمشق","name_en":"Damascus","tags":["city","capital","sy"],"candidates":["damascus"]}
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct MatchRecord<'a> {
    /// The document: an input id or a file name.
    pub doc: &'a str,
    /// Byte offset of the name.
    pub start: usize,
    /// Byte offset just after the name.
    pub end: usize,
    /// Char offset of the name.
    pub char_start: usize,
    /// Char offset just after the name.
    pub char_end: usize,
    /// UTF-16 offset of the name.
    pub utf16_start: usize,
    /// UTF-16 offset just after the name.
    pub utf16_end: usize,
    /// Byte offset of the word, proclitics included.
    pub token_start: usize,
    /// The name as written in the text.
    pub surface: &'a str,
    /// The entity's id (the best candidate).
    pub id: &'a str,
    /// The entity's kind.
    pub kind: EntityKind,
    /// The entity's canonical name.
    pub name: &'a str,
    /// The entity's English name, if known.
    pub name_en: Option<&'a str>,
    /// The entity's tags.
    pub tags: &'a [String],
    /// The ids of every entity the surface names, best first.
    pub candidates: Vec<&'a str>,
}

impl<'a> MatchRecord<'a> {
    /// The record of `m` in document `doc`, `surface` being the name as
    /// written (`m.as_str(text)` for the text it was found in).
    ///
    /// The offsets are the match's own: give a
    /// [shifted](EntityMatch::shifted) match for offsets into a whole
    /// file.
    ///
    /// ```
    /// use arabic_gazetteer::{export::MatchRecord, match_entities, EntityKind};
    ///
    /// let text = "زار لافروف دمشق";
    /// let m = &match_entities(text)[1];
    /// let r = MatchRecord::new("d1", m, m.as_str(text));
    /// assert_eq!((r.id, r.kind, r.surface), ("damascus", EntityKind::Location, "دمشق"));
    /// assert_eq!((r.start, r.end, r.char_start, r.char_end), (20, 28, 11, 15));
    /// ```
    pub fn new(
        doc: &'a str,
        m: &EntityMatch<'a>,
        surface: &'a str,
    ) -> MatchRecord<'a> {
        let e = m.entity();
        MatchRecord {
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
            kind: e.kind(),
            name: e.name(),
            name_en: e.name_en(),
            tags: e.tags(),
            candidates: m.candidates().iter().map(|c| c.id()).collect(),
        }
    }
}

/// Writes one [`MatchRecord`] JSON object per line for each match found in
/// `text`, document `doc`.
///
/// Needs the `json` feature.
///
/// # Errors
///
/// Only the errors of writing to `out`.
///
/// # Panics
///
/// Panics if a match's offsets are not on char boundaries of `text`, i.e.
/// the matches were not found in `text`.
///
/// # Examples
///
/// ```
/// use arabic_gazetteer::{export, match_entities};
///
/// let text = "زار لافروف دمشق";
/// let mut out = Vec::new();
/// export::write_jsonl(&mut out, "d1", text, &match_entities(text))?;
/// let out = String::from_utf8(out).unwrap();
/// let last: serde_json::Value = serde_json::from_str(out.lines().nth(1).unwrap()).unwrap();
/// assert_eq!(last["id"], "damascus");
/// assert_eq!(last["doc"], "d1");
/// assert_eq!(last["char_start"], 11);
/// # Ok::<(), std::io::Error>(())
/// ```
#[cfg(feature = "json")]
pub fn write_jsonl<W: Write>(
    mut out: W,
    doc: &str,
    text: &str,
    matches: &[EntityMatch<'_>],
) -> io::Result<()> {
    for m in matches {
        serde_json::to_writer(
            &mut out,
            &MatchRecord::new(doc, m, &text[m.range()]),
        )?;
        out.write_all(b"\n")?;
    }
    Ok(())
}

/// A document in the shape spaCy's training tools and many annotation
/// tools read: the text, and its entities as `(char_start, char_end,
/// label)` with char offsets (Python string indices) and the labels `PER`,
/// `LOC`, `ORG`, `MISC`.
///
/// With the `serde` feature it serializes to
/// `{"text": "…", "ents": [[4, 10, "PER"], …]}`. In Python,
/// `doc.char_span(start, end, label=label)` turns each entity into a spaCy
/// span. The spans are the names without their proclitics (`دمشق` in
/// `بدمشق`); since spaCy keeps `بدمشق` as one token, pass
/// `alignment_mode="expand"`, or build the document with
/// [`with_proclitics`](SpacyDoc::with_proclitics) instead.
///
/// Overlapping matches are left out as the [module](self) says.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct SpacyDoc<'a> {
    /// The text.
    pub text: &'a str,
    /// `(char_start, char_end, label)` of each entity, in text order.
    pub ents: Vec<(usize, usize, &'static str)>,
}

impl<'a> SpacyDoc<'a> {
    /// The document of `text` and the matches found in it; each entity
    /// spans the name, without proclitics.
    ///
    /// ```
    /// use arabic_gazetteer::{export::SpacyDoc, match_entities};
    ///
    /// let text = "وصل وفد إلى بدمشق";
    /// let doc = SpacyDoc::new(text, &match_entities(text));
    /// assert_eq!(doc.ents, [(13, 17, "LOC")]);
    /// let chars: Vec<char> = text.chars().collect();
    /// assert_eq!(chars[13..17].iter().collect::<String>(), "دمشق");
    /// ```
    pub fn new(text: &'a str, matches: &[EntityMatch<'_>]) -> SpacyDoc<'a> {
        SpacyDoc {
            text,
            ents: non_overlapping(matches)
                .into_iter()
                .map(|m| (m.char_start(), m.char_end(), m.kind().as_str()))
                .collect(),
        }
    }

    /// The document of `text` and the matches found in it; each entity
    /// spans the whole word, proclitics included, which is how spaCy
    /// tokenizes Arabic.
    ///
    /// ```
    /// use arabic_gazetteer::{export::SpacyDoc, match_entities};
    ///
    /// let text = "وصل وفد إلى بدمشق";
    /// let doc = SpacyDoc::with_proclitics(text, &match_entities(text));
    /// assert_eq!(doc.ents, [(12, 17, "LOC")]);
    /// ```
    pub fn with_proclitics(
        text: &'a str,
        matches: &[EntityMatch<'_>],
    ) -> SpacyDoc<'a> {
        SpacyDoc {
            text,
            ents: non_overlapping(matches)
                .into_iter()
                .map(|m| {
                    (m.char_token_start(), m.char_end(), m.kind().as_str())
                })
                .collect(),
        }
    }
}

/// Writes the [`SpacyDoc`] of `text` as one line of JSON.
///
/// Needs the `json` feature.
///
/// # Errors
///
/// Only the errors of writing to `out`.
///
/// # Examples
///
/// ```
/// use arabic_gazetteer::{export, match_entities};
///
/// let text = "زار لافروف دمشق";
/// let mut out = Vec::new();
/// export::write_spacy(&mut out, text, &match_entities(text))?;
/// assert_eq!(
///     String::from_utf8(out).unwrap(),
///     "{\"text\":\"زار لافروف دمشق\",\"ents\":[[4,10,\"PER\"],[11,15,\"LOC\"]]}\n",
/// );
/// # Ok::<(), std::io::Error>(())
/// ```
#[cfg(feature = "json")]
pub fn write_spacy<W: Write>(
    mut out: W,
    text: &str,
    matches: &[EntityMatch<'_>],
) -> io::Result<()> {
    serde_json::to_writer(&mut out, &SpacyDoc::new(text, matches))?;
    out.write_all(b"\n")
}

/// The tag of one token in the BIO scheme.
///
/// Displayed as `O`, `B-LOC`, `I-LOC`…
///
/// ```
/// use arabic_gazetteer::{export::BioTag, EntityKind};
///
/// assert_eq!(BioTag::Outside.to_string(), "O");
/// assert_eq!(BioTag::Begin(EntityKind::Person).to_string(), "B-PER");
/// assert_eq!(BioTag::Inside(EntityKind::Organization).to_string(), "I-ORG");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum BioTag {
    /// Not part of an entity (`O`).
    Outside,
    /// The first token of an entity (`B-…`).
    Begin(EntityKind),
    /// A following token of an entity (`I-…`).
    Inside(EntityKind),
}

impl fmt::Display for BioTag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BioTag::Outside => f.write_str("O"),
            BioTag::Begin(k) => write!(f, "B-{k}"),
            BioTag::Inside(k) => write!(f, "I-{k}"),
        }
    }
}

/// One token of a text and its BIO tag.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BioToken<'a> {
    /// The token as written.
    pub text: &'a str,
    /// Its byte span in the text.
    pub span: Span,
    /// Its tag.
    pub tag: BioTag,
}

/// Chars that join a word: letters, digits, combining marks (harakat),
/// and the invisible format chars the normalizer deletes.
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
        || unicode_normalization::char::is_combining_mark(c)
        || is_format(c)
}

fn is_format(c: char) -> bool {
    matches!(c,
        '\u{200B}'..='\u{200F}'
        | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{2064}'
        | '\u{2066}'..='\u{2069}'
        | '\u{061C}'
        | '\u{FEFF}'
        | '\u{00AD}')
}

/// The byte spans of the tokens of `text`: runs of letters, digits and
/// marks, and each punctuation char or symbol on its own; white space
/// separates tokens and is no token. Invisible format chars (ZWNJ, bidi
/// controls…) belong to the word they touch, and are no token alone.
///
/// ```
/// use arabic_gazetteer::export::tokenize;
///
/// let text = "قال: «دِمَشْقُ، 2018»";
/// let tokens: Vec<&str> = tokenize(text).map(|s| &text[s.range()]).collect();
/// assert_eq!(tokens, ["قال", ":", "«", "دِمَشْقُ", "،", "2018", "»"]);
/// ```
pub fn tokenize(text: &str) -> impl Iterator<Item = Span> + '_ {
    let mut chars = text.char_indices().peekable();
    std::iter::from_fn(move || loop {
        let (start, c) = chars.next()?;
        if c.is_whitespace() {
            continue;
        }
        if !is_word_char(c) {
            return Some(Span::from(start..start + c.len_utf8()));
        }
        let mut end = start + c.len_utf8();
        let mut visible = !is_format(c);
        while let Some(&(i, c)) = chars.peek() {
            if !is_word_char(c) {
                break;
            }
            visible |= !is_format(c);
            end = i + c.len_utf8();
            chars.next();
        }
        if visible {
            return Some(Span::from(start..end));
        }
    })
}

/// The tokens of `text` (as [`tokenize`] splits it) with their BIO tags
/// from the matches found in it: a token that overlaps a match is part of
/// that entity, so a word with proclitics (`بدمشق`) is tagged as the name
/// it contains.
///
/// Overlapping matches are left out as the [module](self) says.
///
/// ```
/// use arabic_gazetteer::{export::{bio_tags, BioTag}, match_entities, EntityKind};
///
/// let text = "وصل فلاديمير بوتين إلى بدمشق";
/// let tags: Vec<(&str, BioTag)> = bio_tags(text, &match_entities(text))
///     .iter()
///     .map(|t| (t.text, t.tag))
///     .collect();
/// assert_eq!(tags, [
///     ("وصل", BioTag::Outside),
///     ("فلاديمير", BioTag::Begin(EntityKind::Person)),
///     ("بوتين", BioTag::Inside(EntityKind::Person)),
///     ("إلى", BioTag::Outside),
///     ("بدمشق", BioTag::Begin(EntityKind::Location)),
/// ]);
/// ```
pub fn bio_tags<'t>(
    text: &'t str,
    matches: &[EntityMatch<'_>],
) -> Vec<BioToken<'t>> {
    let matches = non_overlapping(matches);
    let mut next = matches.iter().peekable();
    // the match the previous token was part of, by its start
    let mut current: Option<usize> = None;
    tokenize(text)
        .map(|span| {
            while next.peek().is_some_and(|m| m.end() <= span.start) {
                next.next();
            }
            let tag = match next.peek() {
                Some(m) if m.start() < span.end => {
                    if current == Some(m.start()) {
                        BioTag::Inside(m.kind())
                    } else {
                        current = Some(m.start());
                        BioTag::Begin(m.kind())
                    }
                }
                _ => {
                    current = None;
                    BioTag::Outside
                }
            };
            BioToken {
                text: &text[span.range()],
                span,
                tag,
            }
        })
        .collect()
}

/// Writes the tokens of `text` one per line, each followed by a tab and
/// its BIO tag, then an empty line (nothing for a text with no token): the
/// CoNLL layout NER training tools read.
///
/// # Errors
///
/// Only the errors of writing to `out`.
///
/// # Examples
///
/// See the [module](self) documentation.
pub fn write_conll<W: Write>(
    mut out: W,
    text: &str,
    matches: &[EntityMatch<'_>],
) -> io::Result<()> {
    let tokens = bio_tags(text, matches);
    for t in &tokens {
        writeln!(out, "{}\t{}", t.text, t.tag)?;
    }
    if !tokens.is_empty() {
        out.write_all(b"\n")?;
    }
    Ok(())
}
