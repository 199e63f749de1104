//! The `security.*` statements that make or check a secret:
//! `random_bytes`, `create_password`, `create_secret_key` and
//! `check_password`. Randomness comes from `rand`'s thread generator, a
//! CSPRNG seeded by the operating system (as for `security.create_uuid`).
//! A generated secret is a value of the job: it goes where the job puts
//! it, and nothing here logs it or puts it in an error message.

use argon2::password_hash::{PasswordHash, PasswordVerifier};
use base64::Engine as _;
use rand::RngCore as _;
use rand::seq::{IndexedRandom as _, SliceRandom as _};

use super::exec::{Interpreter, bind};
use super::runtime::{Flow, Frame};
use super::scope::Scope;
use crate::program::security_rules as rules;
use crate::program::{Expr, PasswordRules, SecurityOp, SecurityStmt};
use crate::run::ErrorKind;
use crate::source::Span;
use crate::value::{Object, Value};

/// The largest Argon2 memory cost (in KiB) a stored hash may ask for:
/// 256 MiB, ten times OWASP's advice. A hash is data, and one asking for
/// gigabytes must not take the runner's memory to be checked.
const MAX_ARGON2_MEMORY_KIB: u32 = 256 * 1024;
/// The largest Argon2 time cost (passes) a stored hash may ask for.
const MAX_ARGON2_PASSES: u32 = 16;

const MISSING_HASH: &str = "`hash_password` is empty or null; note that runner-cli's `db.*` reads never return password fields, so a record's `password` is null here (check that the record exists first, and pass a stored Argon2 hash)";

impl Interpreter<'_> {
    pub(super) fn security(
        &mut self,
        frame: &mut Frame,
        span: Span,
        stmt: &SecurityStmt,
    ) -> Result<(), Flow> {
        let scope = Scope::new(self.rt, frame);
        let fail = |message: String| {
            self.rt
                .error(&frame.function, span, ErrorKind::Standard, message)
        };
        let value = |expr: &Expr| scope.value(expr);
        let result = match &stmt.op {
            SecurityOp::RandomBytes { length } => {
                let length = rules::length_of(&value(length)?)
                    .map_err(|why| fail(format!("`security.random_bytes`: `length`: {why}")))?;
                let mut bytes = vec![0; length];
                rand::rng().fill_bytes(&mut bytes);
                Value::from_bytes(bytes)
            }
            SecurityOp::CreatePassword(password) => {
                let alphabet = Alphabet::of(password, &value).map_err(|error| match error {
                    Failed::Flow(flow) => flow,
                    Failed::Rule(why) => fail(format!("`security.create_password`: {why}")),
                })?;
                Value::Text(alphabet.password())
            }
            SecurityOp::CreateSecretKey { bits, format } => {
                let bits = rules::key_bits(&value(bits)?)
                    .map_err(|why| fail(format!("`security.create_secret_key`: `bits`: {why}")))?;
                if let Some(format) = format {
                    rules::key_format(&value(format)?).map_err(|why| {
                        fail(format!("`security.create_secret_key`: `format`: {why}"))
                    })?;
                }
                secret_key(bits)
            }
            SecurityOp::CheckPassword { text, hash } => {
                let text = value(text)?;
                let hash = value(hash)?;
                Value::Bool(
                    check_password(&text, &hash)
                        .map_err(|why| fail(format!("`security.check_password`: {why}")))?,
                )
            }
        };
        bind(frame, &stmt.alias, result);
        Ok(())
    }
}

enum Failed {
    Flow(Flow),
    Rule(String),
}

/// The character classes of a password: each must appear at least once.
struct Alphabet {
    length: usize,
    classes: Vec<Vec<char>>,
}

