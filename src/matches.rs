//! Matches: which entity was found, and where in the original text.

use std::ops::Range;

use crate::entity::{Entity, EntityKind};

/// A half-open range `start..end` of offsets.
///
/// This exists because `Range<usize>` is not `Copy`; convert with
/// [`Span::range`] or `From`.
///
/// # Examples
///
/// ```
/// use arabic_gazetteer::Span;
///
/// let span = Span::from(3..8);
/// assert_eq!((span.start, span.end, span.len()), (3, 8, 5));
/// assert_eq!(span.range(), 3..8);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Span {
    /// The first offset of the span.
    pub start: usize,
    /// The offset just after the span (exclusive).
    pub end: usize,
}

impl Span {
    /// The span as a `Range`.
    pub fn range(&self) -> Range<usize> {
        self.start..self.end
    }

    /// The length of the span.
    pub fn len(&self) -> usize {
        self.end - self.start
    }

    /// Whether the span is empty.
    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }
}

impl From<Range<usize>> for Span {
    fn from(r: Range<usize>) -> Span {
        Span {
            start: r.start,
            end: r.end,
        }
    }
}

impl From<Span> for Range<usize> {
    fn from(s: Span) -> Range<usize> {
        s.range()
    }
}

/// One entity mention found in a text.
///
/// Offsets always point into the original text that was searched, never
/// into its normalized form: `&text[m.range()]` is the name as written,
/// with the diacritics and tatweel inside it and the marks after its last
/// letter. `token_start` additionally covers attached proclitics (`و`, `ب`,
/// `ل`, …). Byte offsets are on char boundaries. The same offsets are
/// available in chars (Unicode scalar values, as Python counts) and in
/// UTF-16 code units (as JavaScript and Java count), computed during the
/// search, without rescanning the text.
///
/// # Examples
///
/// ```
/// let text = "وقال بوتين إن لروسيا دوراً";
/// let m = &arabic_gazetteer::match_entities(text)[1];
/// assert_eq!(m.entity().id(), "russia");
/// assert_eq!(&text[m.range()], "روسيا");
/// assert_eq!(&text[m.token_start()..m.end()], "لروسيا");
/// assert_eq!((m.char_start(), m.char_end()), (15, 20));
/// assert_eq!((m.utf16_start(), m.utf16_end()), (15, 20));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EntityMatch<'g> {
    pub(crate) span: Span,
    pub(crate) token_start: usize,
    pub(crate) chars: Span,
    pub(crate) char_token_start: usize,
    pub(crate) utf16: Span,
    pub(crate) utf16_token_start: usize,
    pub(crate) candidates: &'g [Entity],
}

impl<'g> EntityMatch<'g> {
    /// Byte offset of the first letter of the name (after proclitics).
    pub fn start(&self) -> usize {
        self.span.start
    }

    /// Byte offset just after the name and its trailing marks.
    pub fn end(&self) -> usize {
        self.span.end
    }

    /// `start()..end()`.
    pub fn range(&self) -> Range<usize> {
        self.span.range()
    }

    /// The byte span of the name.
    pub fn span(&self) -> Span {
        self.span
    }

    /// Byte length of the name as written.
    pub fn len(&self) -> usize {
        self.span.len()
    }

    /// Always `false`: a match covers at least one char. Present for
    /// symmetry with [`len`](EntityMatch::len).
    pub fn is_empty(&self) -> bool {
        self.span.is_empty()
    }

    /// Byte offset of the start of the word, proclitics included
    /// (`token_start() <= start()`).
    pub fn token_start(&self) -> usize {
        self.token_start
    }

    /// Char (Unicode scalar value) offset of the start of the name.
    pub fn char_start(&self) -> usize {
        self.chars.start
    }

    /// Char offset just after the name.
    pub fn char_end(&self) -> usize {
        self.chars.end
    }

    /// Char offset of the start of the word, proclitics included.
    pub fn char_token_start(&self) -> usize {
        self.char_token_start
    }

    /// UTF-16 offset of the start of the name.
    pub fn utf16_start(&self) -> usize {
        self.utf16.start
    }

    /// UTF-16 offset just after the name.
    pub fn utf16_end(&self) -> usize {
        self.utf16.end
    }

    /// UTF-16 offset of the start of the word, proclitics included.
    pub fn utf16_token_start(&self) -> usize {
        self.utf16_token_start
    }

    /// The best candidate: the entity with the highest priority among those
    /// this surface names.
    pub fn entity(&self) -> &'g Entity {
        &self.candidates[0]
    }

    /// The kind of the best candidate.
    pub fn kind(&self) -> EntityKind {
        self.entity().kind()
    }

    /// Every entity this surface names, best first (by priority, then data
    /// order). Never empty.
    ///
    /// ```
    /// use arabic_gazetteer::{Entity, EntityKind::Location, Gazetteer};
    ///
    /// let g = Gazetteer::new([
    ///     Entity::new("amman", Location, "عمان").with_priority(5),
    ///     Entity::new("oman", Location, "عمان").with_priority(10),
    /// ])
    /// .unwrap();
    /// let m = &g.match_entities("زار عمان")[0];
    /// let ids: Vec<&str> = m.candidates().iter().map(|e| e.id()).collect();
    /// assert_eq!(ids, ["oman", "amman"]);
    /// ```
    pub fn candidates(&self) -> &'g [Entity] {
        self.candidates
    }

    /// The name as written in `text`, the text the match was found in.
    ///
    /// # Panics
    ///
    /// Panics if `text` is shorter than the match or the offsets are not on
    /// its char boundaries, i.e. when it is not the text that was searched.
    pub fn as_str<'t>(&self, text: &'t str) -> &'t str {
        &text[self.range()]
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for EntityMatch<'_> {
    fn serialize<S: serde::Serializer>(
        &self,
        s: S,
    ) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let e = self.entity();
        let mut st = s.serialize_struct("EntityMatch", 15)?;
        st.serialize_field("start", &self.start())?;
        st.serialize_field("end", &self.end())?;
        st.serialize_field("char_start", &self.char_start())?;
        st.serialize_field("char_end", &self.char_end())?;
        st.serialize_field("utf16_start", &self.utf16_start())?;
        st.serialize_field("utf16_end", &self.utf16_end())?;
        st.serialize_field("token_start", &self.token_start())?;
        st.serialize_field("char_token_start", &self.char_token_start())?;
        st.serialize_field("utf16_token_start", &self.utf16_token_start())?;
        st.serialize_field("id", e.id())?;
        st.serialize_field("kind", &e.kind())?;
        st.serialize_field("name", e.name())?;
        st.serialize_field("name_en", &e.name_en())?;
        st.serialize_field("tags", e.tags())?;
        let ids: Vec<&str> = self.candidates.iter().map(Entity::id).collect();
        st.serialize_field("candidates", &ids)?;
        st.end()
    }
}
