//! HTTP facts the readers need: reason phrases for documented statuses.

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
}
