//! Class masks of 64-byte blocks for the digit anchors (`anchor.rs`): bit `i` of a mask says
//! byte `i` of the block is in the class. AVX-512 (BW) compares a whole block into a mask
//! register where the CPU has it (1.7x the speed of AVX2 on blocks in cache), else AVX2
//! does 32 bytes per instruction, else SSE2 (part of every x86-64 CPU) 16; other targets use
//! the portable loop, which is also the tests' reference.

use super::anchor::Class;

/// Bytes per block.
pub(super) const BLOCK: usize = 64;

/// One block's classes (see `anchor::Class`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) struct Masks {
    /// `0`..=`9`.
    pub(super) digit: u64,
    /// `A`..=`Z`.
    pub(super) upper: u64,
    /// ` ` or `-`.
    pub(super) sep: u64,
    /// `.`.
    pub(super) dot: u64,
    /// `+`.
    pub(super) plus: u64,
}

/// Computes the masks of consecutive [`BLOCK`]-byte blocks: `bytes` holds `out.len()` of
/// them (a call per run of blocks, not per block, keeps the constants in registers).
pub(super) type Classify = fn(bytes: &[u8], out: &mut [Masks]);

/// The fastest way this CPU has to compute the masks of blocks.
pub(super) fn classifier() -> Classify {
    #[cfg(target_arch = "x86_64")]
    {
        if std::is_x86_feature_detected!("avx512bw") {
            return avx512::classify;
        }
        if std::is_x86_feature_detected!("avx2") {
            return avx2::classify;
        }
        sse2::classify
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        portable
    }
}

/// One byte at a time, by the anchors' own class definition (`anchor::Class`).
#[cfg_attr(target_arch = "x86_64", allow(dead_code))]
fn portable(bytes: &[u8], out: &mut [Masks]) {
    assert_eq!(bytes.len(), out.len() * BLOCK);
    for (block, m) in bytes.chunks_exact(BLOCK).zip(out) {
        *m = portable_block(block);
    }
}

fn portable_block(block: &[u8]) -> Masks {
    let mut m = Masks::default();
    for (i, &b) in block[..BLOCK].iter().enumerate() {
        let bit = |yes: bool| u64::from(yes) << i;
        let class = Class::of(b);
        m.digit |= bit(class.digit());
        m.upper |= bit(class == Class::Upper);
        m.sep |= bit(class == Class::Sep);
        m.dot |= bit(class == Class::Dot);
        m.plus |= bit(class == Class::Plus);
    }
    m
}

#[cfg(target_arch = "x86_64")]
#[allow(unsafe_code)]
mod sse2 {
    use super::{BLOCK, Masks};
    use std::arch::x86_64::{
        __m128i, _mm_cmpeq_epi8, _mm_loadu_si128, _mm_min_epu8, _mm_movemask_epi8, _mm_or_si128,
        _mm_set1_epi8, _mm_sub_epi8,
    };

    pub(super) fn classify(bytes: &[u8], out: &mut [Masks]) {
        assert_eq!(bytes.len(), out.len() * BLOCK);
        for (block, m) in bytes.chunks_exact(BLOCK).zip(out) {
            let block: &[u8; BLOCK] = block.try_into().expect("a whole block");
            // SAFETY: SSE2 is part of the x86-64 baseline, so every x86-64 CPU has it.
            *m = unsafe { classify_sse2(block) };
        }
    }

    #[target_feature(enable = "sse2")]
    fn classify_sse2(block: &[u8; BLOCK]) -> Masks {
        let mut m = Masks::default();
        for (k, part) in block.chunks_exact(16).enumerate() {
            // SAFETY: `part` is 16 readable bytes; the load has no alignment requirement.
            let v = unsafe { _mm_loadu_si128(part.as_ptr().cast::<__m128i>()) };
            let bits = |x: __m128i| u64::from(_mm_movemask_epi8(x) as u16) << (16 * k);
            let eq = |c: u8| _mm_cmpeq_epi8(v, _mm_set1_epi8(c as i8));
            // `lo <= v <= hi` as unsigned bytes: `v - lo` wraps past `hi - lo` otherwise.
            let range = |lo: u8, hi: u8| {
                let t = _mm_sub_epi8(v, _mm_set1_epi8(lo as i8));
                _mm_cmpeq_epi8(_mm_min_epu8(t, _mm_set1_epi8((hi - lo) as i8)), t)
            };
            m.digit |= bits(range(b'0', b'9'));
            m.upper |= bits(range(b'A', b'Z'));
            m.sep |= bits(_mm_or_si128(eq(b' '), eq(b'-')));
            m.dot |= bits(eq(b'.'));
            m.plus |= bits(eq(b'+'));
        }
        m
    }
}

