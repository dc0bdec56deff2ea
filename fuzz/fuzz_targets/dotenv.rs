//! The dotenv dialect of `vault import`: never panics, and whatever it accepts comes back
//! unchanged after `vault export`'s quoting (so expansion, escapes and `#` are handled
//! consistently). The expansion bounds keep every input fast.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if let Some(same) = hush::fuzzing::dotenv_round_trip(data) {
        assert!(same, "export then import changed an entry");
    }
});
