//! Log shapes for the leak harness: how a value under a name lands in plain-text lines,
//! logfmt, environment dumps, `key: value` and `key="value"` lines, JSON lines (as a field and
//! as `key=value` inside a message), nginx and Apache access logs, stack traces, HTTP request
//! dumps and Kubernetes events; and the ordinary lines around them.
//!
//! Every shape returns whole lines (a dump or a trace is several) and the index of the line
//! holding the value; the value is written as it is, except in JSON, where it is escaped.

/// How a shape spells the value's name: `DB_PASSWORD`, `db_password` or `Db-Password`.
fn spelled(name: &str, style: u8) -> String {
    let words: Vec<String> = name
        .split(['_', '-', '.'])
        .filter(|w| !w.is_empty())
        .map(str::to_ascii_lowercase)
        .collect();
    match style {
        0 => words.join("_").to_ascii_uppercase(),
        1 => words.join("_"),
        _ => (words.iter())
            .map(|w| {
                let mut c = w.chars();
                c.next()
                    .map(|f| f.to_ascii_uppercase().to_string() + c.as_str())
                    .unwrap_or_default()
            })
            .collect::<Vec<_>>()
            .join("-"),
    }
}

fn json(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_default()
}

/// One log shape: its name and how it writes `value` under `name`.
pub struct Shape {
    /// Report label.
    pub kind: &'static str,
    /// Whether the written lines show the name (a bare message does not).
    pub shows_name: bool,
    write: fn(&str, &str, &mut fastrand::Rng) -> (Vec<String>, usize),
}

impl std::fmt::Debug for Shape {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.kind)
    }
}

impl Shape {
    /// The lines holding `value` under `name`, and which of them holds it.
    pub fn write(&self, name: &str, value: &str, rng: &mut fastrand::Rng) -> (Vec<String>, usize) {
        (self.write)(name, value, rng)
    }
}

const TS: &str = "2026-11-30T12:00:01.337Z";

/// Every shape.
pub const SHAPES: &[Shape] = &[
    Shape {
        kind: "text",
        shows_name: false,
        write: |_, v, _| {
            (
                vec![format!(
                    "{TS} ERROR [worker-3] upstream rejected credential {v} for tenant acme"
                )],
                0,
            )
        },
    },
    Shape {
        kind: "logfmt",
        shows_name: true,
        write: |n, v, _| {
            (
                vec![format!(
                    "ts={TS} level=info msg=\"connecting\" {}={v} attempt=2",
                    spelled(n, 1)
                )],
                0,
            )
        },
    },
    Shape {
        kind: "logfmt-quoted",
        shows_name: true,
        write: |n, v, _| {
            (
                vec![format!(
                    "ts={TS} level=warn {}=\"{v}\" retry=true",
                    spelled(n, 1)
                )],
                0,
            )
        },
    },
    Shape {
        kind: "env-dump",
        shows_name: true,
        write: |n, v, _| {
            (
                vec![
                    "HOME=/home/app".into(),
                    format!("{}={v}", spelled(n, 0)),
                    "LANG=C.UTF-8".into(),
                ],
                1,
            )
        },
    },
    Shape {
        kind: "key-colon",
        shows_name: true,
        write: |n, v, _| {
            (
                vec![
                    "config loaded:".into(),
                    format!("    {}: {v}", spelled(n, 1)),
                    "    region: eu-west-1".into(),
                ],
                1,
            )
        },
    },
    Shape {
        kind: "json-field",
        shows_name: true,
        write: |n, v, r| {
            let line = format!(
                "{{\"ts\":\"{TS}\",\"level\":\"info\",\"{}\":{},\"attempt\":{}}}",
                spelled(n, 1),
                json(v),
                r.u8(1..9)
            );
            (vec![line], 0)
        },
    },
    Shape {
        kind: "json-msg-kv",
        shows_name: true,
        write: |n, v, _| {
            let msg = json(&format!("starting with {}={v}", spelled(n, 0)));
            (vec![format!("{{\"ts\":\"{TS}\",\"msg\":{msg}}}")], 0)
        },
    },
    Shape {
        kind: "json-msg",
        shows_name: false,
        write: |_, v, _| {
            let msg = json(&format!("auth failed for {v}, retrying"));
            (
                vec![format!("{TS} {{\"level\":\"error\",\"msg\":{msg}}}")],
                0,
            )
        },
    },
    Shape {
        kind: "nginx-query",
        shows_name: true,
        write: |n, v, _| {
            (
                vec![format!(
                    "203.0.113.9 - - [30/Nov/2026:12:00:01 +0000] \"GET /v1/callback?state=xyz&{}={v}&page=2 HTTP/1.1\" 200 512 \"-\" \"curl/8.5.0\"",
                    spelled(n, 1)
                )],
                0,
            )
        },
    },
    Shape {
        kind: "apache-userinfo",
        shows_name: false,
        write: |_, v, _| {
            (
                vec![format!(
                    "[Sun Nov 30 12:00:01.337 2026] [proxy:error] [pid 4412] AH00957: connect to https://deploy:{v}@git.internal.example:443/repo failed"
                )],
                0,
            )
        },
    },
    Shape {
        kind: "http-header",
        shows_name: true,
        write: |n, v, _| {
            let lines = vec![
                "> POST /v1/items HTTP/1.1".into(),
                "> Host: api.example.net".into(),
                format!("> {}: {v}", spelled(n, 2)),
                "> Content-Type: application/json".into(),
            ];
            (lines, 2)
        },
    },
    Shape {
        kind: "http-bearer",
        shows_name: false,
        write: |_, v, _| {
            (
                vec![
                    "GET /v2/me HTTP/1.1".into(),
                    format!("Authorization: Bearer {v}"),
                    "Accept: */*".into(),
                ],
                1,
            )
        },
    },
    Shape {
        kind: "java-trace",
        shows_name: true,
        write: |n, v, _| {
            let lines = vec![
                format!("{TS} ERROR c.a.Client - login failed"),
                format!("com.acme.AuthException: rejected {}={v}", spelled(n, 1)),
                "\tat com.acme.Client.connect(Client.java:88)".into(),
                "\tat com.acme.Main.main(Main.java:12)".into(),
            ];
            (lines, 1)
        },
    },
    Shape {
        kind: "python-trace",
        shows_name: false,
        write: |_, v, _| {
            let lines = vec![
                "Traceback (most recent call last):".into(),
                "  File \"/srv/app/client.py\", line 41, in connect".into(),
                format!("    raise AuthError(\"bad credential '{v}'\")"),
                "AuthError: bad credential".into(),
            ];
            (lines, 2)
        },
    },
    Shape {
        kind: "k8s-event",
        shows_name: true,
        write: |n, v, _| {
            (
                vec![format!(
                    "3m   Warning  Failed  pod/api-7d9f8c6b5-x2lqz  Error: container env {}={v} rejected",
                    spelled(n, 0)
                )],
                0,
            )
        },
    },
    Shape {
        kind: "k8s-event-json",
        shows_name: true,
        write: |n, v, _| {
            let msg = json(&format!("Error: {}: {v}", spelled(n, 1)));
            (
                vec![format!(
                    "{{\"kind\":\"Event\",\"reason\":\"Failed\",\"involvedObject\":{{\"name\":\"api-7d9f8c6b5-x2lqz\"}},\"message\":{msg}}}"
                )],
                0,
            )
        },
    },
];

