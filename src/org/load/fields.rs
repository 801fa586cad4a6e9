//! The values of known fields: decoding a key or a string (with fast paths for the
//! plain ones nearly every file has), checking its type and level, and storing it in
//! the company, a function or a department.

use compact_str::CompactString;
use std::borrow::Cow;
use std::ops::Range;

use toml_parser::decoder::Encoding;
use toml_parser::{ErrorSink, Raw};

use super::tables::Role;
use super::{COMPANY_FIELDS, DEPARTMENT_FIELDS, FUNCTION_FIELDS, KeyPart, Loader, TOP_LEVEL};
use crate::diagnostic::{Place, Problem, nearest};
use crate::org::Level;

impl<'t> Loader<'t> {
    /// A key-value whose value is not a table: a scalar (decoded) or an array.
    pub(super) fn set_value(&mut self, keys: &[KeyPart<'t>], value: Value<'t>, value_span: Range<usize>) {
        let Some(node) = self.dotted_prefix(keys) else { return };
        let (key, key_span) = keys.last().expect("a key-value has a key");
        let (key, key_span): (&str, Range<usize>) = (key, key_span.clone());
        let role = self.nodes[node as usize].role;
        // A known field, set before as a value or made a table (see `role_of_child`),
        // has its bit set; any other key is looked up among the tables.
        match field_bit(role, key) {
            Some(mask) if self.nodes[node as usize].fields & mask != 0 => return self.duplicate(key, key_span),
            Some(mask) => self.nodes[node as usize].fields |= mask,
            None if self.find(node, key).is_some() => return self.duplicate(key, key_span),
            None => {}
        }
        match role {
            Role::Root if TOP_LEVEL.contains(&key) => {
                self.problem(
                    Problem::WrongType { field: key.into(), expected: "table", found: value.type_name() },
                    value_span,
                );
            }
            Role::Root => {
                let suggestion = nearest(key, TOP_LEVEL);
                self.problem(Problem::UnknownField { field: key.into(), place: Place::TopLevel, suggestion }, key_span);
            }
            Role::OrgRoot | Role::Functions => {
                self.problem(
                    Problem::WrongType { field: key.into(), expected: "table", found: value.type_name() },
                    value_span,
                );
            }
            Role::Company => match key {
                "name" => {
                    self.company_named = true;
                    self.company.name = self.string(key, value, value_span).unwrap_or_default();
                }
                "core_business" => {
                    self.core_business_span = Some(value_span.clone());
                    self.company.core_business = self.string(key, value, value_span);
                }
                "description" => self.company.description = self.string(key, value, value_span),
                _ => self.unknown_field(key, Place::Company, &COMPANY_FIELDS, key_span),
            },
            Role::Function(f) => match key {
                "name" => self.functions[f].name = self.string(key, value, value_span),
                "note" => self.functions[f].note = self.string(key, value, value_span),
                "customers" => self.functions[f].customers = self.level(key, value, value_span),
                "revenue" => self.functions[f].revenue = self.level(key, value, value_span),
                _ => self.unknown_field(key, Place::Function, &FUNCTION_FIELDS, key_span),
            },
            Role::Department(d) => match key {
                "name" => self.drafts[d].name = self.text(key, value, value_span),
                "notes" => self.drafts[d].notes = self.text(key, value, value_span),
                "function" => {
                    let start = value_span.start;
                    self.drafts[d].function = self.text(key, value, value_span).map(|f| (f, start));
                }
                "customers" => self.drafts[d].customers = self.level(key, value, value_span),
                "revenue" => self.drafts[d].revenue = self.level(key, value, value_span),
                "headcount" | "budget" => {
                    let Some(number) = self.count(key, value, value_span) else { return };
                    let figures = self.drafts[d].figures.get_or_insert_default();
                    *if key == "headcount" { &mut figures.headcount } else { &mut figures.budget } = Some(number);
                }
                _ => self.unknown_field(key, Place::Department, &DEPARTMENT_FIELDS, key_span),
            },
            Role::Ignored => {}
        }
    }

    pub(super) fn string(&mut self, field: &str, value: Value<'t>, span: Range<usize>) -> Option<String> {
        self.text_of(field, value, span).map(Cow::into_owned)
    }

    /// A department's string value: inside the record when short, with no
    /// allocation at all.
    pub(super) fn text(&mut self, field: &str, value: Value<'t>, span: Range<usize>) -> Option<CompactString> {
        self.text_of(field, value, span).map(|text| CompactString::new(&*text))
    }

    /// A string value as decoded: borrowed from the file unless it had escapes.
    pub(super) fn text_of(&mut self, field: &str, value: Value<'t>, span: Range<usize>) -> Option<Cow<'t, str>> {
        match value {
            Value::String(s) => Some(s),
            other => {
                self.problem(
                    Problem::WrongType { field: field.into(), expected: "string", found: other.type_name() },
                    span,
                );
                None
            }
        }
    }

    /// A count of people or money: a whole number, 0 or more.
    fn count(&mut self, field: &str, value: Value<'t>, span: Range<usize>) -> Option<u64> {
        let number = match value {
            Value::Integer(number) => number,
            other => {
                let found = other.type_name();
                self.problem(Problem::WrongType { field: field.into(), expected: "integer", found }, span);
                return None;
            }
        };
        let count = number.and_then(|n| u64::try_from(n).ok());
        if count.is_none() {
            let value = self.text[span.clone()].to_string();
            self.problem(Problem::BadNumber { field: field.into(), value }, span);
        }
        count
    }

    pub(super) fn level(&mut self, field: &str, value: Value<'t>, span: Range<usize>) -> Option<Level> {
        let word = self.text_of(field, value, span.clone())?;
        let level = Level::parse(&word);
        if level.is_none() {
            let suggestion = Level::understand(&word)
                .map(|l| l.as_str().to_string())
                .or_else(|| nearest(&word, Level::ALL.map(Level::as_str)));
            self.problem(Problem::BadLevel { field: field.into(), value: word.into_owned(), suggestion }, span);
        }
        level
    }
}

/// A value that is not a table.
pub(super) enum Value<'t> {
    /// Borrowed from the text unless it had escapes.
    String(Cow<'t, str>),
    /// `None` when it is too large to hold.
    Integer(Option<i128>),
    Other(&'static str),
}

impl Value<'_> {
    pub(super) fn type_name(&self) -> &'static str {
        match self {
            Value::String(_) => "string",
            Value::Integer(_) => "integer",
            Value::Other(name) => name,
        }
    }
}

/// The bit a known field of a company, function or department table has in
/// [`Node::fields`].
pub(super) fn field_bit(role: Role, key: &str) -> Option<u8> {
    let fields: &[&str] = match role {
        Role::Company => &COMPANY_FIELDS,
        Role::Function(_) => &FUNCTION_FIELDS,
        Role::Department(_) => &DEPARTMENT_FIELDS,
        _ => &[],
    };
    fields.iter().position(|f| *f == key).map(|bit| 1 << bit)
}

/// A bare key of letters, digits, `-` and `_` (nearly every key): it is its own
/// decoded form, and this check costs far less than the general decoder.
pub(super) fn plain_key(raw: &str, encoding: Option<Encoding>) -> Option<&str> {
    match encoding {
        None => {
            (!raw.is_empty() && raw.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')).then_some(raw)
        }
        _ => plain_string(raw, encoding),
    }
}

/// A key's text: taken as it is when [`plain_key`] allows, decoded otherwise (with
/// any problem reported to `error`).
pub(super) fn key_text<'k>(raw: Raw<'k>, encoding: Option<Encoding>, error: &mut dyn ErrorSink) -> Cow<'k, str> {
    match plain_key(raw.as_str(), encoding) {
        Some(key) => Cow::Borrowed(key),
        None => {
            let mut key = Cow::Borrowed("");
            raw.decode_key(&mut key, error);
            key
        }
    }
}

