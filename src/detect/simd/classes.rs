//! Class masks of 64-byte blocks for the digit anchors (`detect/digits/anchors.rs`): bit `i`
//! of a mask says byte `i` of the block is in the class. With AVX2 (`avx2.rs`) 32 bytes
//! per instruction; elsewhere the byte loop, which is also the tests' reference.

use super::Avx2;
use crate::detect::digits::anchors::Class;

/// Bytes per block.
pub(in crate::detect) const BLOCK: usize = 64;

/// One block's classes (see `anchors::Class`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(in crate::detect) struct Masks {
    /// `0`..=`9`.
    pub(in crate::detect) digit: u64,
    /// `A`..=`Z`.
    pub(in crate::detect) upper: u64,
    /// ` ` or `-`.
    pub(in crate::detect) sep: u64,
    /// `.`.
    pub(in crate::detect) dot: u64,
    /// `+`.
    pub(in crate::detect) plus: u64,
}

/// The fastest way this CPU has to compute the masks of blocks.
#[derive(Debug, Clone, Copy)]
pub(in crate::detect) struct Classifier {
    avx2: Option<Avx2>,
}

impl Classifier {
    pub(in crate::detect) fn new() -> Self {
        Self {
            avx2: Avx2::detect(),
        }
    }

    /// Computes the masks of consecutive [`BLOCK`]-byte blocks: `bytes` holds `out.len()` of
    /// them (a call per run of blocks, not per block, keeps the constants in registers).
    pub(in crate::detect) fn classify(self, bytes: &[u8], out: &mut [Masks]) {
        match self.avx2 {
            #[cfg(target_arch = "x86_64")]
            Some(cpu) => super::avx2::classify(cpu, bytes, out),
            _ => portable(bytes, out),
        }
    }
}

/// One byte at a time, by the anchors' own class definition (`anchor::Class`).
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

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// One way to classify blocks.
    type Classify = Box<dyn Fn(&[u8], &mut [Masks])>;

    /// Every implementation this CPU can run.
    fn all() -> Vec<Classify> {
        let mut all: Vec<Classify> = vec![
            Box::new(portable),
            Box::new(|b, o| Classifier::new().classify(b, o)),
        ];
        #[cfg(target_arch = "x86_64")]
        if let Some(cpu) = crate::detect::simd::for_tests() {
            all.push(Box::new(move |b, o| {
                crate::detect::simd::avx2::classify(cpu, b, o)
            }));
        }
        all
    }

    /// The masks of one block.
    fn one(classify: &dyn Fn(&[u8], &mut [Masks]), block: &[u8]) -> Masks {
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
                    one(&classify, &block),
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
                prop_assert_eq!(one(&classify, &block), portable_block(&block));
            }
        }
    }
}
