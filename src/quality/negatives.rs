//! Hard negatives: text that looks like a secret and is not one.
//!
//! Hashes in lock files, commit ids, UUIDs, base64 blobs, source maps and bundle names,
//! documentation example values, placeholders and templates. None may be reported by any rule.
//! Each is generated from a seed, so the random parts differ from run to run of the seed.

use super::generate::token;
use crate::patterns::token::TokenFormat;

/// `(kind, template)`: the template is a [`TokenFormat`] whose parts are filled at random.
const HARD: &[(&str, &str)] = &[
    (
        "cargo-lock",
        "[[package]]\nname = \"serde\"\nversion = \"1.0.{digit:3}\"\nchecksum = \"{hex:64}\"\n",
    ),
    (
        "package-lock",
        "\"node_modules/left-pad\": {{\n  \"version\": \"1.3.0\",\n  \"integrity\": \"sha512-{b64:64}\"\n}}\n",
    ),
    (
        "yarn-lock",
        "left-pad@^1.3.0:\n  resolved \"https://registry.yarnpkg.com/left-pad/-/left-pad-1.3.0.tgz#{hex:40}\"\n",
    ),
    ("go-sum", "github.com/acme/lib v1.{digit:2}.0 h1:{b64:32}\n"),
    (
        "pnpm-lock",
        "  /lodash@4.17.21:\n    resolution: {{integrity: sha512-{b64:64}}}\n",
    ),
    ("git-sha", "commit {hex:40}\nMerge: {hex:7} {hex:7}\n"),
    ("sha256sum", "{hex:64}  dist/app-linux-amd64.tar.gz\n"),
    ("docker-digest", "image: ghcr.io/acme/api@sha256:{hex:64}\n"),
    ("md5-etag", "ETag: \"{hex:32}\"\n"),
    (
        "uuid-id",
        "{{\"request_id\": \"{uuid}\", \"status\": 200}}\n",
    ),
    ("uuid-yaml", "id: {uuid}\nname: billing\n"),
    ("uuid-upper", "<ProjectGuid>{{{UUID}}}</ProjectGuid>\n"),
    (
        "data-uri",
        ".icon {{ background: url(data:image/png;base64,{b64:180}) }}\n",
    ),
    ("base64-blob", "attachment:\n  content: {b64:240}\n"),
    (
        "source-map",
        "{{\"version\":3,\"file\":\"main.js\",\"mappings\":\"AAAA,{upper:4},{alpha:6};{upper:4}\"}}\n",
    ),
    (
        "bundle-name",
        "<script src=\"/static/js/main.{hex:20}.chunk.js\"></script>\n",
    ),
    (
        "minified-js",
        "!function(e,t){{var n=\"{alnum:24}\".split(\"\"),r=t.x{lower:3}(e);return n}}(this,{{}});\n",
    ),
    (
        "css-hash",
        ".Button_root__{alnum:5} {{ color: #{hex:6}; }}\n",
    ),
    ("placeholder-env", "API_KEY=your-api-key-here{digit:1}\n"),
    (
        "placeholder-angle",
        "export API_TOKEN=<YOUR_API_TOKEN_{digit:1}>\n",
    ),
    ("template-var", "token: ${{{upper:6}_TOKEN}}\n"),
    (
        "template-jinja",
        "password: \"{{{{ vault_{lower:6}_password }}}}\"\n",
    ),
    (
        "template-actions",
        "env:\n  DEPLOY_TOKEN: ${{{{ secrets.DEPLOY_TOKEN_{upper:2} }}}}\n",
    ),
    ("redacted", "api_key=********{digit:1}\n"),
    ("changeme", "SECRET_KEY=changeme{digit:2}\n"),
    ("version", "version = \"{digit:1}.{digit:2}.{digit:3}\"\n"),
    (
        "url-plain",
        "homepage = \"https://docs.example.net/guide/{lower:8}?page={digit:2}\"\n",
    ),
    (
        "semver-range",
        "\"dependencies\": {{ \"react\": \"^18.{digit:1}.0\" }}\n",
    ),
    (
        "aws-doc-example",
        "aws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n# {digit:1}\n",
    ),
    (
        "x-run",
        "STRIPE_KEY=sk_live_xxxxxxxxxxxxxxxxxxxxxxxx{digit:1}\n",
    ),
];

/// One generated hard negative of each kind, from `rng`.
pub fn hard_negatives(rng: &mut fastrand::Rng) -> Vec<(&'static str, String)> {
    HARD.iter()
        .map(|&(kind, template)| {
            let format = TokenFormat::parse(template).expect("built-in negative templates parse");
            (kind, token(&format, None, rng))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_template_generates() {
        let mut rng = fastrand::Rng::with_seed(5);
        let cases = super::hard_negatives(&mut rng);
        assert_eq!(cases.len(), super::HARD.len());
        for (kind, text) in cases {
            assert!(
                !text.contains(":64}") && !text.contains("{hex"),
                "{kind}: {text}"
            );
        }
    }
}