/// A basic string (`"..."`) without escapes or characters TOML forbids in one (nearly
/// every value): its text is what is between the quotes. Anything else goes to the
/// general decoder, which reports what is wrong.
pub(super) fn plain_string(raw: &str, encoding: Option<Encoding>) -> Option<&str> {
    if encoding != Some(Encoding::BasicString) {
        return None;
    }
    let inner = raw.strip_prefix('"')?.strip_suffix('"')?;
    inner.bytes().all(|b| b == b'\t' || (b >= 0x20 && b != b'"' && b != b'\\' && b != 0x7f)).then_some(inner)
}

#[cfg(test)]
mod tests {
    use toml_parser::{ParseError, Span};

    use super::*;

    proptest::proptest! {
        /// Whenever the fast path takes a key or a string, the general decoder reads
        /// the same text from it, without complaint.
        #[test]
        fn plain_keys_and_strings_decode_as_the_general_decoder_does(
            body in "[a-zA-Z0-9_\\-\"\\\\ \t\u{0}-\u{1f}\u{7f}ñ€😀.=#']{0,12}"
        ) {
            let general = |raw: &str, encoding: Option<Encoding>, key: bool| {
                let mut out = Cow::Borrowed("");
                let mut errors: Vec<ParseError> = Vec::new();
                let raw = Raw::new_unchecked(raw, encoding, Span::new_unchecked(0, raw.len()));
                if key {
                    raw.decode_key(&mut out, &mut errors);
                } else {
                    let _ = raw.decode_scalar(&mut out, &mut errors);
                }
                (out.into_owned(), errors.is_empty())
            };
            if let Some(key) = plain_key(&body, None) {
                proptest::prop_assert_eq!(general(&body, None, true), (key.to_string(), true));
            }
            let quoted = format!("\"{body}\"");
            let basic = Some(Encoding::BasicString);
            if let Some(text) = plain_string(&quoted, basic) {
                proptest::prop_assert_eq!(general(&quoted, basic, false), (text.to_string(), true));
                proptest::prop_assert_eq!(general(&quoted, basic, true), (text.to_string(), true));
            }
        }
    }

    #[test]
    pub(super) fn the_fast_paths_leave_anything_unusual_to_the_general_decoder() {
        assert_eq!(plain_key("sales-0_x", None), Some("sales-0_x"));
        assert_eq!(plain_key("", None), None);
        assert_eq!(plain_key("ñ", None), None);
        assert_eq!(plain_string("\"Bogotá\ttab\"", Some(Encoding::BasicString)), Some("Bogotá\ttab"));
        for odd in ["\"a\\nb\"", "\"a\u{7f}\"", "\"a\u{1}\"", "\"", "\"a\"b\""] {
            assert_eq!(plain_string(odd, Some(Encoding::BasicString)), None, "{odd:?}");
        }
        assert_eq!(plain_string("'a'", Some(Encoding::LiteralString)), None);
    }
}
