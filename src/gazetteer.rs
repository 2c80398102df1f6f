//! The compiled gazetteer and its builder.

use std::path::Path;
use std::sync::Arc;

use crate::engine::{Engine, Marks, Scanner};
use crate::entity::{Entity, EntityKind};
use crate::error::{Error, ErrorKind};
use crate::matches::{EntityMatch, Span};
use crate::nfa::Keys;
use crate::normalize::{Code, Encoded, MapCursor, NormalizeOptions, Tables};
use crate::tsv;

/// A compiled gazetteer: entities, their normalized names in one
/// Aho-Corasick automaton, and the matching rules.
///
/// A gazetteer is immutable, `Send + Sync`, and cheap to clone (an `Arc`
/// inside): build it once and share it between threads.
///
/// # Examples
///
/// ```
/// use arabic_gazetteer::{Entity, EntityKind, Gazetteer};
///
/// let g = Gazetteer::new([
///     Entity::new("un", EntityKind::Organization, "الأمم المتحدة"),
///     Entity::new("geneva", EntityKind::Location, "جنيف"),
/// ])
/// .unwrap();
/// let text = "بعثة روسيا للأمم المتحدة في جنيف";
/// let found: Vec<(&str, &str, &str)> = g
///     .match_entities(text)
///     .iter()
///     .map(|m| (m.entity().id(), &text[m.token_start()..m.end()], &text[m.range()]))
///     .collect();
/// assert_eq!(
///     found,
///     [("un", "للأمم المتحدة", "لأمم المتحدة"), ("geneva", "جنيف", "جنيف")]
/// );
/// ```
///
/// # Resource usage
///
/// Building takes time and memory linear in the total length of all names:
/// they are sorted and made into an Aho-Corasick automaton, whose states
/// nearest the start are also a DFA table of at most 12 MiB. Searching
/// takes time linear in the length of the text plus the number of
/// occurrences found, in one pass: the text is normalized into a compact
/// copy (one byte per Arabic letter, about 55% of the UTF-8 size of Arabic
/// text, with a checkpoint every 64 codes and every KiB of text) and the
/// automaton steps as each code is written; offsets into the original text
/// are recovered for matches only. On 10 MiB of news the default gazetteer
/// searches at about 270 MiB/s. [`Gazetteer::memory_usage`] reports the
/// heap bytes of the compiled gazetteer (15 MB for the default one).
#[derive(Clone, Debug)]
pub struct Gazetteer {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    engine: Engine,
    patterns: Vec<Pattern>,
    /// Candidate lists, best first; patterns point into it.
    pool: Vec<Entity>,
    entities: Vec<Entity>,
    /// Entity indexes sorted by id.
    by_id: Vec<u32>,
    tables: Tables,
    overlapping: bool,
    /// Normalized place designators, when matches of places include them.
    designators: Option<std::collections::HashSet<Vec<u8>>>,
}

/// The most bytes of normalized names (with their variants) a gazetteer
/// holds: 256 MiB.
#[cfg(not(test))]
const MAX_KEY_BYTES: usize = 1 << 28;
#[cfg(test)]
const MAX_KEY_BYTES: usize = 1 << 20;

/// A key in the arena of [`GazetteerBuilder::build`], with what it is.
struct Rec {
    start: u32,
    end: u32,
    /// The entity, or the exclusion.
    id: u32,
    kind: u8,
}

impl Rec {
    const PLAIN: u8 = 0;
    const ELIDED: u8 = 1;
    const BLOCK: u8 = 2;

    /// Adds `codes`, with their marks, to `arena`.
    fn new(arena: &mut Vec<u8>, codes: &[u8], id: usize, kind: u8) -> Rec {
        let start = arena.len() as u32;
        Marks::key_into(codes, arena);
        Rec {
            start,
            end: arena.len() as u32,
            id: id as u32,
            kind,
        }
    }
}

/// What one automaton pattern names, and how it may match.
#[derive(Clone, Copy, Debug, Default)]
struct Pattern {
    /// Entities with a name equal to the pattern (`start..end` in the pool).
    plain: (u32, u32),
    /// Entities with a name `ال…` whose article alef is elided after `ل`
    /// (`للأمم` = ل + الأمم): valid only after a `ل` proclitic.
    elided: (u32, u32),
    /// `plain` and `elided` merged, for a context where both are valid.
    both: (u32, u32),
    /// Length of the pattern in code bytes.
    len: u32,
    /// An exclusion: it takes part in overlap resolution, so it hides the
    /// names it overlaps, and is never reported.
    block: bool,
    /// A one-word name `ال…ة` that is also a feminine nisba adjective
    /// (`السعودية` "Saudi"): after a definite noun it is the adjective.
    nisba: bool,
    first_word: bool,
    last_word: bool,
}

