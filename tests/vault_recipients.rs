//! Age recipients (issue 20, point 2): members open the vault with their own identity, the
//! owner adds and removes them, removal re-keys, recipient lines are tamper-evident, and a v3
//! vault still merges through git. Identities are made with the `age` crate (no age-keygen).

use crate::cli_git::git_cmd;
use crate::util::assert_absent;
use crate::vault::vault;
use age::secrecy::ExposeSecret as _;
use std::os::unix::fs::PermissionsExt as _;
use std::path::{Path, PathBuf};
use std::process::Output;

const PLANTED: &str = "planted-recipient-Qx7Wm3Rt9Zk2";

/// A member: an identity file (0600) in a home of their own, with no vault key in it.
struct Member {
    home: PathBuf,
    identity: PathBuf,
    public: String,
    secret: String,
}

fn member(dir: &Path, name: &str) -> Member {
    let id = age::x25519::Identity::generate();
    let home = dir.join(format!("home-{name}"));
    let identity = home.join(".config/hush/identity.txt");
    std::fs::create_dir_all(identity.parent().expect("has a parent")).expect("mkdir");
    let secret = id.to_string().expose_secret().to_owned();
    let text = format!("# {name}\n# public key: {}\n{secret}\n", id.to_public());
    std::fs::write(&identity, text).expect("writes");
    std::fs::set_permissions(&identity, std::fs::Permissions::from_mode(0o600)).expect("chmod");
    Member {
        home,
        identity,
        public: id.to_public().to_string(),
        secret,
    }
}

/// `hush vault ARGS` as the owner (key file in `dir/home`).
fn owner(dir: &Path, args: &[&str], stdin: &str) -> Output {
    vault(dir)
        .args(args)
        .write_stdin(stdin)
        .output()
        .expect("runs")
}

/// `hush vault ARGS` as `m`, through HUSH_IDENTITY (or, with `default`, the default file).
fn as_member(dir: &Path, m: &Member, args: &[&str], default: bool) -> Output {
    let mut cmd = vault(dir);
    cmd.env("HOME", &m.home)
        .env("XDG_CONFIG_HOME", m.home.join(".config"))
        .env_remove("HUSH_VAULT_KEY")
        .env_remove("HUSH_PASSPHRASE");
    if !default {
        cmd.env("HUSH_IDENTITY", &m.identity);
    }
    cmd.args(args).output().expect("runs")
}

fn ok(out: &Output) -> String {
    assert!(
        out.status.success(),
        "exit {:?}: {}",
        out.status.code(),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout.clone()).expect("utf-8")
}

