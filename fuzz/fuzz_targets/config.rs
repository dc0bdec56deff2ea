//! `hush.toml` / `--config FILE`: loading never panics, and an error message is one line with
//! no control character.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Err(msg) = hush::fuzzing::config(text) {
        assert!(
            !msg.chars().any(char::is_control),
            "control character in {msg:?}"
        );
    }
});
