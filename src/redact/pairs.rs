//! Values under a sensitive name in text: `DB_PASSWORD=…` (environment dumps, logfmt,
//! query strings), `db_password: …`, `password="…"`, `'token': '…'`, `--api-key=…` and HTTP
//! header lines (`Authorization: Bearer …`), also where such a pair sits inside a JSON string
//! (`{"msg":"DB_PASSWORD=…"}`).
//!
//! Each `=` or `:` is looked at: the name before it (letters, digits, `_ - .`, optionally
//! quoted) is checked against the [`SensitiveNames`], and the value after it is masked whole.
//! Where the value ends is the syntax's delimiter: a quoted value at its closing quote; a
//! header line (a name opening the line, then `: `) at the line's end; anything else at
//! whitespace, a quote, `&`, `;`, `,` or a backslash (a JSON escape). A value that is an
//! authentication scheme (`Bearer`, `Basic`, …) takes the credential after it too. This is
//! hand-written rather than a regex per syntax: one pass over the separators, rejecting most
//! names at their last byte, costs about a `memchr`.

use super::edit::Edit;
use crate::patterns::sensitive::SensitiveNames;

/// Longest name looked at, and longest value masked (bytes).
const MAX_NAME: usize = 128;
const MAX_VALUE: usize = 8 << 10; // 8 KiB

const SCHEMES: &[&str] = &[
    "bearer",
    "basic",
    "token",
    "digest",
    "apikey",
    "negotiate",
    "bot",
    "ssws",
    "oauth",
];

fn name_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.')
}

fn ends_value(b: u8) -> bool {
    b.is_ascii_whitespace() || matches!(b, b'"' | b'\'' | b'&' | b';' | b',' | b'\\')
}

/// Pushes an edit, labelled `label`, for every value under a sensitive name in `hay`.
pub(super) fn pair_edits(hay: &[u8], names: &SensitiveNames, label: usize, edits: &mut Vec<Edit>) {
    let mut skip_to = 0;
    for sep in memchr::memchr2_iter(b'=', b':', hay) {
        if sep < skip_to {
            continue;
        }
        if let Some((start, end)) = pair_at(hay, sep, names) {
            edits.push(Edit {
                start,
                end,
                label,
                quote: false,
                count: true,
            });
            skip_to = end;
        }
    }
}

/// Drops the pairs of the JSON line `ls..le` that are not inside one of its `strings`
/// (relative to `ls`): the JSON field logic handles `"password": 123`, and a number masked
/// raw would break the line. Dropped pairs are left empty (`start == end`).
pub(super) fn keep_in_strings(
    pairs: &mut [Edit],
    ls: usize,
    le: usize,
    strings: &[(usize, usize)],
) {
    let first = pairs.partition_point(|e| e.start < ls);
    for e in pairs[first..].iter_mut().take_while(|e| e.start < le) {
        let (s, t) = (e.start - ls, e.end - ls);
        let i = strings.partition_point(|&(_, ce)| ce < t);
        if !strings.get(i).is_some_and(|&(cs, ce)| cs <= s && t <= ce) {
            e.end = e.start;
        }
    }
}

/// Drops empty pairs and those overlapping a private-key block of `blocks` (sorted): the
/// block is masked whole under its own label, however its lines arrive.
pub(super) fn drop_in_blocks(pairs: &mut Vec<Edit>, blocks: &[Edit]) {
    pairs.retain(|e| {
        let i = blocks.partition_point(|b| b.end <= e.start);
        e.start < e.end && !(i < blocks.len() && blocks[i].start < e.end)
    });
}

