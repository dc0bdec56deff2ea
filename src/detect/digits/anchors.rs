//! Digit anchors: short shapes that every match of a digit-shaped PII prefilter contains, found 64
//! bytes at a time, so the prefilter DFA walks only the bytes around them.
//!
//! An anchor ends at a byte when, with `D` a digit and `U` an ASCII capital:
//! - `D D S D D D` with `S` one of ` -`, or `D D . D D D` followed by a digit or a dot (a
//!   separated number: card, SSN, phone; a group of three digits after the separator, as each of
//!   them has one, so a date `2026-11-21` is no anchor, nor a time `13:17:50.870`, `1.5` or
//!   `v2.17.23`: nearly every log line holds a timestamp),
//! - twelve digits in a row (an unseparated card number),
//! - `U U D D` (an IBAN's country code and check digits),
//! - `+` then `2`..=`9` (an international phone number),
//! - `D . D{1,3} . D{1,3} .` (three dots of a dotted quad: an IPv4 address; a version such as
//!   `8.24.45` is not, nor a decimal such as `1.5`).
//!
//! [`Tracker`] is the byte-at-a-time definition; `detect/digits/anchor_proof.rs` uses it to prove,
//! per rule set, that every prefilter match holds an anchor. [`for_each_region`] finds the same
//! anchors from per-block class masks (`detect/simd/classes.rs`): tests check the two agree.

use crate::detect::simd::classes::{BLOCK, Classifier, Masks};

/// Byte classes the anchors are made of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub(in crate::detect) enum Class {
    #[default]
    Other,
    /// `0` or `1`.
    Low,
    /// `2`..=`9`.
    High,
    Upper,
    /// ` ` or `-`.
    Sep,
    Dot,
    Plus,
}

impl Class {
    pub(in crate::detect) fn of(b: u8) -> Self {
        match b {
            b'0' | b'1' => Self::Low,
            b'2'..=b'9' => Self::High,
            b'A'..=b'Z' => Self::Upper,
            b' ' | b'-' => Self::Sep,
            b'.' => Self::Dot,
            b'+' => Self::Plus,
            _ => Self::Other,
        }
    }

    pub(in crate::detect) fn digit(self) -> bool {
        matches!(self, Self::Low | Self::High)
    }
}

/// Longest run of digits an anchor needs.
const RUN: u8 = 12;

/// The last six classes seen, the current digit run and how much of a dotted quad ends at
/// the last dot: all an anchor depends on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub(in crate::detect) struct Tracker {
    last: [Class; 6],
    run: u8,
    /// At the last dot, when only digits came after it: 1 for `D .`, 2 for `D . D{1,3} .`,
    /// 3 for `D . D{1,3} . D{1,3} .`; otherwise 0.
    chain: u8,
}

impl Tracker {
    /// Takes one byte; true when an anchor ends at it.
    pub(in crate::detect) fn push(&mut self, b: u8) -> bool {
        let c = Class::of(b);
        let [u, v, w, x, y, z] = self.last;
        let digits_before = self.run;
        let quad = match c {
            Class::Dot => {
                self.chain = match digits_before {
                    0 => 0,
                    1..=3 if self.chain > 0 => (self.chain + 1).min(3),
                    _ => 1,
                };
                self.chain == 3
            }
            _ if c.digit() => false,
            _ => {
                self.chain = 0;
                false
            }
        };
        self.run = if c.digit() {
            (self.run + 1).min(RUN)
        } else {
            0
        };
        self.last = [v, w, x, y, z, c];
        let two = |a: Class, b: Class| a.digit() && b.digit();
        let dot = |k: Class| k == Class::Dot;
        (two(v, w) && x == Class::Sep && two(y, z) && c.digit())
            || (two(u, v) && dot(w) && two(x, y) && z.digit() && (c.digit() || dot(c)))
            || self.run == RUN
            || (x == Class::Upper && y == Class::Upper && z.digit() && c.digit())
            || (z == Class::Plus && c == Class::High)
            || quad
    }
}

/// What one block leaves for the next: its masks, its runs of two and four digits, and its
/// dots ending `D . D{1,3} .`.
#[derive(Debug, Clone, Copy, Default)]
struct Carry {
    m: Masks,
    run2: u64,
    run4: u64,
    quad2: u64,
}

