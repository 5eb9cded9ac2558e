//! Path, query, header and cookie parameters: their values checked with
//! the same keyword rules as bodies ([`crate::keywords`], through the
//! [`Validator`]), and path segments encoded. Generated code passes the
//! value and a rules literal; nothing here is generic.

use serde_json::Value;

use super::ClientError;
use crate::validate::{ArrayRules, NumberRules, StringRules};
use crate::Validator;

/// A parameter's value, as the generated method holds it.
#[derive(Debug, Clone, Copy)]
pub enum ParamValue<'v> {
    Str(&'v str),
    Int(i64),
    Float(f64),
    Bool(bool),
    List(&'v [String]),
}

/// A parameter schema's keywords; what does not apply to the value's
/// kind is left at its default (no rule).
#[derive(Debug, Default, Clone, Copy)]
pub struct ParamRules<'a> {
    pub string: StringRules<'a>,
    pub number: NumberRules,
    pub items: ArrayRules,
    /// `enum`: the allowed values as JSON texts.
    pub allowed: &'a [&'a str],
    /// `format: int32` on an integer.
    pub int32: bool,
    /// The rules of a list's items.
    pub item: Option<&'a ParamRules<'a>>,
}

/// Every violation of `value` against `rules`, at the validator's pointer.
pub(super) fn check_value(v: &mut Validator, value: ParamValue<'_>, rules: &ParamRules<'_>) {
    let json = match value {
        ParamValue::Str(text) => {
            v.string(text, &rules.string);
            Value::from(text)
        }
        ParamValue::Int(n) => {
            v.number(n as f64, &rules.number);
            if rules.int32 {
                v.integer_format(n, "int32");
            }
            Value::from(n)
        }
        ParamValue::Float(x) => {
            v.finite(x);
            if x.is_finite() {
                v.number(x, &rules.number);
            }
            Value::from(x)
        }
        ParamValue::Bool(b) => Value::from(b),
        ParamValue::List(items) => {
            v.items(items, &rules.items);
            if let Some(item) = rules.item {
                for (index, text) in items.iter().enumerate() {
                    v.at_index(index, |v| check_value(v, ParamValue::Str(text), item));
                }
            }
            Value::Null
        }
    };
    if !rules.allowed.is_empty() && !json.is_null() {
        v.one_of_values(&json, rules.allowed);
    }
}

/// Percent-encode one path segment (RFC 3986 unreserved characters stay).
pub fn encode_segment(segment: &str) -> String {
    let mut out = String::with_capacity(segment.len());
    for b in segment.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// How a path parameter is written (OpenAPI `style`, RFC 6570 forms).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PathStyle {
    /// `blue,black` (the default).
    Simple,
    /// `.blue.black` exploded, `.blue,black` not.
    Label,
    /// `;color=blue;color=black` exploded, `;color=blue,black` not.
    Matrix,
}

/// How a query list is written (OpenAPI `style`; `explode` only applies
/// to `form`, the others are defined unexploded).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QueryStyle {
    /// `color=blue&color=black` exploded (the default), `color=blue,black` not.
    Form,
    /// `color=blue%20black`.
    SpaceDelimited,
    /// `color=blue|black`.
    PipeDelimited,
    /// An object's properties as `color[R]=100&color[G]=200`.
    DeepObject,
}

impl QueryStyle {
    /// The delimiter joining a list into one value, or `None` when each
    /// item is its own `name=value` pair.
    pub fn delimiter(self, explode: bool) -> Option<&'static str> {
        match (self, explode) {
            (QueryStyle::Form, true) => None,
            (QueryStyle::Form, false) => Some(","),
            (QueryStyle::SpaceDelimited, _) => Some(" "),
            (QueryStyle::PipeDelimited, _) => Some("|"),
            (QueryStyle::DeepObject, _) => None,
        }
    }
}

/// Path parameter `name` holding `values` (one for a scalar), written in
/// `style`: each value percent-encoded, the style's delimiters kept. An
/// empty `simple` value would change the path, so it is an error naming
/// the parameter, as in [`path_segment`].
pub fn path_styled(
    name: &'static str,
    style: PathStyle,
    explode: bool,
    values: &[&str],
) -> Result<String, ClientError> {
    let encoded: Vec<String> = values.iter().map(|v| encode_segment(v)).collect();
    Ok(match (style, explode) {
        (PathStyle::Simple, _) => {
            let text = encoded.join(",");
            if text.is_empty() {
                return Err(ClientError::MissingParameter {
                    location: "path",
                    name,
                });
            }
            text
        }
        (PathStyle::Label, true) => encoded.iter().map(|v| format!(".{v}")).collect(),
        (PathStyle::Label, false) => format!(".{}", encoded.join(",")),
        (PathStyle::Matrix, true) => {
            let key = encode_segment(name);
            encoded.iter().map(|v| matrix_pair(&key, v)).collect()
        }
        (PathStyle::Matrix, false) => matrix_pair(&encode_segment(name), &encoded.join(",")),
    })
}

