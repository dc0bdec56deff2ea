use super::*;
use crate::patterns::PatternSet;

const DEFAULT: &str = "a known default or placeholder value";
const SHORT_KEY: &str = "production secret key shorter than 32 characters";
const CORS: &str = "allows any origin (*) in production";
const DEBUG: &str = "debug is on in production";
const TEST_KEY: &str = "provider test key, refused in production";
const STRIPE_TEST: &str = "sk_test_vp38wHmJU9V5D7zt4Hes6t2R";
const LONG: &str = "Zq8vX3kLmN7pR2sTq9Wb4Yc6Hd1Jf5Gk";

fn checker(env: Option<&str>, schema: &str) -> Checker {
    let detector = Detector::new(PatternSet::builtin().expect("rules")).expect("detector");
    Checker::new(Schema::from_toml(schema).expect("schema"), env, detector).expect("checker")
}

fn reasons(env: Option<&str>, schema: &str, name: &str, value: &str) -> Vec<String> {
    let out = checker(env, schema).check([(name, value)]);
    out.into_iter()
        .flat_map(|o| o.violations)
        .map(|v| v.reason)
        .collect()
}

/// `t!(test, env, schema, NAME, value, [reasons...])`.
macro_rules! t {
    ($test:ident, $env:expr, $schema:expr, $name:expr, $value:expr, [$($reason:expr),*]) => {
        #[test]
        fn $test() {
            let want: Vec<String> = vec![$(String::from($reason)),*];
            assert_eq!(reasons($env, $schema, $name, $value), want);
        }
    };
}

const PROD: Option<&str> = Some("production");

t!(default_010, None, "", "API_KEY", "changeme", [DEFAULT]);
t!(default_020, None, "", "API_KEY", "ChangeMe", [DEFAULT]);
t!(
    default_030,
    None,
    "",
    "SECRET_KEY",
    "your-secret-key-change-in-production",
    [DEFAULT]
);
t!(
    default_040,
    None,
    "",
    "ADMIN_PASSWORD",
    "letmein",
    [DEFAULT]
);
t!(
    default_050,
    None,
    "",
    "TOKEN",
    "your_api_key_here",
    [DEFAULT]
);
t!(default_060, None, "", "DEBUG", "false", []);
t!(default_070, None, "", "API_KEY", LONG, []);
t!(default_080, None, "", "EMPTY", "", []);

t!(
    prod_key_010,
    PROD,
    "",
    "SECRET_KEY",
    "Zq8vX3kLmN7pR2sT",
    [SHORT_KEY]
);
t!(prod_key_020, None, "", "SECRET_KEY", "Zq8vX3kLmN7pR2sT", []);
t!(prod_key_030, PROD, "", "JWT_SECRET", LONG, []);
t!(
    prod_key_040,
    PROD,
    "",
    "SESSION_SECRET",
    "Zq8vX3kLmN7pR2sT",
    [SHORT_KEY]
);
t!(
    prod_key_050,
    PROD,
    "",
    "APP_KEY",
    "secret",
    [DEFAULT, SHORT_KEY]
);
t!(
    prod_key_060,
    PROD,
    "",
    "STRIPE_SECRET_KEY",
    "Zq8vX3kLmN7pR2sT",
    [SHORT_KEY]
);
t!(
    prod_key_070,
    Some("prod"),
    "",
    "SECRET_KEY",
    "Zq8vX3kLmN7pR2sT",
    [SHORT_KEY]
);
t!(
    prod_key_080,
    Some("staging"),
    "",
    "SECRET_KEY",
    "Zq8vX3kLmN7pR2sT",
    []
);

t!(
    prod_cors_010,
    PROD,
    "",
    "CORS_ORIGINS",
    "https://a.io, *",
    [CORS]
);
t!(prod_cors_020, PROD, "", "ALLOWED_ORIGINS", "*", [CORS]);
t!(prod_cors_030, PROD, "", "CORS_ALLOW", "[\"*\"]", [CORS]);
t!(
    prod_cors_040,
    PROD,
    "",
    "CORS_ORIGINS",
    "https://a.io,https://b.io",
    []
);
t!(prod_cors_050, None, "", "CORS_ORIGINS", "*", []);

t!(prod_debug_010, PROD, "", "DEBUG", "True", [DEBUG]);
t!(prod_debug_020, PROD, "", "APP_DEBUG", "1", [DEBUG]);
t!(prod_debug_030, PROD, "", "DEBUG", "on", [DEBUG]);
t!(prod_debug_040, PROD, "", "DEBUG", "false", []);
t!(prod_debug_050, None, "", "DEBUG", "true", []);

t!(
    prod_test_010,
    PROD,
    "",
    "STRIPE_KEY",
    STRIPE_TEST,
    [TEST_KEY]
);
t!(prod_test_020, None, "", "STRIPE_KEY", STRIPE_TEST, []);
t!(
    prod_test_030,
    PROD,
    "",
    "STRIPE_PK",
    "pk_test_Zq8vX3kLmN7pR2sT",
    [TEST_KEY]
);

