//! `multipart/form-data` (RFC 7578) split into its parts: the boundary
//! from the `Content-Type`, each part's name, file name, content type and
//! bytes. Anything that is not well formed is an error that says where,
//! never a silent pass. Bounded: at most [`MAX_PARTS`] parts.

use thiserror::Error;

/// Parts read at most; more is an error.
pub const MAX_PARTS: usize = 1000;
/// Longest part head (its header lines) read.
const MAX_HEAD: usize = 8 * 1024;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part<'a> {
    pub name: String,
    pub filename: Option<String>,
    /// Lower-case media type essence, when the part names one.
    pub content_type: Option<String>,
    pub body: &'a [u8],
}

#[derive(Debug, Error, PartialEq, Eq)]
pub enum MultipartError {
    #[error("the Content-Type names no boundary (`multipart/form-data; boundary=...`)")]
    NoBoundary,
    #[error("the body does not start with the boundary `--{0}`")]
    NoFirstBoundary(String),
    #[error("the body ends before its closing boundary `--{0}--`")]
    Unterminated(String),
    #[error("part {0} has no header end (a blank line)")]
    NoHeadEnd(usize),
    #[error("part {0} has no `Content-Disposition: form-data; name=\"...\"`")]
    NoName(usize),
    #[error("more than {MAX_PARTS} parts")]
    TooManyParts,
}

/// The `boundary` parameter of a `multipart/*` Content-Type (case kept).
pub fn boundary(content_type: &str) -> Option<String> {
    params(content_type.split_once(';')?.1)
        .into_iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("boundary"))
        .map(|(_, v)| v)
        .filter(|b| !b.is_empty() && b.len() <= 200)
}

/// `; a=1; b="x; y"` -> [(a, 1), (b, x; y)].
fn params(text: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut rest = text;
    loop {
        rest = rest.trim_start_matches([';', ' ', '\t']);
        if rest.is_empty() {
            return out;
        }
        let Some(eq) = rest.find('=') else {
            return out;
        };
        let key = rest[..eq].trim().to_string();
        rest = &rest[eq + 1..];
        let value;
        if let Some(quoted) = rest.strip_prefix('"') {
            let mut v = String::new();
            let mut chars = quoted.char_indices();
            let mut end = quoted.len();
            while let Some((i, c)) = chars.next() {
                match c {
                    '\\' => {
                        if let Some((_, n)) = chars.next() {
                            v.push(n);
                        }
                    }
                    '"' => {
                        end = i + 1;
                        break;
                    }
                    c => v.push(c),
                }
            }
            value = v;
            rest = &quoted[end.min(quoted.len())..];
        } else {
            let end = rest.find(';').unwrap_or(rest.len());
            value = rest[..end].trim().to_string();
            rest = &rest[end..];
        }
        out.push((key, value));
    }
}

fn find(hay: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    if needle.is_empty() || from > hay.len() {
        return None;
    }
    let first = needle[0];
    let mut i = from;
    while i + needle.len() <= hay.len() {
        match hay[i..hay.len() - needle.len() + 1]
            .iter()
            .position(|b| *b == first)
        {
            Some(p) => i += p,
            None => return None,
        }
        if hay[i..].starts_with(needle) {
            return Some(i);
        }
        i += 1;
    }
    None
}

