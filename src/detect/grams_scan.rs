//! Which of 32 positions start a 4-byte gram whose hash is in a gram table (`grams.rs`).
//!
//! A gram is the 4 bytes at a position, read little-endian and folded by setting bit 5 of
//! each byte (`A` becomes `a`; other bytes may collide, which only adds candidates). Its hash
//! is the top [`HASH_BITS`] bits of the gram times an odd constant, and the table has one bit
//! per hash. With AVX2, eight positions take one multiply and one gather of table words, and
//! a block of 32 takes two loads and one mask move (in a scratch benchmark, 18% faster than
//! four broadcast loads and four mask moves); elsewhere, the portable loop (also the tests'
//! reference) does one at a time.

/// Bits of a gram's hash; the table has `1 << HASH_BITS` bits (128 KiB). With 660 rules
/// (about 2,600 grams) a 32 KiB table marked so many positions by collision that confirming
/// them cost more than the misses of a table held in L2: a scan of the generated tree took
/// 0.214 s (median of 12) at 18 bits, 0.196 s at 19, 0.184 s at 20 and more at 21.
pub(super) const HASH_BITS: u32 = 20;
/// Table words (`u32`).
pub(super) const WORDS: usize = 1 << (HASH_BITS - 5);
/// Positions per block.
pub(super) const POSITIONS: usize = 32;
/// Bytes a block reads: the last position's gram ends 3 bytes past the positions, and the
/// vector loads go 9 bytes further.
pub(super) const BLOCK_BYTES: usize = POSITIONS + 12;

const FOLD: u32 = 0x2020_2020;
const MULTIPLIER: u32 = 0x9E37_79B1;

/// The folded gram at the start of `bytes`.
pub(super) fn gram(bytes: &[u8]) -> u32 {
    u32::from_le_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]) | FOLD
}

/// Where a (folded) gram's bit is in the table.
pub(super) fn hash(gram: u32) -> u32 {
    (gram | FOLD).wrapping_mul(MULTIPLIER) >> (32 - HASH_BITS)
}

/// Scans the blocks of `bytes` at 0, 32, 64... while a whole block ([`BLOCK_BYTES`]) fits,
/// calling `marked(offset, mask)` for each block with a marked gram (bit `i` of `mask`:
/// position `offset + i`), and returns the offset of the first position not scanned.
pub(super) type Scan = fn(&[u32; WORDS], &[u8], &mut dyn FnMut(usize, u32)) -> usize;

/// The fastest way this CPU has to scan blocks. `None` without AVX2: the gather is what
/// makes the table beat a DFA walk.
pub(super) fn scanner() -> Option<Scan> {
    #[cfg(target_arch = "x86_64")]
    if std::is_x86_feature_detected!("avx2") {
        return Some(avx2::scan);
    }
    None
}

/// One position at a time.
#[cfg_attr(not(test), allow(dead_code))]
pub(super) fn portable(
    table: &[u32; WORDS],
    bytes: &[u8],
    marked: &mut dyn FnMut(usize, u32),
) -> usize {
    let mut at = 0;
    while at + BLOCK_BYTES <= bytes.len() {
        let mut mask = 0;
        for i in 0..POSITIONS {
            let h = hash(gram(&bytes[at + i..]));
            mask |= ((table[(h >> 5) as usize] >> (h & 31)) & 1) << i;
        }
        if mask != 0 {
            marked(at, mask);
        }
        at += POSITIONS;
    }
    at
}

/// Shuffle indices of the 4-byte grams at `first`, `first + 1`, `first + 2` and `first + 3`
/// (bytes `first..first + 7` of a 16-byte lane), one gram after another.
#[cfg_attr(not(target_arch = "x86_64"), allow(dead_code))]
const fn lane_grams(first: i8) -> [i8; 16] {
    let mut out = [0; 16];
    let mut i = 0;
    while i < 16 {
        out[i] = first + (i / 4) as i8 + (i % 4) as i8;
        i += 1;
    }
    out
}

#[cfg(target_arch = "x86_64")]
#[allow(unsafe_code)]
mod avx2 {
    use super::{BLOCK_BYTES, FOLD, HASH_BITS, MULTIPLIER, POSITIONS, WORDS, lane_grams};
    use std::arch::x86_64::*;