impl Gazetteer {
    /// The embedded default gazetteer, compiled on first use and shared by
    /// all threads.
    ///
    /// # Panics
    ///
    /// Never in practice: the embedded data is checked by the crate's tests.
    /// It would panic if the embedded data failed to build.
    pub fn builtin() -> &'static Gazetteer {
        crate::data::builtin()
    }

    /// A builder for a custom gazetteer.
    pub fn builder() -> GazetteerBuilder {
        GazetteerBuilder::new()
    }

    /// A gazetteer of these entities with the default options.
    ///
    /// # Errors
    ///
    /// As [`GazetteerBuilder::build`].
    pub fn new<I>(entities: I) -> Result<Gazetteer, Error>
    where
        I: IntoIterator<Item = Entity>,
    {
        let mut b = GazetteerBuilder::new();
        for e in entities {
            b.add_entity(e);
        }
        b.build()
    }

    /// Finds the entity mentions in `text`.
    ///
    /// Names match as whole words, optionally after a proclitic stack
    /// `[و|ف]?[ب|ك|ل]?` (with the article's alef elided after `ل`).
    /// Overlapping mentions are resolved leftmost-longest, unless the
    /// gazetteer was built with
    /// [`overlapping`](GazetteerBuilder::overlapping). Matches are in text
    /// order.
    ///
    /// Any `&str` is valid input; the time taken is linear in its length.
    pub fn match_entities(&self, text: &str) -> Vec<EntityMatch<'_>> {
        let inner = &*self.inner;
        // one pass: the encoder gives each code to the automaton as it
        // writes it
        let mut scanner = Scanner::new(&inner.engine);
        let mut enc = Encoded::new_with(text, &inner.tables, &mut scanner);
        let mut found = Vec::new();
        for &(key, end) in &scanner.hits {
            inner.check(&enc.codes, key as usize, end as usize, &mut found);
        }
        drop(scanner);
        found.sort_unstable_by_key(|c| (c.start, std::cmp::Reverse(c.len)));
        if !inner.overlapping {
            let mut last_end = 0;
            found.retain(|c| {
                let keep = c.start >= last_end;
                if keep {
                    last_end = c.end();
                }
                keep
            });
        }
        found.retain(|c| !c.is_block());
        if let Some(designators) = &inner.designators {
            let mut last_end = 0;
            for c in found.iter_mut() {
                let place = inner.pool[c.list.0 as usize].kind()
                    == EntityKind::Location;
                if place {
                    while let Some((word, after)) =
                        designator_before(&enc.codes, c.token(), designators)
                            .filter(|&(word, _)| word >= last_end)
                    {
                        let end = c.end();
                        c.start = after;
                        c.len = (end - after) as u32;
                        c.pre = (after - word) as u32;
                    }
                }
                last_end = c.end();
            }
        }
        // the codes are not needed to map offsets: free them first
        enc.codes = Vec::new();
        let mut cursor = MapCursor::default();
        found
            .into_iter()
            .map(|c| {
                let (t, s, e) = enc.map_from(
                    text,
                    &inner.tables,
                    c.token(),
                    c.start,
                    c.end(),
                    &mut cursor,
                );
                EntityMatch {
                    span: Span::from(s.byte..e.byte),
                    token_start: t.byte,
                    chars: Span::from(s.chars..e.chars),
                    char_token_start: t.chars,
                    utf16: Span::from(s.utf16..e.utf16),
                    utf16_token_start: t.utf16,
                    candidates: &inner.pool
                        [c.list.0 as usize..c.list.1 as usize],
                }
            })
            .collect()
    }

    /// The entities, in the order they were added.
    pub fn entities(&self) -> &[Entity] {
        &self.inner.entities
    }

    /// The entity with this id.
    ///
    /// ```
    /// let russia = arabic_gazetteer::Gazetteer::builtin().get("russia").unwrap();
    /// assert!(russia.has_tag("astana-guarantor"));
    /// ```
    pub fn get(&self, id: &str) -> Option<&Entity> {
        let (entities, by_id) = (&self.inner.entities, &self.inner.by_id);
        by_id
            .binary_search_by(|&i| entities[i as usize].id().cmp(id))
            .ok()
            .map(|at| &entities[by_id[at] as usize])
    }

    /// The number of entities.
    pub fn len(&self) -> usize {
        self.inner.entities.len()
    }

    /// Whether the gazetteer has no entities.
    pub fn is_empty(&self) -> bool {
        self.inner.entities.is_empty()
    }

    /// The number of distinct normalized names in the automaton (elided
    /// article forms included).
    pub fn pattern_count(&self) -> usize {
        self.inner.patterns.len()
    }

    /// The normalization options names and texts go through.
    pub fn normalize_options(&self) -> &NormalizeOptions {
        self.inner.tables.options()
    }

    /// Heap bytes used by the compiled gazetteer: the automaton, the pattern
    /// table, the candidate lists and the entities (shared with their other
    /// clones, if any).
    ///
    /// ```
    /// use arabic_gazetteer::{Entity, EntityKind, Gazetteer};
    ///
    /// let g = Gazetteer::new([Entity::new("x", EntityKind::Misc, "اسم")])
    ///     .unwrap();
    /// assert!(g.memory_usage() > 0);
    /// assert!(Gazetteer::builtin().memory_usage() > g.memory_usage());
    /// ```
    pub fn memory_usage(&self) -> usize {
        let i = &*self.inner;
        let entities: usize = i.entities.iter().map(Entity::heap_size).sum();
        2 * std::mem::size_of::<usize>()
            + std::mem::size_of::<Inner>()
            + i.engine.memory_usage()
            + i.patterns.capacity() * std::mem::size_of::<Pattern>()
            + (i.pool.capacity() + i.entities.capacity())
                * std::mem::size_of::<Entity>()
            + i.by_id.capacity() * 4
            + i.tables.memory_usage()
            + i.designators.as_ref().map_or(0, |d| {
                d.capacity() * (std::mem::size_of::<Vec<u8>>() + 8)
                    + d.iter().map(Vec::capacity).sum::<usize>()
            })
            + entities
    }
}

