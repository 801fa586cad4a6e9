//! Fitting text to a width, in one place: the interface's word wrapping, and cutting
//! text and spans to a number of columns with `…`.
//!
//! Three kinds of wrapping, each on purpose:
//! - [`wrap`] (and [`push_wrapped`]): prose — the teaching views, the panel's reasons.
//!   Words are joined by single spaces, a word longer than a line is cut across lines,
//!   and the leading spaces of the text indent every line;
//! - [`wrap_spans`]: a styled line broken at its spaces, the spaces kept as they are
//!   (the help's key column is padded with them) and a long word kept whole;
//! - [`paragraph_height`]: text that ratatui wraps as it draws it (a `Paragraph` with
//!   `Wrap`, like the panel's facts and notes) is measured by ratatui too, so that
//!   scrolling and drawing agree.

use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// Greedy word wrap to `width` columns; a word longer than a line is cut across lines.
/// Leading spaces of `text` indent every line.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let indent_len = text.len() - text.trim_start_matches(' ').len();
    let indent = " ".repeat(indent_len.min(width.saturating_sub(1)));
    let mut lines = Vec::new();
    let mut line = indent.clone();
    let mut line_has_word = false;
    // A no-break space (Spanish "62 %" and "1 234 567") holds its words together.
    let breaks = |c: char| c.is_whitespace() && !matches!(c, '\u{a0}' | '\u{2007}' | '\u{202f}');
    for word in text.split(breaks).filter(|word| !word.is_empty()) {
        let ww = word.width();
        let needed = if line_has_word { 1 + ww } else { ww };
        if line_has_word && line.width() + needed > width {
            lines.push(std::mem::replace(&mut line, indent.clone()));
            line_has_word = false;
        }
        if line_has_word {
            line.push(' ');
        }
        // A word too long for any line is cut.
        for c in word.chars() {
            let cw = c.width().unwrap_or(0);
            if line.width() + cw > width && line.width() > indent.width() {
                lines.push(std::mem::replace(&mut line, indent.clone()));
            }
            line.push(c);
        }
        line_has_word = true;
    }
    if line_has_word || lines.is_empty() {
        lines.push(line);
    }
    lines
}

/// Word-wraps `text` into `out`, one line per row, each in `style`.
pub fn push_wrapped(out: &mut Vec<Line<'static>>, text: &str, width: usize, style: Style) {
    for row in wrap(text, width) {
        out.push(Line::from(Span::styled(row, style)));
    }
}

/// The display width of spans.
pub fn spans_width(spans: &[Span<'_>]) -> usize {
    spans.iter().map(|s| s.content.width()).sum()
}

/// `text` cut to `width` columns, with `…` where it was cut.
pub fn fit(text: &str, width: usize) -> String {
    if text.width() <= width {
        return text.to_string();
    }
    if width == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
        if used + w > width - 1 {
            break;
        }
        out.push(c);
        used += w;
    }
    out.push('…');
    out
}

/// Text from a file (or a message quoting one) as it may be drawn in `width` columns:
/// escaped by [`sanitize`](crate::text::sanitize), and cut with `…` where it does not
/// fit. It looks at no more characters than could fit (zero-width ones included, up
/// to a bound), so a 50 MB name costs what a short one does: cut before anything
/// wraps or measures it.
pub fn shown(text: &str, width: usize) -> String {
    // Characters looked at, at most: enough for `width` columns of combining marks.
    let most = width.saturating_mul(4).saturating_add(16);
    let mut out = String::new();
    let mut used = 0;
    // Where the text would be cut: the end of what fits in all but the last column.
    let mut cut = 0;
    let mut buffer = [0; 4];
    for (looked, c) in text.chars().enumerate() {
        let safe = crate::text::sanitize(c.encode_utf8(&mut buffer));
        let w = safe.width();
        if looked >= most || used + w > width {
            if width == 0 {
                return String::new();
            }
            out.truncate(cut);
            out.push('…');
            return out;
        }
        out.push_str(&safe);
        used += w;
        if used < width {
            cut = out.len();
        }
    }
    out
}

/// The most columns of one name, one line of notes or one field from a file that any
/// view lays out: more than a screen shows, so that the cut changes nothing a user
/// sees, and a 50 MB name costs a frame what a long one does.
pub const LONGEST: usize = 1_000;

/// The most lines of a department's notes that a view lays out.
pub const MOST_LINES: usize = 500;

/// Text from a file as any view lays it out: escaped, and cut to [`LONGEST`] columns
/// with `…` ([`shown`]). Views that know their width cut it further as they draw.
pub fn shown_long(text: &str) -> String {
    shown(text, LONGEST)
}

