//! Helpers the generated example tests call.

use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::{Direction, Validate};

/// Decode the documented example `json` into `T`, check that `validate()`
/// agrees with the contract checker (`expect_valid`), and for request
/// examples that encoding it again gives back the same JSON. Where the
/// encoding may differ in text but not in value (`exact` off: decoding
/// fills in contract defaults; or a typed format is compiled in, see
/// [`crate::typed::ANY_TYPED`]), the value decoded again is compared.
pub fn check_example<T: DeserializeOwned + Serialize + Validate + PartialEq + std::fmt::Debug>(
    json: &str,
    direction: Direction,
    expect_valid: bool,
    round_trip: bool,
    exact: bool,
) {
    let original: serde_json::Value = serde_json::from_str(json).expect("example is JSON");
    let decoded = crate::decode::<T>(&original);
    match (decoded, expect_valid) {
        (Ok(value), true) => {
            if let Err(violations) = value.validate_as(direction) {
                panic!("documented example fails validate(): {violations:?}\n{json}");
            }
            if round_trip {
                let again = serde_json::to_value(&value).expect("encodes");
                if exact && !crate::typed::ANY_TYPED {
                    assert!(
                        crate::validate::json_equal(&again, &original),
                        "round trip changed the example:\n{original}\n{again}"
                    );
                } else {
                    let decoded_again =
                        crate::decode::<T>(&again).expect("decodes its own encoding");
                    assert_eq!(
                        decoded_again, value,
                        "round trip changed the example:\n{original}\n{again}"
                    );
                }
            }
        }
        (Ok(value), false) => {
            assert!(
                value.validate_as(direction).is_err(),
                "the contract checker rejects this example but validate() accepts it:\n{json}"
            );
        }
        (Err(violation), true) => panic!("documented example does not decode: {violation}\n{json}"),
        (Err(_), false) => {}
    }
}
