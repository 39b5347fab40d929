//! Text from the user's files made safe and small for a terminal: control characters
//! and terminal escapes shown as `\u{1b}`, a long source line cut to a window around the
//! span with the caret still under it, and long messages cut. Pure functions.

use std::borrow::Cow;

/// Characters of a source line quoted around a span when the line is longer.
pub(super) const WINDOW_CHARS: usize = 120;

/// Of the window, how many characters come before the start of the span.
const CONTEXT_BEFORE: usize = 40;

/// Messages and help lines are cut after this many characters.
pub(super) const MAX_TEXT_CHARS: usize = 500;

/// Whether a character can change what a terminal shows beyond itself: C0 and C1
/// controls (ESC starts escape sequences, BEL rings, CR rewrites the line), DEL, and the
/// Unicode marks that reorder text or break lines.
fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{061c}'
                | '\u{200e}'
                | '\u{200f}'
                | '\u{2028}'
                | '\u{2029}'
                | '\u{202a}'..='\u{202e}'
                | '\u{2066}'..='\u{2069}'
        )
}

/// Writes `c` as a report shows it and returns how many characters that took: a tab as
/// one space (so carets line up), an unsafe character as `\u{…}`, any other as itself.
fn push_shown(out: &mut String, c: char) -> usize {
    if c == '\t' {
        out.push(' ');
        1
    } else if is_unsafe(c) {
        let before = out.len();
        out.push_str(&c.escape_unicode().to_string());
        out.len() - before
    } else {
        out.push(c);
        1
    }
}

/// `text` with every unsafe character escaped (see [`quote`]), cut after
/// [`MAX_TEXT_CHARS`] characters with `…`.
pub(super) fn clean(text: &str) -> Cow<'_, str> {
    let cut = text.char_indices().nth(MAX_TEXT_CHARS).map(|(i, _)| i);
    let kept = cut.and_then(|i| text.get(..i)).unwrap_or(text);
    if cut.is_none() && !text.chars().any(|c| c == '\t' || is_unsafe(c)) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(kept.len() + 3);
    for c in kept.chars() {
        push_shown(&mut out, c);
    }
    if cut.is_some() {
        out.push('…');
    }
    Cow::Owned(out)
}

/// A source line as a report quotes it, and where its caret goes (in characters).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Quote {
    pub(super) text: String,
    pub(super) caret_offset: usize,
    pub(super) caret_width: usize,
}

/// Quotes `line` for a span that starts at byte `start` of it and ends at byte `end`
/// of it, or past its end (`None`, a span over several lines, whose caret runs one
/// character past the line). A line longer than [`WINDOW_CHARS`] is cut to that many
/// characters around the start of the span, with `…` on each cut side; the work is
/// proportional to the window, not the line.
pub(super) fn quote(line: &str, start: usize, end: Option<usize>) -> Quote {
    let start = floor_char_boundary(line, start);
    let end = end.map(|e| floor_char_boundary(line, e).max(start));
    let (from, to) = window(line, start);
    let mut text = String::new();
    let (mut caret_offset, mut caret_width) = (0, 0);
    if from > 0 {
        text.push('…');
        caret_offset += 1;
    }
    for (i, c) in line.get(from..to).unwrap_or("").char_indices() {
        let at = from + i;
        let width = push_shown(&mut text, c);
        if at < start {
            caret_offset += width;
        } else if end.is_none_or(|e| at < e) {
            caret_width += width;
        }
    }
    if to < line.len() {
        text.push('…');
    } else {
        if end.is_none() {
            caret_width += 1;
        }
        text.truncate(text.trim_end().len());
    }
    Quote { text, caret_offset, caret_width: caret_width.max(1) }
}

/// The byte range of `line` to quote for a span starting at byte `start`.
fn window(line: &str, start: usize) -> (usize, usize) {
    if line.len() <= WINDOW_CHARS {
        return (0, line.len());
    }
    let before = line.get(..start).unwrap_or("");
    let from = before.char_indices().rev().take(CONTEXT_BEFORE).last().map_or(start, |(i, _)| i);
    match line.get(from..).unwrap_or("").char_indices().nth(WINDOW_CHARS) {
        Some((i, _)) => (from, from + i),
        // The window reaches the end of the line: start it earlier to fill it.
        None => {
            let last = line.char_indices().rev().take(WINDOW_CHARS).last().map_or(0, |(i, _)| i);
            (from.min(last), line.len())
        }
    }
}

