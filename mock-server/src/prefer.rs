//! Prism's request preferences: `Prefer: code=404, example=dog,
//! dynamic=true, seed=abc`, or the query form `__code`, `__example`,
//! `__dynamic`, `__seed`, read only when no `Prefer` header is sent; and
//! the mock's own `delay=300` (milliseconds) and
//! `fault=reset|close|malformed|slow-body` (see [`crate::faults`]).

use thiserror::Error;

use crate::faults::Fault;

#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Prefs {
    pub code: Option<u16>,
    pub example: Option<String>,
    pub dynamic: Option<bool>,
    pub seed: Option<String>,
    /// Milliseconds to wait before answering.
    pub delay: Option<u64>,
    pub fault: Option<Fault>,
}

#[derive(Debug, Error, PartialEq, Eq)]
pub enum PreferError {
    #[error("preference `code` must be a three-digit status code, not `{0}`")]
    Code(String),
    #[error("preference `dynamic` must be `true` or `false`, not `{0}`")]
    Dynamic(String),
    #[error("preference `delay` must be milliseconds (`delay=300`), not `{0}`")]
    Delay(String),
    #[error("preference `fault` must be one of reset, close, malformed, slow-body, not `{0}`")]
    Fault(String),
}

impl Prefs {
    pub fn is_empty(&self) -> bool {
        *self == Prefs::default()
    }

    fn set(&mut self, key: &str, value: &str) -> Result<(), PreferError> {
        let value = value.trim().trim_matches('"');
        match key.trim().to_ascii_lowercase().as_str() {
            "code" => {
                if value.len() != 3 || !value.bytes().all(|b| b.is_ascii_digit()) {
                    return Err(PreferError::Code(value.to_string()));
                }
                let n: u16 = value
                    .parse()
                    .map_err(|_| PreferError::Code(value.to_string()))?;
                if !(100..=599).contains(&n) {
                    return Err(PreferError::Code(value.to_string()));
                }
                self.code = Some(n);
            }
            "example" => self.example = Some(value.to_string()),
            "dynamic" => {
                self.dynamic = Some(match value {
                    "true" => true,
                    "false" => false,
                    other => return Err(PreferError::Dynamic(other.to_string())),
                })
            }
            "seed" => self.seed = Some(value.to_string()),
            "delay" => {
                let ms = value.strip_suffix("ms").unwrap_or(value);
                if ms.is_empty() || ms.len() > 12 || !ms.bytes().all(|b| b.is_ascii_digit()) {
                    return Err(PreferError::Delay(value.to_string()));
                }
                self.delay = Some(
                    ms.parse()
                        .map_err(|_| PreferError::Delay(value.to_string()))?,
                );
            }
            "fault" => {
                self.fault = Some(
                    Fault::parse(&value.to_ascii_lowercase())
                        .ok_or_else(|| PreferError::Fault(value.to_string()))?,
                )
            }
            // other preferences (`return=minimal`, `wait=5`, ...) are not ours
            _ => {}
        }
        Ok(())
    }

    /// Parse every `Prefer` header value (comma- or semicolon-separated
    /// `key=value` pairs).
    pub fn from_header<'a>(values: impl Iterator<Item = &'a [u8]>) -> Result<Prefs, PreferError> {
        let mut prefs = Prefs::default();
        for raw in values {
            let text = String::from_utf8_lossy(raw);
            for item in text.split([',', ';']) {
                if let Some((k, v)) = item.split_once('=') {
                    prefs.set(k, v)?;
                }
            }
        }
        Ok(prefs)
    }

    /// The query form (`__code=404&__example=dog`).
    pub fn from_query(pairs: &[(String, String)]) -> Result<Prefs, PreferError> {
        let mut prefs = Prefs::default();
        for (k, v) in pairs {
            if let Some(key) = k.strip_prefix("__") {
                prefs.set(key, v)?;
            }
        }
        Ok(prefs)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_form() {
        let p = Prefs::from_header(
            [
                "code=404, example=\"not found\"".as_bytes(),
                b"dynamic=true; seed=abc",
            ]
            .into_iter(),
        )
        .unwrap();
        assert_eq!(
            p,
            Prefs {
                code: Some(404),
                example: Some("not found".into()),
                dynamic: Some(true),
                seed: Some("abc".into()),
                ..Prefs::default()
            }
        );
        assert!(
            Prefs::from_header([b"return=minimal".as_slice()].into_iter())
                .unwrap()
                .is_empty()
        );
        assert_eq!(
            Prefs::from_header([b"code=default".as_slice()].into_iter()),
            Err(PreferError::Code("default".into()))
        );
        assert_eq!(
            Prefs::from_header([b"dynamic=yes".as_slice()].into_iter()),
            Err(PreferError::Dynamic("yes".into()))
        );
        assert!(Prefs::from_header([b"code=999".as_slice()].into_iter()).is_err());
    }

    #[test]
    fn delay_and_fault() {
        let p = Prefs::from_header([b"delay=300, fault=slow-body".as_slice()].into_iter()).unwrap();
        assert_eq!((p.delay, p.fault), (Some(300), Some(Fault::SlowBody)));
        for bad in [
            "delay=-1",
            "delay=soon",
            "delay=",
            "delay=99999999999999",
            "fault=explode",
        ] {
            assert!(
                Prefs::from_header([bad.as_bytes()].into_iter()).is_err(),
                "{bad}"
            );
        }
    }

    #[test]
    fn query_form() {
        let q = vec![
            ("__code".to_string(), "201".to_string()),
            ("page".into(), "2".into()),
        ];
        assert_eq!(Prefs::from_query(&q).unwrap().code, Some(201));
    }
}
