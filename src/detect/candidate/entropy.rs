//! Shannon entropy of a byte string, in bits per byte.
//!
//! Used to drop low-information candidates (`password = "aaaaaaaab"`) that a rule's shape
//! alone would accept.

/// Shannon entropy of `bytes` in bits per byte (0.0 for an empty input, at most 8.0).
pub fn shannon(bytes: &[u8]) -> f64 {
    if bytes.is_empty() {
        return 0.0;
    }
    let mut counts = [0u32; 256];
    for &b in bytes {
        counts[usize::from(b)] += 1;
    }
    let len = bytes.len() as f64;
    counts
        .iter()
        .filter(|&&c| c > 0)
        .map(|&c| {
            let p = f64::from(c) / len;
            -p * p.log2()
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::shannon;

    #[test]
    fn empty_and_uniform() {
        assert_eq!(shannon(b""), 0.0);
        assert_eq!(shannon(b"aaaa"), 0.0);
    }

    #[test]
    fn two_symbols_is_one_bit() {
        assert!((shannon(b"abab") - 1.0).abs() < 1e-9);
    }

    #[test]
    fn random_looking_token_is_high() {
        assert!(shannon(b"Zk3vQ9pL0mX7aR2tY8wE5uI1oP4sD6fG") > 4.5);
        assert!(shannon(b"password") < 3.0);
    }
}
