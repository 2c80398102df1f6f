/*!
Find people, places and organizations in Arabic text.

A curated Arabic gazetteer, embedded in the crate, is compiled once into an
Aho-Corasick automaton. Names and text go through the same Arabic
normalizer, so spelling variants match; proclitics (`و ف ب ك ل`, and `لل`)
are understood; every match names its entity and gives offsets into the
**original** text.

# Overview

* [`match_entities`] searches a text with the embedded default gazetteer.
* [`Gazetteer`] is a compiled gazetteer: [`Gazetteer::builtin`] is the
  default one, [`Gazetteer::builder`] makes your own from [`Entity`] values
  and TSV data files.
* [`EntityMatch`] is one mention: its entity ([`EntityMatch::entity`], all
  [`candidates`](EntityMatch::candidates) when a name is ambiguous) and its
  offsets in bytes, chars and UTF-16 code units.
* [`normalize`] shows what the normalizer makes of a string.
* [`Gazetteer::match_batch`] searches many texts (on several threads with
  the `parallel` feature); [`EntityFilter`] keeps some kinds or tags;
  [`Paragraphs`] reads a text of any size one paragraph at a time, and
  [`TextOffset`] with [`EntityMatch::shifted`] gives offsets into the whole
  text; [`export`] writes JSON Lines, spaCy documents and CoNLL BIO tags.

# Example: the default gazetteer

```
let text = "أعلن الرئيس الروسي فلاديمير بوتين أن روسيا اتخذت قرارها بمساعدة سورية";
let found: Vec<(&str, &str, &str)> = arabic_gazetteer::match_entities(text)
    .iter()
    .map(|m| (m.kind().as_str(), m.entity().id(), &text[m.range()]))
    .collect();
assert_eq!(found, [
    ("PER", "vladimir-putin", "فلاديمير بوتين"),
    ("LOC", "russia", "روسيا"),
    ("LOC", "syria", "سورية"),
]);
```

`الروسي` ("Russian") names no entity: only whole words, or words made of
proclitics and a name, match.

# Example: spelling variants, clitics and original offsets

```
use arabic_gazetteer::match_entities;

// diacritics, tatweel, a proclitic stack (و + ب) and the لل elision
let text = "وبِدِمَشْقَ ومـوسكو وللأمم المتحدة";
let m = match_entities(text);
assert_eq!(m.len(), 3);
assert_eq!(m[0].entity().id(), "damascus");
assert_eq!(&text[m[0].range()], "دِمَشْقَ");
assert_eq!(&text[m[0].token_start()..m[0].end()], "وبِدِمَشْقَ");
assert_eq!(&text[m[1].range()], "مـوسكو");
assert_eq!(m[2].entity().id(), "united-nations");
assert_eq!(&text[m[2].range()], "لأمم المتحدة");
```

# Example: a custom gazetteer

```
use arabic_gazetteer::{Entity, EntityKind, Gazetteer};

let g = Gazetteer::builder()
    .add_tsv_str("id\tkind\tname\taliases\n\
                  opcw\tORG\tمنظمة حظر الأسلحة الكيميائية\tحظر الأسلحة الكيميائية\n")?
    .add_entity(Entity::new("douma", EntityKind::Location, "دوما"))
    .build()?;
let text = "وفد منظمة حظر الأسلحة الكيميائية في دوما";
let ids: Vec<&str> = g.match_entities(text).iter().map(|m| m.entity().id()).collect();
assert_eq!(ids, ["opcw", "douma"]);
# Ok::<(), arabic_gazetteer::Error>(())
```

# Normalization

The default profile, applied to names and text alike:

| rule | effect |
|---|---|
| harakat, tanween U+064B–U+065F, superscript alef U+0670, small high signs U+0610–U+061A, Quranic marks U+06D6–U+06ED and U+08D3–U+08FF, tatweel U+0640 | deleted (a match's span covers them) |
| ZWSP/ZWNJ/ZWJ/LRM/RLM U+200B–U+200F, bidi controls U+202A–U+202E and U+2066–U+2069, ALM U+061C, BOM U+FEFF, soft hyphen U+00AD | deleted |
| `أ إ آ ٱ ٲ ٳ ٵ` | `ا` |
| `ى ی` | `ي` |
| `ة` | `ه` |
| `ک ڪ گ` → `ك`; `پ` → `ب`; `چ` → `ج`; `ژ` → `ز`; `ڤ` → `ف`; `ڨ` → `ق`; `ۀ ہ ھ ە` → `ه` | folded |
| Arabic-Indic and Persian digits | `0`–`9` |
| ASCII letters | lowercased |
| presentation forms U+FB50–U+FDFF, U+FE70–U+FEFE | NFKC, then the rules above |
| any run of white space | one space |
| `ؤ ئ` | kept (an option folds them) |

[`NormalizeOptions`] turns folds off one by one.

# Matching rules

* A match never starts or ends inside a word (a word is a run of letters and
  digits after normalization; deleted marks are transparent).
* A match may start after a proclitic stack at the start of a word:
  `[و|ف]? [ب|ك|ل]?`. After `ل` the article's alef is elided: `للأمم المتحدة`
  is `ل` + `الأمم المتحدة`. [`EntityMatch::start`] is the first letter of the
  name as written; [`EntityMatch::token_start`] is the start of the word.
* No suffixes: `الروسية`, `السوريين`, `موسكوفيتش` name no entity.
* Among candidates that pass these rules, the leftmost-longest wins; a
  candidate that fails them never hides a valid one.
* One surface may name several entities (`عمان`: Oman and Amman): the match
  carries all of them, best first.

Known limits of the clitic rule: a word that happens to be a proclitic
letter followed by a name is read as that name (`بعمان` is always "in
Oman/Amman"); the data avoids names for which such readings are common.

# Data format

One entity per line of a TSV file with a header line; columns are found by
name. `id`, `kind` (`PER`, `LOC`, `ORG`, `MISC`) and `name` are required;
`aliases` and `tags` are `|`-separated lists; `name_en`, `priority` (an
integer, higher first among entities sharing a name) and `source` are
optional. Lines starting with `#` and blank lines are skipped.

```text
id<TAB>kind<TAB>name<TAB>aliases<TAB>name_en<TAB>tags<TAB>source
russia<TAB>LOC<TAB>روسيا<TAB>روسيا الاتحادية<TAB>Russia<TAB>country|astana-guarantor<TAB>curated
```

# Crate features

* `serde` (default): `Serialize` for [`EntityMatch`], [`Entity`] and
  [`EntityKind`]; `Deserialize` for [`Entity`] and [`EntityKind`].
* `json`: JSON Lines gazetteers
  (`GazetteerBuilder::add_jsonl_path`) and the JSON writers of
  [`export`]; adds `serde_json`.
* `parallel`: [`Gazetteer::match_batch`] runs on rayon's thread pool; adds
  `rayon`.
* `cli` (default): the `arabic-gazetteer` command-line tool and its
  dependencies (it turns on `json` and `parallel`, and adds `indicatif`).
  Library users can turn it off with `default-features = false`.
*/

