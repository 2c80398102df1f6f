//! The Arabic normalizer shared by gazetteer names and searched text.
//!
//! One walk over the original text decides, for every char, whether it is
//! deleted, folded to another char, expanded (presentation forms go through
//! NFKC) or collapsed into a single space. Two consumers sit on top of it:
//!
//! * [`normalize`] writes the result as a readable `String`;
//! * the matcher writes it in a compact byte alphabet (one byte per Arabic
//!   letter, see [`Code`]) and keeps sparse checkpoints so that offsets into
//!   the original text can be recovered for matches only.

use std::ops::ControlFlow;

use unicode_normalization::UnicodeNormalization;

/// Which folding rules the normalizer applies.
///
/// The default profile is the one described in the crate documentation.
/// Deletions (diacritics, tatweel, invisible format characters) and
/// white-space collapsing are always applied; the folds below can be turned
/// off one by one.
///
/// # Examples
///
/// ```
/// use arabic_gazetteer::{normalize_with, NormalizeOptions};
///
/// let keep_teh = NormalizeOptions::new().fold_teh_marbuta(false);
/// assert_eq!(normalize_with("سورية", &keep_teh), "سورية");
/// assert_eq!(normalize_with("سورية", &NormalizeOptions::new()), "سوريه");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct NormalizeOptions {
    alef: bool,
    teh_marbuta: bool,
    alef_maksura: bool,
    hamza_carriers: bool,
    persian: bool,
    digits: bool,
    ascii_lowercase: bool,
}

impl Default for NormalizeOptions {
    fn default() -> NormalizeOptions {
        NormalizeOptions::new()
    }
}

impl NormalizeOptions {
    /// The default profile: every fold on, except hamza carriers.
    pub const fn new() -> NormalizeOptions {
        NormalizeOptions {
            alef: true,
            teh_marbuta: true,
            alef_maksura: true,
            hamza_carriers: false,
            persian: true,
            digits: true,
            ascii_lowercase: true,
        }
    }

    /// Fold `أ إ آ ٱ ٲ ٳ ٵ` to `ا` (default: on).
    pub const fn fold_alef(mut self, yes: bool) -> NormalizeOptions {
        self.alef = yes;
        self
    }

    /// Fold teh marbuta `ة` to `ه` (default: on).
    pub const fn fold_teh_marbuta(mut self, yes: bool) -> NormalizeOptions {
        self.teh_marbuta = yes;
        self
    }

    /// Fold alef maksura `ى` to `ي` (default: on).
    pub const fn fold_alef_maksura(mut self, yes: bool) -> NormalizeOptions {
        self.alef_maksura = yes;
        self
    }

    /// Fold hamza on carriers, `ؤ` to `و` and `ئ` to `ي` (default: off).
    pub const fn fold_hamza_carriers(mut self, yes: bool) -> NormalizeOptions {
        self.hamza_carriers = yes;
        self
    }

    /// Fold Persian and Urdu letters to their Arabic counterparts:
    /// `ی`→`ي`, `ک ڪ گ`→`ك`, `پ`→`ب`, `چ`→`ج`, `ژ`→`ز`, `ڤ`→`ف`, `ڨ`→`ق`,
    /// `ۀ ہ ھ ە`→`ه` (default: on).
    pub const fn fold_persian(mut self, yes: bool) -> NormalizeOptions {
        self.persian = yes;
        self
    }

    /// Fold Arabic-Indic and Persian digits to ASCII `0`–`9` (default: on).
    pub const fn fold_digits(mut self, yes: bool) -> NormalizeOptions {
        self.digits = yes;
        self
    }

    /// Lowercase ASCII letters (default: on).
    pub const fn lowercase_ascii(mut self, yes: bool) -> NormalizeOptions {
        self.ascii_lowercase = yes;
        self
    }
}

/// Normalizes `text` with the default profile and returns the result.
///
/// This is the function the gazetteer applies to its names and to the text
/// it searches; it is public so that callers can see what a name becomes.
/// White-space runs become one space; leading and trailing white space is
/// kept (as one space).
///
/// # Examples
///
/// ```
/// use arabic_gazetteer::normalize;
///
/// assert_eq!(normalize("رُوسْيَا"), "روسيا");
/// assert_eq!(normalize("أستانـــا"), "استانا");
/// assert_eq!(normalize("الأمم\n\u{a0} المتحدة"), "الامم المتحده");
/// assert_eq!(normalize("ﻻ"), "لا");
/// ```
pub fn normalize(text: &str) -> String {
    normalize_with(text, &NormalizeOptions::new())
}

/// Normalizes `text` with the given options; see [`normalize`].
pub fn normalize_with(text: &str, options: &NormalizeOptions) -> String {
    let mut out = String::with_capacity(text.len());
    let _ = walk(text, 0, false, options, |_, _, emit| {
        match emit {
            Emit::None(_) => {}
            Emit::One(c) => out.push(c),
            Emit::Many(cs) => out.extend(cs),
        }
        ControlFlow::Continue(())
    });
    out
}

/// What one original char becomes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Action {
    /// Removed; `true` when it is a mark that attaches to the letter before
    /// it (harakat, Quranic signs, tatweel), `false` for invisible format
    /// characters.
    Delete(bool),
    /// White space: collapses with its neighbours into one space.
    Space,
    /// Replaced by (or kept as) this char.
    Char(char),
    /// A presentation form: NFKC, then the rules again.
    Compat,
}

/// Is `c` one of the marks the normalizer deletes as attached to a letter?
const fn is_deleted_mark(c: char) -> bool {
    matches!(c,
        '\u{064B}'..='\u{065F}'
        | '\u{0670}'
        | '\u{0610}'..='\u{061A}'
        | '\u{06D6}'..='\u{06ED}'
        | '\u{08D3}'..='\u{08FF}'
        | '\u{0640}')
}

/// Is `c` invisible (a format control such as a BOM or a bidi mark)? Such
/// chars are not allowed in ids, where they would be silently kept.
pub(crate) fn is_invisible(c: char) -> bool {
    is_deleted_format(c) || matches!(c, '\u{2060}'..='\u{2064}')
}

/// Is `c` an invisible format character the normalizer deletes?
const fn is_deleted_format(c: char) -> bool {
    matches!(c,
        '\u{200B}'..='\u{200F}'
        | '\u{202A}'..='\u{202E}'
        | '\u{2066}'..='\u{2069}'
        | '\u{061C}'
        | '\u{FEFF}'
        | '\u{00AD}')
}

