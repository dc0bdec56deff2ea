//! Unit tests of `meta`.

use super::*;
use crate::vault::crypto::Argon2Params;

fn meta(kdf: Kdf) -> Meta {
    Meta {
        id: [1; ID_LEN],
        key_id: [2; ID_LEN],
        kdf,
        wrapped: vec![3; WRAPPED_LEN],
        mac: [4; MAC_LEN],
    }
}

#[test]
fn render_parse_round_trip() {
    for kdf in [
        Kdf::KeyFile,
        Kdf::Argon2id {
            params: Argon2Params::DEFAULT,
            salt: [5; 16],
        },
    ] {
        let m = meta(kdf);
        let text = m.render();
        assert!(text.starts_with("hush:seal:v1;id="));
        assert_eq!(Meta::parse(&text), Ok(m));
    }
}

#[test]
fn malformed_entries_are_refused() {
    let good = meta(Kdf::KeyFile).render();
    for bad in [
        String::new(),
        good.replace("v1", "v9"),
        good.replace(";kdf=keyfile", ";kdf=scrypt"),
        format!("{good};extra"),
        good[..good.len() - 2].to_owned(),
        good.replace("id=", "ID="),
    ] {
        assert!(Meta::parse(&bad).is_err(), "{bad}");
    }
    let weak = Kdf::Argon2id {
        params: Argon2Params {
            m_kib: 8,
            t: 1,
            p: 1,
        },
        salt: [0; 16],
    };
    assert!(Meta::parse(&meta(weak).render()).is_err());
}

#[test]
fn mac_input_is_unambiguous() {
    let m = meta(Kdf::KeyFile);
    let a = mac_input(&m, [("ab", &b"c"[..])].into_iter());
    let b = mac_input(&m, [("a", &b"bc"[..])].into_iter());
    let c = mac_input(&m, [("ab", &b"c"[..]), ("ab", &b"c"[..])].into_iter());
    assert_ne!(a, b);
    assert_ne!(a, c);
}
