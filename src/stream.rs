//! Long texts in pieces: paragraphs read one at a time, and match offsets
//! into the whole text.

use std::io::{self, BufRead};

use crate::error::{Error, ErrorKind};
use crate::gazetteer::Gazetteer;
use crate::matches::{EntityMatch, Span};

/// A position in a text, counted three ways: UTF-8 bytes, chars (Unicode
/// scalar values) and UTF-16 code units.
///
/// It says where a piece of a larger text starts, so that matches found in
/// the piece can be moved to offsets into the whole text
/// ([`EntityMatch::shifted`]).
///
/// # Examples
///
/// ```
/// use arabic_gazetteer::TextOffset;
///
/// let mut at = TextOffset::of("سلام 👋\n");
/// assert_eq!(at, TextOffset { byte: 14, char: 7, utf16: 8 });
/// at.advance("ok");
/// assert_eq!((at.byte, at.char, at.utf16), (16, 9, 10));
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct TextOffset {
    /// Offset in UTF-8 bytes.
    pub byte: usize,
    /// Offset in chars (Unicode scalar values).
    pub char: usize,
    /// Offset in UTF-16 code units.
    pub utf16: usize,
}

impl TextOffset {
    /// The start of a text.
    pub const ZERO: TextOffset = TextOffset {
        byte: 0,
        char: 0,
        utf16: 0,
    };

    /// The end of `text`: its length in bytes, chars and UTF-16 units.
    pub fn of(text: &str) -> TextOffset {
        let mut at = TextOffset::ZERO;
        at.advance(text);
        at
    }

    /// Moves the offset past `text`.
    pub fn advance(&mut self, text: &str) {
        let mut chars = 0;
        let mut astral = 0;
        for b in text.bytes() {
            // a char starts at every byte that is not a continuation byte;
            // four-byte chars take two UTF-16 units
            chars += usize::from(b & 0xC0 != 0x80);
            astral += usize::from(b >= 0xF0);
        }
        self.byte += text.len();
        self.char += chars;
        self.utf16 += chars + astral;
    }
}

fn shift(span: Span, by: usize) -> Span {
    Span::from(span.start + by..span.end + by)
}

impl<'g> EntityMatch<'g> {
    /// The same match with every offset (bytes, chars and UTF-16 units,
    /// name and token start) moved forward by `by`: for a match found in a
    /// piece of a larger text that starts at `by`, the offsets into the
    /// larger text.
    ///
    /// # Examples
    ///
    /// ```
    /// use arabic_gazetteer::{match_entities, TextOffset};
    ///
    /// let (first, second) = ("قصف في حلب.\n\n", "وصل لافروف إلى جنيف");
    /// let whole = format!("{first}{second}");
    /// let m = match_entities(second)[1].shifted(TextOffset::of(first));
    /// assert_eq!(&whole[m.range()], "جنيف");
    /// assert_eq!(m, match_entities(&whole)[2]);
    /// ```
    pub fn shifted(&self, by: TextOffset) -> EntityMatch<'g> {
        EntityMatch {
            span: shift(self.span, by.byte),
            token_start: self.token_start + by.byte,
            chars: shift(self.chars, by.char),
            char_token_start: self.char_token_start + by.char,
            utf16: shift(self.utf16, by.utf16),
            utf16_token_start: self.utf16_token_start + by.utf16,
            candidates: self.candidates,
        }
    }
}

impl Gazetteer {
    /// Finds the entity mentions in `text`, a piece of a larger text that
    /// starts at `at`; the matches' offsets are into the larger text.
    ///
    /// This is [`match_entities`](Gazetteer::match_entities) followed by
    /// [`EntityMatch::shifted`]. The piece is searched on its own: a name
    /// is found only if it lies entirely inside it, and the edges of the
    /// piece count as word boundaries, so cut a text at white space (as
    /// [`Paragraphs`] does).
    pub fn match_entities_at(
        &self,
        text: &str,
        at: TextOffset,
    ) -> Vec<EntityMatch<'_>> {
        let mut found = self.match_entities(text);
        for m in &mut found {
            *m = m.shifted(at);
        }
        found
    }
}

