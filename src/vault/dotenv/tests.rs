use super::*;
use crate::vault::loader::{Item, parse};
use proptest::prelude::*;

proptest! {
    /// Whatever `write_entry` writes, the loader reads back exactly: no value is expanded,
    /// unescaped or cut at a `#`.
    #[test]
    fn write_then_load_round_trips(
        entries in proptest::collection::btree_map(
            "[A-Za-z_][A-Za-z0-9_]{0,12}",
            prop_oneof![any::<String>(), "[=\"' \n\r\t#$\\{}:a-z-]{0,40}"],
            0..8,
        )
    ) {
        let mut out = Zeroizing::new(String::new());
        for (name, value) in &entries {
            write_entry(&mut out, name, value);
        }
        let loaded = parse(out.as_bytes(), &|_| Some(Zeroizing::new("ENV".to_owned())))
            .expect("parses");
        let back: Vec<(String, String)> = loaded
            .items
            .into_iter()
            .filter_map(|item| match item {
                Item::Entry { name, value } => Some((name, value.as_str().to_owned())),
                _ => None,
            })
            .collect();
        let want: Vec<(String, String)> = entries.into_iter().collect();
        prop_assert_eq!(back, want);
        prop_assert!(loaded.warnings.is_empty());
    }
}