/// A candidate that passed the boundary and clitic checks (code offsets),
/// kept small: a dense text has one per few dozen bytes.
#[derive(Clone, Copy, Debug)]
struct Candidate {
    start: usize,
    /// `end - start`.
    len: u32,
    /// `start - token`: the proclitics (and designators) before the name.
    pre: u32,
    /// The entities, as a range of the pool; `BLOCK` for an exclusion.
    list: (u32, u32),
}

const BLOCK: (u32, u32) = (u32::MAX, u32::MAX);

impl Candidate {
    fn end(&self) -> usize {
        self.start + self.len as usize
    }

    fn token(&self) -> usize {
        self.start - self.pre as usize
    }

    fn is_block(&self) -> bool {
        self.list == BLOCK
    }
}

const fn is_conj(b: u8) -> bool {
    b == Code::WAW || b == Code::FEH
}

const fn is_prep(b: u8) -> bool {
    b == Code::BEH || b == Code::KAF || b == Code::LAM
}

/// If the code at `at` is preceded, inside its word, by exactly a
/// proclitic stack `[و|ف]?[ب|ك|ل]?` that starts the word, returns the
/// start of the word and whether the stack ends with `ل`.
fn proclitic(codes: &[u8], at: usize) -> Option<(usize, bool)> {
    let c1 = Code::byte_before(codes, at)?;
    if !(is_conj(c1) || is_prep(c1)) {
        return None;
    }
    if !Code::word_before(codes, at - 1) {
        return Some((at - 1, c1 == Code::LAM));
    }
    if !is_prep(c1) {
        return None;
    }
    let c2 = Code::byte_before(codes, at - 1)?;
    if is_conj(c2) && !Code::word_before(codes, at - 2) {
        return Some((at - 2, c1 == Code::LAM));
    }
    None
}

/// Generic nouns that introduce a place name ("the city of …"), for
/// [`GazetteerBuilder::include_designators`].
pub const PLACE_DESIGNATORS: &[&str] = &[
    "مدينة",
    "بلدة",
    "قرية",
    "مخيم",
    "محافظة",
    "ولاية",
    "قضاء",
    "لواء",
    "ناحية",
    "حي",
    "منطقة",
    "إقليم",
    "جزيرة",
    "مقاطعة",
    "مديرية",
    "عاصمة",
];

/// If the word before `at` (one space before it) is a designator, possibly
/// after proclitics, returns its start and the start after the proclitics.
fn designator_before(
    codes: &[u8],
    at: usize,
    designators: &std::collections::HashSet<Vec<u8>>,
) -> Option<(usize, usize)> {
    if at < 2 || codes[at - 1] != b' ' {
        return None;
    }
    let end = at - 1;
    let mut start = end;
    while start > 0 && Code::is_word_byte(codes[start - 1]) {
        start -= 1;
    }
    if Code::word_before(codes, start) || start == end {
        return None;
    }
    if designators.contains(&codes[start..end]) {
        return Some((start, start));
    }
    for after in [start + 1, start + 2] {
        if after < end
            && designators.contains(&codes[after..end])
            && proclitic(codes, after).map(|(t, _)| t) == Some(start)
        {
            return Some((start, after));
        }
    }
    None
}

/// Is the word before `at` (one space before it) a definite noun: `ال…`,
/// possibly after proclitics (`وال…`, `بال…`, `لل…`)?
fn after_definite_noun(codes: &[u8], at: usize) -> bool {
    if at < 2 || codes[at - 1] != b' ' {
        return false;
    }
    let end = at - 1;
    let mut start = end;
    while start > 0 && Code::is_word_byte(codes[start - 1]) {
        start -= 1;
    }
    if Code::word_before(codes, start) {
        return false;
    }
    let mut w = &codes[start..end];
    if let [c, rest @ ..] = w {
        if is_conj(*c) {
            w = rest;
        }
    }
    match w {
        [Code::LAM, Code::LAM, _, ..] => true,
        [p, Code::ALEF, Code::LAM, _, ..]
            if *p == Code::BEH || *p == Code::KAF =>
        {
            true
        }
        [Code::ALEF, Code::LAM, _, ..] => true,
        _ => false,
    }
}

impl Inner {
    /// Pushes the occurrence of `pattern` that ends at `end` if it passes
    /// the boundary and clitic rules.
    #[inline]
    fn check(
        &self,
        codes: &[u8],
        pattern: usize,
        end: usize,
        out: &mut Vec<Candidate>,
    ) {
        let p = &self.patterns[pattern];
        let start = end - p.len as usize;
        if p.last_word && Code::word_at(codes, end) {
            return;
        }
        let (token, list) =
            if !p.first_word || !Code::word_before(codes, start) {
                (start, p.plain)
            } else if let Some((token, lam)) = proclitic(codes, start) {
                let list = if !lam || p.elided.0 == p.elided.1 {
                    p.plain
                } else if p.plain.0 == p.plain.1 {
                    p.elided
                } else {
                    p.both
                };
                (token, list)
            } else {
                return;
            };
        if list.0 == list.1 && !p.block {
            return;
        }
        if p.nisba && token == start && after_definite_noun(codes, start) {
            return;
        }
        out.push(Candidate {
            start,
            len: p.len,
            pre: (start - token) as u32,
            list: if p.block { BLOCK } else { list },
        });
    }
}

