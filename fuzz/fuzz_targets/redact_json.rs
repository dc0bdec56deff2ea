//! `hush redact` on JSON log lines: a line that is valid JSON stays valid JSON (masks are
//! placed inside strings, escapes kept whole), the line count is kept, and one thread and two
//! threads agree. Input that is not JSON is first wrapped as a string and a sensitive field.
#![no_main]

fn run(input: &[u8], threads: usize) -> Vec<u8> {
    hush::fuzzing::redact(input, true, threads)
}

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let mut lines: Vec<Vec<u8>> = Vec::new();
    for raw in data.split(|&b| b == b'\n') {
        let line = match serde_json::from_slice::<serde_json::Value>(raw) {
            Ok(v) => serde_json::to_vec(&v).expect("re-serialises"),
            Err(_) => {
                let text = String::from_utf8_lossy(raw);
                let v = serde_json::json!({ "msg": text, "password": text, "n": raw.len() });
                serde_json::to_vec(&v).expect("serialises")
            }
        };
        lines.push(line);
    }
    let mut input = lines.join(&b'\n');
    input.push(b'\n');
    let one = run(&input, 1);
    assert_eq!(run(&input, 2), one, "-j1 and -j2 differ");
    let out: Vec<&[u8]> = one
        .strip_suffix(b"\n")
        .unwrap_or(&one)
        .split(|&b| b == b'\n')
        .collect();
    assert_eq!(out.len(), lines.len(), "line count changed");
    for line in out {
        if let Err(e) = serde_json::from_slice::<serde_json::Value>(line) {
            panic!("redaction broke a JSON line: {e}");
        }
    }
});
