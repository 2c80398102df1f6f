//! The gazetteer data format: TSV with a header line.

use crate::entity::{Entity, EntityKind};
use crate::error::{Error, ErrorKind};

/// The columns a data file may have.
const COLUMNS: [&str; 8] = [
    "id", "kind", "name", "aliases", "name_en", "tags", "priority", "source",
];

/// Column positions found in a header.
struct Header {
    index: [Option<usize>; 8],
    len: usize,
}

impl Header {
    fn parse(line: &str, file: &str, n: usize) -> Result<Header, Error> {
        let mut index = [None; 8];
        let mut len = 0;
        for (i, name) in line.split('\t').enumerate() {
            len += 1;
            let name = name.trim();
            let Some(c) = COLUMNS.iter().position(|&c| c == name) else {
                return Err(err(
                    ErrorKind::UnknownColumn(name.to_string()),
                    file,
                    n,
                ));
            };
            if index[c].is_some() {
                return Err(err(
                    ErrorKind::DuplicateColumn(name.to_string()),
                    file,
                    n,
                ));
            }
            index[c] = Some(i);
        }
        for c in 0..3 {
            if index[c].is_none() {
                return Err(err(
                    ErrorKind::MissingColumn(COLUMNS[c]),
                    file,
                    n,
                ));
            }
        }
        Ok(Header { index, len })
    }

    fn get<'a>(&self, fields: &[&'a str], column: usize) -> Option<&'a str> {
        self.index[column]
            .map(|i| fields[i])
            .filter(|f| !f.is_empty())
    }
}

fn err(kind: ErrorKind, file: &str, line: usize) -> Error {
    Error::at(kind, Some(file), Some(line))
}

/// Splits a `|`-separated list; empty lists are allowed, empty items not.
fn list(
    field: Option<&str>,
    id: &str,
    file: &str,
    n: usize,
) -> Result<Vec<String>, Error> {
    let Some(field) = field else {
        return Ok(Vec::new());
    };
    field
        .split('|')
        .map(|item| {
            let item = item.trim();
            if item.is_empty() {
                Err(err(ErrorKind::EmptyAlias { id: id.to_string() }, file, n))
            } else {
                Ok(item.to_string())
            }
        })
        .collect()
}

/// Whether `id` may be an entity id: not empty, and without white space,
/// `|`, control or invisible characters (which would be silently kept).
pub(crate) fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && !id.contains(|c: char| {
            c.is_whitespace()
                || c == '|'
                || c.is_control()
                || crate::normalize::is_invisible(c)
        })
}

/// Parses a whole data file, calling `add` with each entity and its line.
///
/// A byte-order mark at the start and CR before LF are accepted; lines
/// starting with `#` and blank lines are skipped.
pub(crate) fn parse(
    src: &str,
    file: &str,
    mut add: impl FnMut(Entity, usize) -> Result<(), Error>,
) -> Result<(), Error> {
    let src = src.strip_prefix('\u{FEFF}').unwrap_or(src);
    let mut header: Option<Header> = None;
    for (i, line) in src.split('\n').enumerate() {
        let n = i + 1;
        let line = line.strip_suffix('\r').unwrap_or(line);
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let Some(h) = &header else {
            header = Some(Header::parse(line, file, n)?);
            continue;
        };
        let fields: Vec<&str> = line.split('\t').map(str::trim).collect();
        if fields.len() != h.len {
            return Err(err(
                ErrorKind::FieldCount {
                    expected: h.len,
                    found: fields.len(),
                },
                file,
                n,
            ));
        }
        let id = h
            .get(&fields, 0)
            .ok_or_else(|| err(ErrorKind::EmptyField("id"), file, n))?;
        if !valid_id(id) {
            return Err(err(ErrorKind::BadId(id.to_string()), file, n));
        }
        let kind = h
            .get(&fields, 1)
            .ok_or_else(|| err(ErrorKind::EmptyField("kind"), file, n))?;
        let kind: EntityKind = kind.parse().map_err(|_| {
            err(ErrorKind::UnknownKind(kind.to_string()), file, n)
        })?;
        let name = h
            .get(&fields, 2)
            .ok_or_else(|| err(ErrorKind::EmptyField("name"), file, n))?;
        let mut e = Entity::new(id, kind, name).with_aliases(list(
            h.get(&fields, 3),
            id,
            file,
            n,
        )?);
        if let Some(en) = h.get(&fields, 4) {
            e = e.with_name_en(en);
        }
        for tag in list(h.get(&fields, 5), id, file, n)? {
            e = e.with_tag(tag);
        }
        if let Some(p) = h.get(&fields, 6) {
            let p: i32 = p.parse().map_err(|_| {
                err(ErrorKind::BadPriority(p.to_string()), file, n)
            })?;
            e = e.with_priority(p);
        }
        if let Some(s) = h.get(&fields, 7) {
            e = e.with_source(s);
        }
        add(e, n)?;
    }
    if header.is_none() {
        return Err(Error::at(ErrorKind::MissingHeader, Some(file), None));
    }
    Ok(())
}

/// Checks that `bytes` are UTF-8, naming the line of the first bad byte.
pub(crate) fn utf8<'a>(bytes: &'a [u8], file: &str) -> Result<&'a str, Error> {
    std::str::from_utf8(bytes).map_err(|e| {
        let line = bytes[..e.valid_up_to()]
            .iter()
            .filter(|&&b| b == b'\n')
            .count();
        err(ErrorKind::InvalidUtf8, file, line + 1)
    })
}

/// Reads a data file as UTF-8; errors name the file (and the line of the
/// first bad byte). Returns the name to use in errors and the text.
pub(crate) fn read(path: &std::path::Path) -> Result<(String, String), Error> {
    let file = path.display().to_string();
    let bytes = std::fs::read(path)
        .map_err(|e| Error::at(ErrorKind::Io(e), Some(&file), None))?;
    utf8(&bytes, &file)?;
    let text = String::from_utf8(bytes).unwrap_or_default();
    Ok((file, text))
}
