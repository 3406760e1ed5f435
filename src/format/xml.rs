//! A small XML toolkit for the GEXF and GraphML formats: escaping for writing, and a reader
//! (over `quick-xml`) that builds a tree of elements keeping each one's byte offset, so that
//! import errors can point into the file. The reader can hand each element to its caller
//! once it is closed, so that a file's many nodes and edges are taken one at a time and
//! never held as a tree ([`parse_with`]).

// A diagnostic is made once per problem in bad input, never on a hot path: its size in
// `Result` does not matter.
#![allow(clippy::result_large_err)]

use crate::diagnostic::{Diagnostic, Span};
use quick_xml::events::Event;

/// Text or an attribute value for XML: `&`, `<`, `>`, `"`, `'` as entities. Tabs, newlines
/// and carriage returns are kept, written as character references so that attribute values
/// keep them too. A character XML 1.0 cannot hold at all (other control characters,
/// U+FFFE, U+FFFF: [`crate::text::is_xml_illegal`]) is written as the text `\u{7}`: the
/// file stays well-formed and texts that differ by one stay distinct.
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
            c if crate::text::is_xml_illegal(c) => crate::text::push_escaped(&mut out, c),
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

/// `s`, read from the element or reference at `at`, if it holds only characters XML 1.0
/// allows (quick-xml does not check: a control character, raw or as `&#7;`, would reach a
/// name and could not be written back).
fn legal(at: usize, s: std::borrow::Cow<'_, str>) -> Result<std::borrow::Cow<'_, str>, Diagnostic> {
    match s.chars().find(|&c| crate::text::is_xml_illegal(c)) {
        Some(c) => Err(xml_error(
            at,
            format!("U+{:04X} is not a character XML allows", c as u32),
        )),
        None => Ok(s),
    }
}
/// Elements may nest this deep. GraphML and GEXF need fewer than ten levels (a few dozen
/// with tools' own extensions); the bound keeps a hostile file from building a tree whose
/// recursive drop would overflow the stack (150 000 levels fit in 1 MB of XML).
pub const MAX_DEPTH: usize = 256;

/// Parses a document into its root element.
pub fn parse(src: &str) -> Result<Element, Diagnostic> {
    parse_with(src, &mut |_, el| Some(el))
}

/// Parses a document into its root element, handing each element to `take` once it is
/// closed, with the elements open around it (the document first, then the root element:
/// each holds the children closed so far). `take` gives the element back to be kept as its
/// parent's child, or keeps it (`None`): the tree then never holds it.
pub fn parse_with(
    src: &str,
    take: &mut dyn FnMut(&[Element], Element) -> Option<Element>,
) -> Result<Element, Diagnostic> {
    let mut reader = quick_xml::Reader::from_str(src);
    let mut stack: Vec<Element> = vec![Element::default()];
    loop {
        let at = reader.buffer_position() as usize;
        let ev = reader.read_event().map_err(|e| xml_error(at, e))?;
        let open = |e: &quick_xml::events::BytesStart| -> Result<Element, Diagnostic> {
            let mut attrs = Vec::new();
            // The raw keys so far, to find a repeated one: compared one by one in the few
            // attributes an element has, through a set in a hostile file's thousands
            // (quick-xml's own check compares each key with every earlier one).
            let mut keys: Vec<&[u8]> = Vec::new();
            let mut many: std::collections::HashSet<&[u8]> = std::collections::HashSet::new();
            for a in e.attributes().with_checks(false) {
                let a = a.map_err(|e| xml_error(at, e))?;
                let key = a.key.into_inner();
                let repeated = if keys.len() < 16 {
                    let seen = keys.contains(&key);
                    keys.push(key);
                    seen
                } else {
                    if many.is_empty() {
                        many.extend(keys.iter().copied());
                    }
                    !many.insert(key)
                };
                if repeated {
                    return Err(xml_error(
                        at,
                        format!(
                            "the attribute `{}` appears twice in one element",
                            String::from_utf8_lossy(key)
                        ),
                    ));
                }
                let v = a
                    .decode_and_unescape_value(reader.decoder())
                    .map_err(|e| xml_error(at, e))
                    .and_then(|v| legal(at, v))?;
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
                // The stack holds the document's own root too.
                if stack.len() > MAX_DEPTH {
                    return Err(xml_error(
                        at,
                        format!("elements are nested more than {MAX_DEPTH} deep"),
                    ));
                }
                let el = open(&e)?;
                stack.push(el);
            }
            Event::Empty(e) => {
                let el = open(&e)?;
                if let Some(el) = take(&stack, el) {
                    stack.last_mut().expect("root").children.push(el);
                }
            }
            Event::End(_) => {
                let el = stack.pop().expect("balanced by quick-xml");
                if stack.is_empty() {
                    return Err(xml_error(at, "unbalanced end tag"));
                }
                if let Some(el) = take(&stack, el) {
                    stack.last_mut().expect("parent").children.push(el);
                }
            }
            Event::Text(t) => {
                let s = legal(at, t.decode().map_err(|e| xml_error(at, e))?)?;
                if let Some(top) = stack.last_mut() {
                    top.text.push_str(&s);
                }
            }
            Event::CData(t) => {
                let s = legal(at, t.decode().map_err(|e| xml_error(at, e))?)?;
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
                let resolved = legal(at, resolved.into())?;
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
    fn characters_xml_cannot_hold_are_written_visibly_and_refused_on_reading() {
        // Two names that differ by a bell stay two names, and the file stays XML.
        assert_eq!(escape("A\u{7}"), "A\\u{7}");
        assert_eq!(escape("x\u{fffe}y\u{ffff}"), "x\\u{fffe}y\\u{ffff}");
        assert_eq!(escape("\u{85}\u{202e}"), "\u{85}\u{202e}");
        let doc = format!("<r a=\"{0}\"><t>{0}</t></r>", escape("A\u{7}\u{ffff}"));
        let root = parse(&doc).unwrap();
        assert_eq!(root.attr("a"), Some("A\\u{7}\\u{ffff}"));
        for bad in [
            "<r>&#7;</r>",
            "<r a=\"&#x1b;\"/>",
            "<r>\u{7}</r>",
            "<r>\u{ffff}</r>",
        ] {
            let d = parse(bad).unwrap_err();
            assert!(
                d.message.contains("is not a character XML allows"),
                "{bad}: {d:?}"
            );
        }
    }

    #[test]
    fn nesting_deeper_than_the_bound_is_a_located_error() {
        let doc = |depth: usize| format!("{}{}", "<a>".repeat(depth), "</a>".repeat(depth));
        assert!(parse(&doc(MAX_DEPTH)).is_ok());
        let d = parse(&doc(MAX_DEPTH + 1)).unwrap_err();
        assert_eq!(d.code, "E080");
        assert!(
            d.message.contains("nested more than 256 deep"),
            "{}",
            d.message
        );
        // At the start tag one level too deep.
        assert_eq!(d.span.unwrap().start, 3 * MAX_DEPTH);
    }

    #[test]
    fn a_repeated_attribute_is_a_located_error() {
        let d = parse("<r>\n<n a=\"1\" b=\"2\" a=\"3\"/></r>").unwrap_err();
        assert_eq!(d.code, "E080");
        assert!(d.message.contains("`a` appears twice"), "{}", d.message);
        assert_eq!(d.span.unwrap().start, 4);
        // Past the first sixteen, through a set.
        let many: String = (0..40).map(|i| format!(" a{i}=\"{i}\"")).collect();
        assert_eq!(parse(&format!("<r{many}/>")).unwrap().attrs.len(), 40);
        for repeated in [3, 16, 17, 39] {
            let d = parse(&format!("<r{many} a{repeated}=\"x\"/>")).unwrap_err();
            assert!(
                d.message.contains(&format!("`a{repeated}` appears twice")),
                "{}",
                d.message
            );
        }
        // Namespaced keys are distinct attributes.
        let ok = parse("<r x:a=\"1\" y:a=\"2\"/>").unwrap();
        assert_eq!(ok.attrs.len(), 2);
    }

    #[test]
    fn elements_taken_as_they_close_are_not_kept() {
        let doc = "<r><k/><g a=\"1\"><n id=\"x\"><d>t</d></n><n id=\"y\"/><m/></g></r>";
        let mut taken = Vec::new();
        let root = parse_with(doc, &mut |open, el| {
            let names: Vec<&str> = open.iter().map(|e| e.name.as_str()).collect();
            if el.name != "n" {
                return Some(el);
            }
            // Its ancestors, each with the children closed so far.
            assert_eq!(names, ["", "r", "g"]);
            assert_eq!(open[1].children.len(), 1);
            assert_eq!(open[2].attr("a"), Some("1"));
            taken.push((el.attr("id").unwrap().to_string(), el.children.len(), el.at));
            None
        })
        .unwrap();
        assert_eq!(taken, [("x".into(), 1, 16), ("y".into(), 0, 38)]);
        let g = root.child("g").unwrap();
        let kept: Vec<&str> = g.children.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(kept, ["m"]);
        assert_eq!(parse(doc).unwrap().child("g").unwrap().children.len(), 3);
    }

    #[test]
    fn malformed_xml_is_a_located_error() {
        let d = parse("<r><a></r>").unwrap_err();
        assert_eq!(d.code, "E080");
        assert!(d.span.is_some());
    }
}
