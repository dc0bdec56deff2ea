//! The unified-diff parser of `hush diff`: never panics or loops, one line number per added
//! line, every number within 1..=2^33 (hunk headers are bounded), added text ends in LF.
#![no_main]

use hush::scan::source::diff::{MAX_HUNK_LINE, parse};

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = parse(data, |file| {
        let newlines = file.added.iter().filter(|&&b| b == b'\n').count();
        assert_eq!(newlines, file.lines.len());
        assert!(file.added.is_empty() || file.added.ends_with(b"\n"));
        for &line in &file.lines {
            assert!((1..=2 * MAX_HUNK_LINE).contains(&line), "line {line}");
        }
    });
});
