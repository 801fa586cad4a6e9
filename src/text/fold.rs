//! Text folded for searching: case and accents set aside, so that `atencion` finds
//! "Atención" and `ATENCIÓN` finds it too. A text is decomposed (Unicode NFD), its
//! combining marks dropped, and what is left put in lower case.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// `text` folded: decomposed, without combining marks, in lower case.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    fold_into(text, &mut out);
    out
}

/// Folds `text` into `out`, which is cleared first: a search reuses one buffer for
/// every name instead of allocating one per name.
pub fn fold_into(text: &str, out: &mut String) {
    out.clear();
    fold_onto(text, out);
}

/// Folds `text` onto the end of `out`, keeping what `out` holds.
pub fn fold_onto(text: &str, out: &mut String) {
    if text.is_ascii() {
        let start = out.len();
        out.push_str(text);
        out[start..].make_ascii_lowercase();
        return;
    }
    // ASCII characters neither decompose nor move in NFD (they are starters), so the
    // text folds run by run: ASCII runs by lowering their bytes, the others through
    // NFD. Same result as folding it whole, without decomposing a name's plain part.
    let mut rest = text;
    while !rest.is_empty() {
        let ascii = rest.bytes().position(|b| !b.is_ascii()).unwrap_or(rest.len());
        let start = out.len();
        out.push_str(&rest[..ascii]);
        out[start..].make_ascii_lowercase();
        rest = &rest[ascii..];
        let other = rest.bytes().position(|b| b.is_ascii()).unwrap_or(rest.len());
        for c in rest[..other].nfd().filter(|&c| !is_combining_mark(c)) {
            out.extend(c.to_lowercase());
        }
        rest = &rest[other..];
    }
}

/// Whether `haystack` contains `needle` (already folded), ignoring case and accents;
/// `buffer` holds the folded haystack when it is not ASCII. ASCII haystacks, most of
/// them, are compared in place without copying.
pub fn contains_folded(haystack: &str, needle: &str, buffer: &mut String) -> bool {
    if needle.is_empty() {
        return true;
    }
    if haystack.is_ascii() {
        let (h, n) = (haystack.as_bytes(), needle.as_bytes());
        return n.len() <= h.len() && h.windows(n.len()).any(|w| w.eq_ignore_ascii_case(n));
    }
    fold_into(haystack, buffer);
    buffer.contains(needle)
}

#[cfg(test)]
mod tests {
    use super::{contains_folded, fold};

    #[test]
    fn case_and_accents_fold_away() {
        assert_eq!(fold("Atención al Cliente"), "atencion al cliente");
        assert_eq!(fold("ATENCIÓN"), "atencion");
        assert_eq!(fold("Ñandú Straße"), "nandu straße");
        // A precomposed and a decomposed "é" fold alike.
        assert_eq!(fold("caf\u{e9}"), fold("cafe\u{301}"));
        assert_eq!(fold("Ελλάδα"), "ελλαδα");
        // Folded onto a text, it leaves that text as it was.
        let mut onto = "ABC".to_string();
        super::fold_onto("Dé", &mut onto);
        super::fold_onto("EF", &mut onto);
        assert_eq!(onto, "ABCdeef");
    }

    #[test]
    fn contains_ignores_case_and_accents() {
        let mut buffer = String::new();
        let mut has = |h: &str, n: &str| contains_folded(h, &fold(n), &mut buffer);
        assert!(has("Atención al cliente", "atencion"));
        assert!(has("Atención al cliente", "ATENCIÓN"));
        assert!(has("Post-Sales Support", "sales s"));
        assert!(!has("Sales", "saless"));
        assert!(has("x", ""));
        // An accent in the query never keeps it from an unaccented name.
        assert!(has("Atencion", "atención"));
    }

    proptest::proptest! {
        /// Folding run by run gives what folding the whole text through NFD gives.
        #[test]
        fn runs_fold_like_the_whole_text(text in "([a-zA-Z0-9 -]|[áéíóúñÑÁÉçÇßΣσςǅﬁİ]|\\PC|[\u{300}-\u{36f}])*") {
            use unicode_normalization::UnicodeNormalization;
            use unicode_normalization::char::is_combining_mark;
            let whole: String =
                text.nfd().filter(|&c| !is_combining_mark(c)).flat_map(char::to_lowercase).collect();
            proptest::prop_assert_eq!(fold(&text), whole);
        }
    }
}
