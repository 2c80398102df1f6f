//! An Aho-Corasick automaton over byte strings, built from sorted keys:
//! a trie numbered breadth-first, failure links, and output links.
//!
//! Building from sorted keys needs no search: each key shares a prefix
//! with the previous one and adds its new bytes as last children. States
//! are then numbered breadth-first, the order the failure links are
//! computed in; packed, they are laid out depth first, in key order, so
//! that a walk along a key reads on in memory.

/// Byte strings one after the other.
#[derive(Clone, Debug, Default)]
pub(crate) struct Keys {
    bytes: Vec<u8>,
    /// Key `i` ends at `ends[i]`.
    ends: Vec<u32>,
}

impl Keys {
    pub(crate) fn push(&mut self, key: &[u8]) {
        self.bytes.extend_from_slice(key);
        self.ends.push(self.bytes.len() as u32);
    }

    pub(crate) fn len(&self) -> usize {
        self.ends.len()
    }

    pub(crate) fn get(&self, i: usize) -> &[u8] {
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        &self.bytes[start..self.ends[i] as usize]
    }

    pub(crate) fn iter(&self) -> impl Iterator<Item = &[u8]> + '_ {
        (0..self.len()).map(|i| self.get(i))
    }

    pub(crate) fn total_len(&self) -> usize {
        self.bytes.len()
    }
}

/// A state of the automaton: its index.
pub(crate) type State = u32;

/// No state (in `out`).
const NONE: State = State::MAX;

/// The start state.
pub(crate) const START: State = 0;

/// The automaton, packed: a state is an offset in `repr`, where it takes
/// `[fail, n | flags, n bytes (four per word), n targets, match, rows]`,
/// so a step from a state reads one or two cache lines. `match` (present
/// with `MATCH_BIT`) indexes `ends` and `out`; `rows` (present with
/// `ROWS_BIT`) are three words the caller gave [`Trie::pack`].
#[derive(Clone, Debug)]
pub(crate) struct Nfa {
    repr: Vec<u32>,
    /// The start state's transitions, dense (`START` where none).
    start: Box<[State; 256]>,
    /// Match records: the keys of record `m` are
    /// `keys[ends[m]..ends[m + 1]]`, and `out[m]` is the next state on the
    /// failure chain that reports keys of its own, or `NONE`.
    ends: Vec<u32>,
    keys: Vec<u32>,
    out: Vec<State>,
}

const MATCH_BIT: u32 = 1 << 31;
/// The state has a `rows` part: three words given to [`Trie::pack`].
const ROWS_BIT: u32 = 1 << 30;

/// The number of transitions, below the flags.
const N_MASK: u32 = 0x1FF;

/// The automaton with states as indexes (breadth-first), as built, before
/// it is packed.
pub(crate) struct Trie {
    /// The states in the order they were created: depth first, in key
    /// order.
    created: Vec<State>,
    /// The transitions of state `s` are `bytes[first[s]..first[s + 1]]`
    /// (sorted) to `next[..]`.
    first: Vec<u32>,
    bytes: Vec<u8>,
    next: Vec<State>,
    /// The start state's transitions, dense (`START` where none).
    start: Box<[State; 256]>,
    fail: Vec<State>,
    /// The nearest state on the failure chain (excluding itself) that ends
    /// keys, or `NONE`.
    out: Vec<State>,
    /// The keys that end at state `s`: `keys[ends[s]..ends[s + 1]]`.
    ends: Vec<u32>,
    keys: Vec<u32>,
}

impl Nfa {
    /// The automaton of `keys[order[0]], keys[order[1]], …`, which must be
    /// sorted. Key ids are indexes in `keys`.
    #[cfg(test)]
    pub(crate) fn new(keys: &Keys, order: &[u32]) -> Nfa {
        Trie::new(keys, order).pack(&[]).0
    }

    /// The offset of the targets of `s`, and their number.
    #[inline]
    fn targets(&self, s: State) -> (usize, usize) {
        let n = (self.repr[s as usize + 1] & N_MASK) as usize;
        (s as usize + 2 + n.div_ceil(4), n)
    }

    /// Does `s` report keys (its own or on its failure chain)?
    #[inline]
    pub(crate) fn is_match(&self, s: State) -> bool {
        self.repr[s as usize + 1] & MATCH_BIT != 0
    }

