//! The built-in rule files, embedded in the binary at build time.
//!
//! `build.rs` converts each `patterns/*.toml` to JSON, which parses several times faster (the
//! same schema; start-up is paid by every pre-commit call). Listed by hand, one
//! `include_str!` per file; a test checks this list against the `patterns/` directory so a
//! new file cannot be forgotten, and another loads the TOML itself the way user rule files
//! are loaded, so a mistake in one is reported as it would be in a user's file.

/// `(file name, JSON text)` for every built-in rule file.
pub(crate) const FILES: &[(&str, &str)] = &[
    (
        "cloud.toml",
        include_str!(concat!(env!("OUT_DIR"), "/cloud.json")),
    ),
    (
        "vcs.toml",
        include_str!(concat!(env!("OUT_DIR"), "/vcs.json")),
    ),
    (
        "chat.toml",
        include_str!(concat!(env!("OUT_DIR"), "/chat.json")),
    ),
    (
        "payments.toml",
        include_str!(concat!(env!("OUT_DIR"), "/payments.json")),
    ),
    (
        "ai.toml",
        include_str!(concat!(env!("OUT_DIR"), "/ai.json")),
    ),
    (
        "packages.toml",
        include_str!(concat!(env!("OUT_DIR"), "/packages.json")),
    ),
    (
        "messaging.toml",
        include_str!(concat!(env!("OUT_DIR"), "/messaging.json")),
    ),
    (
        "database.toml",
        include_str!(concat!(env!("OUT_DIR"), "/database.json")),
    ),
    (
        "cicd.toml",
        include_str!(concat!(env!("OUT_DIR"), "/cicd.json")),
    ),
    (
        "observability.toml",
        include_str!(concat!(env!("OUT_DIR"), "/observability.json")),
    ),
    (
        "data.toml",
        include_str!(concat!(env!("OUT_DIR"), "/data.json")),
    ),
    (
        "saas.toml",
        include_str!(concat!(env!("OUT_DIR"), "/saas.json")),
    ),
    // Format rules (PEM blocks, JWTs) after the providers': at equal rank a provider's rule
    // for a JWT-shaped token is listed, and wins, first.
    (
        "keys.toml",
        include_str!(concat!(env!("OUT_DIR"), "/keys.json")),
    ),
    (
        "credentials.toml",
        include_str!(concat!(env!("OUT_DIR"), "/credentials.json")),
    ),
    (
        "generic.toml",
        include_str!(concat!(env!("OUT_DIR"), "/generic.json")),
    ),
    (
        "http.toml",
        include_str!(concat!(env!("OUT_DIR"), "/http.json")),
    ),
    (
        "pii.toml",
        include_str!(concat!(env!("OUT_DIR"), "/pii.json")),
    ),
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

    #[test]
    fn the_toml_files_load_as_user_rules_do_and_match_the_embedded_json() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/patterns");
        let texts = super::FILES.iter().map(|(name, _)| {
            let text = std::fs::read_to_string(format!("{dir}/{name}")).expect("readable");
            ((*name).to_owned(), text)
        });
        // Eager: every regex compiles, every check a user file gets is made.
        let from_toml = crate::patterns::PatternSet::from_texts(texts).expect("valid rule files");
        let builtin = crate::patterns::PatternSet::builtin().expect("embedded rules load");
        let ids = |s: &crate::patterns::PatternSet| -> Vec<String> {
            s.rules()
                .iter()
                .map(|r| format!("{} {}", r.id, r.pattern))
                .collect()
        };
        assert_eq!(ids(&from_toml), ids(&builtin));
    }
}