/// One paragraph of a text read by [`Paragraphs`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Paragraph {
    /// The paragraph as read, with its line breaks and the blank lines that
    /// follow it, so that the paragraphs of a text, put end to end, are the
    /// text.
    pub text: String,
    /// Where the paragraph starts in the whole text.
    pub offset: TextOffset,
    /// The 1-based line of the whole text the paragraph starts on.
    pub line: usize,
}

/// Paragraphs are at most this long by default: 1 MiB.
pub const DEFAULT_MAX_PARAGRAPH: usize = 1 << 20;

/// Reads a plain text paragraph by paragraph, in bounded memory.
///
/// A paragraph ends at a blank line (a line of ASCII white space only);
/// the blank lines belong to the paragraph before them. A paragraph longer
/// than the [maximum](Paragraphs::max_len) is cut at its last line break,
/// or failing that at its last space or tab, or failing that between two
/// chars. Each [`Paragraph`] knows its offset in the whole text, so
/// matches found in it can be given whole-text offsets with
/// [`Gazetteer::match_entities_at`]; they are the matches of the whole
/// text except for a name that would run across a cut (a name split
/// between two paragraphs is not found).
///
/// Memory use is one paragraph, whatever the size of the text.
///
/// # Errors
///
/// The iterator yields an [`Error`] naming the line (and the
/// [name](Paragraphs::with_name) of the text, if given) and then stops,
/// when reading fails or the text is not UTF-8. The paragraphs before the
/// bad line have been yielded.
///
/// # Examples
///
/// ```
/// use arabic_gazetteer::{Gazetteer, Paragraphs};
///
/// let text = "قصف على حلب.\nوفي إدلب\n\nاجتمع بوتين وأردوغان.\n";
/// let mut found = Vec::new();
/// for p in Paragraphs::new(text.as_bytes()) {
///     let p = p?;
///     for m in Gazetteer::builtin().match_entities_at(&p.text, p.offset) {
///         found.push((p.line, m.entity().id(), &text[m.range()]));
///     }
/// }
/// assert_eq!(found, [
///     (1, "aleppo", "حلب"),
///     (1, "idlib", "إدلب"),
///     (4, "vladimir-putin", "بوتين"),
///     (4, "recep-tayyip-erdogan", "أردوغان"),
/// ]);
/// # Ok::<(), arabic_gazetteer::Error>(())
/// ```
#[derive(Debug)]
pub struct Paragraphs<R> {
    reader: R,
    name: Option<String>,
    max_len: usize,
    /// Bytes read but not yet yielded: the start of the next paragraph.
    carry: Vec<u8>,
    /// Where `carry` starts.
    offset: TextOffset,
    line: usize,
    done: bool,
}

/// How a bounded line read ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Read {
    /// At a line feed, which was read.
    Line,
    /// At the length limit, inside a line.
    Limit,
    /// At the end of the input.
    Eof,
}

/// Appends one line to `out`, stopping at `limit` bytes in all.
fn read_line<R: BufRead>(
    r: &mut R,
    out: &mut Vec<u8>,
    limit: usize,
) -> io::Result<Read> {
    loop {
        if out.len() >= limit {
            return Ok(Read::Limit);
        }
        let avail = match r.fill_buf() {
            Ok(b) => b,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if avail.is_empty() {
            return Ok(Read::Eof);
        }
        let room = avail.len().min(limit - out.len());
        if let Some(i) = avail[..room].iter().position(|&b| b == b'\n') {
            out.extend_from_slice(&avail[..=i]);
            r.consume(i + 1);
            return Ok(Read::Line);
        }
        out.extend_from_slice(&avail[..room]);
        r.consume(room);
    }
}

/// Where to cut a paragraph that reached the length limit: after its last
/// line feed, else after its last space or tab, else after its last whole
/// char.
fn cut_point(chunk: &[u8]) -> usize {
    if let Some(i) = chunk.iter().rposition(|&b| b == b'\n') {
        return i + 1;
    }
    if let Some(i) = chunk.iter().rposition(|&b| b == b' ' || b == b'\t') {
        return i + 1;
    }
    // the start of the last char, which may be incomplete
    let mut at = chunk.len().saturating_sub(1);
    while at > 0 && chunk[at] & 0xC0 == 0x80 {
        at -= 1;
    }
    let len = match chunk.get(at) {
        Some(b) if *b >= 0xF0 => 4,
        Some(b) if *b >= 0xE0 => 3,
        Some(b) if *b >= 0xC0 => 2,
        _ => 1,
    };
    if at + len == chunk.len() {
        chunk.len()
    } else {
        at
    }
}

fn newlines(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| b == b'\n').count()
}

