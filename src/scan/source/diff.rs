//! Unified diffs (`git diff`, `git show`, `git log -p`, `git format-patch`, `diff -u`):
//! only added lines, labelled with the new path and new-file line numbers.
//!
//! The parser is a line state machine that trusts hunk headers' counts, so a removed line
//! that itself starts with `--- ` or `+++ ` is never mistaken for a file header. Renames are
//! followed (the `+++` or `rename to` path wins), quoted paths are unquoted, binary patches
//! are skipped, and `commit <sha>` / `From <sha>` lines attribute what follows to a commit.
//! Each file's added lines are handed on as one buffer plus a line-number map.

use std::io::BufRead;

/// One file's added lines. They may hold secrets, so `Debug` shows counts, not text.
#[derive(Default, Clone, PartialEq, Eq)]
pub struct DiffFile {
    /// The new path, as bytes (git paths need not be UTF-8).
    pub path: Vec<u8>,
    /// The commit the patch belongs to, when the input names one.
    pub commit: Option<String>,
    /// Added lines, each ending in `\n`.
    pub added: Vec<u8>,
    /// New-file line number of each line in `added`.
    pub lines: Vec<u64>,
}

impl std::fmt::Debug for DiffFile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DiffFile")
            .field("path", &String::from_utf8_lossy(&self.path))
            .field("commit", &self.commit)
            .field("lines", &self.lines.len())
            .field("bytes", &self.added.len())
            .finish()
    }
}

/// The diff could not be parsed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum DiffError {
    /// A hunk header or hunk body is malformed.
    #[error("line {line}: {message}")]
    Malformed {
        /// 1-based line of the diff input.
        line: u64,
        /// What is wrong.
        message: String,
    },
    /// Reading the input failed.
    #[error("reading the diff: {0}")]
    Io(#[from] std::io::Error),
}

/// Largest line number or count a hunk header may give (2³² − 1): far beyond any real file,
/// and small enough that `start + count` never overflows and every number stays exact in JSON.
pub const MAX_HUNK_LINE: u64 = u32::MAX as u64;

#[derive(Debug, Default)]
struct Hunk {
    old_left: u64,
    new_left: u64,
    new_line: u64,
}

/// Parses `input`, calling `on_file` once per file that has added lines.
pub fn parse(mut input: impl BufRead, mut on_file: impl FnMut(DiffFile)) -> Result<(), DiffError> {
    let mut buf = Vec::new();
    let mut n: u64 = 0;
    let mut file: Option<DiffFile> = None;
    let mut hunk = Hunk::default();
    let mut commit: Option<String> = None;
    let mut after_minus = false;
    let mut saw_new_path = false;
    let mut flush = |file: &mut Option<DiffFile>| {
        if let Some(f) = file
            .take()
            .filter(|f| !f.lines.is_empty() && !f.path.is_empty())
        {
            on_file(f);
        }
    };
    loop {
        buf.clear();
        if input.read_until(b'\n', &mut buf)? == 0 {
            break;
        }
        n += 1;
        let line = buf.strip_suffix(b"\n").unwrap_or(&buf);
        if hunk.old_left > 0 || hunk.new_left > 0 {
            hunk_line(line, &mut hunk, file.as_mut(), n)?;
            continue;
        }
        let was_minus = std::mem::take(&mut after_minus);
        if line.starts_with(b"diff --git ") || line.starts_with(b"diff -") {
            flush(&mut file);
            file = Some(DiffFile {
                commit: commit.clone(),
                ..DiffFile::default()
            });
            saw_new_path = false;
        } else if let Some(rest) = line.strip_prefix(b"--- ") {
            if file.as_ref().is_none_or(|f| !f.lines.is_empty()) {
                flush(&mut file);
                file = Some(DiffFile {
                    commit: commit.clone(),
                    ..DiffFile::default()
                });
                saw_new_path = false;
            }
            after_minus = !rest.is_empty();
        } else if let (true, Some(rest)) = (was_minus, line.strip_prefix(b"+++ ")) {
            if let Some(f) = file.as_mut() {
                f.path = header_path(rest);
                saw_new_path = true;
            }
        } else if let Some(rest) = line
            .strip_prefix(b"rename to ")
            .or_else(|| line.strip_prefix(b"copy to "))
        {
            if let Some(f) = file.as_mut() {
                f.path = unquote(rest);
                saw_new_path = true;
            }
        } else if line.starts_with(b"@@ ") {
            if file.is_none() {
                return Err(malformed(n, "hunk header before any file header"));
            }
            hunk = parse_hunk_header(line).ok_or_else(|| malformed(n, "malformed hunk header"))?;
            let (start, count) = (hunk.new_line, hunk.new_left);
            if start > MAX_HUNK_LINE || count > MAX_HUNK_LINE || hunk.old_left > MAX_HUNK_LINE {
                let what = "hunk header start or count above 4294967295";
                return Err(malformed(n, what));
            }
            if start == 0 && count > 0 {
                // Lines are 1-based; only an empty range (`+0,0`) may start at 0.
                return Err(malformed(n, "hunk header starts at line 0 but adds lines"));
            }
            if !saw_new_path {
                return Err(malformed(n, "hunk without a `+++` file header"));
            }
        } else if let Some(sha) = commit_line(line) {
            flush(&mut file);
            commit = Some(sha);
        }
    }
    if hunk.old_left > 0 || hunk.new_left > 0 {
        return Err(malformed(n, "diff ends inside a hunk (truncated input?)"));
    }
    flush(&mut file);
    Ok(())
}

