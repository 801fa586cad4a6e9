//! The loader as `toml_parser`'s event receiver: each event of the parser (a header,
//! a key, a value, a line break) becomes a call on the loader's table and field rules.

use std::borrow::Cow;

use toml_parser::decoder::{Encoding, ScalarKind};
use toml_parser::parser::EventReceiver;
use toml_parser::{ErrorSink, Span};

use super::fields::{Value, key_text, plain_string};
use super::tables::Made;
use super::{Loader, MAX_VALUE_DEPTH};
use crate::diagnostic::{Problem, TomlRule};

impl Loader<'_> {
    /// Counts an array or inline table opening at `span`, after its event was handled;
    /// false when it nests deeper than [`MAX_VALUE_DEPTH`]. The parser then skips the value
    /// without recursing (no key or value event comes from inside it), and its close
    /// event still comes, undoing what the open did. The problem is reported once, and
    /// not at all when the department check already refused this nesting: either way
    /// the file is refused, so no skipped value ever goes unsaid.
    fn enter_value(&mut self, span: Span) -> bool {
        self.values_open += 1;
        if self.values_open <= MAX_VALUE_DEPTH {
            return true;
        }
        if !self.value_too_deep_reported && !self.too_deep_reported {
            self.problem(Problem::ValueTooDeep { limit: MAX_VALUE_DEPTH }, self.range(span));
        }
        self.value_too_deep_reported = true;
        false
    }

    /// Refuses a table header still open at `at` (a line break, or the end of the
    /// text): the parser leaves an unnamed or unclosed header to the receiver, and no
    /// later event says anything more about it.
    pub(super) fn header_left_open(&mut self, at: usize) {
        if !self.pending.in_header {
            return;
        }
        self.pending.in_header = false;
        self.pending.keys.clear();
        self.problem(Problem::Toml { rule: TomlRule::HeaderWithoutName, key: String::new() }, at..at);
        self.ignore_rest();
    }

    /// An inline table opens: a department or a table of fields, or a value skipped.
    fn open_inline_table(&mut self) {
        if self.skipping > 0 {
            self.skipping += 1;
            return;
        }
        let Some(keys) = self.take_assign() else {
            self.skipping += 1;
            return;
        };
        let node = self.dotted_prefix(&keys);
        let (key, key_span) = keys.last().expect("a key-value has a key").clone();
        self.give_back(keys);
        let Some(node) = node else {
            self.skipping += 1;
            return;
        };
        if self.find(node, &key).is_some() {
            self.duplicate(&key, key_span);
            self.skipping += 1;
            return;
        }
        let child = self.create(node, &key, &key_span, Made::Inline);
        self.inline.push(child);
    }
}

impl<'t> EventReceiver for Loader<'t> {
    fn std_table_open(&mut self, span: Span, _error: &mut dyn ErrorSink) {
        // A header's block starts with the blank and comment lines right above it,
        // which belong to it (as they do for toml_edit).
        let mut start = self.text[..self.range(span).start].rfind('\n').map_or(0, |p| p + 1);
        while start > 0 {
            let above = self.text[..start - 1].rfind('\n').map_or(0, |p| p + 1);
            let line = self.text[above..start].trim();
            // A line where a value ends is no blank or comment line, even when it looks
            // like one: the last line of a multi-line string.
            if above >= self.value_end && (line.is_empty() || line.starts_with('#')) {
                start = above;
            } else {
                break;
            }
        }
        self.header_start = start;
        self.first_header_start.get_or_insert(start);
        if let Some(d) = self.open_block.take()
            && let Some(block) = &mut self.drafts[d].block
        {
            block.1 = self.header_start;
        }
        self.inline.clear();
        self.values_open = 0;
        self.pending.keys.clear();
        self.pending.encodings.clear();
        self.pending.in_header = true;
        self.pending.opened_at = self.range(span).start;
        self.pending.array_header = false;
    }

    fn std_table_close(&mut self, span: Span, _error: &mut dyn ErrorSink) {
        let keys = std::mem::take(&mut self.pending.keys);
        let encodings = std::mem::take(&mut self.pending.encodings);
        let array = self.pending.array_header;
        self.pending.in_header = false;
        if keys.is_empty() {
            // `[` alone on a line: a header without a name.
            let problem = Problem::Toml { rule: TomlRule::HeaderWithoutName, key: String::new() };
            self.problem(problem, self.range(span));
            self.ignore_rest();
        } else {
            self.open_header(&keys, &encodings, array);
        }
        // Hand the buffers back, emptied, for the next header.
        self.pending.keys = keys;
        self.pending.keys.clear();
        self.pending.encodings = encodings;
        self.pending.encodings.clear();
    }