const SCHEMA: &str = r#"
[vars.TOKEN]
pattern = 'tok_[a-z]+'
min_length = 12
min_entropy = 3.0
forbidden = ["tok_zqwvhgjkmnrs"]
"#;

t!(schema_010, None, SCHEMA, "TOKEN", "tok_qwertyuiopzx", []);
t!(
    schema_020,
    None,
    SCHEMA,
    "TOKEN",
    "tok_Qwertyuiopzx",
    ["does not match the schema pattern"]
);
t!(
    schema_030,
    None,
    SCHEMA,
    "TOKEN",
    "tok_qwer",
    ["shorter than 12 characters"]
);
t!(
    schema_040,
    None,
    SCHEMA,
    "TOKEN",
    "tok_abababababab",
    ["entropy below 3 bits per byte"]
);
t!(
    schema_050,
    None,
    SCHEMA,
    "TOKEN",
    "tok_zqwvhgjkmnrs",
    ["a forbidden value"]
);
t!(schema_060, None, SCHEMA, "OTHER", "tok_Qwer", []);
t!(
    schema_070,
    None,
    "[vars.X]\npattern = 'a'\n",
    "X",
    "xax",
    ["does not match the schema pattern"]
);

const ENV_SCHEMA: &str = "[vars.KEY]\nmin_length = 40\nenvironments = [\"production\"]\n";

t!(schema_env_010, None, ENV_SCHEMA, "KEY", LONG, []);
t!(schema_env_020, Some("staging"), ENV_SCHEMA, "KEY", LONG, []);
t!(
    schema_env_030,
    PROD,
    ENV_SCHEMA,
    "KEY",
    LONG,
    ["shorter than 40 characters"]
);
t!(
    schema_env_040,
    Some("PROD"),
    ENV_SCHEMA,
    "KEY",
    LONG,
    ["shorter than 40 characters"]
);

#[test]
fn required_missing_is_reported_by_name() {
    let schema = "[vars.DATABASE_URL]\nrequired = true\n[vars.PRESENT]\nrequired = true\n";
    let out = checker(None, schema).check([("PRESENT", LONG)]);
    assert_eq!(out.len(), 2);
    assert!(out[0].violations.is_empty());
    let v = &out[1].violations;
    assert_eq!(out[1].name, "DATABASE_URL");
    assert_eq!(v[0].reason, "required, but not in the vault");
    let prod_only = "[vars.X]\nrequired = true\nenvironments = [\"production\"]\n";
    assert!(checker(None, prod_only).check([]).is_empty());
    assert_eq!(checker(PROD, prod_only).check([]).len(), 1);
}

#[test]
fn detector_says_what_a_value_is() {
    let out = checker(None, "").check([("STRIPE_KEY", STRIPE_TEST), ("PLAIN", "hello")]);
    assert!(
        out[0]
            .detected
            .iter()
            .any(|id| id == "stripe-test-secret-key")
    );
    assert!(out[0].violations.is_empty());
    assert!(out[1].detected.is_empty());
}

#[test]
fn bad_schemas_are_errors_naming_the_entry() {
    let detector = || Detector::new(PatternSet::builtin().expect("rules")).expect("detector");
    let bad = Schema::from_toml("[vars.API_TOKEN]\npattern = '('\n").expect("parses");
    let err = Checker::new(bad, None, detector()).expect_err("bad regex");
    assert!(matches!(&err, SchemaError::Pattern { name, .. } if name == "API_TOKEN"));
    assert!(err.to_string().contains("API_TOKEN"), "{err}");
    let unknown = Schema::from_toml("[vars.X]\nmin_len = 3\n").expect_err("unknown field");
    assert!(unknown.to_string().contains("min_len"), "{unknown}");
}

#[test]
fn reasons_never_hold_the_value() {
    let schema = r#"
[vars.SECRET_KEY]
pattern = '[0-9]+'
min_length = 64
min_entropy = 5.0
forbidden = ["plantedQ7xSECRETk"]
"#;
    let planted = [
        ("SECRET_KEY", "plantedQ7xSECRETk"),
        ("CORS_ORIGINS", "https://plantedQ7x.io,*"),
        ("DEBUG", "yes"),
        ("STRIPE_KEY", "sk_test_plantedQ7xZq8vX3kLmN7pR2sT"),
        ("API_KEY", "plantedQ7x_changeme"),
    ];
    let out = checker(PROD, schema).check(planted);
    let violations: Vec<_> = out.iter().flat_map(|o| &o.violations).collect();
    assert!(violations.len() >= planted.len(), "{violations:?}");
    for v in violations {
        let value = planted.iter().find(|(n, _)| *n == v.name).expect("named").1;
        assert!(!v.reason.contains(value), "{v:?}");
        assert!(!v.reason.contains("plantedQ7x"), "{v:?}");
    }
}
