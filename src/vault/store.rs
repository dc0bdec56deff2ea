//! Vault files and key files on disk, and where a key comes from.
//!
//! - Writes are atomic: a temp file in the same directory (mode 0600, `O_EXCL`), `fsync`, `rename`
//!   over the vault, `fsync` of the directory. A reader sees the old file or the new one, never a
//!   mix, even if the writer is killed.
//! - Writers hold an exclusive `flock` on the vault file itself. Because a write replaces the file,
//!   a waiter re-checks after locking that the path still names the inode it locked, and the
//!   writer locks the new file before renaming it into place, so the lock passes on unbroken.
//! - Key files hold one base64 256-bit key; one readable by group or others is refused, as ssh
//!   refuses such private keys.

use super::VaultError;
use super::secret::SecretKey;
use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Write};
use std::os::unix::fs::{DirBuilderExt, MetadataExt, OpenOptionsExt};
use std::path::{Path, PathBuf};
use zeroize::Zeroizing;

/// An exclusive lock on a vault file, released on drop.
#[derive(Debug)]
pub(crate) struct Lock {
    _file: File,
}

fn io_err(what: &'static str, path: &Path) -> impl FnOnce(io::Error) -> VaultError + use<> {
    let path = path.to_owned();
    move |source| {
        if source.kind() == io::ErrorKind::NotFound && what == "reading vault" {
            VaultError::NotFound(path)
        } else {
            VaultError::Io { what, path, source }
        }
    }
}

/// Largest vault file read, in bytes (256 MiB), so a hostile file cannot exhaust memory.
pub(crate) const MAX_FILE_LEN: u64 = 256 << 20;

/// Reads the vault file without locking (writers replace it atomically).
pub(crate) fn read(path: &Path) -> Result<Vec<u8>, VaultError> {
    let file = File::open(path).map_err(io_err("reading vault", path))?;
    read_all(file, path)
}

fn read_all(file: File, path: &Path) -> Result<Vec<u8>, VaultError> {
    let len = file
        .metadata()
        .map_err(io_err("reading vault", path))?
        .len();
    if len > MAX_FILE_LEN {
        let source = io::Error::new(io::ErrorKind::InvalidData, "larger than 256 MiB");
        return Err(io_err("refusing vault", path)(source));
    }
    let mut text = Vec::with_capacity(usize::try_from(len).unwrap_or(0));
    file.take(MAX_FILE_LEN + 1)
        .read_to_end(&mut text)
        .map_err(io_err("reading vault", path))?;
    Ok(text)
}

/// Locks the vault file exclusively, then reads it.
pub(crate) fn read_locked(path: &Path) -> Result<(Lock, Vec<u8>), VaultError> {
    loop {
        let file = File::open(path).map_err(io_err("reading vault", path))?;
        fs4::FileExt::lock(&file).map_err(io_err("locking vault", path))?;
        let locked = file.metadata().map_err(io_err("reading vault", path))?;
        let current = fs::metadata(path).map_err(io_err("reading vault", path))?;
        if (locked.dev(), locked.ino()) != (current.dev(), current.ino()) {
            continue; // replaced while we waited: lock the new file
        }
        let text = read_all(
            file.try_clone().map_err(io_err("reading vault", path))?,
            path,
        )?;
        return Ok((Lock { _file: file }, text));
    }
}

/// Writes `bytes` to `path` atomically with mode 0600. With `create`, fails if `path` exists.
/// Returns a lock on the new file, so the caller's lock carries over to what it wrote.
pub(crate) fn write_atomic(path: &Path, bytes: &[u8], create: bool) -> Result<Lock, VaultError> {
    let err = |source| VaultError::Io {
        what: "writing vault",
        path: path.to_owned(),
        source,
    };
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let name = path
        .file_name()
        .ok_or_else(|| err(io::ErrorKind::InvalidInput.into()))?;
    let tag: [u8; 8] = super::crypto::random();
    let tag: String = tag.iter().map(|b| format!("{b:02x}")).collect();
    let tmp = dir.join(format!(".{}.{tag}.tmp", name.to_string_lossy()));
    let result = (|| {
        let mut file = OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(&tmp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        fs4::FileExt::lock(&file)?;
        if create {
            fs::hard_link(&tmp, path)?;
            fs::remove_file(&tmp)?;
        } else {
            fs::rename(&tmp, path)?;
            // The caller holds the vault's lock, so no other writer is between taking it and
            // renaming: any other temp file of this vault was left by a killed writer.
            remove_stale_temps(dir, &name.to_string_lossy());
        }
        File::open(dir)?.sync_all()?;
        Ok(Lock { _file: file })
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result.map_err(err)
}

/// Removes `.<name>.<16 hex>.tmp` files in `dir` (best effort: a failure leaves them).
fn remove_stale_temps(dir: &Path, name: &str) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let file = entry.file_name();
        let Some(rest) = (file.to_str())
            .and_then(|f| f.strip_prefix('.'))
            .and_then(|f| f.strip_prefix(name))
            .and_then(|f| f.strip_prefix('.'))
            .and_then(|f| f.strip_suffix(".tmp"))
        else {
            continue;
        };
        if rest.len() == 16 && rest.bytes().all(|b| b.is_ascii_hexdigit()) {
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// `$XDG_CONFIG_HOME/hush/keys/<id>.key`, else `$HOME/.config/hush/keys/<id>.key`.
pub(crate) fn default_key_path(id: &str) -> Option<PathBuf> {
    let xdg = std::env::var_os("XDG_CONFIG_HOME").map(PathBuf::from);
    let base = match xdg {
        Some(p) if p.is_absolute() => p,
        _ => PathBuf::from(std::env::var_os("HOME")?).join(".config"),
    };
    Some(base.join("hush").join("keys").join(format!("{id}.key")))
}

/// Reads a key file, refusing one that group or others may access or that another user (other
/// than root) owns, as ssh does.
pub(crate) fn read_key_file(path: &Path) -> Result<SecretKey, VaultError> {
    let err = io_err("reading key file", path);
    let file = File::open(path).map_err(err)?;
    let meta = file.metadata().map_err(io_err("reading key file", path))?;
    let owner = meta.uid();
    if owner != rustix::process::geteuid().as_raw() && owner != 0 {
        let path = path.to_owned();
        return Err(VaultError::KeyFileOwner { path, owner });
    }
    let mode = meta.mode();
    if mode & 0o077 != 0 {
        return Err(VaultError::KeyFilePermissions {
            path: path.to_owned(),
            mode: mode & 0o777,
        });
    }
    let mut text = Zeroizing::new(String::with_capacity(128));
    file.take(120)
        .read_to_string(&mut text)
        .map_err(io_err("reading key file", path))?;
    SecretKey::from_base64(&text).ok_or_else(|| VaultError::KeyFileInvalid(path.to_owned()))
}

/// Writes a new key file (mode 0600; missing parent directories are created with mode 0700).
pub(crate) fn create_key_file(path: &Path, key: &SecretKey) -> Result<(), VaultError> {
    let err = io_err("creating key file", path);
    (|| {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            fs::DirBuilder::new()
                .recursive(true)
                .mode(0o700)
                .create(dir)?;
        }
        let mut file = OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(path)?;
        let mut text = key.to_base64();
        text.push('\n');
        file.write_all(text.as_bytes())?;
        file.sync_all()
    })()
    .map_err(err)
}

#[cfg(test)]
mod tests;
