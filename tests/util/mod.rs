//! Helpers shared by the integration tests.

use assert_cmd::Command;
use std::path::Path;

/// The `hush` binary under test, with colour and user config neutralised.
pub(crate) fn hush() -> Command {
    let mut cmd = Command::cargo_bin("hush").expect("hush binary is built");
    cmd.env_remove("NO_COLOR")
        .env_remove("HUSH_VAULT_KEY")
        .env_remove("HUSH_PASSPHRASE");
    cmd
}

/// Writes `text` to `dir/rel`, creating parent directories.
pub(crate) fn write(dir: &Path, rel: &str, text: impl AsRef<[u8]>) {
    let path = dir.join(rel);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).expect("mkdir");
    }
    std::fs::write(path, text).expect("write");
}

/// A GitHub-style token with a valid CRC32 checksum, built from a 30-char body.
pub(crate) fn github_token(prefix: &str, body30: &str) -> String {
    assert_eq!(body30.len(), 30);
    const BASE62: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    let mut v = crc32fast::hash(body30.as_bytes());
    let mut check = [b'0'; 6];
    for slot in check.iter_mut().rev() {
        *slot = BASE62[(v % 62) as usize];
        v /= 62;
    }
    format!("{prefix}{body30}{}", String::from_utf8_lossy(&check))
}

/// Asserts `needle` appears nowhere in `haystack` (stdout or stderr bytes).
pub(crate) fn assert_absent(haystack: &[u8], needle: &str, what: &str) {
    assert!(
        memchr::memmem::find(haystack, needle.as_bytes()).is_none(),
        "{what} leaked the secret"
    );
}

/// Asserts the command succeeded, showing its stderr when it did not.
#[track_caller]
pub(crate) fn assert_success(out: &std::process::Output) {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
