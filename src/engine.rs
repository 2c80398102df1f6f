//! The automaton a search runs: names in the compact alphabet, each with
//! virtual word marks, in an Aho-Corasick automaton. The states near the
//! start are also a DFA table in breadth-first order, with the marks built
//! in; deeper states, which few searches reach, are stepped in the NFA.

use std::collections::VecDeque;

use crate::nfa::{Keys, Nfa, State, Trie, START};
use crate::normalize::{Code, Sink};

/// The largest DFA table built (bytes); the states beyond it stay in the
/// NFA.
const TABLE_MAX_BYTES: usize = 12 << 20;

/// Bit 0 of a table entry: the target state reports matches.
const MATCH: u32 = 1;
/// Bit 1 of a table entry: the target is an NFA state, `deep[entry >> 2]`.
const DEEP: u32 = 2;

/// The compiled names: a DFA table for the states near the start, and the
/// NFA for the others.
///
/// A table entry is the row offset of its target state (a multiple of 4),
/// with the flags [`MATCH`] and [`DEEP`]. A search walks the table, one
/// lookup per code; at a deep entry it steps the NFA (and the marks) until
/// the NFA is back in a state the table has, then returns to the table.
#[derive(Clone, Debug)]
pub(crate) struct Engine {
    table: Vec<u32>,
    classes: Classes,
    /// The row of the start state.
    start: u32,
    /// For the table state of row `r`, its key indexes are
    /// `patterns[ranges[r / stride]..ranges[r / stride + 1]]`.
    ranges: Vec<u32>,
    patterns: Vec<u32>,
    /// NFA states (with their marks state) the table leads to.
    deep: Vec<(State, u8)>,
    nfa: Nfa,
    /// The keys.
    #[cfg(test)]
    pub(crate) keys: Keys,
}

impl Engine {
    /// The automaton of `keys`, names in the compact alphabet with their
    /// [word marks](Marks), fastest to build when they come sorted.
    pub(crate) fn build(keys: Keys) -> Engine {
        Engine::build_with_limit(keys, TABLE_MAX_BYTES)
    }

    /// [`Engine::build`], with a table of at most `table_max_bytes` (but at
    /// least one state).
    pub(crate) fn build_with_limit(
        keys: Keys,
        table_max_bytes: usize,
    ) -> Engine {
        let mut order: Vec<u32> = (0..keys.len() as u32).collect();
        let sorted = (1..keys.len()).all(|i| keys.get(i - 1) <= keys.get(i));
        if !sorted {
            order.sort_unstable_by(|&a, &b| {
                keys.get(a as usize).cmp(keys.get(b as usize))
            });
        }
        let trie = Trie::new(&keys, &order);
        let classes = Classes::new(&keys);
        #[cfg_attr(not(test), allow(clippy::let_and_return))]
        let engine = Engine::with_table(trie, classes, table_max_bytes);
        #[cfg(test)]
        let engine = Engine { keys, ..engine };
        engine
    }

    /// Packs `trie` into the NFA, with the table of its states nearest the
    /// start, breadth-first, in at most `max_bytes` (at least one state).
    fn with_table(trie: Trie, classes: Classes, max_bytes: usize) -> Engine {
        let stride = usize::from(classes.stride);
        let max_states = (max_bytes / 4 / stride).max(1);
        // (a state is in the table with one or two marks states, mostly)
        let states = max_states.min(2 * trie.len());
        let mut t = Table {
            max_states,
            stride,
            entries: vec![[NO_ENTRY; 3]; trie.len()],
            queue: VecDeque::new(),
            table: Vec::with_capacity(states * stride),
            ranges: vec![0],
            patterns: Vec::new(),
            deep: Vec::new(),
        };
        let start_entry = t.entry(&trie, START, Marks::OUT);
        let mut rows = Rows::new(&trie, &classes, states);
        let mark = classes.example.len();
        let mut row = 0;
        while let Some((sid, state)) = t.queue.pop_front() {
            let plain = rows.row(&trie, &classes, sid);
            let after_mark = rows.data[plain + mark];
            let marked = rows.row(&trie, &classes, after_mark);
            // most classes of a row lead to one or two states
            let mut recent = [(NO_ENTRY, 0u8, 0u32); 2];
            for (class, &b) in classes.example.iter().enumerate() {
                let next = Marks::step(state, b);
                let s = if next & Marks::MARKED != 0 {
                    rows.data[marked + class]
                } else {
                    rows.data[plain + class]
                };
                let key = (s, next & 3);
                let e = match recent.iter().find(|r| (r.0, r.1) == key) {
                    Some(r) => r.2,
                    None => {
                        let e = t.entry(&trie, s, next & 3);
                        recent = [recent[1], (s, next & 3, e)];
                        e
                    }
                };
                t.table[row + class] = e;
            }
            row += stride;
        }
        // the rows of the trie states in the table, for the way back from
        // the NFA
        for e in t.entries.iter_mut().flatten() {
            if *e == NO_ENTRY || *e & DEEP != 0 {
                *e = NO_ENTRY;
            } else {
                *e &= !MATCH;
            }
        }
        drop(rows);
        let Table {
            mut table,
            mut ranges,
            mut patterns,
            deep,
            entries,
            ..
        } = t;
        table.shrink_to_fit();
        ranges.shrink_to_fit();
        patterns.shrink_to_fit();
        let (nfa, packed) = trie.pack(&entries);
        drop(entries);
        let deep: Vec<(State, u8)> = deep
            .into_iter()
            .map(|(s, state)| (packed[s as usize], state))
            .collect();
        Engine {
            table,
            classes,
            start: start_entry,
            ranges,
            patterns,
            deep,
            nfa,
            #[cfg(test)]
            keys: Keys::default(),
        }
    }