    /// Calls `f` with every key `s` reports.
    #[inline]
    pub(crate) fn for_each_key(&self, s: State, mut f: impl FnMut(u32)) {
        if !self.is_match(s) {
            return;
        }
        let (at, n) = self.targets(s);
        let mut m = self.repr[at + n] as usize;
        loop {
            for &k in
                &self.keys[self.ends[m] as usize..self.ends[m + 1] as usize]
            {
                f(k);
            }
            let next = self.out[m];
            if next == NONE {
                return;
            }
            let (at, n) = self.targets(next);
            m = self.repr[at + n] as usize;
        }
    }

    /// The state after `b` from `s` (unanchored).
    #[inline]
    pub(crate) fn next_state(&self, mut s: State, b: u8) -> State {
        loop {
            if s == START {
                return self.start[usize::from(b)];
            }
            let at = s as usize;
            let n = (self.repr[at + 1] & N_MASK) as usize;
            let words = n.div_ceil(4);
            for i in 0..n {
                if (self.repr[at + 2 + i / 4] >> (8 * (i % 4))) as u8 == b {
                    return self.repr[at + 2 + words + i];
                }
            }
            s = self.repr[at];
        }
    }

    /// The word given to [`Trie::pack`] for `s` in column `k`, if any.
    #[inline]
    pub(crate) fn row(&self, s: State, k: u8) -> Option<u32> {
        let flags = self.repr[s as usize + 1];
        if flags & ROWS_BIT == 0 {
            return None;
        }
        let (at, n) = self.targets(s);
        let at = at + n + usize::from(flags & MATCH_BIT != 0);
        let row = self.repr[at + usize::from(k)];
        (row != NONE).then_some(row)
    }

    pub(crate) fn memory_usage(&self) -> usize {
        (self.repr.capacity()
            + 256
            + self.ends.capacity()
            + self.keys.capacity()
            + self.out.capacity())
            * 4
    }
}

impl Trie {
    /// The automaton of `keys[order[0]], keys[order[1]], …`, which must be
    /// sorted. Key ids are indexes in `keys`.
    pub(crate) fn new(keys: &Keys, order: &[u32]) -> Trie {
        // the trie, in creation order: first child, next sibling
        let total = keys.total_len();
        let mut byte = Vec::with_capacity(total / 2 + 1);
        let mut child = Vec::with_capacity(total / 2 + 1);
        let mut sibling = Vec::with_capacity(total / 2 + 1);
        let mut last = Vec::with_capacity(total / 2 + 1);
        byte.push(0u8);
        child.push(NONE);
        sibling.push(NONE);
        last.push(NONE);
        // key ends: (trie node, key)
        let mut ends: Vec<(State, u32)> = Vec::with_capacity(order.len());
        // the nodes along the previous key
        let mut path: Vec<State> = vec![0];
        let mut prev: &[u8] = &[];
        for &k in order {
            let key = keys.get(k as usize);
            debug_assert!(prev <= key, "keys must come sorted");
            let common =
                prev.iter().zip(key).take_while(|(a, b)| a == b).count();
            path.truncate(common + 1);
            for &b in &key[common..] {
                let parent = *path.last().unwrap_or(&0);
                let node = byte.len() as State;
                byte.push(b);
                child.push(NONE);
                sibling.push(NONE);
                last.push(NONE);
                // sorted keys: a new child is the largest so far
                match last[parent as usize] {
                    NONE => child[parent as usize] = node,
                    l => sibling[l as usize] = node,
                }
                last[parent as usize] = node;
                path.push(node);
            }
            ends.push((*path.last().unwrap_or(&0), k));
            prev = key;
        }
        drop(last);

        // breadth-first numbering; the transitions of each state in order
        let n = byte.len();
        let mut id = vec![NONE; n];
        let mut bfs: Vec<State> = Vec::with_capacity(n);
        id[0] = START;
        bfs.push(0);
        let mut first = Vec::with_capacity(n + 1);
        let mut bytes = Vec::with_capacity(n);
        let mut next = Vec::with_capacity(n);
        let mut at = 0;
        while at < bfs.len() {
            let node = bfs[at] as usize;
            at += 1;
            first.push(bytes.len() as u32);
            let mut c = child[node];
            while c != NONE {
                id[c as usize] = bfs.len() as State;
                bfs.push(c);
                bytes.push(byte[c as usize]);
                next.push(id[c as usize]);
                c = sibling[c as usize];
            }
        }
        first.push(bytes.len() as u32);
        drop((child, sibling, byte, bfs));

        // the keys ending at each state
        let mut by_state: Vec<(State, u32)> = ends
            .into_iter()
            .map(|(node, k)| (id[node as usize], k))
            .collect();
        by_state.sort_unstable();
        let mut ends = Vec::with_capacity(n + 1);
        let mut keys_at = Vec::with_capacity(by_state.len());
        let mut j = 0;
        for s in 0..n as State {
            ends.push(keys_at.len() as u32);
            while j < by_state.len() && by_state[j].0 == s {
                keys_at.push(by_state[j].1);
                j += 1;
            }
        }
        ends.push(keys_at.len() as u32);

        let mut start = Box::new([START; 256]);
        for t in first[0] as usize..first[1] as usize {
            start[usize::from(bytes[t])] = next[t];
        }
        let mut nfa = Trie {
            created: id,
            first,
            bytes,
            next,
            start,
            fail: vec![START; n],
            out: vec![NONE; n],
            ends,
            keys: keys_at,
        };
        // failure and output links, breadth-first: a state's failure is
        // shallower, so it is done before the state's children need it
        for s in 0..n as State {
            let (from, to) = nfa.transitions(s);
            for t in from..to {
                let (b, child) = (nfa.bytes[t], nfa.next[t]);
                let fail = if s == START {
                    START
                } else {
                    nfa.next_state(nfa.fail[s as usize], b)
                };
                nfa.fail[child as usize] = fail;
                nfa.out[child as usize] = if nfa.ends_keys(fail) {
                    fail
                } else {
                    nfa.out[fail as usize]
                };
            }
        }
        nfa
    }

