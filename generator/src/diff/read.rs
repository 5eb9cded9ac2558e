//! Reading a published contract back for comparison.

use crate::model::Contract;
use crate::source::SourceFile;

/// Why a file is not a contract to compare.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("{file} is not an OpenAPI document")]
    NotOpenApi { file: String },
    #[error("{file} does not read as a contract:\n{diagnostics}")]
    Unreadable { file: String, diagnostics: String },
}

/// Read a published contract (an OpenAPI document, e.g. a committed
/// `generated/openapi/<vendor>.yaml`) back into a [`Contract`] with the
/// generator's own reader. `file` is the name shown in errors.
pub fn read_contract(vendor: &str, file: &str, text: &str) -> Result<Contract, ReadError> {
    let result = crate::vendor::build_from_files(vendor, vec![SourceFile::new(file, text)]);
    let is_openapi = result
        .pages
        .first()
        .is_some_and(|(_, shape)| *shape == crate::ingest::Shape::OpenApi);
    if !is_openapi {
        return Err(ReadError::NotOpenApi {
            file: file.to_string(),
        });
    }
    if result.diagnostics.has_errors() {
        let errors: Vec<String> = result
            .diagnostics
            .iter()
            .filter(|d| d.severity == crate::diag::Severity::Error)
            .map(|d| d.render())
            .collect();
        return Err(ReadError::Unreadable {
            file: file.to_string(),
            diagnostics: errors.join("\n"),
        });
    }
    Ok(result.contract)
}
