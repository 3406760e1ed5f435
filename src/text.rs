//! Text from input files shown to people or written into other formats.
//!
//! A name, a note or a graph's title may hold any character, and some must never pass raw:
//! control characters (an ESC sequence retitles or clears a terminal and hides text; a
//! carriage return overwrites the line), the bidirectional formatting characters (they
//! reorder what is shown: the "Trojan Source" attack, Boucher & Anderson 2021,
//! <https://trojansource.codes>), and U+FFFE/U+FFFF, which are not characters and which
//! XML 1.0 forbids (§2.2, "Characters"). Wherever such text is shown (terminal tables,
//! Markdown, diagnostics, diagrams), these characters are written as RON's escape, `\u{1b}`,
//! so the text can be found in the file; actor ids may not contain them at all.

use std::borrow::Cow;
use std::fmt::Write;

/// True for a character shown escaped: C0 controls except tab and newline, DEL, C1
/// controls, the bidirectional formatting characters (U+061C, U+200E, U+200F,
/// U+202A–U+202E, U+2066–U+2069) and the non-characters U+FFFE and U+FFFF.
pub fn is_hidden(c: char) -> bool {
    (c.is_control() && c != '\t' && c != '\n')
        || matches!(
            c,
            '\u{061C}'
                | '\u{200E}'
                | '\u{200F}'
                | '\u{202A}'..='\u{202E}'
                | '\u{2066}'..='\u{2069}'
                | '\u{FFFE}'
                | '\u{FFFF}'
        )
}

/// True for a character XML 1.0 cannot hold, even as a character reference: C0 controls
/// other than tab, newline and carriage return, U+FFFE and U+FFFF.
pub fn is_xml_illegal(c: char) -> bool {
    ((c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r')) || c == '\u{FFFE}' || c == '\u{FFFF}'
}

/// Appends `c` written as `\u{1b}`.
pub fn push_escaped(out: &mut String, c: char) {
    let _ = write!(out, "\\u{{{:x}}}", c as u32);
}

/// `s` with every hidden character ([`is_hidden`]) written as `\u{1b}`; tabs and newlines
/// are left for the caller to lay out.
pub fn visible(s: &str) -> Cow<'_, str> {
    if !s.chars().any(is_hidden) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if is_hidden(c) {
            push_escaped(&mut out, c);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// `s` for markup (XML, HTML, Markdown): `&`, `<` and `>` as entities, and with `quotes`
/// `"` and `'` too (for attribute values).
pub fn escape_markup(s: &str, quotes: bool) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' if quotes => out.push_str("&quot;"),
            '\'' if quotes => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

/// `s` on one line for a table cell: hidden characters escaped, tabs and line breaks as
/// spaces.
pub fn one_line(s: &str) -> Cow<'_, str> {
    let v = visible(s);
    if v.contains(['\n', '\t']) {
        Cow::Owned(v.replace(['\n', '\t'], " "))
    } else {
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_sequences_and_reordering_are_shown_not_obeyed() {
        assert_eq!(visible("plain Hüseyin"), "plain Hüseyin");
        assert!(matches!(visible("plain"), Cow::Borrowed(_)));
        assert_eq!(visible("\u{1b}]0;pwned\u{7}"), "\\u{1b}]0;pwned\\u{7}");
        assert_eq!(visible("a\rb\u{9b}c\u{7f}"), "a\\u{d}b\\u{9b}c\\u{7f}");
        assert_eq!(visible("abc\u{202e}fed"), "abc\\u{202e}fed");
        assert_eq!(visible("x\u{fffe}\u{ffff}"), "x\\u{fffe}\\u{ffff}");
        assert_eq!(visible("tab\tand\nline"), "tab\tand\nline");
        assert_eq!(one_line("tab\tand\nline\r"), "tab and line\\u{d}");
    }

    #[test]
    fn xml_illegal_characters() {
        let illegal: Vec<char> = ('\0'..='\u{ffff}').filter(|&c| is_xml_illegal(c)).collect();
        assert_eq!(illegal.len(), 32 - 3 + 2);
        assert!(!is_xml_illegal('\u{85}') && !is_xml_illegal('\u{202e}'));
    }
}
