//! The built-in rule files, embedded in the binary at build time.
//!
//! Listed by hand, one `include_str!` per file; a test checks this list against the
//! `patterns/` directory so a new file cannot be forgotten.

/// `(file name, file text)` for every built-in rule file.
pub(crate) const FILES: &[(&str, &str)] = &[
    ("cloud.toml", include_str!("../../patterns/cloud.toml")),
    ("vcs.toml", include_str!("../../patterns/vcs.toml")),
    ("chat.toml", include_str!("../../patterns/chat.toml")),
    (
        "payments.toml",
        include_str!("../../patterns/payments.toml"),
    ),
    ("ai.toml", include_str!("../../patterns/ai.toml")),
    (
        "packages.toml",
        include_str!("../../patterns/packages.toml"),
    ),
    (
        "messaging.toml",
        include_str!("../../patterns/messaging.toml"),
    ),
    ("keys.toml", include_str!("../../patterns/keys.toml")),
    (
        "database.toml",
        include_str!("../../patterns/database.toml"),
    ),
    ("generic.toml", include_str!("../../patterns/generic.toml")),
    ("http.toml", include_str!("../../patterns/http.toml")),
    ("pii.toml", include_str!("../../patterns/pii.toml")),
];

#[cfg(test)]
mod tests {
    #[test]
    fn every_pattern_file_is_embedded() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/patterns");
        let mut on_disk: Vec<String> = std::fs::read_dir(dir)
            .expect("patterns/ exists")
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".toml"))
            .collect();
        on_disk.sort();
        let mut listed: Vec<String> = super::FILES.iter().map(|(n, _)| (*n).to_owned()).collect();
        listed.sort();
        assert_eq!(on_disk, listed);
    }
}
