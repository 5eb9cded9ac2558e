//! Optional *and* nullable fields: `None` = absent, `Some(None)` = null.
//! Use with `#[serde(default, skip_serializing_if = "Option::is_none", with = "...")]`.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

pub fn serialize<T: Serialize, S: Serializer>(
    value: &Option<Option<T>>,
    s: S,
) -> Result<S::Ok, S::Error> {
    match value {
        Some(inner) => inner.serialize(s),
        None => s.serialize_none(),
    }
}

pub fn deserialize<'de, T: Deserialize<'de>, D: Deserializer<'de>>(
    d: D,
) -> Result<Option<Option<T>>, D::Error> {
    Option::<T>::deserialize(d).map(Some)
}

#[cfg(test)]
mod tests {
    use serde::{Deserialize, Serialize};

    #[derive(Serialize, Deserialize, PartialEq, Debug)]
    struct S {
        #[serde(default, skip_serializing_if = "Option::is_none", with = "super")]
        x: Option<Option<u8>>,
    }

    #[test]
    fn absent_null_and_value_stay_distinct() {
        for (json, value) in [
            ("{}", None),
            (r#"{"x":null}"#, Some(None)),
            (r#"{"x":1}"#, Some(Some(1))),
        ] {
            let s: S = serde_json::from_str(json).unwrap();
            assert_eq!(s.x, value);
            assert_eq!(serde_json::to_string(&s).unwrap(), json);
        }
    }
}