impl Alphabet {
    fn of(
        rules_of: &PasswordRules,
        value: &dyn Fn(&Expr) -> Result<Value, Flow>,
    ) -> Result<Alphabet, Failed> {
        let get = |expr: &Option<Expr>| match expr {
            Some(expr) => value(expr).map_err(Failed::Flow),
            None => Ok(Value::Null),
        };
        let named = |key: &str, why: String| Failed::Rule(format!("`{key}`: {why}"));
        let length = match get(&rules_of.character_count)? {
            Value::Null => 12,
            count => rules::character_count(&count).map_err(|why| named("character_count", why))?,
        };
        let flag = |key: &str, expr: &Option<Expr>, default: bool| -> Result<bool, Failed> {
            rules::flag(&get(expr)?, default).map_err(|why| named(key, why))
        };
        let mut classes = Vec::new();
        if flag("require_lowercase", &rules_of.require_lowercase, true)? {
            classes.push(('a'..='z').collect());
        }
        if flag("require_uppercase", &rules_of.require_uppercase, true)? {
            classes.push(('A'..='Z').collect());
        }
        if flag("require_digit", &rules_of.require_digit, true)? {
            classes.push(('0'..='9').collect());
        }
        if flag("require_symbol", &rules_of.require_symbol, false)? {
            let symbols = rules::symbols(&get(&rules_of.symbol_whitelist)?)
                .map_err(|why| named("symbol_whitelist", why))?;
            classes.push(symbols);
        }
        if classes.is_empty() {
            return Err(Failed::Rule(
                "every `require_*` is false, so the password could hold no character; set at least one to true".into(),
            ));
        }
        if length < classes.len() {
            return Err(Failed::Rule(format!(
                "`character_count` ({length}) is shorter than the {} kinds of character required",
                classes.len()
            )));
        }
        Ok(Alphabet { length, classes })
    }

    /// One character of each class, the rest from all of them, shuffled so
    /// the required ones are not always first.
    fn password(&self) -> String {
        let mut rng = rand::rng();
        let all: Vec<char> = self.classes.iter().flatten().copied().collect();
        let mut chars: Vec<char> = self
            .classes
            .iter()
            .filter_map(|class| class.choose(&mut rng).copied())
            .collect();
        while chars.len() < self.length {
            chars.extend(all.choose(&mut rng).copied());
        }
        chars.shuffle(&mut rng);
        chars.into_iter().collect()
    }
}

/// A random shared secret as an `oct` JWK (RFC 7517), the key form the
/// `jws_*` and `jwe_*` filters read.
fn secret_key(bits: usize) -> Value {
    let mut bytes = vec![0; bits / 8];
    rand::rng().fill_bytes(&mut bytes);
    let mut jwk = Object::default();
    jwk.insert("kty".to_owned(), Value::from("oct"));
    jwk.insert(
        "k".to_owned(),
        Value::Text(base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(&bytes)),
    );
    Value::object(jwk)
}

/// Whether `text` is the password `hash` was made from. The hashes are
/// Argon2 PHC strings, as the runner's database stores password fields. A
/// missing hash is an error, not `false`: `db.*` reads here never return
/// password fields, so Xano's login pattern (`db.get` the user, then check
/// `$user.password`) would otherwise answer "wrong password" for every
/// login, silently. A hash of another kind could never match: an error too.
fn check_password(text: &Value, hash: &Value) -> Result<bool, String> {
    let hash = match hash {
        Value::Null => return Err(MISSING_HASH.to_owned()),
        Value::Text(hash) if hash.is_empty() => return Err(MISSING_HASH.to_owned()),
        Value::Text(hash) => hash,
        other => {
            return Err(format!(
                "`hash_password` must be text (a stored password hash), got {}",
                other.type_name()
            ));
        }
    };
    let password: &[u8] = match text {
        Value::Null => return Ok(false),
        Value::Text(text) => text.as_bytes(),
        Value::Bytes(bytes) => bytes,
        other => {
            return Err(format!(
                "`text_password` must be text, got {}",
                other.type_name()
            ));
        }
    };
    let not_argon2 = || {
        "`hash_password` is not an Argon2 hash (a `$argon2id$...` string, as the runner stores password fields)".to_owned()
    };
    let parsed = PasswordHash::new(hash).map_err(|_| not_argon2())?;
    let params = argon2::Params::try_from(&parsed).map_err(|_| not_argon2())?;
    if params.m_cost() > MAX_ARGON2_MEMORY_KIB || params.t_cost() > MAX_ARGON2_PASSES {
        return Err(format!(
            "the hash asks for more work than the runner allows ({} MiB, {} passes at most)",
            MAX_ARGON2_MEMORY_KIB / 1024,
            MAX_ARGON2_PASSES
        ));
    }
    Ok(argon2::Argon2::default()
        .verify_password(password, &parsed)
        .is_ok())
}

