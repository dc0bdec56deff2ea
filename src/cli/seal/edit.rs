//! `hush seal edit FILE`: the plaintext goes to a 0600 temp file in a private temp directory,
//! `$EDITOR` (else `vi`) edits it, and the result is sealed back under the same key and file
//! id; the temp file is overwritten with zeros and removed whatever happens.

use super::{KeyArgs, key};
use crate::cli::exit::ExitCode;
use anyhow::Result;
use hush::seal::{self, SealError, Selector};
use std::io::Write as _;
use std::path::Path;
use zeroize::Zeroizing;

pub(super) fn edit(file: &Path, args: &KeyArgs, selector: &Selector) -> Result<ExitCode> {
    let format = seal::format_of(file, args.format)?;
    let ext = file
        .extension()
        .map_or_else(String::new, |e| format!(".{}", e.to_string_lossy()));
    let mut changed = false;
    key::with_key(file, args, |choice| {
        seal::change_in_place(file, true, |text| {
            let out = seal::edit_text(file, format, text.clone(), choice, selector, |plain| {
                run_editor(file, &ext, plain)
            })?;
            changed = out.is_some();
            Ok(out.unwrap_or_else(|| text.to_string()))
        })
    })?;
    if changed {
        eprintln!("hush: re-sealed {}", file.display());
    } else {
        eprintln!("hush: {} unchanged", file.display());
    }
    Ok(ExitCode::Clean)
}

fn run_editor(file: &Path, ext: &str, plain: &str) -> Result<Option<Zeroizing<String>>, SealError> {
    let io = |what: &'static str| {
        move |source| SealError::Io {
            what,
            path: file.to_owned(),
            source,
        }
    };
    // tempfile creates the file 0600 with O_EXCL in a fresh 0700 directory.
    let dir = tempfile::Builder::new()
        .prefix("hush-edit")
        .tempdir()
        .map_err(io("creating a temp dir for"))?;
    let tmp = dir.path().join(format!("edit{ext}"));
    let result = (|| {
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(&tmp)
            .map_err(io("writing a temp copy of"))?;
        f.write_all(plain.as_bytes())
            .map_err(io("writing a temp copy of"))?;
        f.sync_all().map_err(io("writing a temp copy of"))?;
        drop(f);
        let editor = std::env::var("VISUAL")
            .ok()
            .or_else(|| std::env::var("EDITOR").ok())
            .filter(|e| !e.trim().is_empty())
            .unwrap_or_else(|| "vi".to_owned());
        // Through sh, as git runs $EDITOR, so `EDITOR="code --wait"` works; the path is "$1".
        let status = std::process::Command::new("sh")
            .arg("-c")
            .arg(format!("{editor} \"$1\""))
            .arg("hush-edit")
            .arg(&tmp)
            .env_remove("HUSH_VAULT_KEY")
            .env_remove("HUSH_PASSPHRASE")
            .status()
            .map_err(io("running $EDITOR for"))?;
        if !status.success() {
            let e = std::io::Error::other("the editor exited with an error; nothing was changed");
            return Err(io("editing")(e));
        }
        let edited = seal::read_text(&tmp)?;
        Ok((edited.as_str() != plain).then_some(edited))
    })();
    if let Ok(meta) = std::fs::metadata(&tmp) {
        let zeros = vec![0u8; usize::try_from(meta.len()).unwrap_or(0)];
        let _ = std::fs::write(&tmp, zeros);
    }
    let _ = std::fs::remove_file(&tmp);
    result
}

use std::os::unix::fs::OpenOptionsExt as _;