    #[cfg(test)]
    pub(crate) fn table_states(&self) -> usize {
        self.table.len() / usize::from(self.classes.stride)
    }

    #[cfg(test)]
    pub(crate) fn deep_states(&self) -> usize {
        self.deep.len()
    }

    pub(crate) fn memory_usage(&self) -> usize {
        (self.table.capacity()
            + self.ranges.capacity()
            + self.patterns.capacity())
            * 4
            + self.deep.capacity() * std::mem::size_of::<(State, u8)>()
            + self.classes.example.capacity()
            + self.nfa.memory_usage()
    }

    /// Calls `f(key, end)` for every occurrence of every key in `codes`,
    /// with `end` a code offset.
    #[cfg(test)]
    pub(crate) fn scan(&self, codes: &[u8], mut f: impl FnMut(usize, usize)) {
        let mut scanner = Scanner::new(self);
        for (at, &c) in codes.iter().enumerate() {
            scanner.code(c, at);
        }
        for &(key, end) in &scanner.hits {
            f(key as usize, end as usize);
        }
    }
}

/// A search in progress: the engine's state, stepped one code at a time
/// (as the encoder writes them), and the occurrences found.
pub(crate) struct Scanner<'a> {
    engine: &'a Engine,
    /// The table entry of the current state (without flags), unless deep.
    entry: u32,
    /// In the NFA: its state, and the marks state.
    deep: Option<(State, u8)>,
    /// Every occurrence of every key so far: (key, end code offset).
    pub(crate) hits: Vec<(u32, u32)>,
}

impl<'a> Scanner<'a> {
    pub(crate) fn new(engine: &'a Engine) -> Scanner<'a> {
        Scanner {
            engine,
            // no key is empty: the start state reports nothing
            entry: engine.start & !MATCH,
            deep: None,
            hits: Vec::new(),
        }
    }

    /// After a table entry with flags, at code offset `end`.
    #[cold]
    #[inline(never)]
    fn special(&mut self, e: u32, end: usize) {
        let engine = self.engine;
        if e & DEEP == 0 {
            self.entry = e & !MATCH;
            let state =
                self.entry as usize / usize::from(engine.classes.stride);
            let (from, to) = (engine.ranges[state], engine.ranges[state + 1]);
            for &p in &engine.patterns[from as usize..to as usize] {
                self.hits.push((p, end as u32));
            }
        } else {
            let (sid, state) = engine.deep[(e >> 2) as usize];
            self.deep_at(sid, state, end);
        }
    }

    /// In the NFA state `sid` after code offset `end`: reports its keys,
    /// and goes back to the table as soon as the table has the state.
    fn deep_at(&mut self, sid: State, state: u8, end: usize) {
        let nfa = &self.engine.nfa;
        let hits = &mut self.hits;
        nfa.for_each_key(sid, |k| hits.push((k, end as u32)));
        match nfa.row(sid, state) {
            Some(row) => {
                self.entry = row;
                self.deep = None;
            }
            None => self.deep = Some((sid, state)),
        }
    }

    /// One code in the NFA.
    #[cold]
    #[inline(never)]
    fn deep_code(&mut self, c: u8, at: usize) {
        let Some((mut sid, state)) = self.deep else {
            return;
        };
        let nfa = &self.engine.nfa;
        let next = Marks::step(state, c);
        if next & Marks::MARKED != 0 {
            sid = nfa.next_state(sid, Marks::MARK);
        }
        sid = nfa.next_state(sid, c);
        self.deep_at(sid, next & 3, at + 1);
    }
}

impl Sink for Scanner<'_> {
    #[inline(always)]
    fn code(&mut self, c: u8, at: usize) {
        if self.deep.is_some() {
            self.deep_code(c, at);
            return;
        }
        let engine = self.engine;
        let e = engine.table[self.entry as usize
            + usize::from(engine.classes.of[usize::from(c)])];
        if e & (MATCH | DEEP) == 0 {
            self.entry = e;
        } else {
            self.special(e, at + 1);
        }
    }
}