/// The default-profile rules, one `match`.
#[inline]
pub(crate) fn action(c: char, o: &NormalizeOptions) -> Action {
    use Action::*;
    match c {
        'A'..='Z' if o.ascii_lowercase => Char(c.to_ascii_lowercase()),
        '\u{0}'..='\u{7F}' => {
            if c.is_ascii_whitespace() || c == '\u{0B}' {
                Space
            } else {
                Char(c)
            }
        }
        // alef with hamza or madda, wasla, and the rarer alef forms
        'أ' | 'إ' | 'آ' | 'ٱ' | 'ٲ' | 'ٳ' | 'ٵ' if o.alef => Char('ا'),
        'ى' if o.alef_maksura => Char('ي'),
        'ة' if o.teh_marbuta => Char('ه'),
        'ؤ' if o.hamza_carriers => Char('و'),
        'ئ' if o.hamza_carriers => Char('ي'),
        'ی' if o.persian => Char('ي'),
        'ک' | 'ڪ' | 'گ' if o.persian => Char('ك'),
        'پ' if o.persian => Char('ب'),
        'چ' if o.persian => Char('ج'),
        'ژ' if o.persian => Char('ز'),
        'ڤ' if o.persian => Char('ف'),
        'ڨ' if o.persian => Char('ق'),
        'ۀ' | 'ہ' | 'ھ' | 'ە' if o.persian => Char('ه'),
        '\u{0660}'..='\u{0669}' if o.digits => {
            Char(char::from(b'0' + (c as u32 - 0x0660) as u8))
        }
        '\u{06F0}'..='\u{06F9}' if o.digits => {
            Char(char::from(b'0' + (c as u32 - 0x06F0) as u8))
        }
        _ if is_deleted_mark(c) => Delete(true),
        _ if is_deleted_format(c) => Delete(false),
        '\u{FB50}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFE}' => Compat,
        _ if c.is_whitespace() => Space,
        _ => Char(c),
    }
}

/// What the walk produces for one original char.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Emit<'a> {
    /// Nothing: a deleted char (`true`: an attached mark) or a white-space
    /// char after the first of its run (`false`).
    None(bool),
    /// One normalized char.
    One(char),
    /// Several normalized chars (a decomposed presentation form).
    Many(&'a [char]),
}

/// What one original char becomes, given the white-space state before it;
/// updates the state. `buf` holds the chars of an expanded form.
#[inline]
fn step<'b>(
    c: char,
    o: &NormalizeOptions,
    in_space: &mut bool,
    buf: &'b mut Vec<char>,
) -> Emit<'b> {
    match action(c, o) {
        Action::Char(n) => {
            *in_space = false;
            Emit::One(n)
        }
        Action::Delete(mark) => Emit::None(mark),
        Action::Space => {
            if *in_space {
                Emit::None(false)
            } else {
                *in_space = true;
                Emit::One(' ')
            }
        }
        Action::Compat => {
            compat(c, o, buf, in_space);
            match buf.len() {
                0 => Emit::None(true),
                1 => Emit::One(buf[0]),
                _ => Emit::Many(buf),
            }
        }
    }
}

