//! The automaton a search runs: names in the compact alphabet, each with
//! virtual word marks, compiled to a breadth-first DFA when it fits and to
//! aho-corasick's contiguous NFA otherwise.

use std::collections::VecDeque;

use aho_corasick::automaton::Automaton;
use aho_corasick::nfa::{contiguous, noncontiguous};
use aho_corasick::{dfa, Anchored, MatchKind, StartKind};

use crate::normalize::Code;

/// Patterns longer than this (in code bytes) are not compiled to a DFA.
const LONG_PATTERN: usize = 1024;

/// The largest estimated DFA (transition table) built; larger pattern sets
/// get a contiguous NFA, slower per byte but linear in size.
const DFA_MAX_BYTES: usize = 48 << 20;

/// The automaton: a DFA when it fits comfortably in memory, a contiguous
/// NFA otherwise. Both run on the compact alphabet, unanchored, reporting
/// every match (overlapping).
#[derive(Debug)]
pub(crate) enum Engine {
    Dfa(WordDfa),
    /// With the key index of each of its patterns.
    Nfa(contiguous::NFA, Vec<u32>),
}

impl Engine {
    pub(crate) fn build(
        keys: &[Vec<u8>],
    ) -> Result<Engine, aho_corasick::BuildError> {
        Engine::build_with_limit(keys, DFA_MAX_BYTES)
    }

    /// Builds the automaton of `keys` (names in the compact alphabet), each
    /// with its [word marks](Marks).
    pub(crate) fn build_with_limit(
        keys: &[Vec<u8>],
        dfa_max_bytes: usize,
    ) -> Result<Engine, aho_corasick::BuildError> {
        // the marked keys, added in sorted order: the trie is built along
        // shared prefixes, in cache
        let mut marked = Vec::with_capacity(keys.len());
        for k in keys {
            marked.push(Marks::key(k));
        }
        let mut order: Vec<u32> = (0..keys.len() as u32).collect();
        order.sort_unstable_by(|&a, &b| {
            marked[a as usize].cmp(&marked[b as usize])
        });
        let keys: Vec<&[u8]> =
            order.iter().map(|&i| &marked[i as usize][..]).collect();
        let nfa = noncontiguous::Builder::new()
            .match_kind(MatchKind::Standard)
            .dense_depth(4)
            .prefilter(false)
            .build(&keys)?;
        // an upper bound on the states, times the byte classes in use
        let classes = Classes::new(&keys);
        let states: usize = keys.iter().map(|k| k.len()).sum::<usize>() + 1;
        // A DFA's construction takes time quadratic in the length of a
        // pattern (hours for a 10 MB name): a long name gets the NFA,
        // linear to build.
        let long = keys.iter().any(|k| k.len() > LONG_PATTERN);
        let estimate = states
            .saturating_mul(usize::from(classes.stride))
            .saturating_mul(4);
        if !long && estimate <= dfa_max_bytes {
            if let Ok(d) = dfa::Builder::new()
                .match_kind(MatchKind::Standard)
                .prefilter(false)
                .start_kind(StartKind::Unanchored)
                .build_from_noncontiguous(&nfa)
            {
                if let Some(d) =
                    WordDfa::new(&d, &order, classes, dfa_max_bytes)
                {
                    return Ok(Engine::Dfa(d));
                }
            }
        }
        contiguous::Builder::new()
            .match_kind(MatchKind::Standard)
            .dense_depth(4)
            .prefilter(false)
            .build_from_noncontiguous(&nfa)
            .map(|nfa| Engine::Nfa(nfa, order))
    }

    pub(crate) fn memory_usage(&self) -> usize {
        match self {
            Engine::Dfa(a) => a.memory_usage(),
            Engine::Nfa(a, order) => a.memory_usage() + order.len() * 4,
        }
    }

    /// Calls `f(pattern, end)` for every occurrence of every pattern, with
    /// `end` a code offset.
    pub(crate) fn scan(&self, codes: &[u8], mut f: impl FnMut(usize, usize)) {
        match self {
            Engine::Dfa(a) => a.scan(codes, f),
            Engine::Nfa(a, order) => {
                scan(a, codes, |p, end| f(order[p] as usize, end))
            }
        }
    }
}

/// Where the automaton reads a virtual mark, [`Marks::MARK`]: before each
/// word char that starts a word, or that follows, inside its word, only
/// letters that may be proclitics (`و ف ب ك ل`). Every name that starts
/// with a word char starts with a mark, so a name is found only at a word
/// start or after such letters; inside any other word the automaton stays
/// in its start state, which stays in cache. The caller then checks the
/// exact proclitic rules.
///
/// The marks depend only on the codes since the start of the word, and
/// are the same after a prefix of proclitic letters as at a word start,
/// so a name's marks are those of its occurrences in a text.
pub(crate) struct Marks;

