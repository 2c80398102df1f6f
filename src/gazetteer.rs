//! The compiled gazetteer and its builder.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};

use crate::entity::Entity;
use crate::error::{Error, ErrorKind};
use crate::matches::{EntityMatch, Span};
use crate::normalize::{Code, Encoded, NormalizeOptions};
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
/// Building takes time and memory linear in the total length of all names;
/// searching takes time linear in the length of the text. A search
/// normalizes the text into a compact copy (one byte per Arabic letter,
/// about 55% of the UTF-8 size of Arabic text) plus one checkpoint per 128
/// normalized bytes; offsets into the original text are recovered for
/// matches only. [`Gazetteer::memory_usage`] reports the heap bytes of the
/// compiled gazetteer.
#[derive(Clone, Debug)]
pub struct Gazetteer {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    ac: AhoCorasick,
    patterns: Vec<Pattern>,
    /// Candidate lists, best first; patterns point into it.
    pool: Vec<Entity>,
    entities: Vec<Entity>,
    by_id: HashMap<String, usize>,
    options: NormalizeOptions,
    overlapping: bool,
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
        let enc = Encoded::new(text, &inner.options);
        let mut found = inner.candidates(&enc.codes);
        found.sort_unstable_by_key(|c| (c.start, std::cmp::Reverse(c.end)));
        if !inner.overlapping {
            let mut last_end = 0;
            found.retain(|c| {
                let keep = c.start >= last_end;
                if keep {
                    last_end = c.end;
                }
                keep
            });
        }
        found
            .into_iter()
            .map(|c| {
                let (t, s, e) =
                    enc.map(text, &inner.options, c.token, c.start, c.end);
                EntityMatch {
                    span: Span::from(s.byte..e.byte),
                    token_start: t.byte,
                    chars: Span::from(s.char..e.char),
                    char_token_start: t.char,
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
        self.inner.by_id.get(id).map(|&i| &self.inner.entities[i])
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
        &self.inner.options
    }

    /// Heap bytes used by the compiled gazetteer: the automaton, the pattern
    /// table, the candidate lists and the entities' strings.
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
        let strings: usize = i
            .entities
            .iter()
            .map(|e| {
                std::mem::size_of::<Entity>()
                    + 128
                    + e.names().map(str::len).sum::<usize>()
                    + e.tags().iter().map(String::len).sum::<usize>()
                    + e.name_en().map_or(0, str::len)
            })
            .sum();
        i.ac.memory_usage()
            + i.patterns.capacity() * std::mem::size_of::<Pattern>()
            + i.pool.capacity() * std::mem::size_of::<Entity>()
            + i.by_id.capacity()
                * (std::mem::size_of::<(String, usize)>() + 16)
            + strings
    }
}

/// A candidate that passed the boundary and clitic checks (code offsets).
#[derive(Clone, Copy, Debug)]
struct Candidate {
    token: usize,
    start: usize,
    end: usize,
    list: (u32, u32),
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

impl Inner {
    /// Every candidate that passes the boundary and clitic rules.
    fn candidates(&self, codes: &[u8]) -> Vec<Candidate> {
        let mut out = Vec::new();
        for m in self.ac.find_overlapping_iter(codes) {
            let p = &self.patterns[m.pattern().as_usize()];
            let (start, end) = (m.start(), m.end());
            if p.last_word && Code::word_at(codes, end) {
                continue;
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
                    continue;
                };
            if list.0 == list.1 {
                continue;
            }
            out.push(Candidate {
                token,
                start,
                end,
                list,
            });
        }
        out
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
    options: NormalizeOptions,
    overlapping: bool,
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

    /// Adds the entities of the embedded default gazetteer, so that a custom
    /// gazetteer can extend it.
    pub fn add_builtin(&mut self) -> &mut GazetteerBuilder {
        for e in Gazetteer::builtin().entities() {
            self.add_entity(e.clone());
        }
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
        let path = path.as_ref();
        let file = path.display().to_string();
        let bytes = std::fs::read(path)
            .map_err(|e| Error::at(ErrorKind::Io(e), Some(&file), None))?;
        let src = tsv::utf8(&bytes, &file)?;
        self.add_tsv_named(src, &file)
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
        let mut ids: HashMap<String, String> = self
            .entities
            .iter()
            .zip(&self.origins)
            .map(|(e, o)| (e.id().to_string(), origin(e, o)))
            .collect();
        let mut added = Vec::new();
        tsv::parse(src, file, |e, line| {
            for name in e.names() {
                if normalized(name, &self.options).is_empty() {
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

    /// Compiles the gazetteer. The builder can be used again afterwards.
    ///
    /// # Errors
    ///
    /// * two entities share an id;
    /// * a name or alias is empty or normalizes to nothing (only marks or
    ///   white space);
    /// * the automaton cannot be built (it is too large).
    pub fn build(&self) -> Result<Gazetteer, Error> {
        let mut by_id: HashMap<String, usize> = HashMap::new();
        for (i, e) in self.entities.iter().enumerate() {
            if let Some(&first) = by_id.get(e.id()) {
                let (file, line) = location(&self.origins[i]);
                return Err(Error::at(
                    ErrorKind::DuplicateId {
                        id: e.id().to_string(),
                        first: origin(
                            &self.entities[first],
                            &self.origins[first],
                        ),
                    },
                    file,
                    line,
                ));
            }
            by_id.insert(e.id().to_string(), i);
        }

        // normalized pattern -> (plain entities, elided entities)
        let mut index: HashMap<Vec<u8>, usize> = HashMap::new();
        let mut lists: Vec<(Vec<u32>, Vec<u32>)> = Vec::new();
        let mut keys: Vec<Vec<u8>> = Vec::new();
        let mut add = |key: Vec<u8>, entity: u32, elided: bool| {
            let n = index.len();
            let at = *index.entry(key.clone()).or_insert(n);
            if at == n {
                lists.push((Vec::new(), Vec::new()));
                keys.push(key);
            }
            let l = if elided {
                &mut lists[at].1
            } else {
                &mut lists[at].0
            };
            if l.last() != Some(&entity) {
                l.push(entity);
            }
        };
        for (i, e) in self.entities.iter().enumerate() {
            for name in e.names() {
                let codes = normalized(name, &self.options);
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
                    add(elided.to_vec(), i as u32, true);
                }
                add(codes, i as u32, false);
            }
        }

        let rank = |a: &u32, b: &u32| {
            let (ea, eb) =
                (&self.entities[*a as usize], &self.entities[*b as usize]);
            eb.priority().cmp(&ea.priority()).then(a.cmp(b))
        };
        let mut pool: Vec<Entity> = Vec::new();
        let mut push = |ids: &[u32]| -> (u32, u32) {
            let start = pool.len() as u32;
            pool.extend(
                ids.iter().map(|&i| self.entities[i as usize].clone()),
            );
            (start, pool.len() as u32)
        };
        let mut patterns = Vec::with_capacity(lists.len());
        for ((mut plain, mut elided), key) in lists.into_iter().zip(&keys) {
            plain.sort_by(rank);
            plain.dedup();
            elided.sort_by(rank);
            elided.dedup();
            let mut p = Pattern {
                plain: push(&plain),
                elided: push(&elided),
                first_word: Code::word_at(key, 0),
                last_word: Code::word_before(key, key.len()),
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
        }
        let mut ac = AhoCorasick::builder();
        ac.match_kind(MatchKind::Standard);
        // For a few patterns the default is a DFA, whose construction takes
        // time quadratic in the length of a pattern (hours for a 10 MB
        // name); a long name gets the NFA, linear to build.
        if keys.iter().any(|k| k.len() > LONG_PATTERN) {
            ac.kind(Some(AhoCorasickKind::ContiguousNFA));
        }
        let ac = ac
            .build(&keys)
            .map_err(|e| Error::new(ErrorKind::Automaton(e.to_string())))?;
        Ok(Gazetteer {
            inner: Arc::new(Inner {
                ac,
                patterns,
                pool,
                entities: self.entities.clone(),
                by_id,
                options: self.options,
                overlapping: self.overlapping,
            }),
        })
    }
}

/// Patterns longer than this (in code bytes) are not compiled to a DFA.
const LONG_PATTERN: usize = 1024;

/// The compact code of a name, without leading or trailing spaces.
fn normalized(name: &str, options: &NormalizeOptions) -> Vec<u8> {
    let mut codes = Encoded::new(name, options).codes;
    while codes.last() == Some(&b' ') {
        codes.pop();
    }
    let lead = codes.iter().take_while(|&&b| b == b' ').count();
    codes.drain(..lead);
    codes
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
