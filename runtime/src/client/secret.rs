//! Values `Debug` never shows: credentials, and the client-level header
//! values a client holds (a tenant or business id can be as good as a
//! key). Generated `Credentials` and `Client` derive `Debug` over these,
//! so they show which values are set, never the values.

use std::fmt;

/// A value printed as `[redacted]`.
#[derive(Clone, PartialEq, Eq, Default)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }

    /// The value itself, for sending it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

impl From<String> for Secret {
    fn from(value: String) -> Self {
        Secret(value)
    }
}

impl From<&str> for Secret {
    fn from(value: &str) -> Self {
        Secret(value.to_string())
    }
}

/// HTTP basic credentials. The user is redacted too: some APIs take the
/// key as the user name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BasicAuth {
    pub user: Secret,
    pub password: Secret,
}

#[cfg(test)]
mod tests {
    #[test]
    fn debug_never_shows_the_value() {
        let basic = super::BasicAuth {
            user: "sk_live_1".into(),
            password: super::Secret::new("hunter2"),
        };
        let shown = format!("{basic:?} {:?}", Some(super::Secret::from("x1")));
        assert_eq!(
            shown,
            "BasicAuth { user: [redacted], password: [redacted] } Some([redacted])"
        );
        assert_eq!(basic.password.expose(), "hunter2");
    }
}
