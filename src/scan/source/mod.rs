//! Sources: where the bytes a scan reads come from.
//!
//! Each source knows how to enumerate and read its inputs and labels findings with a
//! display path; none of them knows about rules. Files and directories live in [`files`];
//! a single reader (stdin) goes straight to [`Scanner::scan_reader`](crate::scan::Scanner::scan_reader).

pub mod date;
pub mod diff;
pub mod files;
pub mod git;
pub mod history;
pub mod push;
pub mod quarantine;

/// Makes a path printable and stable: lossy UTF-8, no leading `./`.
pub fn display_path(path: &std::path::Path) -> String {
    strip_dot_slash(&path.to_string_lossy())
}

/// The same for a path given as bytes (git paths need not be UTF-8).
pub fn display_bytes(path: &[u8]) -> String {
    strip_dot_slash(&String::from_utf8_lossy(path))
}

fn strip_dot_slash(mut s: &str) -> String {
    while let Some(rest) = s.strip_prefix("./") {
        s = rest;
    }
    s.to_owned()
}

#[cfg(test)]
mod tests {
    use super::display_path;
    use std::path::Path;

    #[test]
    fn strips_dot_slash() {
        assert_eq!(display_path(Path::new("./src/a.rs")), "src/a.rs");
        assert_eq!(display_path(Path::new("src/a.rs")), "src/a.rs");
        assert_eq!(display_path(Path::new("/abs/a.rs")), "/abs/a.rs");
        assert_eq!(super::display_bytes(b"././b\xff.rs"), "b\u{fffd}.rs");
    }
}