/// Spans cut to `width` columns (with `…` where cut) and padded to exactly `width`.
pub fn fit_spans(spans: Vec<Span<'static>>, width: usize) -> Vec<Span<'static>> {
    let total = spans_width(&spans);
    let mut out = Vec::new();
    if total <= width {
        out.extend(spans);
        if total < width {
            out.push(Span::raw(" ".repeat(width - total)));
        }
        return out;
    }
    if width == 0 {
        return out;
    }
    // Keep what fits in all but the last column, then `…`.
    let mut budget = width - 1;
    for span in spans {
        let w = span.content.width();
        if w <= budget {
            budget -= w;
            out.push(span);
            continue;
        }
        let mut piece = String::new();
        for c in span.content.chars() {
            let cw = c.width().unwrap_or(0);
            if cw > budget {
                break;
            }
            budget -= cw;
            piece.push(c);
        }
        out.push(Span::styled(piece, span.style));
        break;
    }
    out.push(Span::raw("…"));
    if budget > 0 {
        out.push(Span::raw(" ".repeat(budget)));
    }
    out
}

/// Breaks a line at spaces so that each piece fits in `width` columns, keeping the
/// styles. A word longer than the width stays whole (and is cut when drawn).
pub fn wrap_spans(line: Line<'static>, width: usize) -> Vec<Line<'static>> {
    let mut out = Vec::new();
    let mut current: Vec<Span<'static>> = Vec::new();
    let mut used = 0;
    for span in line.spans {
        for piece in span.content.split_inclusive(' ') {
            let word = piece.trim_end_matches(' ').width();
            if used > 0 && used + word > width {
                out.push(Line::from(std::mem::take(&mut current)));
                used = 0;
            }
            current.push(Span::styled(piece.to_string(), span.style));
            used += piece.width();
        }
    }
    out.push(Line::from(current));
    out
}

/// How many rows a paragraph takes at `width` columns, wrapped as ratatui draws it.
pub fn paragraph_height(paragraph: &Paragraph<'_>, width: u16) -> usize {
    paragraph.line_count(width)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A no-break space is no place to break a line: a Spanish count or percentage
    /// stays on one line.
    #[test]
    fn a_no_break_space_holds_its_words_together() {
        let count = crate::text::Lang::Es.number(1_234_567);
        let lines = wrap(&format!("quedan {count} departamentos"), 13);
        assert_eq!(lines, ["quedan", "1\u{a0}234\u{a0}567", "departamentos"]);
        // Other spaces still break: an ideographic one, say.
        assert_eq!(wrap("東京\u{3000}大阪", 4), ["東京", "大阪"]);
    }

    #[test]
    fn wrap_keeps_lines_within_the_width() {
        let lines = wrap("  the quick brown fox jumps over a lazydogwithaverylongname", 12);
        assert!(lines.iter().all(|l| l.width() <= 12), "{lines:?}");
        assert!(lines.iter().all(|l| l.starts_with("  ")), "{lines:?}");
        assert_eq!(wrap("", 10), vec![String::new()]);
    }

    #[test]
    fn shown_text_is_escaped_and_cut_to_the_width_looking_at_little_of_it() {
        assert_eq!(shown("Showroom", 8), "Showroom");
        assert_eq!(shown("Showroom", 7), "Showro…");
        assert_eq!(shown("Showroom", 0), "");
        assert_eq!(shown("a\u{1b}b", 20), "a\\u{1b}b");
        assert_eq!(shown("a\u{1b}b", 5), "a…");
        assert_eq!(shown("日本語", 5), "日本…");
        assert_eq!(shown("日本語", 6), "日本語");
        let marks = format!("e{}", "\u{301}".repeat(10_000));
        assert!(shown(&marks, 10).ends_with('…'));
        assert!(shown(&marks, 10).chars().count() <= 10 * 4 + 16 + 1, "and the `…`");
    }

    #[test]
    fn fitted_spans_are_exactly_as_wide_as_asked() {
        for width in 0..20 {
            let spans = vec![Span::raw("[F] "), Span::raw("Carpentry bench")];
            assert_eq!(spans_width(&fit_spans(spans, width)), width);
        }
    }

    #[test]
    fn styled_lines_break_at_spaces_keeping_padding_styles_and_long_words() {
        let key = Style::new().bold();
        let line =
            Line::from(vec![Span::styled("  ctrl-d    ", key), Span::raw("scroll the panel averyveryverylongword")]);
        let lines = wrap_spans(line, 20);
        let texts: Vec<String> = lines.iter().map(|l| l.spans.iter().map(|s| s.content.as_ref()).collect()).collect();
        assert_eq!(texts, ["  ctrl-d    scroll ", "the panel ", "averyveryverylongword"]);
        assert_eq!(lines[0].spans[0].style, key, "the key keeps its style");
    }
}
