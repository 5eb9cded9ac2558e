//! Schema objects from a spanned document, converted to OpenAPI 3.0.
