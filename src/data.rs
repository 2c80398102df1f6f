//! The embedded default gazetteer and stop list.

use once_cell::sync::Lazy;

use crate::gazetteer::{Gazetteer, GazetteerBuilder};
use crate::normalize::normalize;

/// The data files of the default gazetteer, in load order (which breaks
/// priority ties between entities sharing a name).
pub(crate) const FILES: &[(&str, &str)] = &[
    (
        "data/places-countries.tsv",
        include_str!("../data/places-countries.tsv"),
    ),
    (
        "data/places-cities.tsv",
        include_str!("../data/places-cities.tsv"),
    ),
    (
        "data/places-divisions.tsv",
        include_str!("../data/places-divisions.tsv"),
    ),
    (
        "data/places-conflict.tsv",
        include_str!("../data/places-conflict.tsv"),
    ),
    (
        "data/orgs-international.tsv",
        include_str!("../data/orgs-international.tsv"),
    ),
    (
        "data/orgs-state.tsv",
        include_str!("../data/orgs-state.tsv"),
    ),
    (
        "data/persons-leaders.tsv",
        include_str!("../data/persons-leaders.tsv"),
    ),
    (
        "data/persons-other.tsv",
        include_str!("../data/persons-other.tsv"),
    ),
    (
        "data/misc-events.tsv",
        include_str!("../data/misc-events.tsv"),
    ),
];

const STOPWORDS: &str = include_str!("../data/stopwords.txt");
const EXCLUSIONS: &str = include_str!("../data/exclusions.txt");

/// The phrases of `data/exclusions.txt`.
pub(crate) fn exclusions() -> impl Iterator<Item = &'static str> {
    EXCLUSIONS
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

/// A builder holding the embedded data.
pub(crate) fn builtin_builder() -> Result<GazetteerBuilder, crate::Error> {
    let mut b = GazetteerBuilder::new();
    for (file, src) in FILES {
        b.add_tsv_named(src, file)?;
    }
    for x in exclusions() {
        b.add_exclusion(x);
    }
    Ok(b)
}

static BUILTIN: Lazy<Gazetteer> =
    Lazy::new(|| match builtin_builder().and_then(|b| b.build()) {
        Ok(g) => g,
        Err(e) => panic!("the embedded gazetteer is invalid: {e}"),
    });

pub(crate) fn builtin() -> &'static Gazetteer {
    &BUILTIN
}

static STOP: Lazy<std::collections::HashSet<String>> = Lazy::new(|| {
    STOPWORDS
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| normalize(l).trim().to_string())
        .collect()
});

/// Whether `name` is on the shipped stop list: everyday Arabic words and
/// common given names that must never be a gazetteer name on their own
/// (`علي`, `الأمل`, `وزارة الخارجية`…). The comparison is made after
/// normalization, so spelling variants are caught too.
///
/// Use it to lint a custom gazetteer; the default gazetteer is checked
/// against it by the crate's tests.
///
/// # Examples
///
/// ```
/// use arabic_gazetteer::is_stopword;
///
/// assert!(is_stopword("علي"));
/// assert!(is_stopword("عَلِيّ"));
/// assert!(!is_stopword("روسيا"));
/// ```
pub fn is_stopword(name: &str) -> bool {
    STOP.contains(normalize(name).trim())
}
