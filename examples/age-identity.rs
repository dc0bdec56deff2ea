//! Prints a new age X25519 identity as `age-keygen` does (a `# public key:` comment, then the
//! `AGE-SECRET-KEY-1…` line), for `scripts/bench-vault-recipients.sh` on machines without
//! age-keygen. Redirect it into a file with mode 0600.

use age::secrecy::ExposeSecret as _;

fn main() {
    let id = age::x25519::Identity::generate();
    println!("# public key: {}", id.to_public());
    println!("{}", id.to_string().expose_secret());
}