impl<R: BufRead> Paragraphs<R> {
    /// Paragraphs of the text `reader` reads.
    pub fn new(reader: R) -> Paragraphs<R> {
        Paragraphs {
            reader,
            name: None,
            max_len: DEFAULT_MAX_PARAGRAPH,
            carry: Vec::new(),
            offset: TextOffset::ZERO,
            line: 1,
            done: false,
        }
    }

    /// Names the text (a file name) in errors.
    pub fn with_name(mut self, name: impl Into<String>) -> Paragraphs<R> {
        self.name = Some(name.into());
        self
    }

    /// Sets the maximum paragraph length in bytes (at least 64; default
    /// [`DEFAULT_MAX_PARAGRAPH`]).
    ///
    /// ```
    /// use arabic_gazetteer::Paragraphs;
    ///
    /// // no blank line, but more than 64 bytes: cut at a line break, then
    /// // at a space
    /// let text = "سطر أول\nسطر ثان طويل جدا جدا جدا جدا جدا جدا جدا جدا\n";
    /// let parts: Vec<String> = Paragraphs::new(text.as_bytes())
    ///     .max_len(64)
    ///     .map(|p| p.unwrap().text)
    ///     .collect();
    /// assert_eq!(parts, [
    ///     "سطر أول\n",
    ///     "سطر ثان طويل جدا جدا جدا جدا جدا ",
    ///     "جدا جدا جدا\n",
    /// ]);
    /// ```
    pub fn max_len(mut self, bytes: usize) -> Paragraphs<R> {
        self.max_len = bytes.max(64);
        self
    }

    fn error(&self, kind: ErrorKind, line: usize) -> Error {
        Error::at(kind, self.name.as_deref(), Some(line))
    }

    fn read_paragraph(&mut self) -> Result<Option<Paragraph>, Error> {
        let mut chunk = std::mem::take(&mut self.carry);
        let mut blank_seen = false;
        loop {
            let line_start = chunk.len();
            let read = read_line(&mut self.reader, &mut chunk, self.max_len)
                .map_err(|e| {
                let line = self.line + newlines(&chunk);
                self.error(ErrorKind::Io(e), line)
            })?;
            let line = &chunk[line_start..];
            if read == Read::Eof && line.is_empty() {
                break;
            }
            if line.iter().all(u8::is_ascii_whitespace) {
                blank_seen = true;
            } else if blank_seen {
                // the first line of the next paragraph
                self.carry = chunk.split_off(line_start);
                break;
            }
            if read == Read::Eof {
                break;
            }
            if chunk.len() >= self.max_len {
                self.carry = chunk.split_off(cut_point(&chunk));
                break;
            }
        }
        if chunk.is_empty() {
            return Ok(None);
        }
        let text = String::from_utf8(chunk).map_err(|e| {
            let bad = e.utf8_error().valid_up_to();
            let line = self.line + newlines(&e.as_bytes()[..bad]);
            self.error(ErrorKind::InvalidUtf8, line)
        })?;
        let p = Paragraph {
            offset: self.offset,
            line: self.line,
            text,
        };
        self.offset.advance(&p.text);
        self.line += newlines(p.text.as_bytes());
        Ok(Some(p))
    }
}

impl<R: BufRead> Iterator for Paragraphs<R> {
    type Item = Result<Paragraph, Error>;

    fn next(&mut self) -> Option<Result<Paragraph, Error>> {
        if self.done {
            return None;
        }
        match self.read_paragraph() {
            Ok(Some(p)) => Some(Ok(p)),
            Ok(None) => {
                self.done = true;
                None
            }
            Err(e) => {
                self.done = true;
                Some(Err(e))
            }
        }
    }
}
