//! Metamorphic tests over the sample article and generated sentences.
//!
//! For every mention found, the mention is rewritten (harakat, tatweel,
//! ZWNJ, RLM, extra white space, a proclitic) and the text searched again:
//! the same entity must be found, its span must cover exactly the rewritten
//! surface, and every other match must stay as it was (shifted by the
//! change in length). Then the mention is moved into other surroundings:
//! its own match must not change.

use arabic_gazetteer::{match_entities, EntityMatch, Gazetteer};

const ARTICLE: &str = include_str!("fixtures/ghouta-astana-2018.txt");

/// A match in bytes, with every candidate.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Found {
    token: usize,
    start: usize,
    end: usize,
    candidates: Vec<String>,
}

impl Found {
    fn new(m: &EntityMatch<'_>) -> Found {
        Found {
            token: m.token_start(),
            start: m.start(),
            end: m.end(),
            candidates: m
                .candidates()
                .iter()
                .map(|e| e.id().to_string())
                .collect(),
        }
    }

    fn shifted(&self, by: isize) -> Found {
        let s = |x: usize| x.checked_add_signed(by).unwrap();
        Found {
            token: s(self.token),
            start: s(self.start),
            end: s(self.end),
            candidates: self.candidates.clone(),
        }
    }
}

fn found(text: &str) -> Vec<Found> {
    match_entities(text).iter().map(Found::new).collect()
}

/// What replaces `text[token..end]` of a mention, and where the rewritten
/// mention's token, name and end are in it.
struct Rewrite {
    piece: String,
    token: usize,
    start: usize,
    end: usize,
}

impl Rewrite {
    /// `before`, then the proclitics and the name, then `after`.
    fn around(before: &str, clitic: &str, name: &str, after: &str) -> Rewrite {
        Rewrite {
            piece: format!("{before}{clitic}{name}{after}"),
            token: before.len(),
            start: before.len() + clitic.len(),
            end: before.len() + clitic.len() + name.len(),
        }
    }
}

type Rule = fn(clitic: &str, name: &str) -> Option<Rewrite>;

fn is_letter(c: char) -> bool {
    ('\u{0621}'..='\u{064A}').contains(&c) && c != 'ـ'
}

/// `name` with `insert(i)` after its `i`-th Arabic letter when `between`
/// says so for that letter and the char after it.
fn interleave(
    name: &str,
    between: impl Fn(char, Option<char>) -> bool,
    insert: impl Fn(usize) -> &'static str,
) -> String {
    let mut out = String::new();
    let mut chars = name.chars().peekable();
    let mut i = 0;
    while let Some(c) = chars.next() {
        out.push(c);
        if is_letter(c) && between(c, chars.peek().copied()) {
            out.push_str(insert(i));
            i += 1;
        }
    }
    out
}

fn letter_follows(_: char, next: Option<char>) -> bool {
    next.is_some_and(is_letter)
}

const HARAKAT: [&str; 8] = [
    "\u{064E}",
    "\u{064F}",
    "\u{0650}",
    "\u{0652}",
    "\u{0651}\u{064E}",
    "\u{064B}",
    "\u{0670}",
    "\u{064D}",
];

