//! Which of 32 positions start a 4-byte gram whose hash is in a gram table
//! (`detect/keywords/grams.rs`).
//!
//! A gram is the 4 bytes at a position, read little-endian and folded by setting bit 5 of each byte
//! (`A` becomes `a`; other bytes may collide, which only adds candidates). Its hash is the top
//! [`HASH_BITS`] bits of the gram times an odd constant, and the table has one bit per hash. With
//! AVX2 (`avx2.rs`), eight positions take one multiply and one gather of table words, and a block
//! of 32 takes two loads and one mask move (in a scratch benchmark, 18% faster than four broadcast
//! loads and four mask moves); the portable loop, the tests' reference, does one at a time.

/// Bits of a gram's hash; the table has `1 << HASH_BITS` bits (128 KiB). With 660 rules
/// (about 2,600 grams) a 32 KiB table marked so many positions by collision that confirming
/// them cost more than the misses of a table held in L2: a scan of the generated tree took
/// 0.214 s (median of 12) at 18 bits, 0.196 s at 19, 0.184 s at 20 and more at 21.
pub(in crate::detect) const HASH_BITS: u32 = 20;
/// Table words (`u32`).
pub(in crate::detect) const WORDS: usize = 1 << (HASH_BITS - 5);
/// Positions per block.
pub(in crate::detect) const POSITIONS: usize = 32;
/// Bytes a block reads: the last position's gram ends 3 bytes past the positions, and the
/// vector loads go 9 bytes further.
pub(in crate::detect) const BLOCK_BYTES: usize = POSITIONS + 12;

pub(super) const FOLD: u32 = 0x2020_2020;
pub(super) const MULTIPLIER: u32 = 0x9E37_79B1;

/// The folded gram at the start of `bytes`.
pub(in crate::detect) fn gram(bytes: &[u8]) -> u32 {
    u32::from_le_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]) | FOLD
}

/// Where a (folded) gram's bit is in the table.
pub(in crate::detect) fn hash(gram: u32) -> u32 {
    (gram | FOLD).wrapping_mul(MULTIPLIER) >> (32 - HASH_BITS)
}

/// Scans gram blocks with AVX2: without gathers, the table would not beat a DFA walk.
#[derive(Debug, Clone, Copy)]
pub(in crate::detect) struct GramScanner {
    #[cfg_attr(not(target_arch = "x86_64"), allow(dead_code))]
    cpu: super::Avx2,
}

impl GramScanner {
    /// `None` without AVX2.
    pub(in crate::detect) fn new() -> Option<Self> {
        super::Avx2::detect().map(|cpu| Self { cpu })
    }

    /// Scans the blocks of `bytes` at 0, 32, 64... while a whole block ([`BLOCK_BYTES`])
    /// fits, calling `marked(offset, mask)` for each block with a marked gram (bit `i` of
    /// `mask`: position `offset + i`), and returns the offset of the first position not
    /// scanned.
    pub(in crate::detect) fn scan(
        self,
        table: &[u32; WORDS],
        bytes: &[u8],
        marked: &mut dyn FnMut(usize, u32),
    ) -> usize {
        #[cfg(target_arch = "x86_64")]
        return super::avx2::scan_grams(self.cpu, table, bytes, marked);
        #[cfg(not(target_arch = "x86_64"))]
        portable(table, bytes, marked)
    }
}

/// One position at a time.
#[cfg_attr(not(test), allow(dead_code))]
pub(in crate::detect) fn portable(
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
pub(super) const fn lane_grams(first: i8) -> [i8; 16] {
    let mut out = [0; 16];
    let mut i = 0;
    while i < 16 {
        out[i] = first + (i / 4) as i8 + (i % 4) as i8;
        i += 1;
    }
    out
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
    /// One way to scan: what `GramScanner::scan` and `portable` do.
    trait Scan: Fn(&[u32; WORDS], &[u8], &mut dyn FnMut(usize, u32)) -> usize {}
    impl<F: Fn(&[u32; WORDS], &[u8], &mut dyn FnMut(usize, u32)) -> usize> Scan for F {}

    /// The AVX2 scan, where the CPU has it.
    fn vector() -> Option<impl Scan> {
        crate::detect::simd::for_tests()?;
        let scanner = GramScanner::new()?;
        Some(move |t: &[u32; WORDS], b: &[u8], m: &mut dyn FnMut(usize, u32)| scanner.scan(t, b, m))
    }

    fn masks(scan: &dyn Scan, table: &[u32; WORDS], bytes: &[u8]) -> (Vec<(usize, u32)>, usize) {
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
        let (got, done) = masks(&portable, &t, &bytes);
        assert_eq!(got, vec![(0, (1 << 3) | (1 << 31)), (POSITIONS, 1 << 9)]);
        assert_eq!(done, 2 * POSITIONS);
        assert_eq!(masks(&portable, &t, &bytes[..BLOCK_BYTES - 1]).1, 0);
    }

    #[test]
    fn the_scanner_agrees_with_the_portable_loop_at_every_position() {
        let Some(scan) = vector() else { return };
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
                    let (got, done) = masks(&scan, &t, &bytes);
                    assert_eq!(
                        (&got, done),
                        (
                            &masks(&portable, &t, &bytes).0,
                            masks(&portable, &t, &bytes).1
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
        assert_eq!(masks(&scan, &t, &zeros), (vec![(0, u32::MAX)], POSITIONS));
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
            let Some(scan) = vector() else { return Ok(()) };
            let mut all: Vec<&[u8]> = grams.iter().map(Vec::as_slice).collect();
            all.push(b"abcd");
            all.push(b"bcda");
            let t = table_of(&all);
            prop_assert_eq!(masks(&scan, &t, &bytes), masks(&portable, &t, &bytes));
        }
    }
}
