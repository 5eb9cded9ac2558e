//! Credentials documented as plain header parameters become security
//! schemes, so a client configures them once and the mock can check them.
//! (OpenAPI also says a header parameter named `Authorization` is ignored.)

use crate::diag::Code;
use crate::model::{Components, Operation, ParamLocation, SecurityRequirement, SecurityScheme};
use crate::pointer;

use super::PageCx;

/// The scheme a credential header stands for, with its scheme name.
pub fn scheme_for_header(
    name: &str,
    description: Option<&str>,
    example: Option<&str>,
) -> Option<(String, SecurityScheme)> {
    let lower = name.to_ascii_lowercase();
    let text = format!(
        "{} {}",
        description.unwrap_or_default(),
        example.unwrap_or_default()
    )
    .to_ascii_lowercase();
    let description = description.map(str::to_string);
    if lower == "authorization" {
        if text.contains("bearer") {
            return Some(("bearerAuth".into(), SecurityScheme::bearer(description)));
        }
        if text.contains("basic ") {
            let mut scheme = SecurityScheme::bearer(description);
            scheme.scheme = Some("basic".into());
            return Some(("basicAuth".into(), scheme));
        }
        return Some((
            name.into(),
            SecurityScheme::api_key(ParamLocation::Header, name, description),
        ));
    }
    let squashed: String = lower
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect();
    let is_key = ["apikey", "secret", "token", "accesskey", "authkey"]
        .iter()
        .any(|k| squashed.contains(k));
    is_key.then(|| {
        (
            name.into(),
            SecurityScheme::api_key(ParamLocation::Header, name, description),
        )
    })
}

/// Move credential header parameters of `op` into security schemes.
/// `op_ptr` is the operation's pointer (for positions and messages).
pub fn lift_credential_headers(
    cx: &mut PageCx,
    op: &mut Operation,
    op_ptr: &str,
    components: &mut Components,
) {
    let mut lifted: SecurityRequirement = SecurityRequirement::new();
    let mut kept = Vec::with_capacity(op.parameters.len());
    for (i, param) in std::mem::take(&mut op.parameters).into_iter().enumerate() {
        if param.location != ParamLocation::Header {
            kept.push(param);
            continue;
        }
        let example = param.example.as_ref().and_then(|v| v.as_str());
        let Some((scheme_name, scheme)) =
            scheme_for_header(&param.name, param.description.as_deref(), example)
        else {
            kept.push(param);
            continue;
        };
        let param_ptr = pointer::join(&pointer::join(op_ptr, "parameters"), &i.to_string());
        let loc = cx.map.locate_or(&param_ptr, &cx.file.start());
        let kind = match scheme.scheme.as_deref() {
            Some(s) => format!("http {s}"),
            None => "an API key in a header".to_string(),
        };
        cx.push(crate::diag::Diagnostic::new(
            Code::CredentialHeader,
            loc,
            format!(
                "header `{}` carries a credential: it became security scheme `{scheme_name}` ({kind})",
                param.name
            ),
        ));
        let name = components.add_security_scheme(&scheme_name, scheme);
        lifted.insert(name, Vec::new());
    }
    op.parameters = kept;
    if lifted.is_empty() {
        return;
    }
    // Every alternative the page already listed now also needs these.
    op.security = Some(match op.security.take() {
        Some(alts) if !alts.is_empty() && !alts.iter().all(|a| a.is_empty()) => alts
            .into_iter()
            .map(|mut alt| {
                alt.extend(lifted.clone());
                alt
            })
            .collect(),
        _ => vec![lifted],
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::SecuritySchemeKind;

    #[test]
    fn authorization_bearer_basic_and_plain_keys() {
        let (name, s) =
            scheme_for_header("Authorization", Some("`Bearer YOUR_ACCESS_TOKEN`"), None).unwrap();
        assert_eq!(
            (name.as_str(), s.scheme.as_deref()),
            ("bearerAuth", Some("bearer"))
        );
        let (name, s) =
            scheme_for_header("authorization", None, Some("Basic dXNlcjpwYXNz")).unwrap();
        assert_eq!(
            (name.as_str(), s.scheme.as_deref()),
            ("basicAuth", Some("basic"))
        );
        let (name, s) =
            scheme_for_header("Authorization", Some("the agency API Key"), None).unwrap();
        assert_eq!(
            (name.as_str(), s.kind),
            ("Authorization", SecuritySchemeKind::ApiKey)
        );
        assert_eq!(s.name.as_deref(), Some("Authorization"));
        assert!(scheme_for_header("SECRET_KEY", Some("Your API secret key."), None).is_some());
        assert!(scheme_for_header("X-API-Key", None, None).is_some());
        assert!(scheme_for_header("businessId", Some("The ID of the business"), None).is_none());
        assert!(scheme_for_header("Content-Type", None, None).is_none());
    }
}
