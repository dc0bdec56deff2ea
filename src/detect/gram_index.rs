//! Grams to the keywords holding them (`grams.rs`): open addressing keyed by the folded
//! gram, with each gram's owners stored together, so that a lookup costs a slot load and
//! the owners one more.

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
    /// Every keyword's bytes, one after another.
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

    /// An owner's keyword.
    pub(super) fn keyword(&self, owner: &Owner) -> &[u8] {
        &self.text[owner.text as usize..owner.text as usize + owner.len as usize]
    }
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
        assert_eq!(index.keyword(&owner(65)), b"A");
    }

    #[test]
    fn an_empty_index_finds_nothing() {
        let index = GramIndex::new(&[], Vec::new()).expect("fits");
        assert!(index.get(0).is_empty());
        assert!(index.get(0x2020_2020).is_empty());
    }
}
