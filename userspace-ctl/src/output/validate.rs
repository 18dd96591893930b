//! `rdtrace validate-json FILE`: checks every line of `--format json`
//! output against the schema (with the `jsonschema` crate), so a test can
//! check real output where it was made.

use super::json::SCHEMA;
use serde_json::Value;

/// Every line of `text` that does not parse or does not follow the
/// schema, as `line N: why`; empty when all do.
pub fn problems(text: &str) -> Vec<String> {
    let schema: Value = match serde_json::from_str(SCHEMA) {
        Ok(s) => s,
        Err(e) => return vec![format!("the schema does not parse: {e}")],
    };
    let validator = match jsonschema::validator_for(&schema) {
        Ok(v) => v,
        Err(e) => return vec![format!("the schema is not valid: {e}")],
    };
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let n = i + 1;
        let value: Value = match serde_json::from_str(line) {
            Ok(v) => v,
            Err(e) => {
                out.push(format!("line {n}: not JSON: {e}"));
                continue;
            }
        };
        for e in validator.iter_errors(&value) {
            out.push(format!("line {n}: {e} at {}", e.instance_path()));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_schema_is_a_valid_draft_2020_12_schema() {
        let schema: Value = serde_json::from_str(SCHEMA).unwrap();
        assert_eq!(
            schema["$schema"],
            "https://json-schema.org/draft/2020-12/schema"
        );
        assert!(jsonschema::meta::is_valid(&schema));
    }

    #[test]
    fn bad_lines_are_named() {
        let text = "{\"type\":\"summary\",\"version\":1}\nnot json\n";
        let p = problems(text);
        assert!(p.iter().any(|l| l.starts_with("line 1: ")), "{p:?}");
        assert!(p.iter().any(|l| l.starts_with("line 2: not JSON")), "{p:?}");
    }
}