const RULES: [(&str, Rule); 10] = [
    ("harakat after every letter", |clitic, name| {
        let name = interleave(name, |_, _| true, |i| HARAKAT[i % 8]);
        Some(Rewrite::around("", clitic, &name, ""))
    }),
    ("tatweel between letters", |clitic, name| {
        let name = interleave(name, letter_follows, |i| ["ـ", "ـــ"][i % 2]);
        Some(Rewrite::around("", clitic, &name, ""))
    }),
    ("ZWNJ between letters", |clitic, name| {
        let name = interleave(name, letter_follows, |_| "\u{200C}");
        Some(Rewrite::around("", clitic, &name, ""))
    }),
    ("RLM inside and around", |clitic, name| {
        let name = interleave(name, letter_follows, |i| {
            if i == 1 {
                "\u{200F}"
            } else {
                ""
            }
        });
        Some(Rewrite::around("\u{200F}", clitic, &name, "\u{200F}"))
    }),
    ("extra white space inside and around", |clitic, name| {
        let name = name.split(' ').collect::<Vec<_>>().join("  \n\t\u{A0} ");
        Some(Rewrite::around("  ", clitic, &name, " \n "))
    }),
    ("proclitic و", |clitic, name| {
        clitic
            .is_empty()
            .then(|| Rewrite::around("", "و", name, ""))
    }),
    ("proclitic ب", |clitic, name| {
        clitic
            .is_empty()
            .then(|| Rewrite::around("", "ب", name, ""))
    }),
    ("proclitic ل, article elided", |clitic, name| {
        if !clitic.is_empty() {
            return None;
        }
        // ل + الأمم is written للأمم: the name starts at the second lam.
        // ل + اللاذقية is written للاذقية.
        let rest = match name.strip_prefix("ال") {
            Some(r) if r.starts_with('ل') => r,
            Some(_) => &name["ا".len()..],
            None => name,
        };
        Some(Rewrite::around("ل", "", rest, "").with_token_at(0))
    }),
    ("proclitics و + ب", |clitic, name| {
        clitic
            .is_empty()
            .then(|| Rewrite::around("", "وب", name, ""))
    }),
    ("everything at once", |clitic, name| {
        let name = interleave(name, letter_follows, |i| {
            ["\u{064E}ـ", "\u{200C}", "\u{0651}\u{200F}", "ـ\u{0650}"][i % 4]
        });
        let name = name.split(' ').collect::<Vec<_>>().join(" \u{2003}\n");
        // a mark after the last letter belongs to the name
        let name = format!("{name}\u{0651}");
        let clitic = if clitic.is_empty() { "و" } else { clitic };
        Some(Rewrite::around("\u{200F} ", clitic, &name, " \u{200E}"))
    }),
];

impl Rewrite {
    /// The token starts at `at` (a proclitic was put in `before`).
    fn with_token_at(mut self, at: usize) -> Rewrite {
        self.token = at;
        self
    }
}

/// Rewrites each mention of `text` in turn with `rule` and checks the new
/// text's matches. Returns how many rewrites were checked.
fn check_rule(text: &str, what: &str, rule: Rule) -> usize {
    let before = found(text);
    let mut checked = 0;
    for (i, m) in before.iter().enumerate() {
        let clitic = &text[m.token..m.start];
        let name = &text[m.start..m.end];
        let Some(r) = rule(clitic, name) else {
            continue;
        };
        let new_text =
            format!("{}{}{}", &text[..m.token], r.piece, &text[m.end..]);
        let delta = r.piece.len() as isize - (m.end - m.token) as isize;
        let mut want: Vec<Found> = before[..i].to_vec();
        want.push(Found {
            token: m.token + r.token,
            start: m.token + r.start,
            end: m.token + r.end,
            candidates: m.candidates.clone(),
        });
        want.extend(before[i + 1..].iter().map(|f| f.shifted(delta)));
        let got = found(&new_text);
        if got != want {
            let near = |f: &[Found]| -> Vec<(String, Vec<String>)> {
                f.iter()
                    .filter(|f| {
                        f.end + 40 > m.token
                            && f.token < m.end + 40 + r.piece.len()
                    })
                    .map(|f| {
                        (
                            new_text
                                .get(f.token..f.end)
                                .unwrap_or("?")
                                .to_string(),
                            f.candidates.clone(),
                        )
                    })
                    .collect()
            };
            panic!(
                "{what}: {:?} rewritten as {:?}\n got near it: {:?}\nwant: {:?}",
                &text[m.token..m.end],
                r.piece,
                near(&got),
                near(&want)
            );
        }
        checked += 1;
    }
    checked
}

fn check_all_rules(text: &str) -> usize {
    RULES
        .iter()
        .map(|(what, rule)| check_rule(text, what, *rule))
        .sum()
}

#[test]
fn rewritten_mentions_in_the_article() {
    let n = found(ARTICLE).len();
    assert!(n > 50, "{n} mentions");
    let checked = check_all_rules(ARTICLE);
    // every rule applies to every mention, except the proclitic rules to
    // mentions that already have one
    assert!(checked > n * 7, "{checked} rewrites checked");
}