/// Walks `text` from byte `from` (a char boundary) and calls `f` with the
/// byte offset of each original char, the white-space state before it, and
/// what it becomes. `in_space` is true when the char before `from` produced
/// a space (so white space at `from` is collapsed into it).
///
/// This is the reference implementation of the rules; [`Encoded::new`] is
/// the table-driven fast path, and the tests check that they agree.
pub(crate) fn walk<F>(
    text: &str,
    from: usize,
    mut in_space: bool,
    o: &NormalizeOptions,
    mut f: F,
) -> ControlFlow<()>
where
    F: FnMut(usize, bool, Emit<'_>) -> ControlFlow<()>,
{
    let mut buf: Vec<char> = Vec::new();
    for (i, c) in text[from..].char_indices() {
        let before = in_space;
        let emit = step(c, o, &mut in_space, &mut buf);
        f(from + i, before, emit)?;
    }
    ControlFlow::Continue(())
}

/// NFKC of one presentation-form char, then the rules, into `buf`.
///
/// A form whose NFKC is only white space and deleted marks (the spacing
/// harakat forms such as U+FE70) is deleted as a whole: it is a diacritic,
/// not a word break.
fn compat(
    c: char,
    o: &NormalizeOptions,
    buf: &mut Vec<char>,
    in_space: &mut bool,
) {
    buf.clear();
    let decomposed: Vec<char> = std::iter::once(c).nfkc().collect();
    let only_marks = decomposed
        .iter()
        .all(|&d| d == ' ' || matches!(action(d, o), Action::Delete(_)));
    if only_marks {
        return;
    }
    for d in decomposed {
        match action(d, o) {
            Action::Char(n) => {
                *in_space = false;
                buf.push(n);
            }
            Action::Space => {
                if !*in_space {
                    *in_space = true;
                    buf.push(' ');
                }
            }
            Action::Delete(_) => {}
            // NFKC output has no presentation forms; keep it as it is.
            Action::Compat => {
                *in_space = false;
                buf.push(d);
            }
        }
    }
}

/// The compact alphabet the automaton runs on.
///
/// Every normalized char is one *code*:
///
/// * ASCII: the byte itself (white space is always `b' '`);
/// * Arabic letters U+0621–U+064A: one byte, `0x80 + (c - 0x0621)`,
///   i.e. `0x80..=0xA9`;
/// * the punctuation of [`Code::PUNCT`], frequent in news: one byte,
///   `0xAA..=0xAF` and `0xB2..=0xBB`;
/// * anything else: five bytes, a lead byte ([`Code::ESC_WORD`] for letters,
///   digits and combining marks, [`Code::ESC_OTHER`] otherwise) and four
///   continuation bytes `0xC0..=0xFF` carrying six bits each of the scalar
///   value.
///
/// Lead and single bytes are below `0xC0` and continuation bytes are not,
/// so a pattern (which starts with a lead or single byte) can only match at
/// a code boundary.
pub(crate) struct Code;

impl Code {
    pub(crate) const ESC_WORD: u8 = 0xB0;
    pub(crate) const ESC_OTHER: u8 = 0xB1;
    pub(crate) const ESC_LEN: usize = 5;

    /// Non-word chars with one-byte codes: Arabic and typographic
    /// punctuation.
    pub(crate) const PUNCT: [char; 16] = [
        '،', '؛', '؟', '«', '»', '“', '”', '–', '—', '•', '‘', '’', '…', '٪',
        '٫', '٬',
    ];

    /// The one-byte code of `c` if it is in [`Code::PUNCT`].
    #[inline]
    pub(crate) fn punct(c: char) -> Option<u8> {
        let i = Code::PUNCT.iter().position(|&p| p == c)? as u8;
        Some(if i < 6 { 0xAA + i } else { 0xB2 + i - 6 })
    }

    /// The one-byte code of an Arabic letter.
    pub(crate) const fn arabic(c: char) -> u8 {
        (0x80 + (c as u32 - 0x0621)) as u8
    }

    pub(crate) const ALEF: u8 = Code::arabic('ا');
    pub(crate) const LAM: u8 = Code::arabic('ل');
    pub(crate) const WAW: u8 = Code::arabic('و');
    pub(crate) const FEH: u8 = Code::arabic('ف');
    pub(crate) const BEH: u8 = Code::arabic('ب');
    pub(crate) const KAF: u8 = Code::arabic('ك');

    /// Appends the code of `c`.
    #[inline]
    pub(crate) fn push(out: &mut Vec<u8>, c: char) {
        let v = c as u32;
        if v < 0x80 {
            out.push(v as u8);
        } else if (0x0621..=0x064A).contains(&v) {
            out.push((0x80 + (v - 0x0621)) as u8);
        } else if let Some(b) = Code::punct(c) {
            out.push(b);
        } else {
            Code::push_escape(out, c, is_word_char(c));
        }
    }

    /// Appends the escape of `c`, a char outside the one-byte codes.
    #[inline]
    pub(crate) fn push_escape(out: &mut Vec<u8>, c: char, word: bool) {
        let v = c as u32;
        let lead = if word {
            Code::ESC_WORD
        } else {
            Code::ESC_OTHER
        };
        out.extend_from_slice(&[
            lead,
            0xC0 | ((v >> 18) & 0x3F) as u8,
            0xC0 | ((v >> 12) & 0x3F) as u8,
            0xC0 | ((v >> 6) & 0x3F) as u8,
            0xC0 | (v & 0x3F) as u8,
        ]);
    }

    /// The number of bytes the code of `c` takes.
    #[inline]
    pub(crate) fn len(c: char) -> usize {
        let v = c as u32;
        if v < 0x80
            || (0x0621..=0x064A).contains(&v)
            || Code::punct(c).is_some()
        {
            1
        } else {
            Code::ESC_LEN
        }
    }

    /// Is the single byte `b` (not part of an escape) a word char?
    #[inline]
    pub(crate) const fn is_word_byte(b: u8) -> bool {
        b.is_ascii_alphanumeric() || (b >= 0x80 && b <= 0xA9)
    }

    /// Does the code that ends just before `at` belong to a word?
    /// `false` at the start of the text.
    #[inline]
    pub(crate) fn word_before(codes: &[u8], at: usize) -> bool {
        if at == 0 {
            return false;
        }
        let b = codes[at - 1];
        if b >= 0xC0 {
            codes[at - Code::ESC_LEN] == Code::ESC_WORD
        } else {
            Code::is_word_byte(b)
        }
    }

    /// Does the code that starts at `at` belong to a word? `false` at the
    /// end of the text.
    #[inline]
    pub(crate) fn word_at(codes: &[u8], at: usize) -> bool {
        match codes.get(at) {
            None => false,
            Some(&Code::ESC_WORD) => true,
            Some(&b) => Code::is_word_byte(b),
        }
    }

    /// The single-byte code just before `at`, if there is one.
    #[inline]
    pub(crate) fn byte_before(codes: &[u8], at: usize) -> Option<u8> {
        match at.checked_sub(1).map(|i| codes[i]) {
            Some(b) if b < 0xC0 => Some(b),
            _ => None,
        }
    }
}

/// Letters, digits and combining marks make words.
pub(crate) fn is_word_char(c: char) -> bool {
    let v = c as usize;
    match WORD_BMP.get(v / 64) {
        Some(bits) => bits >> (v % 64) & 1 == 1,
        None => is_word_char_slow(c),
    }
}

fn is_word_char_slow(c: char) -> bool {
    c.is_alphanumeric() || unicode_normalization::char::is_combining_mark(c)
}

/// [`is_word_char`] for the Basic Multilingual Plane, one bit per char:
/// the Unicode property lookups are slow, and punctuation such as « » “ ”
/// is frequent in news.
static WORD_BMP: once_cell::sync::Lazy<Vec<u64>> =
    once_cell::sync::Lazy::new(|| {
        let mut bits = vec![0u64; 0x1_0000 / 64];
        for v in 0..0x1_0000u32 {
            if char::from_u32(v).is_some_and(is_word_char_slow) {
                bits[v as usize / 64] |= 1 << (v % 64);
            }
        }
        bits
    });

/// Lookup tables for the fast path, derived from [`action`] for one set of
/// options: every ASCII char and every char of U+0600–U+06FF becomes a
/// code, a deletion, white space, or a trip to the slow path.
#[derive(Clone, Debug)]
pub(crate) struct Tables {
    options: NormalizeOptions,
    ascii: [u8; 128],
    /// U+0600–U+06FF.
    arabic: [u8; 256],
    /// U+0080–U+07FF (U+0600–U+06FF unused) and U+2000–U+206F: Latin-1
    /// punctuation, NBSP, quotes, dashes and invisible controls, frequent
    /// in news text.
    other: Vec<u8>,
}

/// Table ops that are not codes (codes are below `0xC0`).
const OP_MARK: u8 = 0xF0;
const OP_FORMAT: u8 = 0xF1;
const OP_SPACE: u8 = 0xF2;
const OP_SLOW: u8 = 0xF3;
/// The char is kept as itself, an escape of a word (letter) char.
const OP_ESC_WORD: u8 = 0xF4;
/// The char is kept as itself, an escape of a non-word char.
const OP_ESC_OTHER: u8 = 0xF5;

const OTHER_PUNCT: usize = 0x800 - 0x80;

impl Tables {
    pub(crate) fn new(options: &NormalizeOptions) -> Tables {
        let op = |c: char| match action(c, options) {
            Action::Char(n) if Code::len(n) == 1 => {
                let mut b = Vec::with_capacity(1);
                Code::push(&mut b, n);
                b[0]
            }
            Action::Delete(true) => OP_MARK,
            Action::Delete(false) => OP_FORMAT,
            Action::Space => OP_SPACE,
            _ => OP_SLOW,
        };
        let mut ascii = [0u8; 128];
        for (b, slot) in ascii.iter_mut().enumerate() {
            *slot = op(char::from(b as u8));
        }
        let mut arabic = [0u8; 256];
        for (i, slot) in arabic.iter_mut().enumerate() {
            *slot = op(char::from_u32(0x0600 + i as u32).unwrap_or(' '));
        }
        let kept = |c: char| match action(c, options) {
            Action::Char(n) if Code::len(n) == 1 => op(c),
            Action::Char(n) if n == c => {
                if is_word_char(c) {
                    OP_ESC_WORD
                } else {
                    OP_ESC_OTHER
                }
            }
            Action::Char(_) | Action::Compat => OP_SLOW,
            _ => op(c),
        };
        let other = (0x80..0x800)
            .chain(0x2000..0x2070)
            .map(|v| char::from_u32(v).map_or(OP_SLOW, kept))
            .collect();
        Tables {
            options: *options,
            ascii,
            arabic,
            other,
        }
    }

    /// The op of the ASCII byte `b`.
    #[inline]
    fn op_ascii(&self, b: u8) -> u8 {
        self.ascii[usize::from(b & 0x7F)]
    }

    /// The op of `c` if a table has it, else `OP_SLOW`.
    #[inline]
    fn op(&self, c: char) -> u8 {
        let v = c as usize;
        match v {
            0..=0x7F => self.ascii[v],
            0x600..=0x6FF => self.arabic[v - 0x600],
            0x80..=0x7FF => self.other[v - 0x80],
            0x2000..=0x206F => self.other[OTHER_PUNCT + v - 0x2000],
            _ => OP_SLOW,
        }
    }

    pub(crate) fn options(&self) -> &NormalizeOptions {
        &self.options
    }

    /// Heap bytes, besides the struct itself.
    pub(crate) fn memory_usage(&self) -> usize {
        self.other.capacity()
    }
}

/// Receives the codes of a text as the encoder writes them, in order: a
/// search steps its automaton in the same pass.
pub(crate) trait Sink {
    /// The code `c` was written at code offset `at`.
    fn code(&mut self, c: u8, at: usize);
}

impl Sink for () {
    #[inline(always)]
    fn code(&mut self, _: u8, _: usize) {}
}

/// A place from which the walk can be restarted.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Checkpoint {
    /// Code offset in the encoded text.
    pub(crate) code: usize,
    /// The original offset there (a char boundary), in bytes, chars and
    /// UTF-16 code units.
    pub(crate) byte: usize,
    pub(crate) chars: usize,
    pub(crate) utf16: usize,
    /// Whether white space at `byte` is collapsed into a space before it.
    pub(crate) in_space: bool,
}