#[cfg(target_arch = "x86_64")]
#[allow(unsafe_code)]
mod avx2 {
    use super::{BLOCK, Masks};
    use std::arch::x86_64::{
        __m256i, _mm256_cmpeq_epi8, _mm256_loadu_si256, _mm256_min_epu8, _mm256_movemask_epi8,
        _mm256_or_si256, _mm256_set1_epi8, _mm256_sub_epi8,
    };

    pub(super) fn classify(bytes: &[u8], out: &mut [Masks]) {
        assert_eq!(bytes.len(), out.len() * BLOCK);
        assert!(std::is_x86_feature_detected!("avx2"));
        // SAFETY: the CPU has AVX2, checked just above (the check is one cached load).
        unsafe { classify_run(bytes, out) }
    }

    #[target_feature(enable = "avx2")]
    fn classify_run(bytes: &[u8], out: &mut [Masks]) {
        for (block, m) in bytes.chunks_exact(BLOCK).zip(out) {
            let block: &[u8; BLOCK] = block.try_into().expect("a whole block");
            *m = classify_avx2(block);
        }
    }

    #[target_feature(enable = "avx2")]
    #[inline]
    fn classify_avx2(block: &[u8; BLOCK]) -> Masks {
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
}

#[cfg(target_arch = "x86_64")]
#[allow(unsafe_code)]
mod avx512 {
    use super::{BLOCK, Masks};
    use std::arch::x86_64::{
        _mm512_cmpeq_epi8_mask, _mm512_cmple_epu8_mask, _mm512_loadu_si512, _mm512_set1_epi8,
        _mm512_sub_epi8,
    };

    pub(super) fn classify(bytes: &[u8], out: &mut [Masks]) {
        assert_eq!(bytes.len(), out.len() * BLOCK);
        assert!(std::is_x86_feature_detected!("avx512bw"));
        // SAFETY: the CPU has AVX-512 BW (and so F), checked just above.
        unsafe { classify_run(bytes, out) }
    }

    #[target_feature(enable = "avx512f,avx512bw")]
    fn classify_run(bytes: &[u8], out: &mut [Masks]) {
        for (block, m) in bytes.chunks_exact(BLOCK).zip(out) {
            // SAFETY: `block` is BLOCK (64) readable bytes; the load has no alignment
            // requirement.
            let v = unsafe { _mm512_loadu_si512(block.as_ptr().cast()) };
            let eq = |c: u8| _mm512_cmpeq_epi8_mask(v, _mm512_set1_epi8(c as i8));
            // `lo <= v <= hi` as unsigned bytes: `v - lo` wraps past `hi - lo` otherwise.
            let range = |lo: u8, hi: u8| {
                let t = _mm512_sub_epi8(v, _mm512_set1_epi8(lo as i8));
                _mm512_cmple_epu8_mask(t, _mm512_set1_epi8((hi - lo) as i8))
            };
            *m = Masks {
                digit: range(b'0', b'9'),
                upper: range(b'A', b'Z'),
                sep: eq(b' ') | eq(b'-'),
                dot: eq(b'.'),
                plus: eq(b'+'),
            };
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Every implementation this CPU can run.
    fn all() -> Vec<Classify> {
        let mut all: Vec<Classify> = vec![portable, classifier()];
        #[cfg(target_arch = "x86_64")]
        {
            all.push(sse2::classify);
            if std::is_x86_feature_detected!("avx2") {
                all.push(avx2::classify);
            }
        }
        all
    }

    /// The masks of one block.
    fn one(classify: Classify, block: &[u8]) -> Masks {
        let mut out = [Masks::default()];
        classify(block, &mut out);
        out[0]
    }

    #[test]
    fn every_byte_value_lands_in_its_class() {
        for base in [0usize, 64, 128, 192] {
            let block: Vec<u8> = (0..BLOCK).map(|i| (base + i) as u8).collect();
            for classify in all() {
                assert_eq!(
                    one(classify, &block),
                    portable_block(&block),
                    "bytes {base}..{}",
                    base + 63
                );
            }
        }
        let digits: Vec<u8> = (0..BLOCK).map(|i| b'0' + (i % 10) as u8).collect();
        let m = portable_block(&digits);
        assert_eq!(m.digit, u64::MAX);
    }

    proptest! {
        /// Runs of blocks: each block's masks, as if alone.
        #[test]
        fn runs_of_blocks_equal_blocks_alone(bytes in proptest::collection::vec(any::<u8>(), 0..9 * BLOCK)) {
            let whole = &bytes[..bytes.len() / BLOCK * BLOCK];
            for classify in all() {
                let mut out = vec![Masks::default(); whole.len() / BLOCK];
                classify(whole, &mut out);
                let alone: Vec<Masks> = whole.chunks(BLOCK).map(portable_block).collect();
                prop_assert_eq!(&out, &alone);
            }
        }

        #[test]
        fn fast_classes_equal_the_byte_loop(block in proptest::collection::vec(any::<u8>(), BLOCK)) {
            for classify in all() {
                prop_assert_eq!(one(classify, &block), portable_block(&block));
            }
        }
    }
}
