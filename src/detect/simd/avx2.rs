//! The AVX2 kernels: class masks of 64-byte blocks (`classes.rs`) and gram-table lookups of
//! 32 positions (`grams.rs`). Each entry point takes an [`Avx2`], which exists only once the
//! CPU has reported AVX2: that is what makes calling the `#[target_feature]` functions sound.
//! The kernels only load the bytes they are given and, for grams, gather from a table at
//! indices a shift bounds to it.
#![expect(
    unsafe_code,
    reason = "vector loads and gathers, and calls into functions compiled for AVX2"
)]

use super::Avx2;
use super::classes::{BLOCK, Masks};
use super::grams::{BLOCK_BYTES, FOLD, HASH_BITS, MULTIPLIER, POSITIONS, WORDS, lane_grams};
use std::arch::x86_64::*;

/// The masks of consecutive blocks: `bytes` holds `out.len()` of them.
pub(super) fn classify(_cpu: Avx2, bytes: &[u8], out: &mut [Masks]) {
    assert_eq!(bytes.len(), out.len() * BLOCK);
    // SAFETY: an `Avx2` exists only after the CPU reported AVX2.
    unsafe { classify_run(bytes, out) }
}

#[target_feature(enable = "avx2")]
fn classify_run(bytes: &[u8], out: &mut [Masks]) {
    for (block, m) in bytes.chunks_exact(BLOCK).zip(out) {
        let Ok(block) = <&[u8; BLOCK]>::try_from(block) else {
            unreachable!("chunks_exact yields whole blocks")
        };
        *m = classify_block(block);
    }
}

#[target_feature(enable = "avx2")]
#[inline]
fn classify_block(block: &[u8; BLOCK]) -> Masks {
    let mut m = Masks::default();
    for (k, part) in block.chunks_exact(32).enumerate() {
        // SAFETY: `part` is 32 readable bytes; the load has no alignment requirement.
        let v = unsafe { _mm256_loadu_si256(part.as_ptr().cast::<__m256i>()) };
        let bits = |x: __m256i| u64::from(_mm256_movemask_epi8(x) as u32) << (32 * k);
        let eq = |c: u8| _mm256_cmpeq_epi8(v, _mm256_set1_epi8(c as i8));
        // `lo <= v <= hi` as unsigned bytes: `v - lo` wraps past `hi - lo` otherwise.
        let range = |lo: u8, hi: u8| {
            let t = _mm256_sub_epi8(v, _mm256_set1_epi8(lo as i8));
            _mm256_cmpeq_epi8(_mm256_min_epu8(t, _mm256_set1_epi8((hi - lo) as i8)), t)
        };
        m.digit |= bits(range(b'0', b'9'));
        m.upper |= bits(range(b'A', b'Z'));
        m.sep |= bits(_mm256_or_si256(eq(b' '), eq(b'-')));
        m.dot |= bits(eq(b'.'));
        m.plus |= bits(eq(b'+'));
    }
    m
}

/// Scans the blocks of `bytes` at 0, 32, 64... while a whole block ([`BLOCK_BYTES`]) fits,
/// calling `marked(offset, mask)` for each block with a marked gram, and returns the offset
/// of the first position not scanned (see `grams.rs`).
pub(super) fn scan_grams(
    _cpu: Avx2,
    table: &[u32; WORDS],
    bytes: &[u8],
    marked: &mut dyn FnMut(usize, u32),
) -> usize {
    // SAFETY: an `Avx2` exists only after the CPU reported AVX2.
    unsafe { scan_grams_avx2(table, bytes, marked) }
}

#[target_feature(enable = "avx2")]
fn scan_grams_avx2(
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