fn refused(out: &Output) -> String {
    assert_eq!(
        out.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// A key-file vault holding TOKEN=PLANTED with `alice` and `bob` (default name) as recipients.
fn team(dir: &Path) -> (Member, Member) {
    ok(&owner(dir, &["init"], ""));
    ok(&owner(dir, &["set", "TOKEN"], PLANTED));
    let (alice, bob) = (member(dir, "alice"), member(dir, "bob"));
    ok(&owner(
        dir,
        &["recipients", "add", &alice.public, "--name", "alice"],
        "",
    ));
    ok(&owner(dir, &["recipients", "add", &bob.public], ""));
    (alice, bob)
}

fn file(dir: &Path) -> Vec<u8> {
    std::fs::read(dir.join(".env.vault")).expect("reads")
}

#[test]
fn owner_and_each_member_open_and_a_removed_member_is_shut_out() {
    let dir = tempfile::tempdir().expect("tmp");
    let d = dir.path();
    let (alice, bob) = team(d);
    let text = String::from_utf8(file(d)).expect("utf-8");
    assert!(text.starts_with("#hush:vault v3\n"), "{text}");
    let list = ok(&owner(d, &["recipients", "list"], ""));
    assert_eq!(
        list,
        format!(
            "alice\t{}\n{}\t{}\n",
            alice.public,
            &bob.public[..12],
            bob.public
        )
    );
    assert_eq!(
        ok(&as_member(d, &alice, &["recipients", "list"], false)),
        list
    );
    for (m, default) in [(&alice, false), (&bob, true), (&alice, true)] {
        assert_eq!(ok(&as_member(d, m, &["get", "TOKEN"], default)), PLANTED);
        let export = ok(&as_member(d, m, &["export"], default));
        assert!(export.contains(PLANTED), "{export}");
        let run = ["run", "--", "sh", "-c", "printf %s \"$TOKEN\""];
        assert_eq!(ok(&as_member(d, m, &run, default)), PLANTED);
    }
    assert_eq!(ok(&owner(d, &["get", "TOKEN"], "")), PLANTED);
    // A member may change values; the owner still opens the result.
    let mut set = vault(d);
    set.env("HOME", &bob.home)
        .env("XDG_CONFIG_HOME", bob.home.join(".config"))
        .args(["set", "FROM_BOB"]);
    ok(&set.write_stdin("bob's").output().expect("runs"));
    assert_eq!(ok(&owner(d, &["get", "FROM_BOB"], "")), "bob's");

    let old = d.join("old.vault");
    std::fs::copy(d.join(".env.vault"), &old).expect("copies");
    let out = owner(d, &["recipients", "rm", "alice"], "");
    ok(&out);
    assert!(String::from_utf8_lossy(&out.stderr).contains("re-keyed"));
    let err = refused(&as_member(d, &alice, &["get", "TOKEN"], false));
    assert!(err.contains("wrong key or passphrase"), "{err}");
    // The old copy (as in git history) still opens for her: documented in SECURITY.md.
    let old_arg = old.to_str().expect("utf-8");
    let got = as_member(d, &alice, &["--file", old_arg, "get", "TOKEN"], false);
    assert_eq!(ok(&got), PLANTED);
    assert_eq!(ok(&as_member(d, &bob, &["get", "TOKEN"], true)), PLANTED);
    assert_eq!(ok(&owner(d, &["get", "TOKEN"], "")), PLANTED);
    let list = ok(&owner(d, &["recipients", "list"], ""));
    assert_eq!(list, format!("{}\t{}\n", &bob.public[..12], bob.public));
    // Every sealed line changed (new data key), not only the recipient lines.
    let new = String::from_utf8(file(d)).expect("utf-8");
    let old = std::fs::read_to_string(&old).expect("reads");
    let token = |t: &str| {
        t.lines()
            .find(|l| l.starts_with("TOKEN="))
            .map(str::to_owned)
    };
    assert_ne!(token(&new), token(&old));
    // The last one out: back to v1, and no identity opens it any more.
    ok(&owner(d, &["recipients", "rm", &bob.public], ""));
    assert!(
        String::from_utf8(file(d))
            .expect("utf-8")
            .starts_with("#hush:vault v1\n")
    );
    refused(&as_member(d, &bob, &["get", "TOKEN"], false));
    assert_eq!(ok(&owner(d, &["get", "TOKEN"], "")), PLANTED);
}

#[test]
fn members_cannot_change_keys_or_recipients() {
    let dir = tempfile::tempdir().expect("tmp");
    let d = dir.path();
    let (alice, bob) = team(d);
    let before = file(d);
    for args in [
        vec!["recipients", "rm", "alice"],
        vec!["recipients", "add", bob.public.as_str(), "--name", "bob2"],
        vec!["rotate", "--key"],
    ] {
        let err = refused(&as_member(d, &alice, &args, false));
        assert!(
            err.contains("own key file or passphrase"),
            "{args:?}: {err}"
        );
        assert_eq!(file(d), before, "{args:?} left the file as it was");
    }
}

/// Runs `hush vault get TOKEN` as the owner and as alice on the file in `d`; both must refuse
/// with exit 2 and leave the bytes as they are.
fn assert_refused_by_all(d: &Path, alice: &Member, what: &str) {
    let before = file(d);
    for out in [
        owner(d, &["get", "TOKEN"], ""),
        as_member(d, alice, &["get", "TOKEN"], false),
    ] {
        assert_eq!(
            out.status.code(),
            Some(2),
            "{what}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_absent(&out.stdout, PLANTED, what);
        assert_absent(&out.stderr, PLANTED, what);
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            [
                "wrong key or passphrase",
                "not a valid vault",
                "modified outside hush"
            ]
            .iter()
            .any(|w| err.contains(w)),
            "{what}: {err}"
        );
    }
    assert_eq!(file(d), before, "{what}: file untouched");
}

#[test]
fn every_change_to_the_recipient_lines_is_refused() {
    let dir = tempfile::tempdir().expect("tmp");
    let d = dir.path();
    let (alice, _bob) = team(d);
    let good = file(d);
    let text = String::from_utf8(good.clone()).expect("utf-8");
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    assert!(
        lines[4].starts_with("#hush:recipient alice ") && lines[5].starts_with("#hush:recipient ")
    );
    let start = lines[..4].concat().len();
    let end = start + lines[4].len() + lines[5].len() - 1; // the last LF is checked below
    let path = d.join(".env.vault");
    // Every byte of both recipient lines (alice's own and bob's), one bit flipped.
    for i in start..=end {
        let mut bad = good.clone();
        bad[i] ^= if bad[i] == b'\n' { 0x02 } else { 0x01 };
        std::fs::write(&path, &bad).expect("writes");
        assert_refused_by_all(d, &alice, &format!("byte {i} flipped"));
    }
    let edits: Vec<(&str, String)> = vec![
        (
            "alice's line deleted",
            [&lines[..4], &lines[5..]].concat().concat(),
        ),
        (
            "bob's line deleted",
            [&lines[..5], &lines[6..]].concat().concat(),
        ),
        ("both deleted", [&lines[..4], &lines[6..]].concat().concat()),
        (
            "alice's line duplicated",
            [&lines[..5], &lines[4..]].concat().concat(),
        ),
        (
            "reordered",
            [&lines[..4], &[lines[5], lines[4]][..], &lines[6..]]
                .concat()
                .concat(),
        ),
        (
            "moved into the body",
            [&lines[..4], &lines[5..7], &[lines[4]][..], &lines[7..]]
                .concat()
                .concat(),
        ),
        (
            "line 1 says v2",
            text.replacen("#hush:vault v3", "#hush:vault v2", 1),
        ),
    ];
    for (what, bad) in &edits {
        std::fs::write(&path, bad).expect("writes");
        assert_refused_by_all(d, &alice, what);
    }
    // Alice's line from another vault (same member, another data key) swapped in.
    let other = d.join("other");
    std::fs::create_dir_all(&other).expect("mkdir");
    ok(&owner(&other, &["init"], ""));
    ok(&owner(&other, &["set", "TOKEN"], "other vault"));
    ok(&owner(
        &other,
        &["recipients", "add", &alice.public, "--name", "alice"],
        "",
    ));
    let other_text = String::from_utf8(file(&other)).expect("utf-8");
    let foreign = other_text.split_inclusive('\n').nth(4).expect("line 5");
    assert!(foreign.starts_with("#hush:recipient alice "));
    let swapped = [&lines[..4], &[foreign][..], &lines[5..]].concat().concat();
    std::fs::write(&path, swapped).expect("writes");
    assert_refused_by_all(d, &alice, "alice's line from another vault");
    std::fs::write(&path, &good).expect("restores");
    assert_eq!(ok(&as_member(d, &alice, &["get", "TOKEN"], false)), PLANTED);
}

#[test]
fn bad_public_keys_and_identity_files_are_refused_without_echoing_secrets() {
    let dir = tempfile::tempdir().expect("tmp");
    let d = dir.path();
    let (alice, _) = team(d);
    let before = file(d);
    let typo = format!("{}q", &alice.public[..61]);
    for (arg, shown) in [("age1short", None), (typo.as_str(), Some(typo.as_str()))] {
        let err = refused(&owner(d, &["recipients", "add", arg], ""));
        assert!(err.contains("not an age X25519 public key"), "{err}");
        if let Some(s) = shown {
            assert!(err.contains(s), "{err}");
        }
    }
    // A pasted secret key is refused and never repeated.
    let out = owner(
        d,
        &["recipients", "add", &alice.secret, "--name", "oops"],
        "",
    );
    let err = refused(&out);
    assert!(err.contains("secret key"), "{err}");
    assert_absent(&out.stderr, &alice.secret[16..], "add with a secret key");
    assert_absent(&out.stdout, &alice.secret[16..], "add with a secret key");
    let err = refused(&owner(
        d,
        &["recipients", "add", &alice.public, "--name", "a b"],
        "",
    ));
    assert!(err.contains("recipient name"), "{err}");
    let err = refused(&owner(
        d,
        &["recipients", "add", &alice.public, "--name", "again"],
        "",
    ));
    assert!(err.contains("already"), "{err}");
    let err = refused(&owner(d, &["recipients", "rm", "carol"], ""));
    assert!(err.contains("no recipient"), "{err}");
    assert_eq!(file(d), before);
    // Identity files: loose permissions, not an identity, a damaged key.
    std::fs::set_permissions(&alice.identity, std::fs::Permissions::from_mode(0o644))
        .expect("chmod");
    let err = refused(&as_member(d, &alice, &["get", "TOKEN"], false));
    assert!(err.contains("group or others"), "{err}");
    std::fs::set_permissions(&alice.identity, std::fs::Permissions::from_mode(0o600))
        .expect("chmod");
    let mut damaged = alice.secret.clone();
    damaged.replace_range(
        20..21,
        if &alice.secret[20..21] == "Q" {
            "P"
        } else {
            "Q"
        },
    );
    for (text, want) in [
        ("hunter2-not-a-key\n".to_owned(), "line 1"),
        (format!("# c\n{damaged}\n"), "line 2"),
        ("# nothing\n".to_owned(), "no AGE-SECRET-KEY"),
    ] {
        std::fs::write(&alice.identity, &text).expect("writes");
        let out = as_member(d, &alice, &["get", "TOKEN"], false);
        let err = refused(&out);
        assert!(err.contains("identity file") && err.contains(want), "{err}");
        assert_absent(&out.stderr, "hunter2", "bad identity file");
        assert_absent(&out.stderr, &damaged[16..], "bad identity file");
    }
    // A stranger's identity is a wrong key.
    let carol = member(d, "carol");
    let err = refused(&as_member(d, &carol, &["get", "TOKEN"], false));
    assert!(err.contains("wrong key or passphrase"), "{err}");
    assert_eq!(file(d), before);
}

#[test]
fn the_planted_value_appears_only_in_get_and_export() {
    let dir = tempfile::tempdir().expect("tmp");
    let d = dir.path();
    let (alice, bob) = team(d);
    let outputs = [
        owner(d, &["recipients", "list"], ""),
        owner(d, &["list"], ""),
        as_member(d, &alice, &["recipients", "list"], false),
        as_member(d, &alice, &["list"], false),
        as_member(d, &alice, &["recipients", "rm", "bob"], false),
        owner(d, &["recipients", "add", "age1nope"], ""),
        owner(d, &["recipients", "rm", &bob.public], ""),
        as_member(d, &bob, &["get", "TOKEN"], false),
        as_member(d, &alice, &["check"], false),
    ];
    for (i, out) in outputs.iter().enumerate() {
        assert_absent(&out.stdout, PLANTED, &format!("output {i}"));
        assert_absent(&out.stderr, PLANTED, &format!("output {i}"));
        assert_absent(&out.stderr, &alice.secret[16..], &format!("output {i}"));
    }
    assert!(String::from_utf8_lossy(&file(d)).find(PLANTED).is_none());
}

/// git in `repo` as `m` (their identity, their HOME with no vault key).
fn git_as(repo: &Path, m: &Member, args: &[&str]) -> Output {
    let mut cmd = git_cmd(repo, args);
    cmd.env("HOME", &m.home)
        .env("XDG_CONFIG_HOME", m.home.join(".config"))
        .env("HUSH_IDENTITY", &m.identity)
        .env_remove("HUSH_VAULT_KEY")
        .env_remove("HUSH_PASSPHRASE");
    cmd.output().expect("git runs")
}

#[test]
fn a_v3_vault_merges_through_git_and_differing_recipients_are_refused() {
    let dir = tempfile::tempdir().expect("tmp");
    let d = dir.path();
    let repo = d.join("repo");
    std::fs::create_dir_all(&repo).expect("mkdir");
    let alice = member(d, "alice");
    let git = |args: &[&str]| ok(&git_as(&repo, &alice, args));
    git(&["init", "-q", "-b", "main"]);
    let owner_in = |args: &[&str], stdin: &str| {
        let mut cmd = vault(&repo);
        cmd.env("HOME", d.join("home"))
            .env("XDG_CONFIG_HOME", d.join("home/.config"));
        ok(&cmd.args(args).write_stdin(stdin).output().expect("runs"))
    };
    owner_in(&["init"], "");
    owner_in(&["set", "SHARED"], "base");
    owner_in(&["recipients", "add", &alice.public, "--name", "alice"], "");
    let commit = |msg: &str| {
        git(&["add", "-A"]);
        git(&["commit", "-q", "-m", msg]);
    };
    commit("vault");
    let member_set = |name: &str, value: &str| {
        let mut cmd = vault(&repo);
        cmd.env("HOME", &alice.home)
            .env("XDG_CONFIG_HOME", alice.home.join(".config"))
            .env("HUSH_IDENTITY", &alice.identity);
        ok(&cmd
            .args(["set", name])
            .write_stdin(value)
            .output()
            .expect("runs"))
    };
    git(&["checkout", "-q", "-b", "a", "main"]);
    member_set("FEATURE_A", PLANTED);
    commit("a");
    git(&["checkout", "-q", "-b", "b", "main"]);
    member_set("FEATURE_B", "b value");
    commit("b");
    git(&["checkout", "-q", "a"]);
    // Alice merges with her identity only: the driver opens all three sides with it.
    let out = git_as(&repo, &alice, &["merge", "-q", "--no-edit", "b"]);
    ok(&out);
    assert_absent(&out.stderr, PLANTED, "git merge");
    let get = |name: &str| {
        let mut cmd = vault(&repo);
        cmd.env("HOME", &alice.home)
            .env("HUSH_IDENTITY", &alice.identity);
        ok(&cmd.args(["get", name]).output().expect("runs"))
    };
    assert_eq!(get("FEATURE_A"), PLANTED);
    assert_eq!(get("FEATURE_B"), "b value");
    assert!(
        std::fs::read_to_string(repo.join(".env.vault"))
            .expect("reads")
            .starts_with("#hush:vault v3\n")
    );
    assert_eq!(owner_in(&["get", "FEATURE_B"], ""), "b value");

    // Branch c adds bob, branch d changes a value: the sets differ, the merge is refused.
    let bob = member(d, "bob");
    git(&["checkout", "-q", "-b", "c", "a"]);
    owner_in(&["recipients", "add", &bob.public, "--name", "bob"], "");
    commit("c");
    git(&["checkout", "-q", "-b", "d", "a"]);
    member_set("SHARED", "changed on d");
    commit("d");
    let before = std::fs::read(repo.join(".env.vault")).expect("reads");
    let out = git_as(&repo, &alice, &["merge", "--no-edit", "c"]);
    assert!(!out.status.success(), "different recipients do not merge");
    let text =
        String::from_utf8_lossy(&out.stderr).into_owned() + &String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("different vault recipients") && text.contains("bob"),
        "{text}"
    );
    assert_absent(&out.stderr, PLANTED, "refused merge");
    git(&["merge", "--abort"]);
    assert_eq!(
        std::fs::read(repo.join(".env.vault")).expect("reads"),
        before
    );
}
