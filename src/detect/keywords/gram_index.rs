//! Grams to the keywords holding them (`detect/keywords/grams.rs`): open addressing keyed by the
//! folded gram, with each gram's owners stored together, so that a lookup costs a slot load and the
//! owners one more.

/// A keyword holding a gram.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) struct Owner {
    pub(super) keyword: u32,
    /// The keyword's bytes in the index's text.
    pub(super) text: u32,
    pub(super) len: u16,
    /// Where the gram is in the keyword.
    pub(super) offset: u16,
    /// A second folded gram of the keyword and where it is, checked before the whole
    /// keyword: it tells apart keywords sharing a gram (`https://`, `redis://`) at once.
    pub(super) check_at: u16,
    pub(super) check: u32,
}

#[derive(Debug, Clone, Copy, Default)]
struct Slot {
    gram: u32,
    /// The gram's owners: `owners[first..first + count]`; 0 for an empty slot.
    first: u32,
    count: u32,
}

#[derive(Debug)]
pub(super) struct GramIndex {
    slots: Vec<Slot>,
    owners: Vec<Owner>,
    /// Every keyword's bytes, lowercase, one after another.
    text: Vec<u8>,
}

impl GramIndex {
    /// `entries`: (gram, owner) sorted by gram; `text` holds the owners' bytes. `None` when
    /// there are more than `u32::MAX` owners.
    pub(super) fn new(entries: &[(u32, Owner)], text: Vec<u8>) -> Option<Self> {
        let mut index = Self {
            slots: vec![Slot::default(); (2 * entries.len()).next_power_of_two().max(16)],
            owners: entries.iter().map(|&(_, owner)| owner).collect(),
            text,
        };
        let mut first = 0;
        for group in entries.chunk_by(|a, b| a.0 == b.0) {
            let slot = index.slot(group[0].0);
            index.slots[slot] = Slot {
                gram: group[0].0,
                first: u32::try_from(first).ok()?,
                count: u32::try_from(group.len()).ok()?,
            };
            first += group.len();
        }
        Some(index)
    }

    /// The slot holding `gram`, or the empty one where it would go.
    fn slot(&self, gram: u32) -> usize {
        let mask = self.slots.len() - 1;
        let mut slot = (gram.wrapping_mul(0x85EB_CA6B) >> 7) as usize & mask;
        while self.slots[slot].count != 0 && self.slots[slot].gram != gram {
            slot = (slot + 1) & mask;
        }
        slot
    }

    /// The keywords holding `gram`.
    pub(super) fn get(&self, gram: u32) -> &[Owner] {
        let slot = self.slots[self.slot(gram)];
        let first = slot.first as usize;
        &self.owners[first..first + slot.count as usize]
    }

    /// Whether `text` (as long as the owner's keyword) is the keyword, ASCII
    /// case-insensitive: 8 bytes at a time (4 for keywords of 4 to 7), as most candidates
    /// that get this far are hits, and a byte loop cost 6% of a `--pii` scan.
    pub(super) fn holds(&self, owner: &Owner, text: &[u8]) -> bool {
        let start = owner.text as usize;
        let keyword = &self.text[start..start + owner.len as usize];
        match keyword.len() {
            0..4 => text.eq_ignore_ascii_case(keyword),
            4..8 => {
                let last = keyword.len() - 4;
                let word = |b: &[u8], at: usize| {
                    u64::from(u32::from_le_bytes([b[at], b[at + 1], b[at + 2], b[at + 3]]))
                };
                lower(word(text, 0)) == word(keyword, 0)
                    && lower(word(text, last)) == word(keyword, last)
            }
            len => {
                let word = |b: &[u8], at: usize| {
                    u64::from_le_bytes(b[at..at + 8].try_into().expect("8 bytes"))
                };
                // Whole words, then one ending at the end (overlapping the last).
                (0..len / 8).all(|i| lower(word(text, 8 * i)) == word(keyword, 8 * i))
                    && lower(word(text, len - 8)) == word(keyword, len - 8)
            }
        }
    }
}

/// The bytes of `x` with ASCII capitals made lowercase: bit 7 of `x + (0x80 - c)` says a byte
/// (bit 7 cleared first) is at least `c`.
fn lower(x: u64) -> u64 {
    const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let low = x & LOW7;
    let from_a = low + 0x3f3f_3f3f_3f3f_3f3f;
    let past_z = low + 0x2525_2525_2525_2525;
    let upper = from_a & !past_z & !x & HIGH;
    x | (upper >> 2)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn owner(keyword: u32) -> Owner {
        Owner {
            keyword,
            text: keyword,
            len: 1,
            offset: 0,
            check_at: 0,
            check: 0,
        }
    }

    #[test]
    fn each_gram_finds_its_owners_and_others_none() {
        // Many grams, so that slots collide and probes wrap around.
        let mut entries: Vec<(u32, Owner)> = (0..500u32)
            .flat_map(|g| (0..g % 3 + 1).map(move |k| (g * 7919, owner(g * 3 + k))))
            .collect();
        entries.sort_unstable();
        let index = GramIndex::new(&entries, (0..=255).collect()).expect("fits");
        for g in 0..500u32 {
            let got: Vec<u32> = index.get(g * 7919).iter().map(|o| o.keyword).collect();
            let want: Vec<u32> = (0..g % 3 + 1).map(|k| g * 3 + k).collect();
            assert_eq!(got, want, "gram {g}");
            assert!(index.get(g * 7919 + 1).is_empty());
        }
        assert!(index.holds(&owner(97), b"A"));
    }

    #[test]
    fn lowering_changes_only_ascii_capitals() {
        for b in 0..=255u8 {
            let x = u64::from_le_bytes([b, b'A', b, b'z', b, b'@', b, 0xC1]);
            let want = u64::from_le_bytes(
                [b, b'A', b, b'z', b, b'@', b, 0xC1].map(|c| c.to_ascii_lowercase()),
            );
            assert_eq!(lower(x), want, "{b}");
        }
    }

    #[test]
    fn holding_is_case_insensitive_equality_at_every_length() {
        let words: Vec<Vec<u8>> = (1..=20)
            .map(|n| {
                (0..n)
                    .map(|i| b"ab@[Z`{0_:/xy"[i % 13].to_ascii_lowercase())
                    .collect()
            })
            .collect();
        let mut text = Vec::new();
        let mut entries = Vec::new();
        for (k, w) in words.iter().enumerate() {
            let o = Owner {
                keyword: k as u32,
                text: text.len() as u32,
                len: w.len() as u16,
                offset: 0,
                check_at: 0,
                check: 0,
            };
            entries.push((k as u32, o));
            text.extend_from_slice(w);
        }
        let index = GramIndex::new(&entries, text).expect("fits");
        for (o, w) in entries.iter().map(|e| e.1).zip(&words) {
            let mut upper = w.to_ascii_uppercase();
            assert!(index.holds(&o, w) && index.holds(&o, &upper), "{w:?}");
            for i in 0..w.len() {
                // One byte off, or its case flipped where that is not a letter's.
                for other in [upper[i] ^ 1, upper[i] ^ 0x20, upper[i] ^ 0x80] {
                    let before = upper[i];
                    upper[i] = other;
                    let same = other.eq_ignore_ascii_case(&before);
                    assert_eq!(index.holds(&o, &upper), same, "{w:?} {i} {other}");
                    upper[i] = before;
                }
            }
        }
    }

    #[test]
    fn an_empty_index_finds_nothing() {
        let index = GramIndex::new(&[], Vec::new()).expect("fits");
        assert!(index.get(0).is_empty());
        assert!(index.get(0x2020_2020).is_empty());
    }
}