/// Code bytes between two checkpoints (at least).
const CHECKPOINT_EVERY: usize = 64;

/// Original bytes between two checkpoints (at most, for long runs of
/// deleted marks, which produce no codes).
const CHECKPOINT_BYTES: usize = 1024;

/// The state of an encoding pass, outside its hot loop.
struct Encoder {
    out: Vec<u8>,
    checkpoints: Vec<Checkpoint>,
    last: Checkpoint,
    /// The code offset at which the next checkpoint is due.
    next: usize,
    /// Astral chars (two UTF-16 units) so far; they all take the slow path.
    astral: usize,
    buf: Vec<char>,
    slow: Vec<u8>,
}

impl Encoder {
    /// Grows `out` or records a checkpoint at byte `i`, code `o`, char
    /// `chars`.
    #[cold]
    #[inline(never)]
    fn room_or_checkpoint(&mut self, i: usize, o: usize, chars: usize) {
        if o >= self.out.len() - 1 {
            let grow = self.out.len() / 4 + 16;
            self.out.resize(self.out.len() + grow, 0);
        }
        let bytes_due =
            self.next != usize::MAX && i >= self.last.byte + CHECKPOINT_BYTES;
        if o >= self.next || bytes_due {
            self.last = Checkpoint {
                code: o,
                byte: i,
                chars,
                utf16: chars + self.astral,
                // the white-space state is "the last code is a space"
                in_space: o > 0 && self.out[o - 1] == b' ',
            };
            self.checkpoints.push(self.last);
            self.next = o + CHECKPOINT_EVERY;
        }
    }

    /// Encodes the char at byte `i` the slow way; returns the next byte.
    #[inline(never)]
    fn slow_char(
        &mut self,
        text: &str,
        t: &Tables,
        i: usize,
        o: &mut usize,
        sink: &mut impl Sink,
    ) -> usize {
        let c = text[i..].chars().next().unwrap_or(' ');
        self.astral += c.len_utf16() - 1;
        let mut in_space = *o > 0 && self.out[*o - 1] == b' ';
        self.slow.clear();
        let op = t.op(c);
        if op == OP_ESC_WORD || op == OP_ESC_OTHER {
            Code::push_escape(&mut self.slow, c, op == OP_ESC_WORD);
        } else if op == OP_SPACE {
            if !in_space {
                self.slow.push(b' ');
            }
        } else if op < OP_MARK {
            self.slow.push(op);
        } else if op == OP_SLOW {
            match step(c, &t.options, &mut in_space, &mut self.buf) {
                Emit::None(_) => {}
                Emit::One(c) => Code::push(&mut self.slow, c),
                Emit::Many(cs) => {
                    for &c in cs {
                        Code::push(&mut self.slow, c);
                    }
                }
            }
        }
        let need = *o + self.slow.len() + 1;
        if self.out.len() < need {
            let grow = self.out.len() / 4;
            self.out.resize(need.max(self.out.len() + grow), 0);
        }
        self.out[*o..*o + self.slow.len()].copy_from_slice(&self.slow);
        for &code in &self.slow {
            sink.code(code, *o);
            *o += 1;
        }
        i + c.len_utf8()
    }
}

/// A text in the compact alphabet, with checkpoints back to the original.
pub(crate) struct Encoded {
    pub(crate) codes: Vec<u8>,
    pub(crate) checkpoints: Vec<Checkpoint>,
}

impl Encoded {
    /// Encodes `text`.
    #[cfg(test)]
    pub(crate) fn new(text: &str, t: &Tables) -> Encoded {
        Encoded::encode::<true>(text, t, &mut ())
    }

