//! Rule files (`--rules DIR`): loading never panics, and an error message is one line with no
//! control character (it must not quote a secret or drive the terminal).
#![no_main]

use hush::patterns::PatternSet;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Err(e) = PatternSet::from_texts([("fuzz.toml".to_owned(), text.to_owned())]) {
        let msg = e.to_string();
        assert!(
            !msg.chars().any(char::is_control),
            "control character in {msg:?}"
        );
    }
});