const WORDS: &[&str] = &[
    "order",
    "user",
    "cart",
    "session",
    "cache",
    "worker",
    "queue",
    "retry",
    "upstream",
    "request",
    "timeout",
    "connected",
    "closed",
    "shard",
    "replica",
    "batch",
    "flush",
    "commit",
];

fn hex(rng: &mut fastrand::Rng, n: usize) -> String {
    (0..n)
        .map(|_| char::from(b"0123456789abcdef"[rng.usize(..16)]))
        .collect()
}

fn word(rng: &mut fastrand::Rng) -> &'static str {
    WORDS[rng.usize(..WORDS.len())]
}

/// An ordinary line, with the identifiers logs are full of (request ids, commit and content
/// hashes, UUIDs, pod names, versions, durations): none of it may be masked.
pub fn ordinary(rng: &mut fastrand::Rng) -> String {
    let uuid = format!(
        "{}-{}-4{}-a{}-{}",
        hex(rng, 8),
        hex(rng, 4),
        hex(rng, 3),
        hex(rng, 3),
        hex(rng, 12)
    );
    match rng.u8(0..8) {
        7 => format!(
            "{TS} INFO token_type=bearer prompt_tokens={} secret_name=db-creds password_reset_sent=true auth_method=sso \"Authorization header missing\"",
            rng.u16(1..900)
        ),
        0 => format!(
            "{TS} INFO [{}-worker-{}] {} {} request_id={} duration_ms={} status=ok",
            word(rng),
            rng.u8(1..16),
            word(rng),
            word(rng),
            hex(rng, 16),
            rng.u16(1..5000)
        ),
        1 => format!(
            "{{\"ts\":\"{TS}\",\"level\":\"debug\",\"msg\":\"{} {}\",\"trace_id\":\"{}\",\"span\":\"{}\",\"user_id\":{}}}",
            word(rng),
            word(rng),
            hex(rng, 32),
            hex(rng, 16),
            rng.u32(1..1_000_000)
        ),
        2 => format!(
            "deployed commit {} image sha256:{} version v1.{}.{}",
            hex(rng, 40),
            hex(rng, 64),
            rng.u8(0..40),
            rng.u8(0..20)
        ),
        3 => format!(
            "3m   Normal   Pulled  pod/api-7d9f8c6b5-{}  Successfully pulled image \"registry.example/api:2.{}.0\" in 1.2s",
            hex(rng, 5),
            rng.u8(0..9)
        ),
        4 => format!(
            "{TS} WARN job {uuid} {} took {}ms (p99 {}ms) at 2026-11-30 12:00:{:02}",
            word(rng),
            rng.u16(1..9000),
            rng.u16(1..9000),
            rng.u8(0..60)
        ),
        5 => format!(
            "\tat com.acme.{}.{}Service.handle({}Service.java:{})",
            word(rng),
            "Order",
            "Order",
            rng.u16(1..900)
        ),
        _ => format!(
            "GET /v1/orders/{}?page={}&sort=desc 200 {}B cache={}",
            rng.u32(1..99999),
            rng.u8(1..9),
            rng.u16(1..9000),
            word(rng)
        ),
    }
}
