//! Published sample credentials: values vendors print in their documentation and SDKs for
//! everyone to copy. They authenticate nothing private (or only a local emulator), so a
//! finding of one is noise; each is listed with where it is published, and only the exact
//! value is dropped (one character changed is a finding again).

/// (value, where it is published).
pub(super) const SAMPLES: &[(&str, &str)] = &[
    (
        "AKIAIOSFODNN7EXAMPLE",
        "AWS IAM user guide, access key examples (docs.aws.amazon.com)",
    ),
    (
        "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
        "AWS IAM user guide, secret access key example (docs.aws.amazon.com)",
    ),
    (
        "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==",
        "Azurite / Azure Storage Emulator well-known account key for devstoreaccount1 \
         (learn.microsoft.com/azure/storage/common/storage-use-azurite)",
    ),
    (
        "sk_test_4eC39HqLyjWDarjtT1zdp7dc",
        "Stripe API reference, the sample test secret key in every example (stripe.com/docs/api)",
    ),
    (
        "pk_test_TYooMQauvdEDq54NiTphI7jx",
        "Stripe documentation, the sample test publishable key (stripe.com/docs)",
    ),
    (
        "sk_test_BQokikJOvBiI2HlWgH4olfQ2",
        "Stripe API reference, authentication section, earlier sample test key \
         (stripe.com/docs/api/authentication)",
    ),
    (
        "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c",
        "jwt.io debugger's default example token (HS256, subject 1234567890)",
    ),
];

/// True when `secret` is exactly one of the published samples.
pub(super) fn is_published_sample(secret: &[u8]) -> bool {
    SAMPLES.iter().any(|(value, _)| value.as_bytes() == secret)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_sample_and_only_it_is_known() {
        for (value, source) in SAMPLES {
            assert!(!source.is_empty());
            assert!(is_published_sample(value.as_bytes()));
            let mut changed = value.as_bytes().to_vec();
            let last = changed.len() - 1;
            changed[last] = if changed[last] == b'a' { b'b' } else { b'a' };
            assert!(!is_published_sample(&changed), "{value}");
            assert!(!is_published_sample(&value.as_bytes()[..last]));
        }
    }
}
