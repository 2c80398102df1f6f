//! The error type of building a gazetteer and of reading texts.

use std::fmt;

/// An error building a gazetteer: a bad data file or entity, or an
/// automaton that could not be built; or an error reading a text with
/// [`Paragraphs`](crate::Paragraphs): a read failure or invalid UTF-8.
///
/// The message names the file (when the entity came from one), the line
/// and the problem, e.g.
/// `places.tsv:12: unknown kind 'PLACE' (expected PER, LOC, ORG or MISC)`.
///
/// # Examples
///
/// ```
/// use arabic_gazetteer::Gazetteer;
///
/// let tsv = "id\tkind\tname\nx\tPLACE\tروسيا\n";
/// let err = Gazetteer::builder().add_tsv_str(tsv).unwrap_err();
/// assert_eq!(err.line(), Some(2));
/// assert_eq!(
///     err.to_string(),
///     "<string>:2: unknown kind 'PLACE' (expected PER, LOC, ORG or MISC)",
/// );
/// ```
#[derive(Debug)]
pub struct Error {
    kind: ErrorKind,
    file: Option<String>,
    line: Option<usize>,
}

#[derive(Debug)]
// `Json` is built by the JSON Lines loader only
#[cfg_attr(not(feature = "json"), allow(dead_code))]
pub(crate) enum ErrorKind {
    Io(std::io::Error),
    InvalidUtf8,
    MissingHeader,
    MissingColumn(&'static str),
    UnknownColumn(String),
    DuplicateColumn(String),
    FieldCount { expected: usize, found: usize },
    EmptyField(&'static str),
    UnknownKind(String),
    BadPriority(String),
    BadId(String),
    DuplicateId { id: String, first: String },
    EmptyAlias { id: String },
    NormalizesToEmpty { id: String, name: String },
    BadExclusion { phrase: String, problem: String },
    TooLarge { bytes: usize, max: usize },
    Json(String),
}

impl Error {
    pub(crate) fn new(kind: ErrorKind) -> Error {
        Error {
            kind,
            file: None,
            line: None,
        }
    }

    pub(crate) fn at(
        kind: ErrorKind,
        file: Option<&str>,
        line: Option<usize>,
    ) -> Error {
        Error {
            kind,
            file: file.map(str::to_string),
            line,
        }
    }

    /// The data file the error is about, if it came from one (`"<string>"`
    /// for [`add_tsv_str`](crate::GazetteerBuilder::add_tsv_str)), or the
    /// name given to [`Paragraphs`](crate::Paragraphs).
    pub fn file(&self) -> Option<&str> {
        self.file.as_deref()
    }

    /// The 1-based line of the data file, if the error is about one line.
    pub fn line(&self) -> Option<usize> {
        self.line
    }

    /// Whether reading the file failed (as opposed to its content being
    /// wrong).
    pub fn is_io(&self) -> bool {
        matches!(self.kind, ErrorKind::Io(_))
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.file, self.line) {
            (Some(file), Some(line)) => write!(f, "{file}:{line}: ")?,
            (Some(file), None) => write!(f, "{file}: ")?,
            (None, Some(line)) => write!(f, "line {line}: ")?,
            (None, None) => {}
        }
        match &self.kind {
            ErrorKind::Io(e) => write!(f, "cannot read: {e}"),
            ErrorKind::InvalidUtf8 => f.write_str("invalid UTF-8"),
            ErrorKind::MissingHeader => f.write_str(
                "no header line (expected at least id, kind, name)",
            ),
            ErrorKind::MissingColumn(c) => {
                write!(f, "header has no '{c}' column")
            }
            ErrorKind::UnknownColumn(c) => write!(
                f,
                "unknown column '{}' (expected id, kind, name, aliases, \
                 name_en, tags, priority, source)",
                clip(c)
            ),
            ErrorKind::DuplicateColumn(c) => {
                write!(f, "column '{c}' appears twice in the header")
            }
            ErrorKind::FieldCount { expected, found } => write!(
                f,
                "expected {expected} tab-separated fields, found {found}"
            ),
            ErrorKind::EmptyField(c) => write!(f, "empty '{c}' field"),
            ErrorKind::UnknownKind(k) => write!(
                f,
                "unknown kind '{}' (expected PER, LOC, ORG or MISC)",
                clip(k)
            ),
            ErrorKind::BadPriority(p) => {
                write!(f, "priority '{}' is not an integer", clip(p))
            }
            ErrorKind::BadId(id) => write!(
                f,
                "id '{}' must not be empty or contain white space, '|' \
                 or invisible characters",
                clip(id)
            ),
            ErrorKind::DuplicateId { id, first } => {
                write!(f, "duplicate id '{id}' (first defined at {first})")
            }
            ErrorKind::EmptyAlias { id } => {
                write!(f, "entity '{id}' has an empty alias")
            }
            ErrorKind::NormalizesToEmpty { id, name } => {
                write!(f, "entity '{id}': name '{name}' normalizes to nothing")
            }
            ErrorKind::BadExclusion { phrase, problem } => {
                write!(f, "exclusion '{phrase}' {problem}")
            }
            ErrorKind::TooLarge { bytes, max } => write!(
                f,
                "the names are too long in total ({bytes} bytes normalized; \
                 at most {max})"
            ),
            ErrorKind::Json(e) => write!(f, "bad entity JSON: {e}"),
        }
    }
}

/// A quoted field, shortened: a 10 MB bad field gives a short message.
fn clip(s: &str) -> std::borrow::Cow<'_, str> {
    const MAX: usize = 80;
    match s.char_indices().nth(MAX) {
        Some((at, _)) => format!("{}… ({} bytes)", &s[..at], s.len()).into(),
        None => s.into(),
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &self.kind {
            ErrorKind::Io(e) => Some(e),
            _ => None,
        }
    }
}