/// Builds a [`Gazetteer`] from entities and data files.
///
/// A builder may be reused to build several gazetteers; entities added
/// later come after earlier ones among candidates of equal priority.
///
/// # Examples
///
/// ```
/// use arabic_gazetteer::{Entity, EntityKind, Gazetteer};
///
/// let mut b = Gazetteer::builder();
/// b.add_tsv_str("id\tkind\tname\taliases\n\
///                ghouta\tLOC\tالغوطة الشرقية\tالغوطة\n")?
///  .add_entity(Entity::new("damascus", EntityKind::Location, "دمشق"));
/// let g = b.build()?;
/// let ids: Vec<&str> = g
///     .match_entities("قصف على دمشق من الغوطة")
///     .iter()
///     .map(|m| m.entity().id())
///     .collect();
/// assert_eq!(ids, ["damascus", "ghouta"]);
/// # Ok::<(), arabic_gazetteer::Error>(())
/// ```
#[derive(Clone, Debug, Default)]
pub struct GazetteerBuilder {
    entities: Vec<Entity>,
    /// Where each entity came from: `file:line`, if from a file.
    origins: Vec<Option<(String, usize)>>,
    exclusions: Vec<String>,
    options: NormalizeOptions,
    overlapping: bool,
    designators: bool,
}

impl GazetteerBuilder {
    /// An empty builder with the default options.
    pub fn new() -> GazetteerBuilder {
        GazetteerBuilder::default()
    }

    /// Adds one entity.
    ///
    /// Problems with it (a duplicate id, a name that normalizes to nothing)
    /// are reported by [`build`](GazetteerBuilder::build).
    pub fn add_entity(&mut self, entity: Entity) -> &mut GazetteerBuilder {
        self.entities.push(entity);
        self.origins.push(None);
        self
    }

    /// Adds the entities and exclusions of the embedded default gazetteer,
    /// so that a custom gazetteer can extend it.
    pub fn add_builtin(&mut self) -> &mut GazetteerBuilder {
        for e in Gazetteer::builtin().entities() {
            self.add_entity(e.clone());
        }
        for x in crate::data::exclusions() {
            self.add_exclusion(x);
        }
        self
    }

    /// Adds an exclusion: a phrase in which names must not be found.
    ///
    /// An exclusion matches like a name (whole words, after proclitics) and
    /// takes part in the leftmost-longest resolution, so a name it overlaps
    /// and that does not start before it is not reported; the exclusion
    /// itself never is. It turns away the readings of a name that are
    /// common words: `السياسة الخارجية الروسية` ("Russian foreign policy")
    /// is not the Russian foreign ministry (`الخارجية الروسية`). With
    /// [`overlapping`](GazetteerBuilder::overlapping) matching, exclusions
    /// have no effect.
    ///
    /// A phrase that normalizes to nothing, or is also a name, is reported
    /// by [`build`](GazetteerBuilder::build).
    ///
    /// ```
    /// use arabic_gazetteer::{Entity, EntityKind, Gazetteer};
    ///
    /// let g = Gazetteer::builder()
    ///     .add_entity(Entity::new("ru-mfa", EntityKind::Organization, "الخارجية الروسية"))
    ///     .add_exclusion("السياسة الخارجية")
    ///     .build()
    ///     .unwrap();
    /// assert!(g.match_entities("السياسة الخارجية الروسية").is_empty());
    /// assert_eq!(g.match_entities("وقالت الخارجية الروسية").len(), 1);
    /// ```
    pub fn add_exclusion(
        &mut self,
        phrase: impl Into<String>,
    ) -> &mut GazetteerBuilder {
        self.exclusions.push(phrase.into());
        self
    }

    /// Adds the entities of a TSV data file (see the crate documentation for
    /// the format).
    ///
    /// # Errors
    ///
    /// Nothing is added if any line is bad. The error names the file, the
    /// line and the problem:
    ///
    /// * the file cannot be read, or is not UTF-8;
    /// * the header lacks `id`, `kind` or `name`, or has an unknown or
    ///   repeated column;
    /// * a line has the wrong number of fields, an empty `id`, `kind` or
    ///   `name`, an unknown kind, a priority that is not an integer, an
    ///   empty alias or tag, or a name that normalizes to nothing;
    /// * an id is already used, in this file or before.
    pub fn add_tsv_path(
        &mut self,
        path: impl AsRef<Path>,
    ) -> Result<&mut GazetteerBuilder, Error> {
        let (file, src) = tsv::read(path.as_ref())?;
        self.add_tsv_named(&src, &file)
    }

    /// Adds the entities of TSV data held in a string; errors name the file
    /// `<string>`.
    ///
    /// # Errors
    ///
    /// As [`add_tsv_path`](GazetteerBuilder::add_tsv_path).
    pub fn add_tsv_str(
        &mut self,
        tsv: &str,
    ) -> Result<&mut GazetteerBuilder, Error> {
        self.add_tsv_named(tsv, "<string>")
    }

