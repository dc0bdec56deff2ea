//! Reading an age identity file: `AGE-SECRET-KEY-1…` lines, with `#` comments and empty lines
//! allowed, as `age-keygen` writes them. Refused, as key files are, when group or others may
//! read it or another user (not root) owns it.
//!
//! Hand-written rather than `age::IdentityFile`: that type also accepts plugin and other
//! identity kinds hush does not support, and its parse errors may quote the offending line,
//! which here would be a secret key. Errors below name the file and a line number only.

use crate::vault::VaultError;
use std::fs::File;
use std::io::Read as _;
use std::os::unix::fs::MetadataExt as _;
use std::path::{Path, PathBuf};
use std::str::FromStr as _;
use zeroize::Zeroizing;

/// Largest identity file read, in bytes (64 KiB: about a thousand keys with comments).
const MAX_IDENTITY_FILE: u64 = 64 << 10;

/// `$XDG_CONFIG_HOME/hush/identity.txt`, else `$HOME/.config/hush/identity.txt`.
pub fn default_identity_path() -> Option<PathBuf> {
    let xdg = std::env::var_os("XDG_CONFIG_HOME").map(PathBuf::from);
    let base = match xdg {
        Some(p) if p.is_absolute() => p,
        _ => PathBuf::from(std::env::var_os("HOME")?).join(".config"),
    };
    Some(base.join("hush").join("identity.txt"))
}

fn bad(path: &Path, what: impl Into<String>) -> VaultError {
    VaultError::IdentityFile {
        path: path.to_owned(),
        what: what.into(),
    }
}

/// Every X25519 identity in the file at `path` (at least one).
pub(crate) fn read_identity_file(path: &Path) -> Result<Vec<age::x25519::Identity>, VaultError> {
    let io = |source| VaultError::Io {
        what: "reading identity file",
        path: path.to_owned(),
        source,
    };
    let file = File::open(path).map_err(io)?;
    let meta = file.metadata().map_err(io)?;
    let owner = meta.uid();
    if owner != rustix::process::geteuid().as_raw() && owner != 0 {
        return Err(bad(path, format!("belongs to user {owner}, not to you")));
    }
    let mode = meta.mode() & 0o777;
    if mode & 0o077 != 0 {
        let what = format!(
            "is accessible by group or others (mode {mode:o}); run `chmod 600 {}`",
            path.display()
        );
        return Err(bad(path, what));
    }
    if meta.len() > MAX_IDENTITY_FILE {
        return Err(bad(path, "is larger than 64 KiB"));
    }
    let mut text = Zeroizing::new(String::with_capacity(meta.len() as usize + 1));
    file.take(MAX_IDENTITY_FILE)
        .read_to_string(&mut text)
        .map_err(|_| bad(path, "is not UTF-8 text"))?;
    parse(&text).map_err(|what| bad(path, what))
}

fn parse(text: &str) -> Result<Vec<age::x25519::Identity>, String> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if !line.starts_with("AGE-SECRET-KEY-1") {
            return Err(format!(
                "line {}: not an age X25519 identity (expected AGE-SECRET-KEY-1…)",
                i + 1
            ));
        }
        let id = age::x25519::Identity::from_str(line)
            .map_err(|_| format!("line {}: a damaged AGE-SECRET-KEY-1… key", i + 1))?;
        out.push(id);
    }
    if out.is_empty() {
        return Err("holds no AGE-SECRET-KEY-1… line".to_owned());
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use secrecy::ExposeSecret as _;
    use std::os::unix::fs::PermissionsExt as _;

    #[test]
    fn comments_blank_lines_and_several_keys() {
        let (a, b) = (
            age::x25519::Identity::generate(),
            age::x25519::Identity::generate(),
        );
        let text = format!(
            "# created: today\n# public key: {}\n{}\n\n  {}  \n",
            a.to_public(),
            a.to_string().expose_secret(),
            b.to_string().expose_secret()
        );
        let got = parse(&text).expect("parses");
        let publics: Vec<String> = got.iter().map(|i| i.to_public().to_string()).collect();
        assert_eq!(
            publics,
            [a.to_public().to_string(), b.to_public().to_string()]
        );
    }

    #[test]
    fn bad_files_name_the_line_never_the_text() {
        let a = age::x25519::Identity::generate();
        let secret = a.to_string();
        let mut damaged = secret.expose_secret().to_owned();
        damaged.pop();
        damaged.push(if secret.expose_secret().ends_with('Q') {
            'P'
        } else {
            'Q'
        });
        for (text, want) in [
            (format!("# x\n{damaged}\n"), "line 2"),
            ("hunter2\n".to_owned(), "line 1"),
            ("# only a comment\n".to_owned(), "no AGE-SECRET-KEY"),
        ] {
            let Err(err) = parse(&text) else {
                panic!("refused: {want}")
            };
            assert!(err.contains(want), "{err}");
            assert!(
                !err.contains(&damaged[16..]) && !err.contains("hunter2"),
                "{err}"
            );
        }
    }

    #[test]
    fn readable_by_others_is_refused() {
        let dir = tempfile::tempdir().expect("tmp");
        let path = dir.path().join("identity.txt");
        let a = age::x25519::Identity::generate();
        std::fs::write(&path, format!("{}\n", a.to_string().expose_secret())).expect("writes");
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).expect("chmod");
        let Err(err) = read_identity_file(&path) else {
            panic!("0644 is refused")
        };
        let err = err.to_string();
        assert!(err.contains("group or others"), "{err}");
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).expect("chmod");
        assert_eq!(read_identity_file(&path).expect("0600").len(), 1);
    }
}