    /// Encodes `text`, giving each code to `sink` as it is written.
    pub(crate) fn new_with(
        text: &str,
        t: &Tables,
        sink: &mut impl Sink,
    ) -> Encoded {
        Encoded::encode::<true>(text, t, sink)
    }

    /// Encodes `text` without checkpoints (for names).
    pub(crate) fn codes(text: &str, t: &Tables) -> Vec<u8> {
        Encoded::encode::<false>(text, t, &mut ()).codes
    }

    #[inline]
    fn encode<const CHECKPOINTS: bool>(
        text: &str,
        t: &Tables,
        sink: &mut impl Sink,
    ) -> Encoded {
        let bytes = text.as_bytes();
        let n = bytes.len();
        let mut e = Encoder {
            // one code per char, except escapes and expansions: `out`
            // rarely grows
            out: vec![0u8; text.chars().count() + 1],
            checkpoints: Vec::with_capacity(if CHECKPOINTS {
                n / (2 * CHECKPOINT_EVERY) + 1
            } else {
                0
            }),
            last: Checkpoint {
                code: 0,
                byte: 0,
                chars: 0,
                utf16: 0,
                in_space: false,
            },
            next: if CHECKPOINTS {
                CHECKPOINT_EVERY
            } else {
                usize::MAX
            },
            astral: 0,
            buf: Vec::new(),
            slow: Vec::new(),
        };
        if CHECKPOINTS {
            e.checkpoints.push(e.last);
        }
        let (ascii, arabic) = (&t.ascii, &t.arabic);
        let mut o = 0;
        let mut i = 0;
        // chars before byte `i`
        let mut chars = 0;
        while i < n {
            // The hot loop: ASCII and U+0600–U+06FF through one table, one
            // char per turn and no branch that depends on the text except
            // for rare chars, until a checkpoint is due, `out` is full, or
            // a char needs the slow path. It stops one byte short of the
            // end so that a char's second byte can always be read.
            let limit = e.next.min(e.out.len() - 1);
            let stop = if CHECKPOINTS {
                (n - 1).min(e.last.byte + CHECKPOINT_BYTES)
            } else {
                n - 1
            };
            let out = &mut e.out[..];
            while i < stop && o < limit {
                let b = bytes[i];
                if b & 0xFC == 0xD8 {
                    let low = ((b & 0x03) << 6) | (bytes[i + 1] & 0x3F);
                    let op = arabic[usize::from(low)];
                    if op < OP_MARK {
                        out[o] = op;
                        o += 1;
                        sink.code(op, o - 1);
                    } else if op != OP_MARK && op != OP_FORMAT {
                        break;
                    }
                    i += 2;
                } else if b == 0xC2 || (b == 0xE2 && bytes[i + 1] == 0x80) {
                    // U+0080–U+00BF, U+2000–U+203F: quotes, dashes, and
                    // format controls
                    let len = if b == 0xC2 { 2 } else { 3 };
                    if i + len > n {
                        break;
                    }
                    let low = usize::from(bytes[i + len - 1] & 0x3F);
                    let op = if b == 0xC2 {
                        t.other[low]
                    } else {
                        t.other[OTHER_PUNCT + low]
                    };
                    if op < OP_MARK {
                        out[o] = op;
                        o += 1;
                        sink.code(op, o - 1);
                    } else if op != OP_MARK && op != OP_FORMAT {
                        break;
                    }
                    i += len;
                } else if b < 0x80 {
                    let op = ascii[usize::from(b)];
                    if op == OP_SPACE {
                        // white space after white space is dropped
                        if o == 0 || out[o - 1] != b' ' {
                            out[o] = b' ';
                            o += 1;
                            sink.code(b' ', o - 1);
                        }
                    } else if op < OP_MARK {
                        out[o] = op;
                        o += 1;
                        sink.code(op, o - 1);
                    } else {
                        break;
                    }
                    i += 1;
                } else {
                    break;
                }
                chars += 1;
            }
            if i >= n {
                break;
            }
            if o >= limit || (i >= stop && i + 1 < n) {
                e.room_or_checkpoint(i, o, chars);
                continue;
            }
            i = e.slow_char(text, t, i, &mut o, sink);
            chars += 1;
        }
        e.out.truncate(o);
        Encoded {
            codes: e.out,
            checkpoints: e.checkpoints,
        }
    }

    /// Maps code offsets back to original offsets.
    ///
    /// `token` ≤ `start` < `end` are code offsets of one match. Returns the
    /// original positions of the char that produced the code at `token`, of
    /// the char that produced the code at `start`, and the position just
    /// after the char that produced the code at `end - 1`, extended over the
    /// deleted marks (harakat, tatweel) that follow it.
    #[cfg(test)]
    pub(crate) fn map(
        &self,
        text: &str,
        t: &Tables,
        token: usize,
        start: usize,
        end: usize,
    ) -> (Pos, Pos, Pos) {
        self.map_from(text, t, token, start, end, &mut MapCursor::default())
    }

