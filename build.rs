//! Converts the built-in rule files (`patterns/*.toml`) to JSON for embedding.
//!
//! Rules are written in TOML, but parsing 600 rules of TOML took about a third of a scan's
//! start-up (which every pre-commit call pays); the same data as JSON parses in a fraction
//! of that, through the same `RuleSpec` schema. The TOML stays the source: the test suite
//! also loads each file as TOML, through the path user rule files take.

use std::path::Path;

fn main() {
    println!("cargo:rerun-if-changed=patterns");
    let out = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    let dir = Path::new("patterns");
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .expect("patterns/ exists")
        .map(|e| e.expect("readable patterns/ entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    entries.sort();
    for path in entries {
        println!("cargo:rerun-if-changed={}", path.display());
        let text = std::fs::read_to_string(&path).expect("readable rule file");
        let table: toml::Table = toml::from_str(&text)
            .unwrap_or_else(|e| panic!("{}: invalid TOML: {e}", path.display()));
        let json = serde_json::to_string(&table).expect("TOML values convert to JSON");
        let stem = path.file_stem().expect("a file name").to_string_lossy();
        std::fs::write(Path::new(&out).join(format!("{stem}.json")), json)
            .expect("OUT_DIR is writable");
    }
}