    #[inline]
    fn transitions(&self, s: State) -> (usize, usize) {
        (
            self.first[s as usize] as usize,
            self.first[s as usize + 1] as usize,
        )
    }

    /// Do keys end at `s` itself?
    #[inline]
    fn ends_keys(&self, s: State) -> bool {
        self.ends[s as usize] != self.ends[s as usize + 1]
    }

    /// The state after `b` from `s` (unanchored).
    #[inline]
    pub(crate) fn next_state(&self, mut s: State, b: u8) -> State {
        loop {
            if s == START {
                return self.start[usize::from(b)];
            }
            let (from, to) = self.transitions(s);
            if let Some(t) = self.bytes[from..to].iter().position(|&x| x == b)
            {
                return self.next[from + t];
            }
            s = self.fail[s as usize];
        }
    }

    /// The number of states.
    pub(crate) fn len(&self) -> usize {
        self.fail.len()
    }

    /// The failure link of `s` (not the start state).
    #[inline]
    pub(crate) fn fail(&self, s: State) -> State {
        self.fail[s as usize]
    }

    /// The transitions of `s`: bytes and targets.
    #[inline]
    pub(crate) fn transitions_of(&self, s: State) -> (&[u8], &[State]) {
        let (from, to) = self.transitions(s);
        (&self.bytes[from..to], &self.next[from..to])
    }

    /// The start state's transitions.
    pub(crate) fn start_transitions(&self) -> &[State; 256] {
        &self.start
    }

    /// Does `s` report keys (its own or on its failure chain)?
    #[inline]
    pub(crate) fn is_match(&self, s: State) -> bool {
        self.ends_keys(s) || self.out[s as usize] != NONE
    }

    /// Calls `f` with every key `s` reports.
    pub(crate) fn for_each_key(&self, mut s: State, mut f: impl FnMut(u32)) {
        if !self.ends_keys(s) {
            s = self.out[s as usize];
        }
        while s != NONE {
            let (from, to) =
                (self.ends[s as usize], self.ends[s as usize + 1]);
            for &k in &self.keys[from as usize..to as usize] {
                f(k);
            }
            s = self.out[s as usize];
        }
    }