    /// [`Encoded::map`], from where the previous call left `cursor`: the
    /// search for a checkpoint starts at the previous one, and the walk at
    /// the previous match's end when that is nearer. Matches mapped in
    /// text order make one forward pass over the checkpoints and, where
    /// they are close together, over the text.
    pub(crate) fn map_from(
        &self,
        text: &str,
        t: &Tables,
        token: usize,
        start: usize,
        end: usize,
        cursor: &mut MapCursor,
    ) -> (Pos, Pos, Pos) {
        debug_assert!(token <= start && start < end);
        let cps = &self.checkpoints;
        let mut i = cursor.checkpoint;
        if i >= cps.len() || cps[i].code > token {
            i = cps.partition_point(|c| c.code <= token) - 1;
        }
        while i + 1 < cps.len() && cps[i + 1].code <= token {
            i += 1;
        }
        cursor.checkpoint = i;
        let cp = cps[i];
        let (mut at, mut pos, mut in_space) = match cursor.after {
            Some((code, pos, in_space))
                if cp.code <= code && code <= token =>
            {
                (code, pos, in_space)
            }
            _ => (
                cp.code,
                Pos {
                    byte: cp.byte,
                    chars: cp.chars,
                    utf16: cp.utf16,
                },
                cp.in_space,
            ),
        };
        let (mut tok, mut st) = (None, None);
        let mut en: Option<Pos> = None;
        let mut buf = Vec::new();
        let bytes = text.as_bytes();
        let n = bytes.len();
        // the fast part: skip the ASCII and U+0600–U+06FF chars whose codes
        // all come before `token`
        while pos.byte + 1 < n {
            let b = bytes[pos.byte];
            let (op, len) = if b & 0xFC == 0xD8 {
                let low = ((b & 0x03) << 6) | (bytes[pos.byte + 1] & 0x3F);
                (t.arabic[usize::from(low)], 2)
            } else if b < 0x80 {
                (t.ascii[usize::from(b)], 1)
            } else {
                break;
            };
            let codes = if op == OP_SPACE {
                usize::from(!in_space)
            } else if op < OP_MARK {
                1
            } else if op == OP_MARK || op == OP_FORMAT {
                0
            } else {
                break;
            };
            if at + codes > token {
                break;
            }
            if op == OP_SPACE || op < OP_MARK {
                in_space = op == OP_SPACE;
            }
            at += codes;
            pos.byte += len;
            pos.chars += 1;
            pos.utf16 += 1;
        }
        while pos.byte < n {
            let here = pos;
            let b = bytes[pos.byte];
            // the op of the char at `pos`, and its length in bytes
            let (op, c) = if b < 0x80 {
                (t.op_ascii(b), None)
            } else if b & 0xFC == 0xD8 && pos.byte + 1 < n {
                let low = ((b & 0x03) << 6) | (bytes[pos.byte + 1] & 0x3F);
                (t.arabic[low as usize], None)
            } else {
                let c = text[pos.byte..].chars().next().unwrap_or(' ');
                (t.op(c), Some(c))
            };
            let (op, c) = match (op, c) {
                (OP_SLOW, None) => {
                    let c = text[pos.byte..].chars().next().unwrap_or(' ');
                    (OP_SLOW, Some(c))
                }
                other => other,
            };
            match c {
                Some(c) => {
                    pos.byte += c.len_utf8();
                    pos.utf16 += c.len_utf16();
                }
                None => {
                    pos.byte += if b < 0x80 { 1 } else { 2 };
                    pos.utf16 += 1;
                }
            }
            pos.chars += 1;
            // the number of codes the char becomes, or `Err(mark)` if
            // deleted
            let len = match op {
                OP_MARK => Err(true),
                OP_FORMAT => Err(false),
                OP_SPACE if in_space => Err(false),
                OP_SPACE => {
                    in_space = true;
                    Ok(1)
                }
                OP_ESC_WORD | OP_ESC_OTHER => {
                    in_space = false;
                    Ok(Code::ESC_LEN)
                }
                OP_SLOW => {
                    let c = c.unwrap_or(' ');
                    match step(c, &t.options, &mut in_space, &mut buf) {
                        Emit::None(mark) => Err(mark),
                        Emit::One(c) => Ok(Code::len(c)),
                        Emit::Many(cs) => {
                            Ok(cs.iter().map(|&c| Code::len(c)).sum())
                        }
                    }
                }
                _ => {
                    in_space = false;
                    Ok(1)
                }
            };
            let len = match (len, en.as_mut()) {
                // an attached mark after the last letter: cover it
                (Err(true), Some(e)) => {
                    *e = pos;
                    if let Some(after) = cursor.after.as_mut() {
                        after.1 = pos;
                    }
                    continue;
                }
                (_, Some(_)) => break,
                (Err(_), None) => continue,
                (Ok(len), None) => len,
            };
            let next = at + len;
            if tok.is_none() && token < next {
                tok = Some(here);
            }
            if st.is_none() && start < next {
                st = Some(here);
            }
            if end <= next {
                en = Some(pos);
                cursor.after = Some((next, pos, in_space));
            }
            at = next;
        }
        let end_pos = en.unwrap_or(pos);
        (tok.unwrap_or(end_pos), st.unwrap_or(end_pos), end_pos)
    }
}

/// Where [`Encoded::map_from`] left off: the checkpoint it used, and the
/// walk's state (code offset, position, white space) just after the last
/// match it mapped.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct MapCursor {
    checkpoint: usize,
    after: Option<(usize, Pos, bool)>,
}