/// Anchor-end bits of the block with masks `m`, given what the block before left, and apart
/// from them the bits of digits after `+`: rare enough to check by their bytes (an anchor
/// if `2`..=`9`), which spares a class.
fn anchor_bits(m: Masks, prev: &Carry) -> (u64, u64, Carry) {
    // `x << j` with the top `j` bits of the previous block's `p` shifted in: bit i says
    // "byte i - j is in x".
    let back = |x: u64, p: u64, j: u32| (x << j) | (p >> (64 - j));
    let p = &prev.m;
    let d = m.digit;
    let d1 = back(d, p.digit, 1);
    // Runs of 2, 4, 8 and 12 digits ending at each byte.
    let run2 = d & d1;
    let run3 = run2 & back(run2, prev.run2, 1);
    let sep = run3 & back(m.sep, p.sep, 3) & back(run2, prev.run2, 4);
    let iban = run2 & back(m.upper, p.upper, 3) & back(m.upper, p.upper, 2);
    let after_plus = d & back(m.plus, p.plus, 1);
    let run4 = run2 & back(run2, prev.run2, 2);
    let run8 = run4 & back(run4, prev.run4, 4);
    let run12 = run8 & back(run4, prev.run4, 8);
    // A dot ending `D . D{1,3} .`: digits before it back to a dot, and a digit before that.
    let digits_before = |j: u32| back(d, p.digit, j);
    let dot_before = |j: u32| back(m.dot, p.dot, j);
    let d_run1 = digits_before(1);
    let d_run2 = d_run1 & digits_before(2);
    let d_run3 = d_run2 & digits_before(3);
    // `D D . D D D` then a digit or a dot.
    let dot = (run4 | (m.dot & d_run3)) & dot_before(4) & back(run2, prev.run2, 5);
    let quad2 = m.dot
        & ((d_run1 & dot_before(2) & digits_before(3))
            | (d_run2 & dot_before(3) & digits_before(4))
            | (d_run3 & dot_before(4) & digits_before(5)));
    // A third dot: one to three digits back to a dot that ends `D . D{1,3} .`.
    let quad2_before = |j: u32| back(quad2, prev.quad2, j);
    let ipv4 = m.dot
        & ((d_run1 & quad2_before(2)) | (d_run2 & quad2_before(3)) | (d_run3 & quad2_before(4)));
    (
        sep | dot | iban | run12 | ipv4,
        after_plus,
        Carry {
            m,
            run2,
            run4,
            quad2,
        },
    )
}

/// The bits of `bits` whose byte in `block` is `2`..=`9` (given it is a digit).
#[cold]
fn two_to_nine(block: &[u8], mut bits: u64) -> u64 {
    let mut high = 0;
    while bits != 0 {
        let i = bits.trailing_zeros();
        bits &= bits - 1;
        high |= u64::from(block[i as usize] >= b'2') << i;
    }
    high
}

/// Calls `end(i)` for every anchor end `i` (the offset just past its last byte), in order.
fn for_each_end(hay: &[u8], mut end: impl FnMut(usize)) {
    /// Blocks classified per call.
    const RUN: usize = 8;
    let classifier = Classifier::new();
    let mut carry = Carry::default();
    let mut masks = [Masks::default(); RUN];
    // Block `k`'s anchor ends. A function, not a closure, so that it can be forced inline:
    // called from two places, the compiler otherwise keeps it apart (10% more instructions).
    #[inline(always)]
    fn block(hay: &[u8], k: usize, m: Masks, carry: &mut Carry, end: &mut impl FnMut(usize)) {
        let (mut bits, after_plus, next) = anchor_bits(m, carry);
        if after_plus != 0 {
            bits |= two_to_nine(&hay[k * BLOCK..], after_plus);
        }
        *carry = next;
        while bits != 0 {
            end(k * BLOCK + bits.trailing_zeros() as usize + 1);
            bits &= bits - 1;
        }
    }
    let whole = hay.len() / BLOCK * BLOCK;
    for (r, run) in hay[..whole].chunks(RUN * BLOCK).enumerate() {
        let masks = &mut masks[..run.len() / BLOCK];
        classifier.classify(run, masks);
        for (j, &m) in masks.iter().enumerate() {
            block(hay, r * RUN + j, m, &mut carry, &mut end);
        }
    }
    if whole < hay.len() {
        // Zero padding is in no class, so no anchor ends in it.
        let mut last = [0u8; BLOCK];
        last[..hay.len() - whole].copy_from_slice(&hay[whole..]);
        classifier.classify(&last, &mut masks[..1]);
        block(hay, whole / BLOCK, masks[0], &mut carry, &mut end);
    }
}