    pub(super) fn scan(
        table: &[u32; WORDS],
        bytes: &[u8],
        marked: &mut dyn FnMut(usize, u32),
    ) -> usize {
        // SAFETY: `scanner` hands this out only after detecting AVX2.
        unsafe { scan_avx2(table, bytes, marked) }
    }

    #[target_feature(enable = "avx2")]
    unsafe fn scan_avx2(
        table: &[u32; WORDS],
        bytes: &[u8],
        marked: &mut dyn FnMut(usize, u32),
    ) -> usize {
        // The grams at positions 0..=3 of each 16-byte lane of a load, then 4..=7 and
        // 8..=11: `vpshufb` stays within lanes, so a load at `from` gives positions from..
        // and from + 16.. at once, and a second load at from + 12 gives 12..=15 and 28..=31.
        let lane = |first: i8| {
            let l = lane_grams(first);
            _mm256_setr_epi8(
                l[0], l[1], l[2], l[3], l[4], l[5], l[6], l[7], l[8], l[9], l[10], l[11], //
                l[12], l[13], l[14], l[15], l[0], l[1], l[2], l[3], l[4], l[5], l[6], l[7], //
                l[8], l[9], l[10], l[11], l[12], l[13], l[14], l[15],
            )
        };
        let (at0, at4, at8) = (lane(0), lane(4), lane(8));
        let fold = _mm256_set1_epi32(FOLD as i32);
        let multiplier = _mm256_set1_epi32(MULTIPLIER as i32);
        let low5 = _mm256_set1_epi32(31);
        // Each gram's table bit, moved to the top of its lane.
        let look = |grams: __m256i| {
            let hashes = _mm256_srli_epi32::<{ 32 - HASH_BITS as i32 }>(_mm256_mullo_epi32(
                _mm256_or_si256(grams, fold),
                multiplier,
            ));
            // SAFETY: a hash has HASH_BITS bits, so `hash >> 5` indexes one of the table's
            // WORDS words.
            let words = unsafe {
                _mm256_i32gather_epi32::<4>(table.as_ptr().cast(), _mm256_srli_epi32::<5>(hashes))
            };
            _mm256_sllv_epi32(words, _mm256_andnot_si256(hashes, low5))
        };
        // Blocks go in runs of up to RUN: the loop over a run calls nothing, so its
        // constants stay in registers and one block's gathers overlap the next's.
        const RUN: usize = 8;
        let mut at = 0;
        while at + BLOCK_BYTES <= bytes.len() {
            let run = ((bytes.len() - BLOCK_BYTES - at) / POSITIONS + 1).min(RUN);
            let mut masks = [0u32; RUN];
            for (b, mask) in masks.iter_mut().enumerate().take(run) {
                let from = at + b * POSITIONS;
                // SAFETY: bytes from .. from + 44 lie within `bytes`, as the block's
                // BLOCK_BYTES from `from` do (`run` counts only whole blocks); the loads may
                // be unaligned.
                let (x, y) = unsafe {
                    let p = bytes.as_ptr().add(from);
                    (
                        _mm256_loadu_si256(p.cast()),
                        _mm256_loadu_si256(p.add(12).cast()),
                    )
                };
                // Packing keeps each lane's sign bits in position order: the words of
                // positions 0..=7 and 16..=23, then 8..=15 and 24..=31, then the bytes of
                // 0..=15 and 16..=31.
                let low = _mm256_packs_epi32(
                    look(_mm256_shuffle_epi8(x, at0)),
                    look(_mm256_shuffle_epi8(x, at4)),
                );
                let high = _mm256_packs_epi32(
                    look(_mm256_shuffle_epi8(x, at8)),
                    look(_mm256_shuffle_epi8(y, at0)),
                );
                *mask = _mm256_movemask_epi8(_mm256_packs_epi16(low, high)) as u32;
            }
            for (b, &mask) in masks.iter().enumerate().take(run) {
                if mask != 0 {
                    marked(at + b * POSITIONS, mask);
                }
            }
            at += run * POSITIONS;
        }
        at
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn table_of(grams: &[&[u8]]) -> Box<[u32; WORDS]> {
        let mut t = Box::new([0u32; WORDS]);
        for g in grams {
            let h = hash(gram(g));
            t[(h >> 5) as usize] |= 1 << (h & 31);
        }
        t
    }

    #[test]
    fn lane_grams_lists_each_grams_bytes() {
        assert_eq!(
            lane_grams(4),
            [4, 5, 6, 7, 5, 6, 7, 8, 6, 7, 8, 9, 7, 8, 9, 10]
        );
    }

    #[test]
    fn folding_ignores_ascii_case() {
        assert_eq!(gram(b"ToKe"), gram(b"tOkE"));
        assert_ne!(gram(b"toke"), gram(b"tokf"));
        assert_eq!(hash(gram(b"HTTP")), hash(gram(b"http")));
    }

    /// Every mask of `bytes`, by offset.
    fn masks(scan: Scan, table: &[u32; WORDS], bytes: &[u8]) -> (Vec<(usize, u32)>, usize) {
        let mut got = Vec::new();
        let done = scan(table, bytes, &mut |at, mask| got.push((at, mask)));
        (got, done)
    }

    #[test]
    fn portable_finds_each_position() {
        let t = table_of(&[b"toke", b"ps:/"]);
        let mut bytes = vec![b'.'; BLOCK_BYTES + POSITIONS];
        bytes[3..8].copy_from_slice(b"TOKEN");
        bytes[31..35].copy_from_slice(b"ps:/");
        bytes[POSITIONS + 9..POSITIONS + 13].copy_from_slice(b"toke");
        let (got, done) = masks(portable, &t, &bytes);
        assert_eq!(got, vec![(0, (1 << 3) | (1 << 31)), (POSITIONS, 1 << 9)]);
        assert_eq!(done, 2 * POSITIONS);
        assert_eq!(masks(portable, &t, &bytes[..BLOCK_BYTES - 1]).1, 0);
    }

    #[test]
    fn the_scanner_agrees_with_the_portable_loop_at_every_position() {
        let Some(scan) = scanner() else { return };
        let t = table_of(&[b"abcd", b"\0\0\0\0", b"\xff\xfe\xfd\xfc"]);
        for len in [
            BLOCK_BYTES - 1,
            BLOCK_BYTES,
            BLOCK_BYTES + 31,
            BLOCK_BYTES + 32,
            200,
        ] {
            for at in 0..len - 3 {
                for g in [&b"ABCD"[..], b"\xff\xfe\xfd\xfc"] {
                    let mut bytes = vec![b'x'; len];
                    bytes[at..at + 4].copy_from_slice(g);
                    let (got, done) = masks(scan, &t, &bytes);
                    assert_eq!(
                        (&got, done),
                        (
                            &masks(portable, &t, &bytes).0,
                            masks(portable, &t, &bytes).1
                        ),
                        "{len} {at}"
                    );
                    if at < done {
                        let block = at / POSITIONS * POSITIONS;
                        assert!(got.contains(&(block, 1 << (at - block))), "{len} {at}");
                    }
                }
            }
        }
        let zeros = vec![0u8; BLOCK_BYTES];
        assert_eq!(masks(scan, &t, &zeros), (vec![(0, u32::MAX)], POSITIONS));
    }

    proptest! {
        #[test]
        fn the_scanner_agrees_with_the_portable_loop_on_random_bytes(
            bytes in proptest::collection::vec(
                prop_oneof![any::<u8>(), proptest::sample::select(b"abcdAB".to_vec())],
                0..300,
            ),
            grams in proptest::collection::vec(proptest::collection::vec(any::<u8>(), 4), 0..200),
        ) {
            let Some(scan) = scanner() else { return Ok(()) };
            let mut all: Vec<&[u8]> = grams.iter().map(Vec::as_slice).collect();
            all.push(b"abcd");
            all.push(b"bcda");
            let t = table_of(&all);
            prop_assert_eq!(masks(scan, &t, &bytes), masks(portable, &t, &bytes));
        }
    }
}
