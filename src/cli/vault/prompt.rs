//! Passphrases from people and from scripts.
//!
//! People are asked on the controlling terminal (`/dev/tty`, as ssh and gpg do), so a value can
//! still be piped on stdin: `printf … | hush vault set NAME` asks for the passphrase on the
//! terminal and reads the value from the pipe. Scripts give `HUSH_PASSPHRASE`, or a file
//! (`--passphrase-file F` / `HUSH_PASSPHRASE_FILE`, one line). A new passphrase (`init`,
//! `passwd`) must pass a strength estimate (zxcvbn, at least "Three": more than 10^10 guesses
//! to crack), from whatever source; typed ones are asked twice, three attempts in all.

use anyhow::{Context, Result, bail};
use hush::vault::{ExposeSecret, SecretString};
use std::io::Read;
use std::path::Path;
use zeroize::Zeroizing;

/// Typed attempts at a new passphrase before giving up.
const ATTEMPTS: usize = 3;
/// Longest passphrase file read, in bytes (4 KiB).
const MAX_FILE_LEN: u64 = 4 << 10;

/// `true` when the process has a controlling terminal to ask on, whatever stdin is.
pub(super) fn terminal() -> bool {
    std::fs::File::open("/dev/tty").is_ok()
}

/// A no-echo prompt on the controlling terminal.
pub(in crate::cli) fn prompt_secret(prompt: &str) -> Result<SecretString> {
    let text = rpassword::prompt_password(prompt).context("reading from the terminal")?;
    Ok(SecretString::from(text))
}

/// The passphrase in `path`: its first line, without the line break.
pub(super) fn read_file(path: &Path) -> Result<SecretString> {
    let shown = path.display();
    let file =
        std::fs::File::open(path).with_context(|| format!("reading passphrase file {shown}"))?;
    let mut text = Zeroizing::new(String::with_capacity(MAX_FILE_LEN as usize + 1));
    file.take(MAX_FILE_LEN + 1)
        .read_to_string(&mut text)
        .with_context(|| format!("reading passphrase file {shown} (UTF-8 text)"))?;
    if text.len() as u64 > MAX_FILE_LEN {
        bail!("passphrase file {shown} is longer than {MAX_FILE_LEN} bytes");
    }
    let line = text.split(['\n', '\r']).next().unwrap_or_default();
    if line.is_empty() {
        bail!("passphrase file {shown} holds no passphrase on its first line");
    }
    Ok(SecretString::from(line.to_owned()))
}

/// Refuses a new passphrase that zxcvbn estimates can be guessed in 10^10 tries or fewer.
pub(super) fn check_strength(passphrase: &SecretString) -> Result<()> {
    let text = passphrase.expose_secret();
    if text.is_empty() {
        bail!("an empty passphrase protects nothing; nothing was changed");
    }
    let estimate = zxcvbn::zxcvbn(text, &["hush", "vault", "env", "secret", "passphrase"]);
    if estimate.score() < zxcvbn::Score::Three {
        // The feedback names patterns ("a common word", "dates"), never the passphrase.
        let hint = estimate
            .feedback()
            .and_then(|f| f.warning())
            .map(|w| format!(" ({})", w.to_string().trim_end_matches('.')))
            .unwrap_or_default();
        bail!(
            "that passphrase is too easy to guess{hint}; use four or more random words, \
             or a key file (init without --passphrase); nothing was changed"
        );
    }
    Ok(())
}

/// A new passphrase: from `var` (`HUSH_PASSPHRASE` for `init`, `HUSH_NEW_PASSPHRASE` for
/// `passwd`), else from `file`, else typed twice on the terminal, up to three attempts. It must
/// pass [`check_strength`]. Nothing is written until it is returned.
pub(in crate::cli) fn new_passphrase(var: &str, file: Option<&Path>) -> Result<SecretString> {
    if let Some(p) = std::env::var(var).ok().filter(|p| !p.is_empty()) {
        let p = SecretString::from(p);
        check_strength(&p).with_context(|| format!("{var} refused"))?;
        return Ok(p);
    }
    if let Some(path) = file {
        let p = read_file(path)?;
        check_strength(&p)
            .with_context(|| format!("passphrase file {} refused", path.display()))?;
        return Ok(p);
    }
    if !terminal() {
        bail!("no new passphrase: set {var} or run in a terminal to be prompted");
    }
    for left in (0..ATTEMPTS).rev() {
        let first = prompt_secret("new passphrase: ")?;
        let problem = match check_strength(&first) {
            Err(e) => format!("{e:#}"),
            Ok(()) => {
                let again = prompt_secret("repeat new passphrase: ")?;
                if first.expose_secret() == again.expose_secret() {
                    return Ok(first);
                }
                "the passphrases differ".to_owned()
            }
        };
        if left > 0 {
            eprintln!("hush: {problem}; try again ({left} left)");
        } else {
            bail!("{problem}; {ATTEMPTS} attempts, nothing was changed");
        }
    }
    unreachable!("the last attempt returns or bails")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weak_passphrases_are_refused_without_being_quoted() {
        for weak in ["", "a", "password", "hunter2", "qwertyuiop", "hush2024"] {
            let err = check_strength(&SecretString::from(weak)).expect_err(weak);
            let msg = format!("{err:#}");
            // Feedback may name a pattern ("common password"), never the passphrase.
            assert!(
                weak.len() < 7 || weak == "password" || !msg.contains(weak),
                "{msg}"
            );
        }
        for strong in [
            "correct horse saddles a violet comet",
            "old copper lantern drifts east",
            "quiet walnut orbit ferries pw",
            "agent-pass-Hq4wZx9Lm2Vt",
        ] {
            check_strength(&SecretString::from(strong)).expect(strong);
        }
    }

    #[test]
    fn a_passphrase_file_gives_its_first_line() {
        let dir = tempfile::tempdir().expect("tmp");
        let path = dir.path().join("p");
        std::fs::write(&path, "first line pass\r\nsecond\n").expect("writes");
        assert_eq!(
            read_file(&path).expect("reads").expose_secret(),
            "first line pass"
        );
        std::fs::write(&path, "\nsecond\n").expect("writes");
        assert!(read_file(&path).is_err());
        std::fs::write(&path, "x".repeat(5000)).expect("writes");
        assert!(read_file(&path).is_err());
    }
}
