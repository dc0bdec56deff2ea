//! `hush redact` on arbitrary text: the line count is kept, one thread and two threads give
//! the same bytes, and redacting the output again changes nothing.
#![no_main]

use hush::patterns::PatternSet;
use hush::redact::{MaskStyle, Masker, RedactFilter, Redactor};
use std::sync::OnceLock;

fn redactor() -> &'static Redactor {
    static R: OnceLock<Redactor> = OnceLock::new();
    R.get_or_init(|| {
        let set = PatternSet::builtin().expect("built-in rules load");
        Redactor::new(set, Masker::new(MaskStyle::Full, b"fuzz")).expect("redactor builds")
    })
}

fn run(input: &[u8], threads: usize) -> Vec<u8> {
    let mut out = Vec::new();
    RedactFilter::new(redactor(), input, &mut out)
        .buffered(true)
        .threads(threads)
        .run()
        .expect("in-memory I/O cannot fail");
    out
}

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let one = run(data, 1);
    let lines = |b: &[u8]| b.iter().filter(|&&c| c == b'\n').count();
    assert_eq!(lines(&one), lines(data), "line count changed");
    assert_eq!(run(data, 2), one, "-j1 and -j2 differ");
    assert_eq!(run(&one, 1), one, "redacting twice changed the output");
});
