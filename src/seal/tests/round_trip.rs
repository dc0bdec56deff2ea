//! Round trips per format over random documents (proptest): seal then unseal gives the file
//! back byte for byte, and every byte outside sealed values is untouched.

use super::*;

/// Asserts every byte of `sealed` outside sealed values and the `_hush` entry is the
/// original's, in order: the pieces between tokens appear in `original` one after another.
fn assert_outside_identical(original: &str, sealed: &str) {
    // Cut the `_hush` entry: JSON's member with its comma and the indent it copied, the
    // line elsewhere.
    let Some(at) = sealed.find("hush:seal:v1") else {
        assert_eq!(sealed, original, "nothing sealed, yet the text changed");
        return;
    };
    let end = at + sealed[at..].find('"').expect("closing quote") + 1;
    let body = if let Some(start) = sealed[..at].rfind("\"_hush\"") {
        let rest = sealed[end..].strip_prefix(',').unwrap_or(&sealed[end..]);
        format!("{}{}", &sealed[..start], rest.trim_start())
    } else {
        let start = sealed[..at].rfind('\n').map_or(0, |i| i + 1);
        format!("{}{}", &sealed[..start], &sealed[end + 1..])
    };
    let mut from = 0;
    for piece in body.split("\"hush:v1:") {
        let piece =
            piece.trim_start_matches(|c: char| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        let piece = piece.strip_prefix('"').unwrap_or(piece);
        let at = original[from..].find(piece).map(|i| from + i);
        assert!(
            at.is_some(),
            "piece not in the original, in order: {piece:?}"
        );
        from = at.unwrap_or(from) + piece.len();
    }
}

// ---- random documents ----

fn scalar_json() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-zA-Z0-9 _-]{0,12}".prop_map(|s| format!("\"{s}\"")),
        "[a-z]{0,6}".prop_map(|s| format!("\"{s}\\n\\u00e9\\\"\"")),
        any::<i32>().prop_map(|n| n.to_string()),
        (any::<i16>(), 0u8..99).prop_map(|(a, b)| format!("{a}.{b}e1")),
        Just("true".to_owned()),
        Just("null".to_owned()),
    ]
}

fn key_name() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-z]{1,6}",
        Just("password".to_owned()),
        Just("api_key".to_owned()),
        Just("Client-Secret".to_owned())
    ]
}

fn json_doc() -> impl Strategy<Value = String> {
    let leaf = scalar_json();
    let value = leaf.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(|v| format!("[{}]", v.join(", "))),
            prop::collection::btree_map(key_name(), inner, 0..4).prop_map(|m| {
                let members: Vec<String> = m.iter().map(|(k, v)| format!("\"{k}\":{v}")).collect();
                format!("{{ {} }}", members.join(",\n    "))
            }),
        ]
    });
    (
        prop::collection::btree_map(key_name(), value, 1..5),
        "[ \n]{0,3}",
    )
        .prop_map(|(m, ws)| {
            let members: Vec<String> = m.iter().map(|(k, v)| format!("\"{k}\": {v}")).collect();
            format!("{{{ws}  {}\n}}\n", members.join(",\n  "))
        })
}

fn toml_line() -> impl Strategy<Value = String> {
    prop::collection::btree_map(key_name(), toml_entry(), 0..4)
        .prop_map(|m| m.into_iter().map(|(k, v)| format!("{k} = {v}")).collect())
}

fn toml_entry() -> impl Strategy<Value = String> {
    let value = prop_oneof![
        "[a-zA-Z0-9 _-]{0,12}".prop_map(|s| format!("\"{s}\"")),
        "[a-z]{0,8}".prop_map(|s| format!("'{s}'")),
        "[a-z]{0,8}".prop_map(|s| format!("\"\"\"\n{s}\nx\"\"\"")),
        any::<i32>().prop_map(|n| n.to_string()),
        Just("0x2A".to_owned()),
        Just("true".to_owned()),
        Just("1979-05-27T07:32:00Z".to_owned()),
        Just("[1, \"two\"]".to_owned()),
        Just("{ secret = \"s\", n = 1 }".to_owned()),
    ];
    (value, prop_oneof![Just(""), Just("  # note")]).prop_map(|(v, c)| format!("{v}{c}\n"))
}

fn toml_doc() -> impl Strategy<Value = String> {
    let table = toml_line().prop_map(|lines| format!("\n[{{}}]\n{lines}"));
    (
        toml_line(),
        prop::collection::btree_map("[A-Z]{1,5}", table, 0..3),
    )
        .prop_map(|(root, tables)| {
            let mut s = String::from("# config\n");
            s.push_str(&root);
            // Table names are keys too: a table name equal to a root key would be a duplicate.
            s.extend(tables.into_iter().map(|(name, t)| t.replace("{}", &name)));
            s
        })
}

fn yaml_doc() -> impl Strategy<Value = String> {
    let scalar = prop_oneof![
        "[a-z][a-z0-9 ]{0,10}[a-z]".prop_map(|s| s),
        "[a-z ]{0,10}".prop_map(|s| format!("'{s}'")),
        "[a-z ]{0,10}".prop_map(|s| format!("\"{s}\\t\"")),
        any::<i32>().prop_map(|n| n.to_string()),
        Just("true".to_owned()),
        Just("~".to_owned()),
        "[a-z]{1,8}".prop_map(|s| format!("|\n    {s}\n    {s}")),
        "[a-z]{1,8}".prop_map(|s| format!(">-\n    {s}\n    more")),
    ];
    let entry = (key_name(), scalar, prop_oneof![Just(""), Just(" # c")]).prop_map(|(k, v, c)| {
        if v.starts_with(['|', '>']) {
            format!("  {k}: {v}\n")
        } else {
            format!("  {k}: {v}{c}\n")
        }
    });
    let section = (
        "[a-z]{1,6}",
        prop::collection::btree_map(key_name(), entry, 1..4),
    )
        .prop_map(|(name, e)| format!("{name}:\n{}", e.into_values().collect::<String>()));
    prop::collection::btree_map("[a-z]{1,6}", section, 1..4).prop_map(|m| {
        let mut s = String::from("# top\n");
        s.extend(m.into_values());
        s.push_str("list:\n  - token: abc\n  - {api_key: flow, n: 1}\n");
        s
    })
}

fn round_trip(format: Format, doc: &str) -> Result<(), TestCaseError> {
    let k = key();
    let sealed = seal_str(format, doc, &k).map_err(|e| TestCaseError::fail(format!("{e:#}")))?;
    assert_outside_identical(doc, &sealed.text);
    let back =
        unseal_str(format, &sealed.text, &k).map_err(|e| TestCaseError::fail(format!("{e:#}")))?;
    prop_assert_eq!(&back, doc);
    // Sealing a sealed file again changes nothing but its MAC-neutral re-render.
    let again =
        seal_str(format, &sealed.text, &k).map_err(|e| TestCaseError::fail(format!("{e:#}")))?;
    prop_assert_eq!(again.newly_sealed, 0);
    prop_assert_eq!(&again.text, &sealed.text);
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn json_round_trips_byte_for_byte(doc in json_doc()) {
        round_trip(Format::Json, &doc)?;
    }

    #[test]
    fn toml_round_trips_byte_for_byte(doc in toml_doc()) {
        round_trip(Format::Toml, &doc)?;
    }

    #[test]
    fn yaml_round_trips_byte_for_byte(doc in yaml_doc()) {
        round_trip(Format::Yaml, &doc)?;
    }
}
