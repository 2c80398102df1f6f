//! Gazetteers in JSON Lines: one entity object per line.

use std::path::Path;

use crate::entity::Entity;
use crate::error::{Error, ErrorKind};
use crate::gazetteer::GazetteerBuilder;

fn err(kind: ErrorKind, file: &str, line: usize) -> Error {
    Error::at(kind, Some(file), Some(line))
}

/// serde_json's message with the position as a column only (each line is
/// one document, so its line is always 1).
fn json_message(e: &serde_json::Error) -> String {
    let msg = e.to_string();
    let position = format!(" at line {} column {}", e.line(), e.column());
    match msg.strip_suffix(&position) {
        Some(m) if e.column() > 0 => format!("{m} at column {}", e.column()),
        Some(m) => m.to_string(),
        None => msg,
    }
}

/// The checks the TSV loader makes on one entity, in the same words.
fn check(e: &Entity, file: &str, n: usize) -> Result<(), Error> {
    if e.id().is_empty() {
        return Err(err(ErrorKind::EmptyField("id"), file, n));
    }
    if !crate::tsv::valid_id(e.id()) {
        return Err(err(ErrorKind::BadId(e.id().to_string()), file, n));
    }
    if e.name().trim().is_empty() {
        return Err(err(ErrorKind::EmptyField("name"), file, n));
    }
    let blank = |s: &String| s.trim().is_empty();
    if e.aliases().iter().any(blank) || e.tags().iter().any(blank) {
        let id = e.id().to_string();
        return Err(err(ErrorKind::EmptyAlias { id }, file, n));
    }
    // names that normalize to nothing and repeated ids: `add_file`
    Ok(())
}

impl GazetteerBuilder {
    /// Adds the entities of a JSON Lines file: one entity object per line,
    /// with the fields of the TSV format.
    ///
    /// ```json
    /// {"id": "russia", "kind": "LOC", "name": "روسيا", "aliases": ["روسيا الاتحادية"], "name_en": "Russia", "tags": ["country"]}
    /// ```
    ///
    /// `id`, `kind` and `name` are required; `aliases` and `tags` are
    /// arrays of strings, `name_en` and `source` strings, `priority` an
    /// integer. This is the shape [`Entity`] serializes to, so a gazetteer
    /// written out entity by entity with `serde_json` loads back. Blank
    /// lines are skipped.
    ///
    /// Needs the `json` feature.
    ///
    /// # Errors
    ///
    /// Nothing is added if any line is bad. The error names the file, the
    /// line and the problem:
    ///
    /// * the file cannot be read, or is not UTF-8;
    /// * a line is not a JSON object, lacks `id`, `kind` or `name`, has a
    ///   field of the wrong type or an unknown field, or an unknown kind;
    /// * an `id` is empty or contains white space or `|`;
    /// * a `name` is empty, an alias or tag is empty, or a name normalizes
    ///   to nothing;
    /// * an id is already used, in this file or before.
    ///
    /// # Examples
    ///
    /// ```
    /// use arabic_gazetteer::Gazetteer;
    ///
    /// let path = std::env::temp_dir().join("arabic-gazetteer-doc-orgs.jsonl");
    /// std::fs::write(
    ///     &path,
    ///     "{\"id\": \"white-helmets\", \"kind\": \"ORG\", \"name\": \"الخوذ البيضاء\"}\n",
    /// )?;
    /// let g = Gazetteer::builder().add_jsonl_path(&path)?.build()?;
    /// assert_eq!(g.match_entities("فرق الخوذ البيضاء")[0].entity().id(), "white-helmets");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn add_jsonl_path(
        &mut self,
        path: impl AsRef<Path>,
    ) -> Result<&mut GazetteerBuilder, Error> {
        let (file, src) = crate::tsv::read(path.as_ref())?;
        self.add_jsonl_named(&src, &file)
    }

    /// Adds the entities of JSON Lines data held in a string; errors name
    /// the file `<string>`.
    ///
    /// Needs the `json` feature.
    ///
    /// # Errors
    ///
    /// As [`add_jsonl_path`](GazetteerBuilder::add_jsonl_path).
    ///
    /// # Examples
    ///
    /// ```
    /// use arabic_gazetteer::Gazetteer;
    ///
    /// let jsonl = r#"
    /// {"id": "idlib", "kind": "LOC", "name": "إدلب", "tags": ["sy", "city"]}
    /// {"id": "sochi", "kind": "LOC", "name": "سوتشي", "name_en": "Sochi"}
    /// "#;
    /// let g = Gazetteer::builder().add_jsonl_str(jsonl)?.build()?;
    /// let text = "من سوتشي إلى إدلب";
    /// let ids: Vec<&str> = g.match_entities(text).iter().map(|m| m.entity().id()).collect();
    /// assert_eq!(ids, ["sochi", "idlib"]);
    ///
    /// let err = Gazetteer::builder()
    ///     .add_jsonl_str("{\"id\": \"x\", \"kind\": \"PLACE\", \"name\": \"حلب\"}")
    ///     .unwrap_err();
    /// assert_eq!(err.line(), Some(1));
    /// assert!(err.to_string().starts_with("<string>:1: bad entity JSON: unknown kind 'PLACE'"));
    /// # Ok::<(), arabic_gazetteer::Error>(())
    /// ```
    pub fn add_jsonl_str(
        &mut self,
        jsonl: &str,
    ) -> Result<&mut GazetteerBuilder, Error> {
        self.add_jsonl_named(jsonl, "<string>")
    }

    fn add_jsonl_named(
        &mut self,
        src: &str,
        file: &str,
    ) -> Result<&mut GazetteerBuilder, Error> {
        let src = src.strip_prefix('\u{FEFF}').unwrap_or(src);
        self.add_file(file, |add| {
            for (i, line) in src.split('\n').enumerate() {
                let n = i + 1;
                if line.trim().is_empty() {
                    continue;
                }
                let e: Entity = serde_json::from_str(line).map_err(|e| {
                    err(ErrorKind::Json(json_message(&e)), file, n)
                })?;
                check(&e, file, n)?;
                add(e, n)?;
            }
            Ok(())
        })
    }
}
