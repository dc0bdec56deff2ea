//! The vault file parser (attacker-controlled in a pull request): never panics, and accepts
//! only the one canonical encoding of a file (rendering what it parsed gives the input back).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if let Some(same) = hush::fuzzing::vault_file_round_trip(data) {
        assert!(same, "accepted a non-canonical vault file");
    }
});