#[cfg(test)]
mod tests {
    use super::*;
    use argon2::password_hash::{PasswordHasher, SaltString};

    fn hash(password: &str) -> String {
        let salt = SaltString::encode_b64(b"a fixed salt 16b").unwrap();
        argon2::Argon2::default()
            .hash_password(password.as_bytes(), &salt)
            .unwrap()
            .to_string()
    }

    #[test]
    fn a_hash_matches_its_password_and_no_other() {
        let stored = Value::from(hash("correct horse").as_str());
        assert_eq!(
            check_password(&Value::from("correct horse"), &stored),
            Ok(true)
        );
        assert_eq!(
            check_password(&Value::from("wrong horse"), &stored),
            Ok(false)
        );
        assert_eq!(check_password(&Value::Null, &stored), Ok(false));
    }

    #[test]
    fn a_missing_hash_or_another_kind_of_hash_is_an_error() {
        let text = Value::from("pw");
        for missing in [Value::Null, Value::from("")] {
            let error = check_password(&text, &missing).unwrap_err();
            assert!(error.contains("never return password fields"), "{error}");
        }
        let bcrypt = Value::from("$2y$10$abcdefghijklmnopqrstuuJ5Y0V8cW1bZ3nq7F8u0zXh2m3kQ9a1e");
        let error = check_password(&text, &bcrypt).unwrap_err();
        assert!(error.contains("not an Argon2 hash"), "{error}");
        assert!(!error.contains("$2y$"), "the hash is not echoed: {error}");
    }

    #[test]
    fn a_hash_asking_for_gigabytes_is_refused_before_any_work() {
        let greedy = Value::from(
            "$argon2id$v=19$m=4194304,t=2,p=1$YSBmaXhlZCBzYWx0IDE2Yg$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        );
        let error = check_password(&Value::from("pw"), &greedy).unwrap_err();
        assert!(error.contains("more work"), "{error}");
    }

    #[test]
    fn a_password_holds_every_required_class_and_only_allowed_characters() {
        let alphabet = Alphabet {
            length: 4,
            classes: vec![
                ('a'..='z').collect(),
                ('A'..='Z').collect(),
                ('0'..='9').collect(),
                vec!['$', '#'],
            ],
        };
        for _ in 0..200 {
            let password = alphabet.password();
            assert_eq!(password.chars().count(), 4);
            assert!(
                password.chars().any(|c| c.is_ascii_lowercase()),
                "{password}"
            );
            assert!(
                password.chars().any(|c| c.is_ascii_uppercase()),
                "{password}"
            );
            assert!(password.chars().any(|c| c.is_ascii_digit()), "{password}");
            assert!(password.chars().any(|c| c == '$' || c == '#'), "{password}");
        }
    }

    #[test]
    fn a_secret_key_is_an_oct_jwk_of_the_asked_size() {
        let Value::Object(jwk) = secret_key(256) else {
            panic!("not an object")
        };
        assert_eq!(jwk.get("kty"), Some(&Value::from("oct")));
        let Some(Value::Text(k)) = jwk.get("k") else {
            panic!("no k")
        };
        let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(k)
            .unwrap();
        assert_eq!(bytes.len(), 32);
        assert_ne!(secret_key(256), secret_key(256));
    }
}