impl Marks {
    /// The mark: a byte no code uses.
    const MARK: u8 = 0xBF;

    // the kinds of code bytes
    const OTHER: u8 = 0;
    const CLITIC: u8 = 1;
    const WORD: u8 = 2;
    const CONT: u8 = 3;

    // the states: outside a word, after proclitic letters only, in a word
    const OUT: u8 = 0;
    const PREFIX: u8 = 1;
    const IN: u8 = 2;
    /// Set in a transition when a mark goes before the byte.
    const MARKED: u8 = 4;

    const KIND: [u8; 256] = {
        let mut k = [Marks::OTHER; 256];
        let mut b = 0;
        while b < 256 {
            let byte = b as u8;
            k[b] = if byte >= 0xC0 {
                Marks::CONT
            } else if is_clitic_letter(byte) {
                Marks::CLITIC
            } else if Code::is_word_byte(byte) || byte == Code::ESC_WORD {
                Marks::WORD
            } else {
                Marks::OTHER
            };
            b += 1;
        }
        k
    };

    /// `NEXT[state * 4 + kind]`: the next state, with `MARKED` if a mark
    /// goes before the byte.
    const NEXT: [u8; 12] = {
        let (o, p, i, m) =
            (Marks::OUT, Marks::PREFIX, Marks::IN, Marks::MARKED);
        [
            // OUT: other, clitic, word, continuation (of a non-word escape)
            o,
            p | m,
            i | m,
            o,
            // PREFIX
            o,
            p | m,
            i | m,
            i,
            // IN
            o,
            i,
            i,
            i,
        ]
    };

    /// Steps from `state` over the code byte `b`.
    #[inline(always)]
    fn step(state: u8, b: u8) -> u8 {
        Marks::NEXT[usize::from(state & 3) * 4
            + usize::from(Marks::KIND[usize::from(b)])]
    }

    /// A name's codes with their marks: the automaton's pattern.
    pub(crate) fn key(codes: &[u8]) -> Vec<u8> {
        let mut out = Vec::with_capacity(codes.len() + codes.len() / 4 + 1);
        let mut state = Marks::OUT;
        for &b in codes {
            state = Marks::step(state, b);
            if state & Marks::MARKED != 0 {
                out.push(Marks::MARK);
            }
            out.push(b);
        }
        out
    }
}

/// `و ف ب ك ل`, the letters of proclitics.
const fn is_clitic_letter(b: u8) -> bool {
    b == Code::WAW
        || b == Code::FEH
        || b == Code::BEH
        || b == Code::KAF
        || b == Code::LAM
}

/// The search loop over an aho-corasick automaton: one transition per code
/// byte, and one per mark; special (match) states are rare.
#[inline]
fn scan<A: Automaton>(a: &A, codes: &[u8], mut f: impl FnMut(usize, usize)) {
    let Ok(mut sid) = a.start_state(Anchored::No) else {
        return;
    };
    let mut state = Marks::OUT;
    for (i, &b) in codes.iter().enumerate() {
        state = Marks::step(state, b);
        if state & Marks::MARKED != 0 {
            // no pattern ends with a mark: never a match state
            sid = a.next_state(Anchored::No, sid, Marks::MARK);
        }
        sid = a.next_state(Anchored::No, sid, b);
        if a.is_special(sid) {
            if a.is_dead(sid) {
                return;
            }
            if a.is_match(sid) {
                for k in 0..a.match_len(sid) {
                    f(a.match_pattern(sid, k).as_usize(), i + 1);
                }
            }
        }
    }
}

/// Byte classes of the compact alphabet: one per byte the patterns use,
/// and one for each kind of byte they do not.
#[derive(Clone, Debug)]
struct Classes {
    of: [u8; 256],
    /// A byte of each class.
    example: Vec<u8>,
    /// The classes, rounded up to even: a state's row in the table.
    stride: u8,
}

