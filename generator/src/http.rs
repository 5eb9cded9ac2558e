//! HTTP facts the readers, the client generator and the mock share:
//! reason phrases, which response keys exist and which one is the
//! success, and which media types are JSON. Each rule is written once
//! here so the tools cannot disagree on it.

/// The standard reason phrase of a status code ("" when unknown).
pub fn reason_phrase(status: &str) -> &'static str {
    match status {
        "100" => "Continue",
        "101" => "Switching Protocols",
        "200" => "OK",
        "201" => "Created",
        "202" => "Accepted",
        "203" => "Non-Authoritative Information",
        "204" => "No Content",
        "205" => "Reset Content",
        "206" => "Partial Content",
        "207" => "Multi-Status",
        "300" => "Multiple Choices",
        "301" => "Moved Permanently",
        "302" => "Found",
        "303" => "See Other",
        "304" => "Not Modified",
        "307" => "Temporary Redirect",
        "308" => "Permanent Redirect",
        "400" => "Bad Request",
        "401" => "Unauthorized",
        "402" => "Payment Required",
        "403" => "Forbidden",
        "404" => "Not Found",
        "405" => "Method Not Allowed",
        "406" => "Not Acceptable",
        "408" => "Request Timeout",
        "409" => "Conflict",
        "410" => "Gone",
        "411" => "Length Required",
        "412" => "Precondition Failed",
        "413" => "Content Too Large",
        "414" => "URI Too Long",
        "415" => "Unsupported Media Type",
        "416" => "Range Not Satisfiable",
        "417" => "Expectation Failed",
        "418" => "I'm a teapot",
        "421" => "Misdirected Request",
        "422" => "Unprocessable Content",
        "423" => "Locked",
        "424" => "Failed Dependency",
        "425" => "Too Early",
        "426" => "Upgrade Required",
        "428" => "Precondition Required",
        "429" => "Too Many Requests",
        "431" => "Request Header Fields Too Large",
        "451" => "Unavailable For Legal Reasons",
        "500" => "Internal Server Error",
        "501" => "Not Implemented",
        "502" => "Bad Gateway",
        "503" => "Service Unavailable",
        "504" => "Gateway Timeout",
        "505" => "HTTP Version Not Supported",
        "2XX" => "Success",
        "3XX" => "Redirection",
        "4XX" => "Client Error",
        "5XX" => "Server Error",
        "default" => "Default response",
        _ => "",
    }
}

/// Every spelling docs use for a status's phrase: the standard one and
/// the older RFC 7231 names still common in vendor pages.
pub fn reason_phrases(status: &str) -> Vec<&'static str> {
    let mut out = vec![reason_phrase(status)];
    match status {
        "413" => out.extend(["Payload Too Large", "Request Entity Too Large"]),
        "422" => out.push("Unprocessable Entity"),
        _ => {}
    }
    out.retain(|p| !p.is_empty());
    out
}

/// A response key OpenAPI accepts: a 3-digit code, `1XX`..`5XX`, or `default`.
pub fn is_status_key(key: &str) -> bool {
    if key == "default" {
        return true;
    }
    let b = key.as_bytes();
    b.len() == 3
        && (b'1'..=b'5').contains(&b[0])
        && ((b[1].is_ascii_digit() && b[2].is_ascii_digit()) || (b[1] == b'X' && b[2] == b'X'))
}

/// A success response key: `2xx` codes and `2XX`.
pub fn is_success_key(key: &str) -> bool {
    is_status_key(key) && key.starts_with('2')
}

/// The success response among documented response keys: the lowest
/// concrete 2xx code, else the `2XX` range; never `default` (Prism's
/// order). The MDX reader, page combining, the mock's default response and
/// the MDX writer all ask this, so they name the same response.
pub fn success_key<'k>(keys: impl IntoIterator<Item = &'k str>) -> Option<&'k str> {
    let mut lowest: Option<&str> = None;
    let mut range = None;
    for key in keys.into_iter().filter(|k| is_success_key(k)) {
        if key == "2XX" {
            range = Some(key);
        } else if lowest.is_none_or(|l| key < l) {
            // Both are three digits, so text order is numeric order.
            lowest = Some(key);
        }
    }
    lowest.or(range)
}

/// A media type without its parameters, trimmed and lower-cased (media
/// types are case-insensitive): `Application/JSON; charset=utf-8` ->
/// `application/json`.
pub fn media_essence(media: &str) -> String {
    media
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase()
}

/// A JSON media type, by its essence: `application/json`, the legacy
/// `text/json`, or any `+json` structured suffix (RFC 6839, e.g.
/// `application/problem+json`). Not a substring test: `application/x-ndjson`
/// and `application/json-seq` carry several values, not one JSON text.
/// A range such as `*/*` is not JSON; a caller that reads a wildcard as
/// JSON says so itself.
pub fn is_json_media(media: &str) -> bool {
    let essence = media_essence(media);
    essence == "application/json" || essence == "text/json" || essence.ends_with("+json")
}

#[cfg(test)]
mod tests {
    #[test]
    fn status_keys() {
        assert!(super::is_status_key("200"));
        assert!(super::is_status_key("4XX"));
        assert!(super::is_status_key("default"));
        assert!(!super::is_status_key("2xx"));
        assert!(!super::is_status_key("600"));
        assert!(!super::is_status_key("20"));
        assert_eq!(super::reason_phrase("404"), "Not Found");
    }

    #[test]
    fn success_is_the_lowest_code_then_the_range() {
        let pick = |keys: &[&'static str]| super::success_key(keys.iter().copied());
        assert_eq!(pick(&["404", "201", "2XX", "200"]), Some("200"));
        assert_eq!(pick(&["2XX", "204"]), Some("204"));
        assert_eq!(pick(&["default", "2XX", "4XX"]), Some("2XX"));
        assert_eq!(pick(&["default", "404"]), None);
        // not status keys: a lower-case range, a fourth digit
        assert_eq!(pick(&["2xx", "2000"]), None);
        assert_eq!(pick(&[]), None);
    }

    #[test]
    fn json_media_types() {
        for json in [
            "application/json",
            "Application/JSON",
            "application/json; charset=utf-8",
            " application/json ;charset=utf-8",
            "text/json",
            "application/problem+json",
            "application/vnd.api+JSON",
        ] {
            assert!(super::is_json_media(json), "{json}");
        }
        for other in [
            "*/*",
            "application/*",
            "application/x-ndjson",
            "application/jsonl",
            "application/json-seq",
            "application/json5",
            "text/plain",
            "multipart/form-data",
            "",
        ] {
            assert!(!super::is_json_media(other), "{other}");
        }
        assert_eq!(
            super::media_essence("Text/HTML; charset=UTF-8"),
            "text/html"
        );
    }
}