    /// Adds TSV data, naming it `file` in errors.
    pub(crate) fn add_tsv_named(
        &mut self,
        src: &str,
        file: &str,
    ) -> Result<&mut GazetteerBuilder, Error> {
        self.add_file(file, |add| tsv::parse(src, file, add))
    }

    /// Adds the entities a data file's parser hands over with their line
    /// numbers, all or none: every name must normalize to something and
    /// every id be new. The errors name the file and the line.
    pub(crate) fn add_file(
        &mut self,
        file: &str,
        parse: impl FnOnce(
            &mut dyn FnMut(Entity, usize) -> Result<(), Error>,
        ) -> Result<(), Error>,
    ) -> Result<&mut GazetteerBuilder, Error> {
        let mut ids: std::collections::HashMap<String, String> = self
            .entities
            .iter()
            .zip(&self.origins)
            .map(|(e, o)| (e.id().to_string(), origin(e, o)))
            .collect();
        let mut added = Vec::new();
        let tables = Tables::new(&self.options);
        parse(&mut |e: Entity, line: usize| {
            for name in e.names() {
                if normalized(name, &tables).is_empty() {
                    return Err(Error::at(
                        ErrorKind::NormalizesToEmpty {
                            id: e.id().to_string(),
                            name: name.to_string(),
                        },
                        Some(file),
                        Some(line),
                    ));
                }
            }
            let here = format!("{file}:{line}");
            if let Some(first) = ids.insert(e.id().to_string(), here) {
                return Err(Error::at(
                    ErrorKind::DuplicateId {
                        id: e.id().to_string(),
                        first,
                    },
                    Some(file),
                    Some(line),
                ));
            }
            added.push((e, line));
            Ok(())
        })?;
        for (e, line) in added {
            self.entities.push(e);
            self.origins.push(Some((file.to_string(), line)));
        }
        Ok(self)
    }

    /// Sets the normalization options used for names and texts.
    pub fn normalize_options(
        &mut self,
        options: NormalizeOptions,
    ) -> &mut GazetteerBuilder {
        self.options = options;
        self
    }

    /// When `yes`, [`Gazetteer::match_entities`] returns every candidate
    /// that passes the boundary and clitic rules, overlapping ones included,
    /// instead of resolving them leftmost-longest. Default: `false`.
    ///
    /// ```
    /// use arabic_gazetteer::{Entity, EntityKind::Location, Gazetteer};
    ///
    /// let g = Gazetteer::builder()
    ///     .add_entity(Entity::new("ru", Location, "روسيا"))
    ///     .add_entity(Entity::new("rf", Location, "روسيا الاتحادية"))
    ///     .overlapping(true)
    ///     .build()
    ///     .unwrap();
    /// let ids: Vec<&str> = g
    ///     .match_entities("روسيا الاتحادية")
    ///     .iter()
    ///     .map(|m| m.entity().id())
    ///     .collect();
    /// assert_eq!(ids, ["rf", "ru"]);
    /// ```
    pub fn overlapping(&mut self, yes: bool) -> &mut GazetteerBuilder {
        self.overlapping = yes;
        self
    }

    /// When `yes`, a match of a place that follows generic designators
    /// ([`PLACE_DESIGNATORS`]: `مدينة`, `قرية`, `مخيم`, `قضاء`…) covers them:
    /// `start()` and `token_start()` move to the first designator, so
    /// `في مدينة القدس` gives `مدينة القدس`. This is the span convention of
    /// corpora such as Wojood and ANERcorp; the default (`false`) gives the
    /// name alone.
    ///
    /// ```
    /// use arabic_gazetteer::{Entity, EntityKind, Gazetteer};
    ///
    /// let text = "ولد في قضاء مدينة جنين";
    /// let mut b = Gazetteer::builder();
    /// b.add_entity(Entity::new("jenin", EntityKind::Location, "جنين"));
    /// let g = b.build().unwrap();
    /// assert_eq!(&text[g.match_entities(text)[0].range()], "جنين");
    /// let g = b.include_designators(true).build().unwrap();
    /// assert_eq!(&text[g.match_entities(text)[0].range()], "قضاء مدينة جنين");
    /// ```
    pub fn include_designators(&mut self, yes: bool) -> &mut GazetteerBuilder {
        self.designators = yes;
        self
    }