impl Classes {
    fn new(keys: &[&[u8]]) -> Classes {
        let mut used = [false; 256];
        for k in keys {
            for &b in k.iter() {
                used[usize::from(b)] = true;
            }
        }
        used[usize::from(Marks::MARK)] = false;
        let mut of = [0u8; 256];
        let mut example = Vec::new();
        // unused bytes: one class per kind
        let mut by_kind = [None; 4];
        for b in 0..=255u8 {
            let class = if used[usize::from(b)] {
                None
            } else {
                by_kind[usize::from(Marks::KIND[usize::from(b)])]
            };
            of[usize::from(b)] = match class {
                Some(c) => c,
                None => {
                    let c = example.len() as u8;
                    example.push(b);
                    if !used[usize::from(b)] {
                        by_kind[usize::from(Marks::KIND[usize::from(b)])] =
                            Some(c);
                    }
                    c
                }
            };
        }
        let stride = (example.len() as u8 + 1) & !1;
        Classes {
            of,
            example,
            stride,
        }
    }
}

/// A DFA over code bytes with the word marks built in: a state is a state
/// of aho-corasick's DFA over marked patterns together with the
/// [`Marks`] state, so the search makes one lookup per code byte.
///
/// States are numbered breadth-first from the start, so the shallow states
/// every search visits share a few pages of the table. A transition is
/// the row offset of its target, with bit 0 set when the target reports
/// matches.
#[derive(Clone, Debug)]
pub(crate) struct WordDfa {
    table: Vec<u32>,
    classes: Classes,
    start: u32,
    /// For the state of row `r`, its patterns are
    /// `patterns[ranges[r / stride]..ranges[r / stride + 1]]`.
    ranges: Vec<u32>,
    patterns: Vec<u32>,
}

impl WordDfa {
    /// The DFA of `d`'s patterns and marks, or `None` if its table would
    /// be larger than `max_bytes`. `d`'s pattern `p` is key `order[p]`.
    fn new(
        d: &dfa::DFA,
        order: &[u32],
        classes: Classes,
        max_bytes: usize,
    ) -> Option<Self> {
        let stride = usize::from(classes.stride);
        let max_states = max_bytes / 4 / stride;
        // product states, by (DFA state, mark state)
        let mut ids: std::collections::HashMap<(u32, u8), u32> =
            std::collections::HashMap::new();
        let mut queue = VecDeque::new();
        let mut table: Vec<u32> = Vec::new();
        let mut ranges = vec![0u32];
        let mut patterns = Vec::new();
        let start = d.start_state(Anchored::No).ok()?;
        let mut intern = |sid: aho_corasick::automaton::StateID,
                          state: u8,
                          table: &mut Vec<u32>,
                          queue: &mut VecDeque<_>|
         -> Option<u32> {
            let key = (sid.as_u32(), state);
            if let Some(&row) = ids.get(&key) {
                return Some(row);
            }
            let n = ids.len();
            if n >= max_states {
                return None;
            }
            let row = (n * stride) as u32 | u32::from(d.is_match(sid));
            ids.insert(key, row);
            table.resize(table.len() + stride, 0);
            queue.push_back((sid, state));
            if d.is_match(sid) {
                for k in 0..d.match_len(sid) {
                    patterns.push(order[d.match_pattern(sid, k).as_usize()]);
                }
            }
            ranges.push(patterns.len() as u32);
            Some(row)
        };
        let start_row = intern(start, Marks::OUT, &mut table, &mut queue)?;
        let mut row = 0;
        while let Some((sid, state)) = queue.pop_front() {
            for (class, &b) in classes.example.iter().enumerate() {
                let next = Marks::step(state, b);
                let mut s = sid;
                if next & Marks::MARKED != 0 {
                    s = d.next_state(Anchored::No, s, Marks::MARK);
                }
                s = d.next_state(Anchored::No, s, b);
                let target = intern(s, next & 3, &mut table, &mut queue)?;
                table[row + class] = target;
            }
            row += stride;
        }
        drop(intern);
        Some(WordDfa {
            table,
            classes,
            start: start_row,
            ranges,
            patterns,
        })
    }

    fn memory_usage(&self) -> usize {
        (self.table.len() + self.ranges.len() + self.patterns.len()) * 4
    }

    #[inline]
    fn scan(&self, codes: &[u8], mut f: impl FnMut(usize, usize)) {
        let (table, of) = (&self.table[..], &self.classes.of);
        let stride = usize::from(self.classes.stride);
        let mut s = self.start;
        if s & 1 == 1 {
            // only an empty pattern would match at the start; there is none
            s &= !1;
        }
        for (i, &b) in codes.iter().enumerate() {
            s = table[s as usize + usize::from(of[usize::from(b)])];
            if s & 1 == 1 {
                s &= !1;
                let state = s as usize / stride;
                let (from, to) = (self.ranges[state], self.ranges[state + 1]);
                for &p in &self.patterns[from as usize..to as usize] {
                    f(p as usize, i + 1);
                }
            }
        }
    }
}
