use super::*;
use crate::patterns::demo::{self, TOKEN};

fn scan(input: &[u8]) -> Vec<(Location, String)> {
    let d = Detector::new(demo::set()).expect("builds");
    let mut state = StreamState::new(&d);
    let mut out = Vec::new();
    scan_stream(&d, &mut state, input, true, |hit| {
        out.push((
            hit.location,
            String::from_utf8_lossy(hit.secret).into_owned(),
        ));
    })
    .expect("in-memory read");
    out
}

#[test]
fn line_and_column() {
    let found = scan(format!("a\nbb\n  x = {TOKEN}\n").as_bytes());
    assert_eq!(found.len(), 1);
    assert_eq!(
        found[0].0,
        Location {
            line: 3,
            column: 7,
            end_column: 28
        }
    );
}

#[test]
fn binary_is_skipped() {
    assert!(scan(format!("\0{TOKEN}").as_bytes()).is_empty());
}

#[test]
fn every_window_edge_position_is_found_once() {
    // Place a token across each interesting offset near the first window's inner edges.
    let edge = WINDOW - OVERLAP / 2;
    for offset in [
        edge - 30,
        edge - 21,
        edge - 10,
        edge,
        edge + 1,
        WINDOW - 10,
        WINDOW + 5,
    ] {
        let mut input = vec![b' '; offset];
        input.extend_from_slice(TOKEN.as_bytes());
        input.extend(std::iter::repeat_n(b' ', WINDOW));
        let found = scan(&input);
        assert_eq!(found.len(), 1, "offset {offset}");
        assert_eq!(found[0].1, TOKEN);
        assert_eq!(found[0].0.column, offset as u64 + 1, "offset {offset}");
    }
}

#[test]
fn lines_counted_across_windows() {
    let mut input = Vec::new();
    let mut want = Vec::new();
    for line in 1..=400_000u64 {
        if line % 50_000 == 0 {
            input.extend(format!("k {TOKEN}\n").as_bytes());
            want.push(line);
        } else {
            input.extend(b"just some filler text\n");
        }
    }
    assert!(input.len() > 2 * WINDOW);
    let got: Vec<u64> = scan(&input).iter().map(|(l, _)| l.line).collect();
    assert_eq!(got, want);
}

#[test]
fn debug_output_never_shows_scanned_bytes() {
    let d = Detector::new(demo::set()).expect("builds");
    let mut state = StreamState::new(&d);
    let mut hits = Vec::new();
    scan_stream(
        &d,
        &mut state,
        format!("k {TOKEN}\n").as_bytes(),
        true,
        |hit| {
            hits.push(format!("{hit:?}"));
        },
    )
    .expect("in-memory read");
    assert_eq!(hits.len(), 1);
    for text in hits.iter().chain([&format!("{state:?}")]) {
        assert!(!text.contains(TOKEN), "{text}");
    }
}

/// A reader that gives one byte per call and is interrupted before each.
struct Trickle<'a> {
    data: &'a [u8],
    interrupt: bool,
}

impl Read for Trickle<'_> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        self.interrupt = !self.interrupt;
        if self.interrupt {
            return Err(io::ErrorKind::Interrupted.into());
        }
        let Some((&first, rest)) = self.data.split_first() else {
            return Ok(0);
        };
        out[0] = first;
        self.data = rest;
        Ok(1)
    }
}

#[test]
fn fill_reads_up_to_want_through_short_and_interrupted_reads() {
    let data: Vec<u8> = (0..=255).cycle().take(70_000).collect();
    let mut reader = Trickle {
        data: &data,
        interrupt: false,
    };
    let (mut buf, mut filled) = (Vec::new(), 0);
    assert!(!fill(&mut reader, &mut buf, &mut filled, 65_000).expect("reads"));
    assert_eq!(&buf[..filled], &data[..65_000]);
    // The rest, then the end.
    assert!(fill(&mut reader, &mut buf, &mut filled, 10_000).expect("reads"));
    assert_eq!(&buf[..filled], &data[..]);
    // A new stream reuses the room: stale bytes past `filled` are never read as data.
    let mut short = &b"abc"[..];
    let mut filled = 0;
    assert!(fill(&mut short, &mut buf, &mut filled, 100).expect("reads"));
    assert_eq!(&buf[..filled], b"abc");
    // Exactly `want` left: not the end yet; the next read finds it.
    let mut exact = &b"abcd"[..];
    let mut filled = 0;
    assert!(!fill(&mut exact, &mut buf, &mut filled, 4).expect("reads"));
    assert!(fill(&mut exact, &mut buf, &mut filled, 4).expect("reads"));
    assert_eq!(&buf[..filled], b"abcd");
}
