//! `hush redact` on arbitrary text: the line count is kept, one thread and two threads give
//! the same bytes, and redacting the output again changes nothing.
#![no_main]

fn run(input: &[u8], threads: usize) -> Vec<u8> {
    hush::fuzzing::redact(input, false, threads)
}

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let one = run(data, 1);
    let lines = |b: &[u8]| b.iter().filter(|&&c| c == b'\n').count();
    assert_eq!(lines(&one), lines(data), "line count changed");
    assert_eq!(run(data, 2), one, "-j1 and -j2 differ");
    assert_eq!(run(&one, 1), one, "redacting twice changed the output");
});