/// The value span of a pair whose separator is at `sep`, when its name is sensitive.
fn pair_at(hay: &[u8], sep: usize, names: &SensitiveNames) -> Option<(usize, usize)> {
    let op = hay[sep];
    let next = hay.get(sep + 1).copied();
    if op == b'='
        && (next == Some(b'=') || sep > 0 && matches!(hay[sep - 1], b'!' | b'<' | b'>' | b'='))
    {
        return None; // a comparison
    }
    // The name: back over spaces, a closing quote (maybe escaped), then name bytes.
    let mut ne = sep;
    while ne > 0 && matches!(hay[ne - 1], b' ' | b'\t') && sep - ne < 4 {
        ne -= 1;
    }
    let quoted_name = ne > 0 && matches!(hay[ne - 1], b'"' | b'\'');
    if quoted_name {
        ne -= 1;
        if ne > 0 && hay[ne - 1] == b'\\' {
            ne -= 1;
        }
    }
    if !names.may_end(&hay[ne.saturating_sub(MAX_NAME)..ne]) {
        return None; // most separators: a timestamp's digit, `ms=`, `id=`, `level=`
    }
    let mut ns = ne;
    while ns > 0 && ne - ns < MAX_NAME && name_byte(hay[ns - 1]) {
        ns -= 1;
    }
    if ns == ne || !names.is_sensitive(&hay[ns..ne]) || hay[..ns].ends_with(b"[REDACTED:") {
        return None; // not a sensitive name, or the rule id in a mask (`[REDACTED:x-token:…]`)
    }
    let le = memchr::memchr(b'\n', &hay[sep..]).map_or(hay.len(), |i| sep + i);
    let mut v = sep + 1;
    if matches!((op, next), (b':', Some(b'=')) | (b'=', Some(b'>'))) {
        v += 1;
    }
    // `key: value` and `key = value` may be spaced; `key= value` is an empty value.
    if op == b':' || ne < sep {
        while v < le && matches!(hay[v], b' ' | b'\t') {
            v += 1;
        }
    }
    let rest = &hay[v..le];
    let (start, end) = match rest {
        [b'\\', q @ (b'"' | b'\''), ..] => {
            let body = &rest[2..];
            (v + 2, v + 2 + escaped_close(body, *q))
        }
        [q @ (b'"' | b'\''), ..] => {
            let body = &rest[1..];
            (
                v + 1,
                v + 1 + memchr::memchr(*q, body).unwrap_or(body.len()),
            )
        }
        [b'{' | b'[', ..] | [] => return None,
        _ if op == b':' && !quoted_name && v > sep + 1 && opens_line(hay, ns) => {
            let mut e = le;
            while e > v && hay[e - 1].is_ascii_whitespace() {
                e -= 1;
            }
            (v, e)
        }
        _ => {
            let word = rest
                .iter()
                .position(|&b| ends_value(b))
                .unwrap_or(rest.len());
            let mut end = v + word;
            let scheme = std::str::from_utf8(&rest[..word]).unwrap_or("");
            if SCHEMES.iter().any(|s| s.eq_ignore_ascii_case(scheme)) {
                let after = &hay[end..le];
                let gap = after
                    .iter()
                    .take_while(|&&b| b == b' ' || b == b'\t')
                    .count();
                let cred = after[gap..]
                    .iter()
                    .position(|&b| ends_value(b))
                    .unwrap_or(after.len() - gap);
                if gap > 0 && cred > 0 {
                    end += gap + cred;
                }
            }
            (v, end)
        }
    };
    let end = end.min(start + MAX_VALUE);
    let value = &hay[start..end];
    if value.is_empty() || memchr::memmem::find(value, b"[REDACTED:").is_some() {
        return None;
    }
    Some((start, end))
}

/// Whether the name at `ns` opens its line (after indentation, `- `, or a `> `/`< ` dump
/// marker): `Name: value` there is a header or a YAML entry, whose value runs to the line's end.
/// Where a value quoted with `\"` (or `\'`) inside a JSON string ends: at the escaped quote,
/// or at the string's own unescaped `"`. Escape pairs (`\\`, `\n`) are stepped over whole, so
/// a mask never ends between a backslash and the byte it escapes (which would turn the
/// string's closing quote into an escaped one).
fn escaped_close(body: &[u8], q: u8) -> usize {
    let mut i = 0;
    while i < body.len() {
        match body[i] {
            b'\\' if body.get(i + 1) == Some(&q) => return i,
            b'\\' => i += 2,
            b'"' => return i,
            _ => i += 1,
        }
    }
    body.len()
}

fn opens_line(hay: &[u8], ns: usize) -> bool {
    let ls = memchr::memrchr(b'\n', &hay[..ns]).map_or(0, |i| i + 1);
    hay[ls..ns]
        .iter()
        .all(|b| matches!(b, b' ' | b'\t' | b'>' | b'<' | b'-' | b'*'))
}

#[cfg(test)]
mod tests;