#![deny(missing_docs)]
#![deny(rustdoc::broken_intra_doc_links)]
#![forbid(unsafe_code)]

mod batch;
mod data;
mod engine;
mod entity;
mod error;
pub mod export;
mod filter;
mod gazetteer;
#[cfg(feature = "json")]
mod jsonl;
mod matches;
mod nfa;
mod normalize;
mod stream;
mod tsv;

pub use crate::data::is_stopword;
pub use crate::entity::{Entity, EntityKind, ParseKindError};
pub use crate::error::Error;
pub use crate::filter::EntityFilter;
pub use crate::gazetteer::{Gazetteer, GazetteerBuilder, PLACE_DESIGNATORS};
pub use crate::matches::{EntityMatch, Span};
pub use crate::normalize::{normalize, normalize_with, NormalizeOptions};
pub use crate::stream::{
    Paragraph, Paragraphs, TextOffset, DEFAULT_MAX_PARAGRAPH,
};

/// Finds entity mentions in `text` with the embedded default gazetteer.
///
/// The gazetteer is compiled on the first call (in any thread) and shared
/// afterwards. This is [`Gazetteer::builtin`]`().match_entities(text)`.
///
/// # Examples
///
/// ```
/// let text = "وصل لافروف إلى جنيف";
/// let m = arabic_gazetteer::match_entities(text);
/// assert_eq!(m.len(), 2);
/// assert_eq!((m[0].entity().id(), m[0].start(), m[0].end()), ("sergey-lavrov", 7, 19));
/// assert_eq!((m[1].entity().id(), &text[m[1].range()]), ("geneva", "جنيف"));
/// ```
pub fn match_entities(text: &str) -> Vec<EntityMatch<'static>> {
    Gazetteer::builtin().match_entities(text)
}

#[cfg(test)]
mod testoibits {
    use std::panic::{RefUnwindSafe, UnwindSafe};

    use super::*;

    fn assert_all<T: Send + Sync + UnwindSafe + RefUnwindSafe>() {}

    #[test]
    fn public_types_are_thread_safe() {
        assert_all::<Gazetteer>();
        assert_all::<GazetteerBuilder>();
        assert_all::<Entity>();
        assert_all::<EntityKind>();
        assert_all::<EntityMatch<'static>>();
        assert_all::<Span>();
        assert_all::<NormalizeOptions>();
        assert_all::<ParseKindError>();
        assert_all::<EntityFilter>();
        assert_all::<TextOffset>();
        assert_all::<Paragraph>();
        assert_all::<Paragraphs<&[u8]>>();
        assert_all::<export::MatchRecord<'static>>();
        assert_all::<export::SpacyDoc<'static>>();
        assert_all::<export::BioTag>();
        assert_all::<export::BioToken<'static>>();
    }

    #[test]
    fn error_is_send_sync() {
        fn send_sync<T: Send + Sync>() {}
        send_sync::<Error>();
    }
}

/// The README's examples, compiled and run as doc tests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;

/// Internals exposed for the benchmarks only; not part of the API.
#[doc(hidden)]
pub mod __bench {
    use crate::normalize::{Encoded, NormalizeOptions, Tables};

    /// Encodes `text` into the matcher's compact alphabet (the normalization
    /// pass of a search) and returns the number of codes.
    pub fn encode(text: &str) -> usize {
        static TABLES: once_cell::sync::Lazy<Tables> =
            once_cell::sync::Lazy::new(|| {
                Tables::new(&NormalizeOptions::new())
            });
        Encoded::new_with(text, &TABLES, &mut ()).codes.len()
    }
}
