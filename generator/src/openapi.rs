//! OpenAPI 3.1 export.
