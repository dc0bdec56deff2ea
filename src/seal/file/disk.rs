//! Sealed files on disk: read as UTF-8 into zeroizing memory (with a size cap), and replaced
//! atomically under the vault's lock, so a killed run leaves the old file or the new one.

use crate::seal::SealError;
use crate::vault::store;
use std::io::Read as _;
use std::os::unix::fs::PermissionsExt as _;
use std::path::Path;
use zeroize::Zeroizing;

/// Largest file read, in bytes (256 MiB).
const MAX_FILE_LEN: u64 = 256 << 20;

/// Reads a UTF-8 text file of at most 256 MiB into zeroizing memory.
pub fn read_text(path: &Path) -> Result<Zeroizing<String>, SealError> {
    let file = std::fs::File::open(path).map_err(SealError::io("reading", path))?;
    let mut bytes = Zeroizing::new(Vec::new());
    file.take(MAX_FILE_LEN + 1)
        .read_to_end(&mut bytes)
        .map_err(SealError::io("reading", path))?;
    if bytes.len() as u64 > MAX_FILE_LEN {
        let e = std::io::Error::new(std::io::ErrorKind::InvalidData, "larger than 256 MiB");
        return Err(SealError::io("refusing", path)(e));
    }
    match String::from_utf8(std::mem::take(&mut *bytes)) {
        Ok(s) => Ok(Zeroizing::new(s)),
        Err(e) => {
            let mut b = e.into_bytes();
            zeroize::Zeroize::zeroize(&mut b);
            let e = std::io::Error::new(std::io::ErrorKind::InvalidData, "not UTF-8");
            Err(SealError::io("reading", path)(e))
        }
    }
}

/// Reads `path` under the vault's exclusive lock, runs `change` on its text, and replaces the
/// file atomically (temp file, fsync, rename) with what it returns, still under the lock, so a
/// killed run leaves the old file or the new one. `public` keeps the file's permission bits
/// (sealed text); otherwise the new file is 0600 (it may hold plaintext).
pub fn change_in_place<T: AsRef<[u8]>>(
    path: &Path,
    public: bool,
    change: impl FnOnce(Zeroizing<String>) -> Result<T, SealError>,
) -> Result<(), SealError> {
    let mode = std::fs::metadata(path)
        .map_err(SealError::io("reading", path))?
        .permissions()
        .mode();
    let (lock, bytes) = store::read_locked(path)?;
    let bytes = Zeroizing::new(bytes);
    let text = std::str::from_utf8(&bytes).map_err(|_| {
        let e = std::io::Error::new(std::io::ErrorKind::InvalidData, "not UTF-8");
        SealError::io("reading", path)(e)
    })?;
    let out = change(Zeroizing::new(text.to_owned()))?;
    let new_lock = store::write_atomic(path, out.as_ref(), false)?;
    drop(lock);
    if public {
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode & 0o7777))
            .map_err(SealError::io("setting the mode of", path))?;
    }
    drop(new_lock);
    Ok(())
}