/// `;key=value`, or `;key` for an empty value (RFC 6570, section 3.2.7).
fn matrix_pair(key: &str, value: &str) -> String {
    if value.is_empty() {
        format!(";{key}")
    } else {
        format!(";{key}={value}")
    }
}

/// Path parameter `name` as its encoded segment. Path parameters are
/// always required, and an empty one would change the path, so it is an
/// error naming the parameter.
pub fn path_segment(name: &'static str, value: &str) -> Result<String, ClientError> {
    if value.is_empty() {
        return Err(ClientError::MissingParameter {
            location: "path",
            name,
        });
    }
    Ok(encode_segment(value))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Direction;

    /// The OpenAPI 3.0 style table's examples (`color` = blue, black, brown).
    #[test]
    fn path_styles_follow_the_specification_table() {
        let colors = ["blue", "black", "brown"];
        let cases = [
            (PathStyle::Simple, false, "blue,black,brown"),
            (PathStyle::Simple, true, "blue,black,brown"),
            (PathStyle::Label, false, ".blue,black,brown"),
            (PathStyle::Label, true, ".blue.black.brown"),
            (PathStyle::Matrix, false, ";color=blue,black,brown"),
            (
                PathStyle::Matrix,
                true,
                ";color=blue;color=black;color=brown",
            ),
        ];
        for (style, explode, expected) in cases {
            assert_eq!(
                path_styled("color", style, explode, &colors).unwrap(),
                expected,
                "{style:?} explode={explode}"
            );
        }
        assert_eq!(
            path_styled("color", PathStyle::Label, false, &["blue"]).unwrap(),
            ".blue"
        );
        assert_eq!(
            path_styled("color", PathStyle::Matrix, false, &["blue"]).unwrap(),
            ";color=blue"
        );
        assert_eq!(
            path_styled("color", PathStyle::Matrix, true, &[""]).unwrap(),
            ";color"
        );
        // Values are encoded; the delimiters are not.
        assert_eq!(
            path_styled("q", PathStyle::Simple, false, &["a,b", "c/d"]).unwrap(),
            "a%2Cb,c%2Fd"
        );
        assert!(matches!(
            path_styled("id", PathStyle::Simple, false, &[""]),
            Err(ClientError::MissingParameter {
                location: "path",
                name: "id"
            })
        ));
    }

    #[test]
    fn query_styles_join_with_their_delimiter() {
        assert_eq!(QueryStyle::Form.delimiter(true), None);
        assert_eq!(QueryStyle::Form.delimiter(false), Some(","));
        assert_eq!(QueryStyle::SpaceDelimited.delimiter(false), Some(" "));
        assert_eq!(QueryStyle::PipeDelimited.delimiter(false), Some("|"));
    }

    fn keywords(value: ParamValue<'_>, rules: &ParamRules<'_>) -> Vec<(String, &'static str)> {
        let mut v = Validator::new(Direction::Request);
        check_value(&mut v, value, rules);
        v.finish()
            .err()
            .unwrap_or_default()
            .into_iter()
            .map(|x| (x.pointer, x.keyword))
            .collect()
    }

    #[test]
    fn values_are_checked_by_kind() {
        let sort = ParamRules {
            allowed: &["\"created\"", "\"updated\""],
            string: StringRules {
                pattern: Some("^[a-z]+$"),
                ..Default::default()
            },
            ..Default::default()
        };
        assert!(keywords(ParamValue::Str("created"), &sort).is_empty());
        assert_eq!(
            keywords(ParamValue::Str("Pushed"), &sort),
            [("".to_string(), "pattern"), ("".to_string(), "enum")]
        );
        let int32 = ParamRules {
            int32: true,
            ..Default::default()
        };
        assert_eq!(keywords(ParamValue::Int(1 << 40), &int32)[0].1, "format");
        assert_eq!(
            keywords(ParamValue::Float(f64::NAN), &ParamRules::default()),
            [("".to_string(), "type")]
        );
        let item = ParamRules {
            allowed: &["\"a\""],
            ..Default::default()
        };
        let list = ParamRules {
            items: ArrayRules {
                max_items: Some(1),
                ..Default::default()
            },
            item: Some(&item),
            ..Default::default()
        };
        let values = ["a".to_string(), "b".to_string()];
        assert_eq!(
            keywords(ParamValue::List(&values), &list),
            [("".to_string(), "maxItems"), ("/1".to_string(), "enum")]
        );
    }

    #[test]
    fn segments_are_percent_encoded_and_never_empty() {
        assert_eq!(encode_segment("a b/c~d"), "a%20b%2Fc~d");
        assert_eq!(encode_segment("é"), "%C3%A9");
        assert!(matches!(
            path_segment("id", ""),
            Err(ClientError::MissingParameter {
                location: "path",
                name: "id"
            })
        ));
    }
}
