//! Line endings: `toml_edit` writes every line it formats with `\n`, so an edit of a
//! file written with `\r\n` would give the edited lines — and, when the whole
//! document is written out, lines it did not touch — another ending. Here the
//! output is brought back to the file's own endings: lines that are the same as
//! before keep their bytes, and new or changed lines take the file's ending (the
//! one its first line ends with).

/// A line without its ending.
fn bare(line: &str) -> &str {
    line.strip_suffix('\n').map_or(line, |l| l.strip_suffix('\r').unwrap_or(l))
}

/// The ending new lines get in `text`: the one its first line ends with.
pub(super) fn line_ending(text: &str) -> &'static str {
    match text.find('\n') {
        Some(i) if text[..i].ends_with('\r') => "\r\n",
        _ => "\n",
    }
}

/// `out`, an edit of `original`, with the line endings of `original`: unchanged
/// lines at the start and the end keep their bytes, the others take the file's
/// ending. A file without `\r` is returned as it is, without a look at its lines.
pub(super) fn keep_line_endings(original: &str, out: String) -> String {
    if !original.contains('\r') {
        return out;
    }
    let ending = line_ending(original);
    // Iterators rather than lists of lines: a file may hold millions of them.
    let old = || original.split_inclusive('\n');
    let new = || out.split_inclusive('\n');
    let same = |(a, b): &(&str, &str)| bare(a) == bare(b) && a.ends_with('\n') == b.ends_with('\n');
    let prefix = old().zip(new()).take_while(same).count();
    let (old_count, new_count) = (old().count(), new().count());
    let room = old_count.min(new_count) - prefix;
    let suffix = old().rev().zip(new().rev()).take(room).take_while(same).count();
    let mut text = String::with_capacity(out.len() + out.len() / 32);
    old().take(prefix).for_each(|line| text.push_str(line));
    for line in new().skip(prefix).take(new_count - prefix - suffix) {
        text.push_str(bare(line));
        if line.ends_with('\n') {
            text.push_str(ending);
        }
    }
    old().skip(old_count - suffix).for_each(|line| text.push_str(line));
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changed_lines_take_the_files_ending_and_the_others_keep_theirs() {
        let original = "a\r\nb\r\nc\nd\r\n";
        assert_eq!(keep_line_endings(original, "a\nB\nX\nc\nd\n".into()), "a\r\nB\r\nX\r\nc\nd\r\n");
        assert_eq!(keep_line_endings(original, "a\nd\n".into()), "a\r\nd\r\n");
        assert_eq!(keep_line_endings("x\ny\n", "x\nz\n".into()), "x\nz\n");
        assert_eq!(keep_line_endings("x\r\ny", "x\nz".into()), "x\r\nz");
        assert_eq!(line_ending("a\r\nb\n"), "\r\n");
        assert_eq!(line_ending("a\nb\r\n"), "\n");
    }
}