fn malformed(line: u64, message: &str) -> DiffError {
    DiffError::Malformed {
        line,
        message: message.to_owned(),
    }
}

fn hunk_line(
    line: &[u8],
    hunk: &mut Hunk,
    file: Option<&mut DiffFile>,
    n: u64,
) -> Result<(), DiffError> {
    let (old, new) = match line.first() {
        Some(b'+') => (0, 1),
        Some(b'-') => (1, 0),
        Some(b' ') | None => (1, 1),
        Some(b'\r') if line.len() == 1 => (1, 1),
        Some(b'\\') => return Ok(()), // "\ No newline at end of file"
        Some(_) => {
            return Err(malformed(
                n,
                "unexpected line inside a hunk (counts in the @@ header disagree)",
            ));
        }
    };
    if hunk.old_left < old || hunk.new_left < new {
        return Err(malformed(n, "hunk has more lines than its @@ header says"));
    }
    hunk.old_left -= old;
    hunk.new_left -= new;
    if new == 1 {
        if old == 0
            && let Some(f) = file
        {
            f.added.extend_from_slice(&line[1..]);
            f.added.push(b'\n');
            f.lines.push(hunk.new_line);
        }
        hunk.new_line += 1;
    }
    Ok(())
}

/// `@@ -a[,b] +c[,d] @@ ...` -> counts; a missing count means 1.
fn parse_hunk_header(line: &[u8]) -> Option<Hunk> {
    let text = std::str::from_utf8(line.get(3..)?).ok()?;
    let mut parts = text.split(' ');
    let old = parts.next()?.strip_prefix('-')?;
    let new = parts.next()?.strip_prefix('+')?;
    if parts.next() != Some("@@") && !text.contains(" @@") {
        return None;
    }
    let range = |r: &str| -> Option<(u64, u64)> {
        match r.split_once(',') {
            Some((start, len)) => Some((start.parse().ok()?, len.parse().ok()?)),
            None => Some((r.parse().ok()?, 1)),
        }
    };
    let (_, old_len) = range(old)?;
    let (new_start, new_len) = range(new)?;
    Some(Hunk {
        old_left: old_len,
        new_left: new_len,
        new_line: new_start,
    })
}

/// The path of a `+++ ` header: unquoted, timestamp dropped, `b/` prefix removed.
fn header_path(rest: &[u8]) -> Vec<u8> {
    let raw = if rest.first() == Some(&b'"') {
        unquote(rest)
    } else {
        let end = memchr::memchr(b'\t', rest).unwrap_or(rest.len());
        rest[..end]
            .strip_suffix(b"\r")
            .unwrap_or(&rest[..end])
            .to_vec()
    };
    if raw == b"/dev/null" {
        return Vec::new();
    }
    raw.strip_prefix(b"b/").map_or(raw.clone(), <[u8]>::to_vec)
}

/// Undoes git's C-style path quoting (`"a\tb\303\251"`); unquoted input is returned as is.
fn unquote(text: &[u8]) -> Vec<u8> {
    let text = text.strip_suffix(b"\r").unwrap_or(text);
    let Some(inner) = text.strip_prefix(b"\"").and_then(|t| t.strip_suffix(b"\"")) else {
        return text.to_vec();
    };
    let mut out = Vec::with_capacity(inner.len());
    let mut bytes = inner.iter().copied();
    while let Some(b) = bytes.next() {
        if b != b'\\' {
            out.push(b);
            continue;
        }
        match bytes.next() {
            Some(b'n') => out.push(b'\n'),
            Some(b't') => out.push(b'\t'),
            Some(b'r') => out.push(b'\r'),
            Some(d @ b'0'..=b'7') => {
                let mut v = u32::from(d - b'0');
                for _ in 0..2 {
                    match bytes.clone().next() {
                        Some(d @ b'0'..=b'7') => {
                            v = v * 8 + u32::from(d - b'0');
                            bytes.next();
                        }
                        _ => break,
                    }
                }
                out.push(v as u8);
            }
            Some(other) => out.push(other),
            None => out.push(b'\\'),
        }
    }
    out
}

/// `commit <sha>` (git log/show) or `From <sha> <date>` (format-patch) -> the sha.
fn commit_line(line: &[u8]) -> Option<String> {
    let rest = line
        .strip_prefix(b"commit ")
        .or_else(|| line.strip_prefix(b"From "))?;
    let sha = rest.get(..40)?;
    let ends = rest.get(40).is_none_or(|&b| b == b' ' || b == b'\r');
    (ends && sha.iter().all(u8::is_ascii_hexdigit))
        .then(|| String::from_utf8_lossy(sha).into_owned())
}

#[cfg(test)]
mod tests;
