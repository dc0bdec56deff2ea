//! Where every match of a rule starts, proven from its regex as the rule loads, so that the
//! confirm step (`detect/confirm/mod.rs`) can run the regex anchored there instead of searching its
//! whole window: an anchored run stops a few bytes in when the text does not match, where a
//! search reads to the window's end. On the generic assignment rules this measured 4x (per
//! keyword hit) and 2x (per line) faster.
//!
//! A rule starts at its keywords when every string its regex can match begins with one of
//! them (ASCII case-insensitive). The proof walks the regex's syntax tree beside a trie of
//! the keywords: every byte a match can begin with must lead into the trie, and every path
//! must complete a keyword before the regex can end. Look-around consumes nothing, so it is
//! skipped; a non-ASCII class, or a walk past [`STEPS`], gives up (no proof).

use regex_syntax::hir::{Class, Hir, HirKind, Look};

/// Where every match of a rule starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum MatchStart {
    /// Anywhere in its window: the regex searches the window.
    #[default]
    Anywhere,
    /// Where one of the rule's keywords starts.
    Keyword,
    /// At a line start: the regex begins with `(?m:^)`.
    LineStart,
}

/// Most trie steps a proof may take; past it, the rule searches its windows.
const STEPS: usize = 1 << 16;
/// A walk state: a trie node, or [`DONE`] once a keyword is complete.
type Node = u32;
const DONE: Node = Node::MAX;

/// Where every match of the regex `hir` starts, given the rule's lowercased keywords.
pub(crate) fn match_start(hir: &Hir, keywords: &[String]) -> MatchStart {
    let mut walk = Walk::new(keywords);
    if !keywords.is_empty() && walk.apply(hir, vec![0]) == Some(vec![DONE]) {
        MatchStart::Keyword
    } else if hir.properties().look_set_prefix().contains(Look::StartLF) {
        MatchStart::LineStart
    } else {
        MatchStart::Anywhere
    }
}

/// The keywords' trie and the walk's budget.
struct Walk {
    /// Per node: (byte, child) pairs.
    children: Vec<Vec<(u8, Node)>>,
    /// Per node: whether a keyword ends there.
    ends: Vec<bool>,
    steps: usize,
}

impl Walk {
    fn new(keywords: &[String]) -> Self {
        let mut walk = Self {
            children: vec![Vec::new()],
            ends: vec![false],
            steps: 0,
        };
        for k in keywords {
            let mut node = 0;
            for b in k.bytes().map(|b| b.to_ascii_lowercase()) {
                node = match walk.child(node, b) {
                    Some(child) => child,
                    None => {
                        walk.children.push(Vec::new());
                        walk.ends.push(false);
                        let child = (walk.children.len() - 1) as Node;
                        walk.children[node as usize].push((b, child));
                        child
                    }
                };
            }
            walk.ends[node as usize] = true;
        }
        walk
    }

    fn child(&self, node: Node, b: u8) -> Option<Node> {
        let b = b.to_ascii_lowercase();
        (self.children[node as usize].iter()).find_map(|&(c, child)| (c == b).then_some(child))
    }

    /// The states after every string `hir` matches, from `states` (sorted, deduplicated);
    /// `None` when some string leaves the trie before a keyword is complete.
    fn apply(&mut self, hir: &Hir, states: Vec<Node>) -> Option<Vec<Node>> {
        if states == [DONE] {
            return Some(states);
        }
        match hir.kind() {
            HirKind::Empty | HirKind::Look(_) => Some(states),
            HirKind::Literal(lit) => lit.0.iter().try_fold(states, |s, &b| self.step(&s, &[b])),
            HirKind::Class(Class::Bytes(c)) => {
                let bytes: Vec<u8> = c.iter().flat_map(|r| r.start()..=r.end()).collect();
                self.step(&states, &bytes)
            }
            HirKind::Class(Class::Unicode(c)) => {
                // A non-ASCII character is several bytes; only ASCII ones map to one.
                let ascii = c.ranges().iter().all(|r| r.end().is_ascii());
                let bytes: Vec<u8> = (c.iter())
                    .flat_map(|r| r.start() as u8..=r.end() as u8)
                    .collect();
                if ascii {
                    self.step(&states, &bytes)
                } else {
                    None
                }
            }
            HirKind::Capture(c) => self.apply(&c.sub, states),
            HirKind::Concat(subs) => subs.iter().try_fold(states, |s, sub| self.apply(sub, s)),
            HirKind::Alternation(subs) => {
                let mut all = Vec::new();
                for sub in subs {
                    all.extend(self.apply(sub, states.clone())?);
                }
                Some(sorted(all))
            }
            HirKind::Repetition(r) => {
                let mut states = states;
                for _ in 0..r.min {
                    states = self.apply(&r.sub, states)?;
                    if states == [DONE] {
                        return Some(states);
                    }
                }
                // Each further repetition, while it reaches states not seen yet.
                let (mut all, mut new) = (states.clone(), states);
                let mut more = r.max.map(|max| max - r.min);
                while !new.is_empty() && more != Some(0) {
                    let next = self.apply(&r.sub, new)?;
                    new = next
                        .into_iter()
                        .filter(|s| all.binary_search(s).is_err())
                        .collect();
                    all = sorted(all.into_iter().chain(new.iter().copied()).collect());
                    more = more.map(|m| m - 1);
                }
                Some(all)
            }
        }
    }

    /// The states after one byte of `bytes`.
    fn step(&mut self, states: &[Node], bytes: &[u8]) -> Option<Vec<Node>> {
        let mut next = Vec::new();
        for &node in states {
            if node == DONE {
                next.push(DONE);
                continue;
            }
            for &b in bytes {
                self.steps += 1;
                if self.steps > STEPS {
                    return None;
                }
                let child = self.child(node, b)?;
                next.push(if self.ends[child as usize] {
                    DONE
                } else {
                    child
                });
            }
        }
        Some(sorted(next))
    }
}

fn sorted(mut states: Vec<Node>) -> Vec<Node> {
    states.sort_unstable();
    states.dedup();
    states
}

#[cfg(test)]
mod tests;