/// Calls `region(lo, hi)` for the merged ranges `[end - reach, end + reach]` (clamped to
/// `hay`) around every anchor end, in order; the ranges neither overlap nor touch.
pub(in crate::detect) fn for_each_region(
    hay: &[u8],
    reach: usize,
    mut region: impl FnMut(usize, usize),
) {
    let mut open: Option<(usize, usize)> = None;
    for_each_end(hay, |end| {
        let (lo, hi) = (end.saturating_sub(reach), (end + reach).min(hay.len()));
        open = match open {
            Some((a, b)) if lo <= b => Some((a, hi.max(b))),
            Some((a, b)) => {
                region(a, b);
                Some((lo, hi))
            }
            None => Some((lo, hi)),
        };
    });
    if let Some((a, b)) = open {
        region(a, b);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn ends(hay: &[u8]) -> Vec<usize> {
        let mut got = Vec::new();
        for_each_end(hay, |e| got.push(e));
        got
    }

    /// The byte-at-a-time definition.
    fn tracked(hay: &[u8]) -> Vec<usize> {
        let mut t = Tracker::default();
        (0..hay.len())
            .filter(|&i| t.push(hay[i]))
            .map(|i| i + 1)
            .collect()
    }

    fn regions(hay: &[u8], reach: usize) -> Vec<(usize, usize)> {
        let mut got = Vec::new();
        for_each_region(hay, reach, |lo, hi| got.push((lo, hi)));
        got
    }

    #[test]
    fn each_shape_is_an_anchor() {
        assert_eq!(ends(b"ssn 123-45-6789"), vec![14]);
        assert_eq!(ends(b"card 4000 1234"), vec![13]);
        assert_eq!(ends(b"tel 555.123.4567"), vec![12, 16]);
        assert_eq!(ends(b"n=123456789012345"), vec![14, 15, 16, 17]);
        assert_eq!(ends(b"iban GB12ABCD"), vec![9]);
        assert_eq!(ends(b"tel +49 +1 +x"), vec![6]);
        assert_eq!(ends(b"ip 10.0.0.1"), vec![10]);
        assert_eq!(ends(b"ip 1.2.3.4.5"), vec![9, 11]);
        assert_eq!(ends(b"ip 192.168.100.7"), vec![11, 15]);
        assert_eq!(
            ends(b"v1_2_12345678901 Ab12 a.b 1:2 +1 1.5 v2.17, 12.3, 1-23, 12.34 1.2345.6"),
            Vec::<usize>::new()
        );
        // Timestamps (dates, times, milliseconds) and versions.
        assert_eq!(
            ends(b"2026-11-21T13:17:50.870Z [2026-11-21 07:38:36.516] 12-34 12.345 8.24.45 v1.2.3"),
            Vec::<usize>::new()
        );
    }

    #[test]
    fn anchors_across_block_edges_are_found() {
        for at in [50, 52, 55, 58, 60, 61, 62, 63, 64, 120, 126, 127] {
            for shape in [
                &b"12-345"[..],
                b"12.3456",
                b"12.345.",
                b"123456789012",
                b"AB12",
                b"+7",
                b"1.22.3.",
                b"9.1.1.",
                b"5.123.45.",
                b"1234.5.6.",
            ] {
                let mut hay = vec![b'x'; 200];
                hay[at..at + shape.len()].copy_from_slice(shape);
                assert_eq!(ends(&hay), vec![at + shape.len()], "{shape:?} at {at}");
            }
        }
    }

    #[test]
    fn regions_merge_and_clamp() {
        let mut hay = vec![b'x'; 100];
        hay[8..14].copy_from_slice(b"11-222");
        hay[18..24].copy_from_slice(b"33-444");
        hay[78..84].copy_from_slice(b"55-666");
        // Touching ranges merge too.
        assert_eq!(regions(&hay, 5), vec![(9, 29), (79, 89)]);
        assert_eq!(regions(&hay, 4), vec![(10, 18), (20, 28), (80, 88)]);
        assert_eq!(regions(&hay, 30), vec![(0, 100)]);
        assert_eq!(regions(b"", 5), vec![]);
    }

    proptest! {
        #[test]
        fn block_anchors_equal_the_byte_definition(
            pieces in proptest::collection::vec(
                proptest::sample::select(vec![
                    "0", "1", "5", "9", "12", "345", "345678", " ", ".", "-", "+", "A", "Z", "b", "_",
                    "\n",
                ]),
                0..400,
            ),
        ) {
            let hay = pieces.concat().into_bytes();
            prop_assert_eq!(ends(&hay), tracked(&hay));
        }
    }
}
