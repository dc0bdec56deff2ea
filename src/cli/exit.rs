//! Process exit codes, as the contract fixes them.

/// What `hush` exits with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ExitCode {
    /// Nothing found (or the command succeeded).
    Clean,
    /// Findings were reported, or a rule example failed.
    Findings,
    /// Usage or runtime error.
    Error,
    /// Findings were reported and `--exit-code N` asked for N instead of 1.
    FindingsAs(u8),
    /// `vault run`: the child's exit code (128+N if signal N killed it), passed through.
    Child(u8),
}

impl ExitCode {
    pub(crate) fn code(self) -> u8 {
        match self {
            Self::Clean => 0,
            Self::Findings => 1,
            Self::Error => 2,
            Self::FindingsAs(code) | Self::Child(code) => code,
        }
    }

    /// `Findings` when `found`, else `Clean`.
    pub(crate) fn from_found(found: bool) -> Self {
        if found { Self::Findings } else { Self::Clean }
    }

    /// `from_found`, with `--exit-code` (when given) in place of 1.
    pub(crate) fn from_findings(found: bool, exit_code: Option<u8>) -> Self {
        match (found, exit_code) {
            (true, Some(code)) => Self::FindingsAs(code),
            _ => Self::from_found(found),
        }
    }
}

impl From<ExitCode> for std::process::ExitCode {
    fn from(code: ExitCode) -> Self {
        Self::from(code.code())
    }
}

#[cfg(test)]
mod tests {
    use super::ExitCode;

    #[test]
    fn codes_match_the_contract() {
        assert_eq!(ExitCode::Clean.code(), 0);
        assert_eq!(ExitCode::Findings.code(), 1);
        assert_eq!(ExitCode::Error.code(), 2);
        assert_eq!(ExitCode::Child(3).code(), 3);
        assert_eq!(ExitCode::Child(143).code(), 143);
        assert_eq!(ExitCode::from_found(true), ExitCode::Findings);
        assert_eq!(ExitCode::from_found(false), ExitCode::Clean);
        assert_eq!(ExitCode::from_findings(true, Some(42)).code(), 42);
        assert_eq!(ExitCode::from_findings(true, Some(0)).code(), 0);
        assert_eq!(ExitCode::from_findings(false, Some(42)).code(), 0);
        assert_eq!(ExitCode::from_findings(true, None).code(), 1);
    }
}