/// Rows of the trie as a DFA over the byte classes and the mark (its last
/// column), built on demand: a state's row is its failure state's row with
/// its own transitions written over it.
struct Rows {
    /// The offset of each state's row in `data`, or `NO_ENTRY`.
    at: Vec<u32>,
    data: Vec<State>,
    width: usize,
}

impl Rows {
    /// Rows for about `states` states.
    fn new(trie: &Trie, classes: &Classes, states: usize) -> Rows {
        let width = classes.example.len() + 1;
        let start = trie.start_transitions();
        let mut data: Vec<State> = Vec::with_capacity(states * width);
        data.extend(classes.example.iter().map(|&b| start[usize::from(b)]));
        data.push(start[usize::from(Marks::MARK)]);
        let mut at = vec![NO_ENTRY; trie.len()];
        at[START as usize] = 0;
        Rows { at, data, width }
    }

    /// The offset of the row of `s` in `data`.
    fn row(&mut self, trie: &Trie, classes: &Classes, s: State) -> usize {
        if self.at[s as usize] != NO_ENTRY {
            return self.at[s as usize] as usize;
        }
        // the states up the failure chain that have no row yet
        let mut chain = vec![s];
        let mut base = trie.fail(s);
        while self.at[base as usize] == NO_ENTRY {
            chain.push(base);
            base = trie.fail(base);
        }
        let mut base = self.at[base as usize] as usize;
        while let Some(x) = chain.pop() {
            let r = self.data.len();
            self.data.extend_from_within(base..base + self.width);
            let (bytes, next) = trie.transitions_of(x);
            for (&b, &n) in bytes.iter().zip(next) {
                let col = if b == Marks::MARK {
                    self.width - 1
                } else {
                    usize::from(classes.of[usize::from(b)])
                };
                self.data[r + col] = n;
            }
            self.at[x as usize] = r as u32;
            base = r;
        }
        base
    }
}

/// The table under construction.
struct Table {
    max_states: usize,
    stride: usize,
    /// The entry of each (trie state, marks state), or `NO_ENTRY`.
    entries: Vec<[u32; 3]>,
    /// Rows to fill.
    queue: VecDeque<(State, u8)>,
    table: Vec<u32>,
    ranges: Vec<u32>,
    patterns: Vec<u32>,
    /// Trie states the table leads to, beyond it.
    deep: Vec<(State, u8)>,
}

/// No entry yet, in [`Table::entries`] and [`Rows::at`].
const NO_ENTRY: u32 = u32::MAX;

impl Table {
    /// The entry for (`sid`, `state`): a new row while there is room, then
    /// a deep state.
    fn entry(&mut self, trie: &Trie, sid: State, state: u8) -> u32 {
        let e = self.entries[sid as usize][usize::from(state)];
        if e != NO_ENTRY {
            return e;
        }
        let flag = if trie.is_match(sid) { MATCH } else { 0 };
        let rows = self.table.len() / self.stride;
        let e = if rows < self.max_states {
            let row = self.table.len() as u32;
            self.table.resize(self.table.len() + self.stride, 0);
            self.queue.push_back((sid, state));
            let patterns = &mut self.patterns;
            trie.for_each_key(sid, |k| patterns.push(k));
            self.ranges.push(self.patterns.len() as u32);
            row | flag
        } else {
            self.deep.push((sid, state));
            ((self.deep.len() - 1) as u32) << 2 | DEEP | flag
        };
        self.entries[sid as usize][usize::from(state)] = e;
        e
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
    pub(crate) const MARK: u8 = 0xBF;

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

    /// Appends a name's codes with their marks (the automaton's key) to
    /// `out`.
    pub(crate) fn key_into(codes: &[u8], out: &mut Vec<u8>) {
        let mut state = Marks::OUT;
        for &b in codes {
            state = Marks::step(state, b);
            if state & Marks::MARKED != 0 {
                out.push(Marks::MARK);
            }
            out.push(b);
        }
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

/// Byte classes of the compact alphabet: one per byte the patterns use,
/// and one for each kind of byte they do not.
#[derive(Clone, Debug)]
struct Classes {
    of: [u8; 256],
    /// A byte of each class.
    example: Vec<u8>,
    /// The classes, rounded up to a multiple of 4: a state's row in the
    /// table.
    stride: u8,
}

impl Classes {
    fn new(keys: &Keys) -> Classes {
        let mut used = [false; 256];
        for k in keys.iter() {
            for &b in k {
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
        let stride = (example.len() as u8 + 3) & !3;
        Classes {
            of,
            example,
            stride,
        }
    }
}