    /// The packed form, and the packed state of each state. A state `s`
    /// for which `rows` has a word other than `NONE` keeps its three words,
    /// for [`Nfa::row`].
    pub(crate) fn pack(self, rows: &[[u32; 3]]) -> (Nfa, Vec<State>) {
        let n = self.first.len() - 1;
        let matches =
            |s: usize| self.ends[s] != self.ends[s + 1] || self.out[s] != NONE;
        let has_rows = |s: usize| rows.get(s).is_some_and(|r| r != &[NONE; 3]);
        // offsets, depth first: a deep walk along a key reads on in memory
        let mut off = vec![0; n];
        let mut size = 0usize;
        for &s in &self.created {
            let s = s as usize;
            off[s] = size as State;
            let t = (self.first[s + 1] - self.first[s]) as usize;
            size += 2
                + t.div_ceil(4)
                + t
                + usize::from(matches(s))
                + 3 * usize::from(has_rows(s));
        }
        let mut repr = vec![0u32; size];
        let mut ends = vec![0u32];
        let mut keys = Vec::new();
        let mut out = Vec::new();
        for s in 0..n {
            let at = off[s] as usize;
            let (from, to) =
                (self.first[s] as usize, self.first[s + 1] as usize);
            let t = to - from;
            repr[at] = off[self.fail[s] as usize];
            repr[at + 1] = t as u32
                | if matches(s) { MATCH_BIT } else { 0 }
                | if has_rows(s) { ROWS_BIT } else { 0 };
            for (i, &b) in self.bytes[from..to].iter().enumerate() {
                repr[at + 2 + i / 4] |= u32::from(b) << (8 * (i % 4));
            }
            let words = t.div_ceil(4);
            for (i, &next) in self.next[from..to].iter().enumerate() {
                repr[at + 2 + words + i] = off[next as usize];
            }
            if matches(s) {
                repr[at + 2 + words + t] = out.len() as u32;
                let (a, b) =
                    (self.ends[s] as usize, self.ends[s + 1] as usize);
                keys.extend_from_slice(&self.keys[a..b]);
                ends.push(keys.len() as u32);
                out.push(match self.out[s] {
                    NONE => NONE,
                    o => off[o as usize],
                });
            }
            if has_rows(s) {
                let at = at + 2 + words + t + usize::from(matches(s));
                repr[at..at + 3].copy_from_slice(&rows[s]);
            }
        }
        let mut start = Box::new([START; 256]);
        for (b, &next) in self.start.iter().enumerate() {
            start[b] = off[next as usize];
        }
        let nfa = Nfa {
            repr,
            start,
            ends,
            keys,
            out,
        };
        (nfa, off)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn flat(keys: &[&[u8]]) -> Keys {
        let mut flat = Keys::default();
        for k in keys {
            flat.push(k);
        }
        flat
    }

    /// Every occurrence of every key, by brute force.
    fn naive(keys: &[&[u8]], text: &[u8]) -> Vec<(u32, usize)> {
        let mut out = Vec::new();
        for end in 1..=text.len() {
            for (k, key) in keys.iter().enumerate() {
                if !key.is_empty() && text[..end].ends_with(key) {
                    out.push((k as u32, end));
                }
            }
        }
        out.sort_unstable();
        out
    }

    fn found(nfa: &Nfa, text: &[u8]) -> Vec<(u32, usize)> {
        let mut out = Vec::new();
        let mut s = START;
        for (i, &b) in text.iter().enumerate() {
            s = nfa.next_state(s, b);
            nfa.for_each_key(s, |k| out.push((k, i + 1)));
        }
        out.sort_unstable();
        out
    }

    #[test]
    fn finds_every_occurrence_of_every_key() {
        let keys: Vec<&[u8]> = vec![
            b"he", b"she", b"his", b"hers", b"s", b"he", b"ushers", b"h",
            b"aaa", b"aa", b"a",
        ];
        let mut order: Vec<u32> = (0..keys.len() as u32).collect();
        order.sort_by_key(|&k| keys[k as usize]);
        let nfa = Nfa::new(&flat(&keys), &order);
        for text in [
            &b"ushers said his hershey"[..],
            b"aaaaaha",
            b"",
            b"xyz",
            b"hhhhe",
        ] {
            assert_eq!(found(&nfa, text), naive(&keys, text));
        }
    }

    #[test]
    fn random_keys_and_texts() {
        let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = |n: u64| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state % n
        };
        for _ in 0..50 {
            let keys: Vec<Vec<u8>> = (0..1 + next(30))
                .map(|_| {
                    (0..1 + next(5)).map(|_| b'a' + next(3) as u8).collect()
                })
                .collect();
            let text: Vec<u8> =
                (0..next(200)).map(|_| b'a' + next(3) as u8).collect();
            let refs: Vec<&[u8]> = keys.iter().map(|k| &k[..]).collect();
            let mut order: Vec<u32> = (0..keys.len() as u32).collect();
            order.sort_by_key(|&k| &keys[k as usize]);
            let nfa = Nfa::new(&flat(&refs), &order);
            assert_eq!(found(&nfa, &text), naive(&refs, &text));
        }
    }
}
