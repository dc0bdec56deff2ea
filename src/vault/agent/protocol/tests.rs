//! Unit tests of the agent's wire format.

use super::*;

fn k() -> SecretKey {
    SecretKey::from_base64(&"A".repeat(43)).expect("key")
}

#[test]
fn requests_and_replies_round_trip() {
    for req in [
        Request::Get("id.1.2.3.s-_".into()),
        Request::Put("s".into(), k()),
        Request::Lock,
    ] {
        let line = req.encode();
        let back = Request::parse(line.trim_end().as_bytes()).expect("parses");
        assert_eq!(back.encode().as_str(), line.as_str());
    }
    for reply in [
        Reply::Ok,
        Reply::Key(k()),
        Reply::Miss,
        Reply::Err("no".into()),
    ] {
        let line = reply.encode();
        let back = Reply::parse(line.trim_end().as_bytes()).expect("parses");
        assert_eq!(back.encode().as_str(), line.as_str());
    }
}

#[test]
fn malformed_requests_are_refused() {
    let long = format!("GET {}", "a".repeat(201));
    let bad: [&[u8]; 10] = [
        b"",
        b"GET",
        b"GET a b",
        b"get a",
        b"GET a/b",
        b"PUT a short",
        b"LOCK x",
        b"\xff",
        long.as_bytes(),
        b"PUT a AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
    ];
    for line in bad {
        assert!(
            Request::parse(line).is_err(),
            "{:?}",
            String::from_utf8_lossy(line)
        );
    }
    assert!(Reply::parse(b"KEY short").is_err() && Reply::parse(b"WHAT").is_err());
    let Ok(Reply::Err(why)) = Reply::parse(b"ERR a\x1b[31mb") else {
        panic!("parses")
    };
    assert_eq!(why, "a[31mb");
}

#[test]
fn lines_are_bounded() {
    let mut ok = &b"LOCK\nrest"[..];
    assert_eq!(&read_line(&mut ok).expect("reads")[..], b"LOCK");
    let mut long = vec![b'a'; MAX_LINE];
    long.push(b'\n');
    assert!(read_line(&mut &long[..]).is_err());
    assert!(read_line(&mut &b"GET a"[..]).is_err(), "no LF");
}
