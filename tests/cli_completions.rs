//! `hush completions SHELL` and `hush man`: generated, loadable, and naming today's flags.

use crate::util::hush;
use std::process::Command;

fn stdout_of(args: &[&str]) -> String {
    let out = hush().args(args).output().expect("runs");
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8")
}

#[test]
fn completions_generate_for_every_shell_and_bash_loads_them() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let script = stdout_of(&["completions", shell]);
        for word in ["hush", "vault", "--pre-receive", "completions"] {
            assert!(script.contains(word), "{shell} completion lacks {word}");
        }
    }
    let dir = tempfile::tempdir().expect("tmp");
    let file = dir.path().join("hush.bash");
    std::fs::write(&file, stdout_of(&["completions", "bash"])).expect("write");
    let syntax = Command::new("bash")
        .arg("-n")
        .arg(&file)
        .output()
        .expect("bash");
    assert!(
        syntax.status.success(),
        "{}",
        String::from_utf8_lossy(&syntax.stderr)
    );
    // Loaded, it registers a completion for `hush` and completes a subcommand.
    let script = format!(
        "source {}; complete -p hush >/dev/null || exit 3; \
         COMP_WORDS=(hush comp); COMP_CWORD=1; COMP_LINE='hush comp'; COMP_POINT=9; \
         _hush hush comp hush; printf '%s\\n' \"${{COMPREPLY[@]}}\"",
        file.display()
    );
    let out = Command::new("bash")
        .args(["-c", &script])
        .output()
        .expect("bash");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .any(|l| l == "completions")
    );
    hush().args(["completions", "tcsh"]).assert().code(2);
}

#[test]
fn man_pages_render() {
    let page = stdout_of(&["man"]);
    assert!(
        page.starts_with(".ie") || page.contains(".TH hush"),
        "{}",
        &page[..200.min(page.len())]
    );
    assert!(page.contains("vault") && page.contains("completions"));
    let scan = stdout_of(&["man", "scan"]);
    assert!(
        scan.contains(".TH hush-scan"),
        "{}",
        &scan[..200.min(scan.len())]
    );
    assert!(scan.contains("max\\-file\\-size") || scan.contains("max-file-size"));
    let out = hush()
        .args(["man", "no-such-command"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("scan"));
    // groff (when installed) reads it without complaint.
    if let Ok(mut child) = Command::new("groff")
        .args(["-man", "-Tutf8", "-ww", "-z"])
        .stdin(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
    {
        use std::io::Write;
        child
            .stdin
            .take()
            .expect("stdin")
            .write_all(page.as_bytes())
            .expect("write");
        let out = child.wait_with_output().expect("groff");
        assert!(out.status.success());
        assert!(
            out.stderr.is_empty(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}
