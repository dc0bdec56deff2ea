//! Carriers: the realistic surroundings a generated token is planted in.
//!
//! Each carrier is one file type's way of holding a value under a name (dotenv, YAML, JSON,
//! source code in ten languages, CI and container files, HTTP, logs, Markdown). The name is
//! either one the token is known under (a telling name) or a neutral one, so the harness can
//! tell a rule that needs its provider's name nearby from one that finds its token anywhere.

/// How a carrier spells the value's name.
#[derive(Debug, Clone, Copy)]
enum Style {
    /// `DATABRICKS_TOKEN`
    UpperSnake,
    /// `databricks_token`
    LowerSnake,
    /// `databricksToken`
    Camel,
    /// `DatabricksToken`
    Pascal,
    /// `databricks.token`
    Dotted,
    /// `Databricks-Token`
    Header,
}

/// One file type's template: `{N}` is the name, `{T}` the token.
#[derive(Debug)]
pub struct Carrier {
    /// File type, for reports.
    pub kind: &'static str,
    template: &'static str,
    style: Style,
    /// Whether a token spanning lines fits (indented by `indent` after each newline), or
    /// is written with `\n` escapes (`escape`); other carriers take one-line tokens only.
    multiline: Multiline,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Multiline {
    No,
    Raw(&'static str),
    Escaped,
}

const fn c(kind: &'static str, template: &'static str, style: Style) -> Carrier {
    Carrier {
        kind,
        template,
        style,
        multiline: Multiline::No,
    }
}

const fn ml(kind: &'static str, template: &'static str, style: Style, m: Multiline) -> Carrier {
    Carrier {
        kind,
        template,
        style,
        multiline: m,
    }
}

use Style::*;

/// Every carrier, in a fixed order.
pub const CARRIERS: &[Carrier] = &[
    ml("dotenv", "{N}={T}\n", UpperSnake, Multiline::No),
    ml(
        "dotenv-quoted",
        "APP_ENV=production\n{N}=\"{T}\"\n",
        UpperSnake,
        Multiline::Raw(""),
    ),
    c(
        "shell",
        "#!/bin/sh\nexport {N}=\"{T}\"\n./run.sh\n",
        UpperSnake,
    ),
    ml("yaml", "service:\n  {N}: {T}\n", LowerSnake, Multiline::No),
    ml(
        "yaml-block",
        "config:\n  {N}: |\n    {T}\n",
        LowerSnake,
        Multiline::Raw("    "),
    ),
    ml(
        "json",
        "{\n  \"{N}\": \"{T}\",\n  \"retries\": 3\n}\n",
        Camel,
        Multiline::Escaped,
    ),
    c("toml", "[service]\n{N} = \"{T}\"\n", LowerSnake),
    c(
        "ini",
        "[default]\nregion = eu-west-1\n{N} = {T}\n",
        LowerSnake,
    ),
    c("properties", "app.name=billing\n{N}={T}\n", Dotted),
    c(
        "xml",
        "<appSettings>\n  <add key=\"{N}\" value=\"{T}\" />\n</appSettings>\n",
        Pascal,
    ),
    c(
        "xml-element",
        "<config>\n  <{N}>{T}</{N}>\n</config>\n",
        Camel,
    ),
    c("python", "import os\n\n{N} = \"{T}\"\n", UpperSnake),
    c(
        "python-call",
        "client = Client(\n    {N}=\"{T}\",\n)\n",
        LowerSnake,
    ),
    c(
        "javascript",
        "const {N} = \"{T}\";\nmodule.exports = { {N} };\n",
        Camel,
    ),
    c("typescript", "export const {N}: string = '{T}';\n", Camel),
    c("go", "package main\n\nconst {N} = \"{T}\"\n", Pascal),
    c(
        "java",
        "class Config {\n    static final String {N} = \"{T}\";\n}\n",
        UpperSnake,
    ),
    c(
        "ruby",
        "Rails.application.configure do\n  config.{N} = '{T}'\nend\n",
        LowerSnake,
    ),
    c("php", "<?php\ndefine('{N}', '{T}');\n", UpperSnake),
    c("csharp", "var {N} = \"{T}\";\n", Camel),
    c("dockerfile", "FROM alpine:3.20\nENV {N}={T}\n", UpperSnake),
    c(
        "docker-compose",
        "services:\n  api:\n    environment:\n      - {N}={T}\n",
        UpperSnake,
    ),
    c(
        "kubernetes",
        "env:\n  - name: {N}\n    value: \"{T}\"\n",
        UpperSnake,
    ),
    c(
        "github-actions",
        "jobs:\n  deploy:\n    env:\n      {N}: {T}\n",
        UpperSnake,
    ),
    c(
        "terraform",
        "provider \"acme\" {\n  {N} = \"{T}\"\n}\n",
        LowerSnake,
    ),
    c(
        "curl",
        "curl -s -H \"{N}: {T}\" https://api.example.net/v1/items\n",
        Header,
    ),
    c(
        "http",
        "GET /v1/items HTTP/1.1\r\nHost: api.example.net\r\n{N}: {T}\r\n\r\n",
        Header,
    ),
    c(
        "log",
        "2026-11-30T12:00:01Z INFO starting worker {N}={T} pid=4412\n",
        LowerSnake,
    ),
    ml(
        "markdown",
        "Set it up:\n\n```\n{N}={T}\n```\n",
        UpperSnake,
        Multiline::Raw(""),
    ),
    ml("raw", "{T}\n", UpperSnake, Multiline::Raw("")),
];

/// Names that tell nothing about what a value is.
pub const NEUTRAL_NAMES: &[&str] = &["value", "item", "entry", "ref", "payload", "arg", "field"];

impl Carrier {
    /// Whether a token with a newline can be planted here.
    pub fn takes_multiline(&self) -> bool {
        self.multiline != Multiline::No
    }

    /// Whether the name appears in the text (a `raw` carrier holds the token alone).
    pub fn shows_name(&self) -> bool {
        self.template.contains("{N}")
    }

    /// The carrier's text with `name` and `token`, and the token's byte span in it.
    pub fn plant(&self, name: &str, token: &str) -> (String, std::ops::Range<usize>) {
        let token = match self.multiline {
            Multiline::Raw(indent) if !indent.is_empty() => {
                token.replace('\n', &format!("\n{indent}"))
            }
            Multiline::Escaped => token.replace('\n', "\\n"),
            _ => token.to_owned(),
        };
        let name = spell(name, self.style);
        let (before, after) = self
            .template
            .split_once("{T}")
            .expect("every carrier holds {T}");
        let before = before.replace("{N}", &name);
        let text = format!("{before}{token}{}", after.replace("{N}", &name));
        (text, before.len()..before.len() + token.len())
    }
}

/// The words of a name, split at `_ - .` and lower-to-upper case changes, lowercased.
fn words(name: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut prev_lower = false;
    for ch in name.chars() {
        if matches!(ch, '_' | '-' | '.') {
            out.push(String::new());
            prev_lower = false;
            continue;
        }
        if ch.is_ascii_uppercase() && prev_lower || out.is_empty() {
            out.push(String::new());
        }
        prev_lower = ch.is_ascii_lowercase() || ch.is_ascii_digit();
        out.last_mut()
            .expect("pushed above")
            .push(ch.to_ascii_lowercase());
    }
    out.retain(|w| !w.is_empty());
    out
}

fn spell(name: &str, style: Style) -> String {
    let w = words(name);
    let cap = |s: &String| {
        let mut c = s.chars();
        c.next()
            .map(|f| f.to_ascii_uppercase().to_string() + c.as_str())
            .unwrap_or_default()
    };
    match style {
        UpperSnake => w.join("_").to_ascii_uppercase(),
        LowerSnake => w.join("_"),
        Dotted => w.join("."),
        Header => w.iter().map(cap).collect::<Vec<_>>().join("-"),
        Pascal => w.iter().map(cap).collect(),
        Camel => {
            let mut s: String = w.iter().map(cap).collect();
            if let Some(f) = s.get_mut(..1) {
                f.make_ascii_lowercase();
            }
            s
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_spelled_per_style() {
        assert_eq!(spell("DATABRICKS_TOKEN", Camel), "databricksToken");
        assert_eq!(spell("dd_api_key", Header), "Dd-Api-Key");
        assert_eq!(spell("apiKey", UpperSnake), "API_KEY");
        assert_eq!(spell("sentry.dsn", Pascal), "SentryDsn");
        assert_eq!(spell("X", Dotted), "x");
    }

    #[test]
    fn plant_reports_the_token_span() {
        for carrier in CARRIERS {
            let (text, span) = carrier.plant("ACME_TOKEN", "tok_123");
            assert_eq!(&text[span], "tok_123", "{}", carrier.kind);
            assert!(
                !text.contains("{N}") && !text.contains("{T}"),
                "{}",
                carrier.kind
            );
        }
        let yaml = CARRIERS
            .iter()
            .find(|c| c.kind == "yaml-block")
            .expect("exists");
        let (text, span) = yaml.plant("k", "a\nb");
        assert_eq!(&text[span], "a\n    b");
    }
}