    /// Compiles the gazetteer. The builder can be used again afterwards.
    ///
    /// # Errors
    ///
    /// * two entities share an id;
    /// * a name or alias is empty or normalizes to nothing (only marks or
    ///   white space);
    /// * the names, normalized, take more than 256 MiB in all.
    pub fn build(&self) -> Result<Gazetteer, Error> {
        // ids in order; of equal ids, the first added first
        let mut by_id: Vec<u32> = (0..self.entities.len() as u32).collect();
        let id = |i: u32| self.entities[i as usize].id();
        by_id.sort_by(|&a, &b| id(a).cmp(id(b)));
        // the first entity (in the order added) whose id is taken
        let duplicate = by_id
            .windows(2)
            .filter(|w| id(w[0]) == id(w[1]))
            .map(|w| (w[1], w[0]))
            .min();
        if let Some((i, first)) = duplicate {
            // (the sort is stable: `first` is the first with that id)
            let (file, line) = location(&self.origins[i as usize]);
            return Err(Error::at(
                ErrorKind::DuplicateId {
                    id: id(i).to_string(),
                    first: origin(
                        &self.entities[first as usize],
                        &self.origins[first as usize],
                    ),
                },
                file,
                line,
            ));
        }

        let tables = Tables::new(&self.options);
        // Every name, the elided form of every name `ال…`, and every
        // exclusion, as a key with its word marks, in one arena; then
        // sorted, so that equal keys are neighbours and the automaton is
        // built from sorted keys.
        let mut arena: Vec<u8> = Vec::new();
        let mut recs: Vec<Rec> = Vec::new();
        for (i, e) in self.entities.iter().enumerate() {
            for name in e.names() {
                let codes = normalized(name, &tables);
                if codes.is_empty() {
                    let (file, line) = location(&self.origins[i]);
                    let kind = if name.trim().is_empty() {
                        ErrorKind::EmptyAlias {
                            id: e.id().to_string(),
                        }
                    } else {
                        ErrorKind::NormalizesToEmpty {
                            id: e.id().to_string(),
                            name: name.to_string(),
                        }
                    };
                    return Err(Error::at(kind, file, line));
                }
                if let Some(elided) = elide_article(&codes) {
                    recs.push(Rec::new(&mut arena, elided, i, Rec::ELIDED));
                }
                recs.push(Rec::new(&mut arena, &codes, i, Rec::PLAIN));
            }
        }
        // exclusions: keys of their own, never names; the first bad one
        // (in the order added) is reported
        let mut bad: Option<(usize, String)> = None;
        for (x, phrase) in self.exclusions.iter().enumerate() {
            let codes = normalized(phrase, &tables);
            if codes.is_empty() {
                bad = bad.or(Some((x, "normalizes to nothing".to_string())));
                continue;
            }
            recs.push(Rec::new(&mut arena, &codes, x, Rec::BLOCK));
        }
        // (the automaton's states are 32-bit offsets)
        if arena.len() > MAX_KEY_BYTES {
            return Err(Error::new(ErrorKind::TooLarge {
                bytes: arena.len(),
                max: MAX_KEY_BYTES,
            }));
        }
        let key = |r: &Rec| &arena[r.start as usize..r.end as usize];
        recs.sort_unstable_by(|a, b| key(a).cmp(key(b)));

        let rank = |a: &u32, b: &u32| {
            let (ea, eb) =
                (&self.entities[*a as usize], &self.entities[*b as usize]);
            eb.priority().cmp(&ea.priority()).then(a.cmp(b))
        };
        // the entities of each list, as indexes, then cloned at the end
        let mut pool_ids: Vec<u32> = Vec::new();
        let mut push = |ids: &[u32]| -> (u32, u32) {
            let start = pool_ids.len() as u32;
            pool_ids.extend_from_slice(ids);
            (start, pool_ids.len() as u32)
        };
        let mut keys = Keys::default();
        let mut patterns = Vec::new();
        let (mut plain, mut elided) = (Vec::new(), Vec::new());
        let mut g = 0;
        while g < recs.len() {
            let k = key(&recs[g]);
            let mut block: Option<usize> = None;
            plain.clear();
            elided.clear();
            while let Some(r) = recs.get(g).filter(|r| key(r) == k) {
                match r.kind {
                    Rec::PLAIN => plain.push(r.id),
                    Rec::ELIDED => elided.push(r.id),
                    _ => {
                        let x = r.id as usize;
                        block = Some(block.map_or(x, |b| b.min(x)));
                    }
                }
                g += 1;
            }
            plain.sort_by(rank);
            plain.dedup();
            elided.sort_by(rank);
            elided.dedup();
            if let (Some(x), Some(&e)) = (block, plain.iter().min()) {
                let earlier = match &bad {
                    Some((b, _)) => x < *b,
                    None => true,
                };
                if earlier {
                    let id = self.entities[e as usize].id();
                    bad =
                        Some((x, format!("is also a name of entity '{id}'")));
                }
            }
            let one_word = !k.contains(&b' ');
            let nisba = one_word
                && k.starts_with(&[Marks::MARK, Code::ALEF, Code::LAM])
                && plain
                    .iter()
                    .any(|&e| self.entities[e as usize].has_tag("nisba"));
            let mut p = Pattern {
                len: k.iter().filter(|&&b| b != Marks::MARK).count() as u32,
                block: block.is_some(),
                nisba,
                plain: push(&plain),
                elided: push(&elided),
                first_word: k.first() == Some(&Marks::MARK),
                last_word: Code::word_before(k, k.len()),
                ..Pattern::default()
            };
            p.both = if plain.is_empty() || elided.is_empty() {
                (0, 0)
            } else {
                let mut both: Vec<u32> =
                    plain.iter().chain(&elided).copied().collect();
                both.sort_by(rank);
                both.dedup();
                push(&both)
            };
            patterns.push(p);
            keys.push(k);
        }
        if let Some((x, problem)) = bad {
            return Err(Error::new(ErrorKind::BadExclusion {
                phrase: self.exclusions[x].clone(),
                problem,
            }));
        }
        drop(recs);
        drop(arena);
        let pool = clones_in_order(&self.entities, &pool_ids);
        let engine = Engine::build(keys);
        Ok(Gazetteer {
            inner: Arc::new(Inner {
                engine,
                patterns,
                pool,
                entities: self.entities.clone(),
                by_id,
                designators: self.designators.then(|| {
                    PLACE_DESIGNATORS
                        .iter()
                        .map(|d| normalized(d, &tables))
                        .collect()
                }),
                tables,
                overlapping: self.overlapping,
            }),
        })
    }
}

