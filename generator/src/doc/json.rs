//! A JSON reader producing the same positioned [`Node`] tree as the YAML
//! reader (`super::yaml`), several times faster on the multi-megabyte JSON specs vendors
//! publish. Columns count characters, as the YAML reader's do.

use serde_json::Number;

use super::node::{Entry, Kind, Node, ParseError, Pos};

/// Deepest nesting accepted (guards the stack).
const MAX_DEPTH: usize = 512;

/// Parse `text` as one JSON value; positions shifted like [`crate::doc::yaml::parse`].
pub fn parse(text: &str, first_line: u32, col_offset: u32) -> Result<Node, ParseError> {
    let mut p = Reader {
        bytes: text.as_bytes(),
        text,
        at: 0,
        line: first_line,
        col: col_offset + 1,
    };
    p.skip_ws();
    let node = p.value(0)?;
    p.skip_ws();
    if p.at < p.bytes.len() {
        return Err(p.error("unexpected text after the JSON value"));
    }
    Ok(node)
}

struct Reader<'a> {
    bytes: &'a [u8],
    text: &'a str,
    at: usize,
    line: u32,
    col: u32,
}

impl Reader<'_> {
    fn pos(&self) -> Pos {
        Pos {
            line: self.line,
            col: self.col,
        }
    }

    fn error(&self, message: &str) -> ParseError {
        ParseError {
            pos: self.pos(),
            message: message.to_string(),
        }
    }

    /// Advance over `n` bytes that hold no line break.
    fn advance(&mut self, n: usize) {
        let end = (self.at + n).min(self.bytes.len());
        self.col += self.bytes[self.at..end]
            .iter()
            .filter(|b| (**b & 0xC0) != 0x80)
            .count() as u32;
        self.at = end;
    }

    fn skip_ws(&mut self) {
        while let Some(&b) = self.bytes.get(self.at) {
            match b {
                b'\n' => {
                    self.line += 1;
                    self.col = 1;
                    self.at += 1;
                }
                b' ' | b'\t' | b'\r' => {
                    self.col += 1;
                    self.at += 1;
                }
                _ => break,
            }
        }
    }

    fn value(&mut self, depth: usize) -> Result<Node, ParseError> {
        if depth > MAX_DEPTH {
            return Err(self.error("JSON nests too deeply"));
        }
        let pos = self.pos();
        let kind = match self.bytes.get(self.at) {
            Some(b'{') => {
                self.advance(1);
                let mut entries: Vec<Entry> = Vec::new();
                self.skip_ws();
                if self.bytes.get(self.at) == Some(&b'}') {
                    self.advance(1);
                } else {
                    loop {
                        self.skip_ws();
                        let key_pos = self.pos();
                        if self.bytes.get(self.at) != Some(&b'"') {
                            return Err(self.error("expected a string key"));
                        }
                        let key = self.string()?;
                        self.skip_ws();
                        if self.bytes.get(self.at) != Some(&b':') {
                            return Err(self.error("expected `:`"));
                        }
                        self.advance(1);
                        self.skip_ws();
                        let value = self.value(depth + 1)?;
                        match entries.iter_mut().find(|e| e.key == key) {
                            Some(existing) => existing.value = value,
                            None => entries.push(Entry {
                                key,
                                key_pos,
                                value,
                            }),
                        }
                        self.skip_ws();
                        match self.bytes.get(self.at) {
                            Some(b',') => self.advance(1),
                            Some(b'}') => {
                                self.advance(1);
                                break;
                            }
                            _ => return Err(self.error("expected `,` or `}`")),
                        }
                    }
                }
                Kind::Map(entries)
            }
            Some(b'[') => {
                self.advance(1);
                let mut items = Vec::new();
                self.skip_ws();
                if self.bytes.get(self.at) == Some(&b']') {
                    self.advance(1);
                } else {
                    loop {
                        self.skip_ws();
                        items.push(self.value(depth + 1)?);
                        self.skip_ws();
                        match self.bytes.get(self.at) {
                            Some(b',') => self.advance(1),
                            Some(b']') => {
                                self.advance(1);
                                break;
                            }
                            _ => return Err(self.error("expected `,` or `]`")),
                        }
                    }
                }
                Kind::Seq(items)
            }
            Some(b'"') => Kind::String(self.string()?),
            Some(b't') if self.bytes[self.at..].starts_with(b"true") => {
                self.advance(4);
                Kind::Bool(true)
            }
            Some(b'f') if self.bytes[self.at..].starts_with(b"false") => {
                self.advance(5);
                Kind::Bool(false)
            }
            Some(b'n') if self.bytes[self.at..].starts_with(b"null") => {
                self.advance(4);
                Kind::Null
            }
            Some(b'-' | b'0'..=b'9') => Kind::Number(self.number()?),
            Some(_) => return Err(self.error("expected a JSON value")),
            None => return Err(self.error("unexpected end of JSON")),
        };
        Ok(Node { pos, kind })
    }

    fn string(&mut self) -> Result<String, ParseError> {
        self.advance(1);
        let mut out = String::new();
        loop {
            let start = self.at;
            while let Some(&b) = self.bytes.get(self.at) {
                if b == b'"' || b == b'\\' || b < 0x20 {
                    break;
                }
                self.at += 1;
            }
            out.push_str(&self.text[start..self.at]);
            let run = self.at - start;
            self.at = start;
            self.advance(run);
            match self.bytes.get(self.at) {
                Some(b'"') => {
                    self.advance(1);
                    return Ok(out);
                }
                Some(b'\\') => {
                    let esc = self.bytes.get(self.at + 1).copied();
                    self.advance(2);
                    match esc {
                        Some(b'"') => out.push('"'),
                        Some(b'\\') => out.push('\\'),
                        Some(b'/') => out.push('/'),
                        Some(b'b') => out.push('\u{8}'),
                        Some(b'f') => out.push('\u{c}'),
                        Some(b'n') => out.push('\n'),
                        Some(b'r') => out.push('\r'),
                        Some(b't') => out.push('\t'),
                        Some(b'u') => {
                            let first = self.hex4()?;
                            let c = if (0xD800..0xDC00).contains(&first)
                                && self.bytes[self.at..].starts_with(b"\\u")
                            {
                                self.advance(2);
                                let second = self.hex4()?;
                                char::from_u32(
                                    0x10000
                                        + ((first - 0xD800) << 10)
                                        + (second.wrapping_sub(0xDC00) & 0x3FF),
                                )
                            } else {
                                char::from_u32(first)
                            };
                            out.push(c.unwrap_or('\u{FFFD}'));
                        }
                        _ => return Err(self.error("invalid escape in string")),
                    }
                }
                _ => return Err(self.error("unterminated string")),
            }
        }
    }

    fn hex4(&mut self) -> Result<u32, ParseError> {
        let digits = self
            .text
            .get(self.at..self.at + 4)
            .ok_or_else(|| self.error("short \\u escape"))?;
        let n = u32::from_str_radix(digits, 16).map_err(|_| self.error("invalid \\u escape"))?;
        self.advance(4);
        Ok(n)
    }

    fn number(&mut self) -> Result<Number, ParseError> {
        let start = self.at;
        while let Some(&b) = self.bytes.get(self.at) {
            if b.is_ascii_digit() || matches!(b, b'-' | b'+' | b'.' | b'e' | b'E') {
                self.at += 1;
            } else {
                break;
            }
        }
        let slice = &self.text[start..self.at];
        self.at = start;
        let parsed = if slice.contains(['.', 'e', 'E']) {
            slice.parse::<f64>().ok().and_then(Number::from_f64)
        } else {
            slice
                .parse::<i64>()
                .map(Number::from)
                .ok()
                .or_else(|| slice.parse::<u64>().map(Number::from).ok())
                .or_else(|| slice.parse::<f64>().ok().and_then(Number::from_f64))
        };
        let n = parsed.ok_or_else(|| self.error("invalid number"))?;
        self.advance(slice.len());
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn agrees_with_serde_json_and_keeps_positions() {
        let text = "{\n  \"a\": [1, -2.5, 1e3, true, null, \"x\\u00e9\\n\\ud83d\\ude00\"],\n  \"é\": {\"b\": \"c\"}, \"a\": 7\n}";
        let node = parse(text, 10, 0).unwrap();
        let expected: serde_json::Value = serde_json::from_str(text).unwrap();
        assert_eq!(node.to_json(), expected);
        assert_eq!(node.to_json(), json!({"a": 7, "é": {"b": "c"}}));
        let b = node.get("é").unwrap().entry("b").unwrap();
        assert_eq!((b.key_pos.line, b.key_pos.col), (12, 9));
    }

    #[test]
    fn bad_json_is_an_error_with_a_position() {
        for bad in ["{\"a\" 1}", "[1,", "\"open", "{\"a\": tru}", "[1] x", ""] {
            assert!(parse(bad, 1, 0).is_err(), "{bad}");
        }
        let deep = "[".repeat(600) + &"]".repeat(600);
        assert!(parse(&deep, 1, 0).is_err());
    }
}