    fn array_table_open(&mut self, span: Span, error: &mut dyn ErrorSink) {
        self.std_table_open(span, error);
        self.pending.array_header = true;
    }

    fn array_table_close(&mut self, span: Span, error: &mut dyn ErrorSink) {
        self.std_table_close(span, error);
    }

    fn inline_table_open(&mut self, span: Span, _error: &mut dyn ErrorSink) -> bool {
        self.open_inline_table();
        self.enter_value(span)
    }

    fn inline_table_close(&mut self, _span: Span, _error: &mut dyn ErrorSink) {
        self.values_open = self.values_open.saturating_sub(1);
        if self.skipping > 0 {
            self.skipping -= 1;
            return;
        }
        self.inline.pop();
    }

    fn array_open(&mut self, span: Span, _error: &mut dyn ErrorSink) -> bool {
        if self.skipping == 0
            && let Some(keys) = self.take_assign()
        {
            self.set_value(&keys, Value::Other("array"), self.range(span));
            self.give_back(keys);
        }
        self.skipping += 1;
        self.enter_value(span)
    }

    fn array_close(&mut self, _span: Span, _error: &mut dyn ErrorSink) {
        self.values_open = self.values_open.saturating_sub(1);
        self.skipping = self.skipping.saturating_sub(1);
    }

    fn simple_key(&mut self, span: Span, kind: Option<Encoding>, error: &mut dyn ErrorSink) {
        if self.skipping > 0 {
            return;
        }
        let Some(raw) = self.raw(span, kind) else { return };
        if self.pending.in_header {
            self.pending.keys.push((Cow::Borrowed(raw.as_str()), self.range(span)));
            self.pending.encodings.push(kind);
            return;
        }
        let key = key_text(raw, kind, error);
        self.pending.keys.push((key, self.range(span)));
    }

    fn key_val_sep(&mut self, _span: Span, _error: &mut dyn ErrorSink) {
        if self.skipping > 0 {
            return;
        }
        std::mem::swap(&mut self.assign, &mut self.pending.keys);
        self.pending.keys.clear();
        self.assigning = true;
    }

    fn scalar(&mut self, span: Span, kind: Option<Encoding>, error: &mut dyn ErrorSink) {
        let Some(raw) = self.raw(span, kind) else { return };
        self.value_end = self.range(span).end;
        if self.skipping == 0
            && let Some(keys) = self.take_assign()
        {
            let value = match plain_string(raw.as_str(), kind) {
                Some(text) => Value::String(Cow::Borrowed(text)),
                None => {
                    let mut decoded = Cow::Borrowed("");
                    match raw.decode_scalar(&mut decoded, error) {
                        ScalarKind::String => Value::String(decoded),
                        ScalarKind::Integer(radix) => {
                            Value::Integer(i128::from_str_radix(&decoded, radix.value()).ok())
                        }
                        other => Value::Other(other.description()),
                    }
                }
            };
            self.set_value(&keys, value, self.range(span));
            self.give_back(keys);
        }
        // Counted after the value is set: a department its key makes (`a.notes =
        // """...`) starts on the key's line, not on the line the string ends.
        if matches!(kind, Some(Encoding::MlBasicString | Encoding::MlLiteralString)) {
            self.line += crate::text::newlines(raw.as_str());
        }
    }

    fn comment(&mut self, span: Span, error: &mut dyn ErrorSink) {
        // TOML forbids control characters in comments; toml_edit would refuse them.
        if let Some(raw) = self.raw(span, None) {
            raw.decode_comment(error);
        }
    }

    fn newline(&mut self, span: Span, error: &mut dyn ErrorSink) {
        if let Some(raw) = self.raw(span, None) {
            raw.decode_newline(error);
        }
        self.line += 1;
        // A header that never closed on its line (`[` alone, say).
        self.header_left_open(self.range(span).start);
        if self.skipping == 0 && !self.pending.in_header {
            // An expression never spans lines outside arrays and inline tables.
            self.pending.keys.clear();
            self.assigning = false;
        }
    }
}