/// The compact code of a name, without leading or trailing spaces.
fn normalized(name: &str, tables: &Tables) -> Vec<u8> {
    let mut codes = Encoded::codes(name, tables);
    while codes.last() == Some(&b' ') {
        codes.pop();
    }
    let lead = codes.iter().take_while(|&&b| b == b' ').count();
    codes.drain(..lead);
    codes
}

/// `entities[ids[0]], entities[ids[1]], …`, cloned in the order of the
/// entities: cloning touches each entity's count, and in that order the
/// counts are read one after the other, not at random.
fn clones_in_order(entities: &[Entity], ids: &[u32]) -> Vec<Entity> {
    // the slots of each entity, by counting sort
    let mut start = vec![0u32; entities.len() + 1];
    for &e in ids {
        start[e as usize + 1] += 1;
    }
    for i in 0..entities.len() {
        start[i + 1] += start[i];
    }
    let mut next = start.clone();
    let mut slots = vec![0u32; ids.len()];
    for (slot, &e) in ids.iter().enumerate() {
        slots[next[e as usize] as usize] = slot as u32;
        next[e as usize] += 1;
    }
    let mut pool: Vec<Option<Entity>> = vec![None; ids.len()];
    for (e, entity) in entities.iter().enumerate() {
        for &slot in &slots[start[e] as usize..start[e + 1] as usize] {
            pool[slot as usize] = Some(entity.clone());
        }
    }
    pool.into_iter().flatten().collect()
}

/// The form a name `ال…` takes after the proclitic `ل`, which elides the
/// article's alef: `الأمم` → `لأمم` (in `للأمم`), and before a word that
/// itself starts with `ل` the article's lam too: `اللاذقية` → `لاذقية`
/// (in `للاذقية`).
fn elide_article(codes: &[u8]) -> Option<&[u8]> {
    match codes {
        [Code::ALEF, Code::LAM, Code::LAM, next, ..]
            if Code::is_word_byte(*next) =>
        {
            Some(&codes[2..])
        }
        [Code::ALEF, Code::LAM, next, ..] if Code::is_word_byte(*next) => {
            Some(&codes[1..])
        }
        _ => None,
    }
}

fn location(o: &Option<(String, usize)>) -> (Option<&str>, Option<usize>) {
    match o {
        Some((file, line)) => (Some(file.as_str()), Some(*line)),
        None => (None, None),
    }
}

