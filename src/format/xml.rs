//! A small XML toolkit for the GEXF and GraphML formats: escaping for writing, and a reader
//! (over `quick-xml`) that builds a tree of elements keeping each one's byte offset, so that
//! import errors can point into the file.

// A diagnostic is made once per problem in bad input, never on a hot path: its size in
// `Result` does not matter.
#![allow(clippy::result_large_err)]

use crate::diagnostic::{Diagnostic, Span};
use quick_xml::events::Event;

/// Text or an attribute value for XML: `&`, `<`, `>`, `"`, `'` as entities; characters XML
/// 1.0 forbids (most control characters) as nothing. Tabs and newlines are kept, written as
/// character references so that attribute values keep them too.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            '\t' => out.push_str("&#9;"),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

/// An element: local name (namespace prefix dropped), attributes, children, text.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Element {
    pub name: String,
    pub attrs: Vec<(String, String)>,
    pub children: Vec<Element>,
    pub text: String,
    /// Byte offset of the start tag.
    pub at: usize,
}

impl Element {
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    pub fn child(&self, name: &str) -> Option<&Element> {
        self.children.iter().find(|c| c.name == name)
    }

    pub fn children_named<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Element> + 'a {
        self.children.iter().filter(move |c| c.name == name)
    }

    /// A span for diagnostics: the start of the element.
    pub fn span(&self) -> Option<Span> {
        Some(Span::new(self.at, self.at + 1))
    }
}

fn local(name: &[u8]) -> String {
    let s = String::from_utf8_lossy(name);
    match s.rsplit_once(':') {
        Some((_, l)) => l.to_string(),
        None => s.into_owned(),
    }
}

fn xml_error(at: usize, msg: impl std::fmt::Display) -> Diagnostic {
    Diagnostic::error("E080", format!("the file is not well-formed XML: {msg}"))
        .at(Some(Span::new(at, at + 1)), "here")
}

/// Parses a document into its root element.
pub fn parse(src: &str) -> Result<Element, Diagnostic> {
    let mut reader = quick_xml::Reader::from_str(src);
    let mut stack: Vec<Element> = vec![Element::default()];
    loop {
        let at = reader.buffer_position() as usize;
        let ev = reader.read_event().map_err(|e| xml_error(at, e))?;
        let open = |e: &quick_xml::events::BytesStart| -> Result<Element, Diagnostic> {
            let mut attrs = Vec::new();
            for a in e.attributes() {
                let a = a.map_err(|e| xml_error(at, e))?;
                let v = a
                    .decode_and_unescape_value(reader.decoder())
                    .map_err(|e| xml_error(at, e))?;
                attrs.push((local(a.key.as_ref()), v.into_owned()));
            }
            Ok(Element {
                name: local(e.name().as_ref()),
                attrs,
                at,
                ..Element::default()
            })
        };
        match ev {
            Event::Start(e) => {
                let el = open(&e)?;
                stack.push(el);
            }
            Event::Empty(e) => {
                let el = open(&e)?;
                stack.last_mut().expect("root").children.push(el);
            }
            Event::End(_) => {
                let el = stack.pop().expect("balanced by quick-xml");
                match stack.last_mut() {
                    Some(parent) => parent.children.push(el),
                    None => return Err(xml_error(at, "unbalanced end tag")),
                }
            }
            Event::Text(t) => {
                let s = t.decode().map_err(|e| xml_error(at, e))?;
                if let Some(top) = stack.last_mut() {
                    top.text.push_str(&s);
                }
            }
            Event::CData(t) => {
                let s = t.decode().map_err(|e| xml_error(at, e))?;
                if let Some(top) = stack.last_mut() {
                    top.text.push_str(&s);
                }
            }
            Event::GeneralRef(r) => {
                let resolved =
                    if let Some(c) = r.resolve_char_ref().map_err(|e| xml_error(at, e))? {
                        c.to_string()
                    } else {
                        let name = r.decode().map_err(|e| xml_error(at, e))?;
                        quick_xml::escape::resolve_predefined_entity(&name)
                            .ok_or_else(|| xml_error(at, format!("unknown entity &{name};")))?
                            .to_string()
                    };
                if let Some(top) = stack.last_mut() {
                    top.text.push_str(&resolved);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    let mut root = stack.pop().expect("document");
    if !stack.is_empty() {
        return Err(xml_error(src.len().saturating_sub(1), "unclosed element"));
    }
    match root.children.len() {
        1 => Ok(root.children.remove(0)),
        _ => Err(xml_error(0, "expected exactly one root element")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaped_text_and_attributes_read_back() {
        for s in ["a & b", "<tag>", "q\"uote's", "two\nlines\ttab", "Hüseyin"] {
            let doc = format!("<r a=\"{0}\"><t>{0}</t></r>", escape(s));
            let root = parse(&doc).unwrap();
            assert_eq!(root.attr("a"), Some(s));
            assert_eq!(root.child("t").unwrap().text, s);
        }
    }

    #[test]
    fn malformed_xml_is_a_located_error() {
        let d = parse("<r><a></r>").unwrap_err();
        assert_eq!(d.code, "E080");
        assert!(d.span.is_some());
    }
}