/// Texts around which a mention is put; none of them names anything.
const CONTEXTS: [(&str, &str); 9] = [
    ("", ""),
    ("قال المصدر إن ", " في بيان نشر اليوم."),
    ("(", ")"),
    ("«", "»، "),
    ("\n\n", "\n"),
    ("٢٠١٨: ", "؛ ١٢"),
    ("x ", " y"),
    ("\u{200F}", "\u{200F}"),
    ("هذا ما أعلنه أمس ", "! ثم"),
];

/// Puts each mention of `text`, with its proclitics, into other texts: the
/// mention gives the same match there.
fn check_contexts(text: &str, paragraphs: &[&str]) -> usize {
    let mut checked = 0;
    for m in found(text) {
        let token = &text[m.token..m.end];
        let mut contexts: Vec<(String, String)> = CONTEXTS
            .iter()
            .map(|(b, a)| (b.to_string(), a.to_string()))
            .collect();
        // paragraphs of the article before and after it
        for (i, p) in paragraphs.iter().enumerate() {
            let q = paragraphs[(i + 3) % paragraphs.len()];
            contexts.push((format!("{p}.\n"), format!("\n.{q}")));
        }
        for (before, after) in contexts {
            let new_text = format!("{before}{token}{after}");
            let mut want = found(&before);
            want.push(m.shifted(before.len() as isize - m.token as isize));
            let at = before.len() + token.len();
            want.extend(found(&after).iter().map(|f| f.shifted(at as isize)));
            assert_eq!(found(&new_text), want, "{new_text:?}");
            checked += 1;
        }
    }
    checked
}

#[test]
fn mentions_in_the_article_keep_their_match_in_other_surroundings() {
    for (b, a) in CONTEXTS {
        assert!(found(&format!("{b} {a}")).is_empty(), "{b:?} {a:?}");
    }
    let paragraphs: Vec<&str> = ARTICLE
        .lines()
        .filter(|l| !l.trim().is_empty())
        .take(4)
        .collect();
    assert!(check_contexts(ARTICLE, &paragraphs) > 500);
}

/// Deterministic sentences: filler words, names of the default gazetteer
/// with and without proclitics, and punctuation.
fn sentences(n: usize) -> Vec<String> {
    const FILLER: [&str; 16] = [
        "قال",
        "إن",
        "في",
        "من",
        "على",
        "أعلن",
        "المتحدث",
        "اليوم",
        "بيان",
        "الوفد",
        "وصل",
        "بعد",
        "اجتماع",
        "مع",
        "حول",
        "الوضع",
    ];
    const PUNCT: [&str; 6] = [" ", " ", " ", "، ", ". ", "\n"];
    const CLITICS: [&str; 6] = ["", "", "و", "ب", "ل", "وب"];
    let names: Vec<&str> = Gazetteer::builtin()
        .entities()
        .iter()
        .flat_map(|e| e.names())
        .collect();
    let mut state: u64 = 0x2545_F491_4F6C_DD1D;
    let mut next = move |k: usize| {
        state ^= state >> 12;
        state ^= state << 25;
        state ^= state >> 27;
        (state.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 33) as usize % k
    };
    (0..n)
        .map(|_| {
            let mut s = String::new();
            for _ in 0..6 + next(6) {
                if next(3) == 0 {
                    s.push_str(CLITICS[next(CLITICS.len())]);
                    s.push_str(names[next(names.len())]);
                } else {
                    s.push_str(FILLER[next(FILLER.len())]);
                }
                s.push_str(PUNCT[next(PUNCT.len())]);
            }
            s
        })
        .collect()
}

#[test]
fn rewritten_mentions_in_generated_sentences() {
    let mut mentions = 0;
    let mut checked = 0;
    for s in sentences(300) {
        mentions += found(&s).len();
        checked += check_all_rules(&s);
    }
    assert!(mentions > 300, "{mentions} mentions");
    assert!(checked > mentions * 7, "{checked} rewrites checked");
}

#[test]
fn mentions_in_generated_sentences_keep_their_match_in_other_surroundings() {
    let generated = sentences(100);
    let others: Vec<&str> = generated[..3].iter().map(|s| s.trim()).collect();
    let checked: usize =
        generated.iter().map(|s| check_contexts(s, &others)).sum();
    assert!(checked > 1000, "{checked}");
}