/// Every part of `body`, in order.
pub fn parse<'a>(body: &'a [u8], boundary: &str) -> Result<Vec<Part<'a>>, MultipartError> {
    let dash = format!("--{boundary}");
    let delimiter = format!("\r\n--{boundary}");
    // the first boundary: at the very start, or after a preamble line
    let mut at = if body.starts_with(dash.as_bytes()) {
        dash.len()
    } else {
        find(body, delimiter.as_bytes(), 0)
            .ok_or_else(|| MultipartError::NoFirstBoundary(boundary.to_string()))?
            + delimiter.len()
    };
    let mut parts = Vec::new();
    loop {
        let rest = &body[at..];
        if rest.starts_with(b"--") {
            return Ok(parts);
        }
        // transport padding, then the line end
        let line_end = find(body, b"\r\n", at)
            .filter(|e| body[at..*e].iter().all(|b| *b == b' ' || *b == b'\t'))
            .ok_or_else(|| MultipartError::Unterminated(boundary.to_string()))?;
        let head_start = line_end + 2;
        if parts.len() >= MAX_PARTS {
            return Err(MultipartError::TooManyParts);
        }
        let n = parts.len() + 1;
        let head_end = if body[head_start..].starts_with(b"\r\n") {
            head_start
        } else {
            find(body, b"\r\n\r\n", head_start)
                .filter(|e| e - head_start <= MAX_HEAD)
                .ok_or(MultipartError::NoHeadEnd(n))?
                + 2
        };
        let head = String::from_utf8_lossy(&body[head_start..head_end]);
        let content_start = head_end + 2;
        let content_end = find(body, delimiter.as_bytes(), content_start)
            .ok_or_else(|| MultipartError::Unterminated(boundary.to_string()))?;
        let mut name = None;
        let mut filename = None;
        let mut content_type = None;
        for line in head.split("\r\n") {
            let Some((key, value)) = line.split_once(':') else {
                continue;
            };
            if key.trim().eq_ignore_ascii_case("content-disposition") {
                let (kind, rest) = value.split_once(';').unwrap_or((value, ""));
                if !kind.trim().eq_ignore_ascii_case("form-data") {
                    continue;
                }
                for (k, v) in params(rest) {
                    if k.eq_ignore_ascii_case("name") {
                        name = Some(v);
                    } else if k.eq_ignore_ascii_case("filename") {
                        filename = Some(v);
                    }
                }
            } else if key.trim().eq_ignore_ascii_case("content-type") {
                content_type = Some(generator::http::media_essence(value));
            }
        }
        let name = name.ok_or(MultipartError::NoName(n))?;
        parts.push(Part {
            name,
            filename,
            content_type,
            body: &body[content_start..content_end],
        });
        at = content_end + delimiter.len();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const BODY: &[u8] = b"preamble\r\n--XyZ\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nhello\r\n--XyZ\r\nContent-Disposition: form-data; name=\"files\"; filename=\"a \\\"b\\\".bin\"\r\nContent-Type: Application/Octet-Stream\r\n\r\n\x00\xff\r\n\r\n--XyZ--\r\n";

    #[test]
    fn parts_with_names_files_and_types() {
        assert_eq!(
            boundary("multipart/form-data; charset=utf-8; boundary=\"XyZ\""),
            Some("XyZ".into())
        );
        assert_eq!(boundary("multipart/form-data"), None);
        let parts = parse(BODY, "XyZ").unwrap();
        assert_eq!(parts.len(), 2);
        assert_eq!(
            (parts[0].name.as_str(), parts[0].body),
            ("title", &b"hello"[..])
        );
        assert_eq!(parts[1].filename.as_deref(), Some("a \"b\".bin"));
        assert_eq!(
            parts[1].content_type.as_deref(),
            Some("application/octet-stream")
        );
        assert_eq!(parts[1].body, b"\x00\xff\r\n");
    }

    #[test]
    fn broken_bodies_say_what_is_wrong() {
        assert_eq!(
            parse(b"nothing", "b"),
            Err(MultipartError::NoFirstBoundary("b".into()))
        );
        assert_eq!(
            parse(
                b"--b\r\nContent-Disposition: form-data; name=x\r\n\r\nv",
                "b"
            ),
            Err(MultipartError::Unterminated("b".into()))
        );
        assert_eq!(
            parse(b"--b\r\nContent-Type: text/plain\r\n\r\nv\r\n--b--", "b"),
            Err(MultipartError::NoName(1))
        );
        assert_eq!(parse(b"--b--\r\n", "b"), Ok(vec![]));
        let many = "--b\r\nContent-Disposition: form-data; name=x\r\n\r\nv\r\n"
            .repeat(MAX_PARTS + 1)
            + "--b--";
        assert_eq!(
            parse(many.as_bytes(), "b"),
            Err(MultipartError::TooManyParts)
        );
    }
}