fn origin(e: &Entity, o: &Option<(String, usize)>) -> String {
    match o {
        Some((file, line)) => format!("{file}:{line}"),
        None => format!("entity '{}' added directly", e.id()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A candidate, comparable.
    type Found = (usize, usize, usize, (u32, u32));

    fn sorted(found: Vec<Candidate>) -> Vec<Found> {
        let mut v: Vec<Found> = found
            .iter()
            .map(|c| (c.start, c.end(), c.token(), c.list))
            .collect();
        v.sort_unstable();
        v
    }

    /// The candidates in `codes`, from a plain automaton of the keys
    /// without their word marks, each occurrence checked by the rules.
    fn plain_candidates(inner: &Inner, codes: &[u8]) -> Vec<Found> {
        let unmarked = inner.engine.keys.iter().map(|k| {
            k.iter()
                .copied()
                .filter(|&b| b != Marks::MARK)
                .collect::<Vec<_>>()
        });
        let plain = aho_corasick::AhoCorasick::builder()
            .match_kind(aho_corasick::MatchKind::Standard)
            .build(unmarked)
            .unwrap();
        let mut found = Vec::new();
        for m in plain.find_overlapping_iter(codes) {
            inner.check(codes, m.pattern().as_usize(), m.end(), &mut found);
        }
        sorted(found)
    }

    /// The candidates in `codes` from `engine`, whose key `k` is the
    /// gazetteer's key `id(k)`.
    fn engine_candidates(
        inner: &Inner,
        engine: &Engine,
        codes: &[u8],
        id: impl Fn(usize) -> usize,
    ) -> Vec<Found> {
        let mut found = Vec::new();
        engine
            .scan(codes, |k, end| inner.check(codes, id(k), end, &mut found));
        sorted(found)
    }

    /// Random gazetteers over a few letters (proclitic letters, alef and
    /// lam among them), spaces and punctuation, and random texts: every
    /// engine, whatever its table size, finds the candidates of a plain
    /// automaton of the unmarked keys.
    #[test]
    fn random_gazetteers_agree_with_a_plain_automaton() {
        struct Rng(u64);
        impl Rng {
            fn below(&mut self, n: usize) -> usize {
                self.0 ^= self.0 << 13;
                self.0 ^= self.0 >> 7;
                self.0 ^= self.0 << 17;
                (self.0 % n as u64) as usize
            }
            fn pick<'a>(&mut self, from: &[&'a str]) -> &'a str {
                from[self.below(from.len())]
            }
        }
        let alphabet = ["و", "ب", "ل", "ا", "م", "ه", " ", "،", "x", "é"];
        let mut rng = Rng(0x0123_4567_89AB_CDEF);
        let (mut built, mut found) = (0, 0);
        for round in 0..300 {
            // (no name of white space only, which is an error)
            let names: Vec<String> = (0..1 + round % 40)
                .map(|i| {
                    let rest: String =
                        (0..i % 6).map(|_| rng.pick(&alphabet)).collect();
                    format!("{}{rest}", alphabet[i % 6])
                })
                .collect();
            // the names, some with proclitics or the article, among other
            // words, with or without separators
            let mut text = String::new();
            for _ in 0..60 {
                text.push_str(rng.pick(&["", "و", "ب", "ل", "ال", "وب", "x"]));
                if rng.below(3) == 0 {
                    let n = 1 + rng.below(4);
                    for _ in 0..n {
                        text.push_str(rng.pick(&alphabet));
                    }
                } else {
                    text.push_str(&names[rng.below(names.len())]);
                }
                text.push_str(rng.pick(&[" ", "،", "", "  ", "ه "]));
            }
            let g = Gazetteer::new(names.iter().enumerate().map(|(i, n)| {
                Entity::new(
                    format!("e{i}"),
                    crate::EntityKind::Misc,
                    n.as_str(),
                )
            }))
            .unwrap();
            built += 1;
            let inner = &*g.inner;
            let enc = Encoded::new(&text, &inner.tables);
            let want = plain_candidates(inner, &enc.codes);
            found += want.len();
            for limit in [0, 1 << 9, 1 << 12, 1 << 30] {
                let engine =
                    Engine::build_with_limit(inner.engine.keys.clone(), limit);
                let got = engine_candidates(inner, &engine, &enc.codes, |k| k);
                assert_eq!(got, want, "{names:?} in {text:?}, table {limit}");
            }
        }
        assert_eq!(built, 300);
        assert!(found > 3000, "{found}");
    }

    /// Names beyond the size the automaton's offsets allow are an error,
    /// not an overflow (the limit is lower in tests).
    #[test]
    fn too_many_names_are_an_error() {
        let name = "ب".repeat(1000);
        let entities = |n: usize| {
            (0..n).map(|i| {
                Entity::new(
                    format!("e{i}"),
                    crate::EntityKind::Misc,
                    format!("{name} {i}"),
                )
            })
        };
        assert!(Gazetteer::new(entities(100)).is_ok());
        let err = Gazetteer::new(entities(1100)).unwrap_err().to_string();
        assert!(err.starts_with("the names are too long in total"), "{err}");
    }

    /// Texts full of the default gazetteer's names, with proclitics, the
    /// article, stray letters and various separators before and after.
    fn name_soup() -> String {
        let names: Vec<&str> = Gazetteer::builtin()
            .entities()
            .iter()
            .flat_map(|e| e.names())
            .collect();
        let before = [
            "", "و", "ف", "ب", "ك", "ل", "وب", "ول", "فل", "لل", "ال", "x",
            "بو",
        ];
        let after = [" ", "، ", "-", "\n", "", "ة ", "ي "];
        let mut state: u64 = 0x2545_F491_4F6C_DD1D;
        let mut next = |n: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % n as u64) as usize
        };
        let mut text = String::new();
        for name in names.iter().step_by(3) {
            text.push_str(before[next(before.len())]);
            text.push_str(name);
            text.push_str(after[next(after.len())]);
        }
        text
    }

    /// Every engine, whatever the size of its table, finds exactly the
    /// candidates of a plain automaton of the keys without word marks whose
    /// every occurrence is checked by the rules.
    #[test]
    fn engine_agrees_with_a_plain_automaton() {
        let g = Gazetteer::builtin();
        let inner = &*g.inner;
        let keys = &inner.engine.keys;
        let soup = name_soup();
        let texts = [
            include_str!("../tests/fixtures/ghouta-astana-2018.txt"),
            "وللأمم المتحدة، فبسوريا ولروسيا وبالأمم المتحدة؛ «مصر»",
            "ﻟﻠﺄﻣﻢ المتحدة 😀روسيا روسياx xروسيا ووروسيا بوروسيا",
            &soup,
        ];
        let engines = [
            Engine::build(keys.clone()),
            Engine::build_with_limit(keys.clone(), 0),
            Engine::build_with_limit(keys.clone(), 1 << 12),
            Engine::build_with_limit(keys.clone(), 1 << 30),
        ];
        let n = keys.len();
        let mut backwards = Keys::default();
        for i in (0..n).rev() {
            backwards.push(keys.get(i));
        }
        let reversed = Engine::build(backwards);
        assert_eq!(engines[1].table_states(), 1);
        assert!(engines[2].deep_states() > 0);
        assert_eq!(engines[3].deep_states(), 0);
        for text in texts {
            let enc = Encoded::new(text, &inner.tables);
            let want = plain_candidates(inner, &enc.codes);
            assert!(!want.is_empty() && want.len() >= text.len() / 200);
            for engine in &engines {
                let got = engine_candidates(inner, engine, &enc.codes, |k| k);
                assert_eq!(got, want, "{text}");
            }
            // keys that do not come sorted
            let got =
                engine_candidates(inner, &reversed, &enc.codes, |k| n - 1 - k);
            assert_eq!(got, want, "{text}");
        }
    }
}