/// A position in the original text, in three units.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Pos {
    /// UTF-8 bytes.
    pub(crate) byte: usize,
    /// Unicode scalar values.
    pub(crate) chars: usize,
    /// UTF-16 code units.
    pub(crate) utf16: usize,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Decodes the compact alphabet (tests only).
    fn decode(codes: &[u8]) -> String {
        let mut s = String::new();
        let mut i = 0;
        while i < codes.len() {
            let b = codes[i];
            if b < 0x80 {
                s.push(b as char);
                i += 1;
            } else if b <= 0xA9 {
                s.push(char::from_u32(0x0621 + (b - 0x80) as u32).unwrap());
                i += 1;
            } else if b != Code::ESC_WORD && b != Code::ESC_OTHER {
                let p =
                    Code::PUNCT.iter().find(|&&p| Code::punct(p) == Some(b));
                s.push(*p.unwrap());
                i += 1;
            } else {
                let v = codes[i + 1..i + 5]
                    .iter()
                    .fold(0u32, |v, &c| (v << 6) | (c & 0x3F) as u32);
                s.push(char::from_u32(v).unwrap());
                i += 5;
            }
        }
        s
    }

    /// `n!(name, input, normalized)`: the rule alone (via `normalize`) and
    /// the compact pipeline (encode, decode) give the same result.
    macro_rules! n {
        ($name:ident, $input:expr, $want:expr) => {
            #[test]
            fn $name() {
                let o = NormalizeOptions::new();
                assert_eq!(normalize($input), $want, "normalize");
                let enc = Encoded::new($input, &Tables::new(&o));
                assert_eq!(decode(&enc.codes), $want, "encoded");
            }
        };
    }

    n!(harakat, "مُحَمَّدٌ", "محمد");
    n!(tanween_fath, "روسياً", "روسيا");
    n!(superscript_alef, "هٰذا", "هذا");
    n!(small_high_signs, "صلى\u{0610}", "صلي");
    n!(quranic_marks, "الرحيم\u{06D6}\u{06ED}", "الرحيم");
    n!(extended_marks, "ب\u{08D3}\u{08FF}ا", "با");
    n!(tatweel, "أستانـــا", "استانا");
    n!(zero_width, "رو\u{200B}س\u{200C}ي\u{200D}ا", "روسيا");
    n!(lrm_rlm, "\u{200E}روسيا\u{200F}", "روسيا");
    n!(bidi_embeddings, "\u{202B}دمشق\u{202C}", "دمشق");
    n!(bidi_isolates, "\u{2067}دمشق\u{2069}", "دمشق");
    n!(alm, "\u{061C}دمشق", "دمشق");
    n!(bom, "\u{FEFF}دمشق", "دمشق");
    n!(soft_hyphen, "دم\u{AD}شق", "دمشق");
    n!(alef_forms, "أإآٱٲٳٵ", "ااااااا");
    n!(alef_maksura, "موسى", "موسي");
    n!(farsi_yeh, "ایران", "ايران");
    n!(teh_marbuta, "سورية", "سوريه");
    n!(persian_kaf_gaf, "کگڪ", "ككك");
    n!(persian_letters, "پچژڤڨ", "بجزفق");
    n!(heh_forms, "ۀہھە", "هههه");
    n!(arabic_indic_digits, "٢٤٠١", "2401");
    n!(persian_digits, "۲۴۰۱", "2401");
    n!(
        ascii_lowercase,
        "UN Security COUNCIL",
        "un security council"
    );
    n!(whitespace_runs, "الأمم \t\n  المتحدة", "الامم المتحده");
    n!(nbsp_and_friends, "a\u{A0}\u{2003}\u{202F}b", "a b");
    n!(hamza_carriers_kept, "مؤتمر رئيس", "مؤتمر رئيس");
    n!(presentation_forms, "ﺭﻭﺳﻴﺎ", "روسيا");
    n!(lam_alef_ligature, "ﻻ", "لا");
    n!(presentation_hamza_kept, "ﺅ", "ؤ");
    n!(spacing_harakat_form, "ب\u{FE70}ا", "با");
    n!(non_arabic_kept, "Zürich 東京", "zürich 東京");

    #[test]
    fn hamza_carriers_option() {
        let o = NormalizeOptions::new().fold_hamza_carriers(true);
        assert_eq!(normalize_with("مؤتمر رئيس", &o), "موتمر رييس");
    }

    #[test]
    fn options_turn_folds_off() {
        let o = NormalizeOptions::new()
            .fold_alef(false)
            .fold_alef_maksura(false)
            .fold_persian(false)
            .fold_digits(false)
            .lowercase_ascii(false);
        assert_eq!(
            normalize_with("أحمد موسى ایران ٢ UN", &o),
            "أحمد موسى ایران ٢ UN"
        );
    }

    /// `(token, start, end)` code offsets map back to these byte offsets.
    fn mapped(
        text: &str,
        token: usize,
        start: usize,
        end: usize,
    ) -> (usize, usize, usize) {
        let o = NormalizeOptions::new();
        let t = Tables::new(&o);
        let enc = Encoded::new(text, &t);
        let (t, s, e) = enc.map(text, &t, token, start, end);
        (t.byte, s.byte, e.byte)
    }

    #[test]
    fn map_plain() {
        // "في روسيا": codes 'ف','ي',' ' then روسيا at 3..8
        let text = "في روسيا";
        assert_eq!(mapped(text, 3, 3, 8), (5, 5, text.len()));
    }

    #[test]
    fn map_covers_inner_and_trailing_marks() {
        let text = "رُوسِيَاً، ثم";
        let (_, s, e) = mapped(text, 0, 0, 5);
        assert_eq!(&text[s..e], "رُوسِيَاً");
    }

    #[test]
    fn map_excludes_trailing_format_chars() {
        let text = "روسيا\u{200F} x";
        let (_, s, e) = mapped(text, 0, 0, 5);
        assert_eq!(&text[s..e], "روسيا");
    }

    #[test]
    fn map_token_start_and_ligature() {
        // ﻟﻠﺄﻣﻢ: lam, lam, alef-hamza, meem, meem (presentation forms)
        let text = "وﻟﻸمم";
        // codes: و ل ل ا م م ; ﻸ expands to two codes
        let enc = Encoded::new(text, &Tables::new(&NormalizeOptions::new()));
        assert_eq!(decode(&enc.codes), "وللامم");
        let (t, s, e) = mapped(text, 0, 2, 6);
        assert_eq!(t, 0);
        // start maps to the ligature's first byte (its lam is code 2)
        assert_eq!(&text[s..e], "ﻸمم");
    }

    #[test]
    fn map_across_checkpoints() {
        let filler = "كلمة ".repeat(200);
        let text = format!("{filler}بِدِمَشْقَ");
        let enc = Encoded::new(&text, &Tables::new(&NormalizeOptions::new()));
        assert!(enc.checkpoints.len() > 3);
        let n = enc.codes.len();
        let (t, s, e) = mapped(&text, n - 5, n - 4, n);
        assert_eq!(&text[t..e], "بِدِمَشْقَ");
        assert_eq!(&text[s..e], "دِمَشْقَ");
    }

    #[test]
    fn map_counts_chars_and_utf16() {
        let filler = "😀 كلمة ".repeat(40);
        let text = format!("{filler}😀 ab روسيا");
        let o = NormalizeOptions::new();
        let t = Tables::new(&o);
        let enc = Encoded::new(&text, &t);
        assert!(enc.checkpoints.len() > 3);
        let n = enc.codes.len();
        let (_, s, e) = enc.map(&text, &t, n - 5, n - 5, n);
        let chars = |b: usize| text[..b].chars().count();
        let utf16 = |b: usize| text[..b].encode_utf16().count();
        assert_eq!((s.chars, e.chars), (chars(s.byte), chars(e.byte)));
        assert_eq!((s.utf16, e.utf16), (utf16(s.byte), utf16(e.byte)));
    }

    #[test]
    fn fast_path_agrees_with_reference_on_every_bmp_char() {
        // each char alone, after a letter and before a space
        let o = NormalizeOptions::new();
        let t = Tables::new(&o);
        for v in 0..0x1_0000u32 {
            let Some(c) = char::from_u32(v) else { continue };
            let s = format!("ب{c} {c}{c}  ");
            assert_eq!(
                decode(&Encoded::new(&s, &t).codes),
                normalize(&s),
                "U+{v:04X}"
            );
        }
    }

    /// The reference for `Encoded::map`: the same contract, computed with
    /// the generic walk.
    fn map_reference(
        text: &str,
        o: &NormalizeOptions,
        token: usize,
        start: usize,
        end: usize,
    ) -> (usize, usize, usize) {
        let (mut at, mut tok, mut st, mut en) = (0, None, None, None);
        let _ = walk(text, 0, false, o, |byte, _, emit| {
            let after = byte + utf8_len(text, byte);
            let len = match emit {
                Emit::None(mark) => {
                    if let Some(e) = en.as_mut() {
                        if !mark {
                            return ControlFlow::Break(());
                        }
                        *e = after;
                    }
                    return ControlFlow::Continue(());
                }
                _ if en.is_some() => return ControlFlow::Break(()),
                Emit::One(c) => Code::len(c),
                Emit::Many(cs) => cs.iter().map(|&c| Code::len(c)).sum(),
            };
            let next = at + len;
            if tok.is_none() && token < next {
                tok = Some(byte);
            }
            if st.is_none() && start < next {
                st = Some(byte);
            }
            if end <= next {
                en = Some(after);
            }
            at = next;
            ControlFlow::Continue(())
        });
        let e = en.unwrap_or(text.len());
        (tok.unwrap_or(e), st.unwrap_or(e), e)
    }

    fn utf8_len(text: &str, at: usize) -> usize {
        text[at..].chars().next().map_or(0, char::len_utf8)
    }

    /// Pseudo-random texts from atoms that exercise every path.
    fn texts() -> Vec<String> {
        let atoms = [
            "روسيا",
            "الأمم",
            " ",
            "  ",
            "\n",
            "\u{a0}",
            "ـ",
            "ً",
            "ّ",
            "\u{200c}",
            "\u{200f}",
            "«",
            "»",
            "“",
            "é",
            "x",
            "7",
            "٣",
            "ﻻ",
            "ﷺ",
            "\u{fe70}",
            "😀",
            "東",
            "ی",
            "گ",
            "ٮ",
            "\u{0301}",
            "-",
            "ة",
        ];
        let mut state: u64 = 0x2545_F491_4F6C_DD1D;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state as usize
        };
        (0..300)
            .map(|_| {
                let n = next() % 60;
                (0..n).map(|_| atoms[next() % atoms.len()]).collect()
            })
            .collect()
    }

    #[test]
    fn fast_encoder_agrees_with_reference_on_mixed_texts() {
        let o = NormalizeOptions::new();
        let t = Tables::new(&o);
        for text in texts() {
            assert_eq!(
                decode(&Encoded::new(&text, &t).codes),
                normalize(&text),
                "{text:?}"
            );
        }
    }

    /// A sink that keeps what it is given.
    struct Record(Vec<(u8, usize)>);

    impl Sink for Record {
        fn code(&mut self, c: u8, at: usize) {
            self.0.push((c, at));
        }
    }

    /// The sink gets every code, once, in order, with its offset.
    #[test]
    fn sink_gets_every_code_in_order() {
        let t = Tables::new(&NormalizeOptions::new());
        let mut all = texts();
        all.push(
            include_str!("../tests/fixtures/ghouta-astana-2018.txt").into(),
        );
        for text in all {
            let mut record = Record(Vec::new());
            let enc = Encoded::new_with(&text, &t, &mut record);
            let want: Vec<(u8, usize)> =
                enc.codes.iter().enumerate().map(|(i, &c)| (c, i)).collect();
            assert_eq!(record.0, want, "{text:?}");
        }
    }

    #[test]
    fn fast_map_agrees_with_reference() {
        let o = NormalizeOptions::new();
        let t = Tables::new(&o);
        for text in texts() {
            let enc = Encoded::new(&text, &t);
            let n = enc.codes.len();
            let starts = |i: usize| i < n && enc.codes[i] < 0xC0;
            for token in (0..n).filter(|&i| starts(i)).step_by(3) {
                for start in (token..n).filter(|&i| starts(i)).take(3) {
                    for end in (start + 1..=n)
                        .filter(|&i| i == n || starts(i))
                        .take(4)
                    {
                        let (a, b, c) = enc.map(&text, &t, token, start, end);
                        let fast = (a.byte, b.byte, c.byte);
                        let slow = map_reference(&text, &o, token, start, end);
                        assert_eq!(
                            fast, slow,
                            "{text:?} {token} {start} {end}"
                        );
                        assert_eq!(a.chars, text[..a.byte].chars().count());
                        assert_eq!(
                            c.utf16,
                            text[..c.byte].encode_utf16().count()
                        );
                    }
                }
            }
        }
    }

    /// Mapping a sequence of matches in text order with one cursor gives
    /// what mapping each alone gives.
    #[test]
    fn cursor_maps_as_a_fresh_start_does() {
        let t = Tables::new(&NormalizeOptions::new());
        let mut all = texts();
        all.push(
            include_str!("../tests/fixtures/ghouta-astana-2018.txt").into(),
        );
        let mut tried = 0;
        for text in all {
            let enc = Encoded::new(&text, &t);
            let n = enc.codes.len();
            let starts = |i: usize| i < n && enc.codes[i] < 0xC0;
            let bounds: Vec<usize> =
                (0..=n).filter(|&i| i == n || starts(i)).collect();
            // matches of 1 to 4 codes, at gaps of 0 to 6 codes
            for gap in 0..7 {
                let mut cursor = MapCursor::default();
                let mut k = 0;
                while k + 2 < bounds.len() {
                    let (token, start) = (bounds[k], bounds[k + 1]);
                    let end = bounds[(k + 2 + gap % 3).min(bounds.len() - 1)];
                    let with = enc.map_from(
                        &text,
                        &t,
                        token,
                        start,
                        end,
                        &mut cursor,
                    );
                    assert_eq!(
                        with,
                        enc.map(&text, &t, token, start, end),
                        "{text:?} {token} {start} {end}"
                    );
                    tried += 1;
                    k = bounds.partition_point(|&b| b < end) + gap;
                }
            }
        }
        assert!(tried > 1000, "{tried}");
    }

    #[test]
    fn long_runs_of_marks_get_checkpoints() {
        let o = NormalizeOptions::new();
        let t = Tables::new(&o);
        let text = format!("ب{}روسيا", "\u{064E}".repeat(100_000));
        let enc = Encoded::new(&text, &t);
        assert_eq!(decode(&enc.codes), "بروسيا");
        // one checkpoint per 1024 bytes of marks, though they give no code
        assert!(enc.checkpoints.len() > 150, "{}", enc.checkpoints.len());
        let (a, b, c) = enc.map(&text, &t, 1, 1, 6);
        assert_eq!(&text[b.byte..c.byte], "روسيا");
        assert_eq!(a.byte, b.byte);
        assert_eq!(c.chars, text.chars().count());
        assert_eq!(
            map_reference(&text, &o, 1, 1, 6),
            (a.byte, b.byte, c.byte)
        );
    }
}