/// The largest character boundary of `text` at or before `index`.
fn floor_char_boundary(text: &str, index: usize) -> usize {
    let mut index = index.min(text.len());
    while !text.is_char_boundary(index) {
        index -= 1;
    }
    index
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The characters of `quote.text` under its caret.
    fn under(quote: &Quote) -> String {
        quote.text.chars().skip(quote.caret_offset).take(quote.caret_width).collect()
    }

    #[test]
    fn a_short_line_is_quoted_whole() {
        let q = quote("pillars: [growht]  ", 10, Some(16));
        assert_eq!(q.text, "pillars: [growht]");
        assert_eq!((q.caret_offset, q.caret_width), (10, 6));
        let q = quote("a\tb", 2, None);
        assert_eq!((q.text.as_str(), q.caret_offset, q.caret_width), ("a b", 2, 2));
    }

    #[test]
    fn issue_7_a_long_line_is_quoted_in_a_window_around_the_span() {
        let line = format!("{}[[target]]{}", "x".repeat(100_000), "y".repeat(100_000));
        let q = quote(&line, 100_000, Some(100_010));
        assert_eq!(q.text.chars().count(), WINDOW_CHARS + 2);
        assert!(q.text.starts_with('…') && q.text.ends_with('…'), "{}", q.text);
        assert_eq!(under(&q), "[[target]]");
        assert_eq!(q.caret_offset, CONTEXT_BEFORE + 1);

        let at_start = quote(&line, 0, Some(3));
        assert!(!at_start.text.starts_with('…') && at_start.text.ends_with('…'));
        assert_eq!(under(&at_start), "xxx");

        let at_end = quote(&line, line.len() - 2, None);
        assert!(at_end.text.starts_with('…') && !at_end.text.ends_with('…'));
        assert_eq!(at_end.text.chars().count(), WINDOW_CHARS + 1);
        assert_eq!((under(&at_end).as_str(), at_end.caret_width), ("yy", 3));
    }

    #[test]
    fn issue_7_windows_count_characters_and_never_cut_one() {
        let line = "é🚀".repeat(1_000);
        for start in [0, 1, 2, 3, 6, 3_000, 5_997, line.len()] {
            let q = quote(&line, start, Some(start + 6));
            assert!(q.text.chars().count() <= WINDOW_CHARS + 2, "{start}");
            let expected: String =
                line.get(floor_char_boundary(&line, start)..).unwrap().chars().take(1).collect();
            assert!(under(&q).starts_with(&expected) || start == line.len(), "{start}: {q:?}");
        }
    }

    #[test]
    fn issue_7_control_characters_are_escaped_and_the_caret_follows() {
        let line = "title: \u{1b}]0;owned\u{7}x [[bad]]\r";
        let start = line.find("[[").unwrap();
        let q = quote(line, start, Some(start + 7));
        assert_eq!(q.text, "title: \\u{1b}]0;owned\\u{7}x [[bad]]\\u{d}");
        assert_eq!(under(&q), "[[bad]]");
        let q = quote("\u{9b}31m", 0, Some(3));
        assert_eq!((q.text.as_str(), under(&q).as_str()), ("\\u{9b}31m", "\\u{9b}3"));
    }

    #[test]
    fn issue_7_messages_are_escaped_and_cut() {
        assert!(matches!(clean("unknown id `growht`"), Cow::Borrowed(_)));
        assert_eq!(clean("id `\u{1b}[2J\u{202e}x`"), "id `\\u{1b}[2J\\u{202e}x`");
        let long = "é".repeat(MAX_TEXT_CHARS + 10);
        let cut = clean(&long);
        assert_eq!(cut.chars().count(), MAX_TEXT_CHARS + 1);
        assert!(cut.ends_with('…'));
    }
}
