//! A RON parser that keeps the byte span of every value, so that later checks can point at
//! the exact field that is wrong. It accepts the RON syntax (https://github.com/ron-rs/ron,
//! `docs/grammar.md`): structs and tuples with optional names, lists, maps, strings (with
//! escapes and raw strings), numbers, booleans, chars, unit identifiers, line and nested
//! block comments, and leading `#![enable(...)]` attributes.
//!
//! It never panics and never recurses deeper than [`MAX_DEPTH`], whatever the input.

use crate::diagnostic::{Diagnostic, Span};

/// Nesting deeper than this is refused, so a hostile file cannot overflow the stack.
pub const MAX_DEPTH: usize = 64;

fn close_of(opener: u8) -> u8 {
    match opener {
        b'(' => b')',
        b'[' => b']',
        _ => b'}',
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub span: Span,
    pub value: Value,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Str(String),
    Char(char),
    Number(f64),
    Bool(bool),
    /// A bare identifier: a unit enum variant such as `State` or `None`.
    Ident(String),
    /// `Name(a: 1, b: 2)` or `(a: 1)`.
    Struct {
        name: Option<(String, Span)>,
        fields: Vec<Field>,
    },
    /// `Name(1, 2)`, `Some(x)` or `(1, 2)`.
    Tuple {
        name: Option<(String, Span)>,
        items: Vec<Node>,
    },
    List(Vec<Node>),
    Map(Vec<(Node, Node)>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    pub name: String,
    pub name_span: Span,
    pub value: Node,
}

impl Value {
    /// A short description for "expected X, found Y" messages.
    pub fn describe(&self) -> String {
        match self {
            Value::Str(_) => "a string".into(),
            Value::Char(_) => "a char".into(),
            Value::Number(_) => "a number".into(),
            Value::Bool(_) => "a boolean".into(),
            Value::Ident(s) => format!("`{s}`"),
            Value::Struct {
                name: Some((n, _)), ..
            } => format!("a `{n}(...)` struct"),
            Value::Struct { name: None, .. } => "a struct".into(),
            Value::Tuple {
                name: Some((n, _)), ..
            } => format!("`{n}(...)`"),
            Value::Tuple { name: None, .. } => "a tuple".into(),
            Value::List(_) => "a list".into(),
            Value::Map(_) => "a map".into(),
        }
    }
}

/// Parses a whole RON document into one value.
pub fn parse(src: &str) -> Result<Node, Box<Diagnostic>> {
    parse_streaming(src, &[], &mut |_, _| {})
}

/// Receives the elements of streamed lists: the field's name and one element.
pub type Sink<'s> = dyn FnMut(&str, Node) + 's;

/// Parses like [`parse`], but hands each element of the root struct's list fields named in
/// `streamed` to `sink` as soon as it is read, and leaves those lists empty (with their
/// spans) in the returned tree. A large graph's relations are then never all held as a
/// tree: each is decoded and dropped while the rest is parsed. A field given twice is
/// streamed only the first time (the repetition stays in the tree for the reader to report).
/// On a syntax error, what the sink received must be thrown away.
pub fn parse_streaming(
    src: &str,
    streamed: &[&str],
    sink: &mut Sink<'_>,
) -> Result<Node, Box<Diagnostic>> {
    let mut p = Parser::new(src, streamed, sink);
    p.skip_ws()?;
    p.skip_attributes()?;
    let node = p.value()?;
    p.skip_ws()?;
    if p.pos < p.bytes.len() {
        return Err(p.err_here(
            "unexpected content after the end of the document",
            "the document should end here",
            "a RON file holds exactly one value; remove what follows or wrap it in the value",
        ));
    }
    Ok(node)
}

/// The name of the document's root struct (`Graph`, `Scenario`), read without parsing the
/// rest: loaders use it to pick how to read a file. `None` when the root is not a named value
/// or the text before it is malformed (the full parse then reports why).
pub fn root_name(src: &str) -> Option<&str> {
    let mut ignore = |_: &str, _: Node| {};
    let mut p = Parser::new(src, &[], &mut ignore);
    p.skip_ws().ok()?;
    p.skip_attributes().ok()?;
    match p.peek() {
        Some(c) if c == b'_' || c.is_ascii_alphabetic() => Some(p.ident_str()),
        _ => None,
    }
}

struct Parser<'a, 's> {
    src: &'a str,
    bytes: &'a [u8],
    pos: usize,
    depth: usize,
    /// Openers of the enclosing `(`, `[`, `{`, innermost last.
    open: Vec<(u8, usize)>,
    /// Root list fields whose elements go to `sink` (see [`parse_streaming`]).
    streamed: &'a [&'a str],
    sink: &'s mut Sink<'s>,
    /// Scratch stacks: a struct's fields and a list's items are gathered here and then
    /// moved into one exactly sized vector (no regrowth per element).
    field_stack: Vec<Field>,
    item_stack: Vec<Node>,
}

type PResult<T> = Result<T, Box<Diagnostic>>;

impl<'a, 's> Parser<'a, 's> {
    fn new(src: &'a str, streamed: &'a [&'a str], sink: &'s mut Sink<'s>) -> Self {
        Parser {
            src,
            bytes: src.as_bytes(),
            pos: 0,
            depth: 0,
            open: Vec::new(),
            streamed,
            sink,
            field_stack: Vec::new(),
            item_stack: Vec::new(),
        }
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn char_len_at(&self, at: usize) -> usize {
        self.src[at..].chars().next().map_or(1, char::len_utf8)
    }

    fn err(&self, span: Span, msg: &str, label: &str, hint: &str) -> Box<Diagnostic> {
        let d = Diagnostic::error("E001", msg).at(Some(span), label);
        Box::new(if hint.is_empty() { d } else { d.hint(hint) })
    }

    fn err_here(&self, msg: &str, label: &str, hint: &str) -> Box<Diagnostic> {
        let end = if self.pos < self.bytes.len() {
            self.pos + self.char_len_at(self.pos)
        } else {
            self.pos
        };
        self.err(Span::new(self.pos, end), msg, label, hint)
    }

    fn found(&self) -> String {
        match self.src.get(self.pos..).and_then(|s| s.chars().next()) {
            Some(c) => format!("`{c}`"),
            None => "the end of the file".into(),
        }
    }

    fn skip_ws(&mut self) -> PResult<()> {
        loop {
            match self.peek() {
                Some(b' ' | b'\t' | b'\n' | b'\r') => self.pos += 1,
                Some(b'/') if self.bytes.get(self.pos + 1) == Some(&b'/') => {
                    while let Some(c) = self.peek() {
                        if c == b'\n' {
                            break;
                        }
                        self.pos += 1;
                    }
                }
                Some(b'/') if self.bytes.get(self.pos + 1) == Some(&b'*') => {
                    let start = self.pos;
                    self.pos += 2;
                    let mut level = 1;
                    while level > 0 {
                        match (self.peek(), self.bytes.get(self.pos + 1)) {
                            (None, _) => {
                                return Err(self.err(
                                    Span::new(start, start + 2),
                                    "unterminated block comment",
                                    "this comment is never closed",
                                    "close it with `*/`",
                                ));
                            }
                            (Some(b'/'), Some(b'*')) => {
                                level += 1;
                                self.pos += 2;
                            }
                            (Some(b'*'), Some(b'/')) => {
                                level -= 1;
                                self.pos += 2;
                            }
                            _ => self.pos += 1,
                        }
                    }
                }
                _ => return Ok(()),
            }
        }
    }

    fn skip_attributes(&mut self) -> PResult<()> {
        while self.src[self.pos..].starts_with("#![") {
            let start = self.pos;
            match self.src[self.pos..].find(']') {
                Some(i) => self.pos += i + 1,
                None => {
                    return Err(self.err(
                        Span::new(start, start + 3),
                        "unterminated attribute",
                        "this `#![` is never closed",
                        "write it as `#![enable(implicit_some)]`",
                    ));
                }
            }
            self.skip_ws()?;
        }
        Ok(())
    }

    fn value(&mut self) -> PResult<Node> {
        self.skip_ws()?;
        let start = self.pos;
        let Some(c) = self.peek() else {
            return Err(self.err_here(
                "unexpected end of file",
                "a value was expected here",
                "the file may be truncated: check for unclosed `(` or `[`",
            ));
        };
        match c {
            b'"' => {
                let s = self.string()?;
                Ok(self.node(start, Value::Str(s)))
            }
            b'r' if matches!(self.bytes.get(self.pos + 1), Some(b'"' | b'#')) => {
                let s = self.raw_string()?;
                Ok(self.node(start, Value::Str(s)))
            }
            b'\'' => self.char_lit(),
            b'[' => self.nested(|p| p.list()),
            b'{' => self.nested(|p| p.map()),
            b'(' => self.nested(|p| p.group(None)),
            b'0'..=b'9' | b'-' | b'+' | b'.' => self.number(),
            c if c == b'_' || c.is_ascii_alphabetic() => {
                let word = self.ident_str();
                let ident_span = Span::new(start, self.pos);
                match word {
                    "true" => return Ok(self.node(start, Value::Bool(true))),
                    "false" => return Ok(self.node(start, Value::Bool(false))),
                    "inf" => return Ok(self.node(start, Value::Number(f64::INFINITY))),
                    "NaN" => return Ok(self.node(start, Value::Number(f64::NAN))),
                    _ => {}
                }
                let ident = word.to_string();
                self.skip_ws()?;
                if self.peek() == Some(b'(') {
                    let mut n = self.nested(|p| p.group(Some((ident.clone(), ident_span))))?;
                    n.span.start = start;
                    Ok(n)
                } else {
                    Ok(Node {
                        span: ident_span,
                        value: Value::Ident(ident),
                    })
                }
            }
            b')' | b']' | b'}' => {
                let mut e = self.err_here(
                    &format!("expected a value, found {}", self.found()),
                    "a value was expected here",
                    "",
                );
                match self.open.last() {
                    Some(&(opener, at)) if close_of(opener) != c => {
                        e.secondary.push((
                            Span::new(at, at + 1),
                            format!("this `{}` is not closed", opener as char),
                        ));
                        e.hint = Some(format!(
                            "close the `{}` with `{}` before this `{}`",
                            opener as char,
                            close_of(opener) as char,
                            c as char
                        ));
                    }
                    _ => e.hint = Some("remove the stray comma or add the missing value".into()),
                }
                Err(e)
            }
            _ => Err(self.err_here(
                &format!("expected a value, found {}", self.found()),
                "not a value",
                "values are strings in double quotes, numbers, true/false, identifiers, `(...)`, `[...]` or `{...}`",
            )),
        }
    }

    fn node(&self, start: usize, value: Value) -> Node {
        Node {
            span: Span::new(start, self.pos),
            value,
        }
    }

    fn nested(&mut self, f: impl FnOnce(&mut Self) -> PResult<Node>) -> PResult<Node> {
        if self.depth >= MAX_DEPTH {
            return Err(self.err_here(
                "values are nested too deeply",
                "nesting limit reached here",
                &format!("entente accepts at most {MAX_DEPTH} levels of nesting"),
            ));
        }
        self.depth += 1;
        self.open.push((self.bytes[self.pos], self.pos));
        let r = f(self);
        self.open.pop();
        self.depth -= 1;
        r
    }

    fn ident_str(&mut self) -> &'a str {
        let start = self.pos;
        while let Some(c) = self.peek() {
            if c == b'_' || c.is_ascii_alphanumeric() {
                self.pos += 1;
            } else {
                break;
            }
        }
        &self.src[start..self.pos]
    }

    /// After an item, expects `,` or the closing delimiter; returns true when closed.
    fn separator(&mut self, close: u8, open_at: usize, what: &str) -> PResult<bool> {
        self.skip_ws()?;
        match self.peek() {
            Some(b',') => {
                self.pos += 1;
                Ok(false)
            }
            Some(c) if c == close => {
                self.pos += 1;
                Ok(true)
            }
            None => Err(self
                .err_here(
                    &format!("unclosed {what}"),
                    &format!("expected `{}` before the end of the file", close as char),
                    "",
                )
                .also(Some(Span::new(open_at, open_at + 1)), "opened here")
                .into()),
            _ => Err(self.err_here(
                &format!(
                    "expected `,` or `{}`, found {}",
                    close as char,
                    self.found()
                ),
                "expected `,` here",
                "separate items with commas",
            )),
        }
    }

    fn at_close(&mut self, close: u8) -> PResult<bool> {
        self.skip_ws()?;
        if self.peek() == Some(close) {
            self.pos += 1;
            return Ok(true);
        }
        Ok(false)
    }

    fn list(&mut self) -> PResult<Node> {
        self.list_to(None)
    }

    /// A list whose elements go to the sink under `field` when it is given.
    fn list_to(&mut self, field: Option<&str>) -> PResult<Node> {
        let start = self.pos;
        self.pos += 1;
        let base = self.item_stack.len();
        if !self.at_close(b']')? {
            loop {
                let item = self.value()?;
                match field {
                    Some(f) => (self.sink)(f, item),
                    None => self.item_stack.push(item),
                }
                if self.separator(b']', start, "list `[`")? || self.at_close(b']')? {
                    break;
                }
            }
        }
        let items: Vec<Node> = self.item_stack.drain(base..).collect();
        Ok(self.node(start, Value::List(items)))
    }

    fn map(&mut self) -> PResult<Node> {
        let start = self.pos;
        self.pos += 1;
        let mut entries = Vec::new();
        if !self.at_close(b'}')? {
            loop {
                let k = self.value()?;
                self.skip_ws()?;
                if self.peek() != Some(b':') {
                    return Err(self.err_here(
                        &format!("expected `:` after a map key, found {}", self.found()),
                        "expected `:`",
                        "map entries are written `key: value`",
                    ));
                }
                self.pos += 1;
                let v = self.value()?;
                entries.push((k, v));
                if self.separator(b'}', start, "map `{`")? || self.at_close(b'}')? {
                    break;
                }
            }
        }
        Ok(self.node(start, Value::Map(entries)))
    }

    /// `( ... )`: named fields make a struct, anything else a tuple.
    fn group(&mut self, name: Option<(String, Span)>) -> PResult<Node> {
        let start = self.pos;
        self.pos += 1;
        let field_base = self.field_stack.len();
        let item_base = self.item_stack.len();
        if !self.at_close(b')')? {
            loop {
                self.skip_ws()?;
                // A field is `ident :` (but not `ident::`, which RON does not have anyway).
                let save = self.pos;
                let is_field = match self.peek() {
                    Some(c) if c == b'_' || c.is_ascii_alphabetic() => {
                        let id = self.ident_str();
                        let id_end = self.pos;
                        self.skip_ws()?;
                        if self.peek() == Some(b':') {
                            self.pos += 1;
                            Some((id, Span::new(save, id_end)))
                        } else {
                            self.pos = save;
                            None
                        }
                    }
                    _ => None,
                };
                match is_field {
                    Some((fname, fspan)) => {
                        if self.item_stack.len() > item_base {
                            return Err(self.err(
                                fspan,
                                "a named field after unnamed values",
                                "this field has a name",
                                "give every value of a struct a name, or none",
                            ));
                        }
                        let stream = self.depth == 1
                            && self.streamed.contains(&fname)
                            && !self.field_stack[field_base..]
                                .iter()
                                .any(|f| f.name == fname);
                        let value = if stream {
                            self.skip_ws()?;
                            if self.peek() == Some(b'[') {
                                self.nested(|p| p.list_to(Some(fname)))?
                            } else {
                                self.value()?
                            }
                        } else {
                            self.value()?
                        };
                        self.field_stack.push(Field {
                            name: fname.to_string(),
                            name_span: fspan,
                            value,
                        });
                    }
                    None => {
                        if self.field_stack.len() > field_base {
                            return Err(self.err_here(
                                "expected a field name",
                                "expected `name: value`",
                                "every value of a struct needs a field name",
                            ));
                        }
                        let item = self.value()?;
                        self.item_stack.push(item);
                    }
                }
                if self.separator(b')', start, "`(`")? || self.at_close(b')')? {
                    break;
                }
            }
        }
        let fields: Vec<Field> = self.field_stack.drain(field_base..).collect();
        let items: Vec<Node> = self.item_stack.drain(item_base..).collect();
        let value = if fields.is_empty() && !items.is_empty() {
            Value::Tuple { name, items }
        } else {
            // `Name()` or `()` (no fields) is an empty struct.
            Value::Struct { name, fields }
        };
        Ok(self.node(start, value))
    }

    fn number(&mut self) -> PResult<Node> {
        let start = self.pos;
        if matches!(self.peek(), Some(b'-' | b'+')) {
            self.pos += 1;
        }
        if self.src[self.pos..].starts_with("inf") {
            self.pos += 3;
            let v = if self.bytes[start] == b'-' {
                f64::NEG_INFINITY
            } else {
                f64::INFINITY
            };
            return Ok(self.node(start, Value::Number(v)));
        }
        if self.src[self.pos..].starts_with("NaN") {
            self.pos += 3;
            return Ok(self.node(start, Value::Number(f64::NAN)));
        }
        while let Some(c) = self.peek() {
            let exp_sign = matches!(c, b'+' | b'-')
                && matches!(self.bytes.get(self.pos.wrapping_sub(1)), Some(b'e' | b'E'));
            if c.is_ascii_alphanumeric() || c == b'.' || c == b'_' || exp_sign {
                self.pos += 1;
            } else {
                break;
            }
        }
        let text: String = self.src[start..self.pos]
            .chars()
            .filter(|&c| c != '_')
            .collect();
        let span = Span::new(start, self.pos);
        let parsed = if let Some(hex) = text.strip_prefix("0x").or_else(|| text.strip_prefix("-0x"))
        {
            i64::from_str_radix(hex, 16)
                .ok()
                .map(|v| if text.starts_with('-') { -v } else { v } as f64)
        } else {
            text.parse::<f64>()
                .ok()
                .filter(|_| !text.ends_with('.') || text.len() > 1)
        };
        match parsed {
            Some(v) => Ok(self.node(start, Value::Number(v))),
            None => Err(self.err(
                span,
                &format!("`{}` is not a number", &self.src[start..self.pos]),
                "not a number",
                "write numbers like `0.8`, `-0.45` or `3`",
            )),
        }
    }

    fn string(&mut self) -> PResult<String> {
        let start = self.pos;
        self.pos += 1;
        // Most strings have no escapes: one exact allocation instead of a push per char.
        let body = &self.bytes[self.pos..];
        if let Some(end) = body.iter().position(|&b| b == b'"' || b == b'\\')
            && body[end] == b'"'
        {
            let out = self.src[self.pos..self.pos + end].to_string();
            self.pos += end + 1;
            return Ok(out);
        }
        let mut out = String::new();
        loop {
            let Some(c) = self.src[self.pos..].chars().next() else {
                return Err(self.err(
                    Span::new(start, start + 1),
                    "unterminated string",
                    "this string is never closed",
                    "add the closing `\"`",
                ));
            };
            match c {
                '"' => {
                    self.pos += 1;
                    return Ok(out);
                }
                '\\' => {
                    let esc_start = self.pos;
                    self.pos += 1;
                    let Some(e) = self.src[self.pos..].chars().next() else {
                        continue;
                    };
                    self.pos += e.len_utf8();
                    match e {
                        'n' => out.push('\n'),
                        't' => out.push('\t'),
                        'r' => out.push('\r'),
                        '0' => out.push('\0'),
                        '\\' => out.push('\\'),
                        '"' => out.push('"'),
                        '\'' => out.push('\''),
                        'u' => out.push(self.unicode_escape(esc_start)?),
                        'x' => {
                            let hex = self.src.get(self.pos..self.pos + 2).unwrap_or("");
                            match u8::from_str_radix(hex, 16) {
                                Ok(b) if b < 0x80 => {
                                    self.pos += 2;
                                    out.push(b as char);
                                }
                                _ => {
                                    return Err(self.err(
                                        Span::new(esc_start, self.pos),
                                        "invalid `\\x` escape",
                                        "expected two hex digits below 80",
                                        "write `\\x41` or use `\\u{...}` for other characters",
                                    ));
                                }
                            }
                        }
                        other => {
                            return Err(self.err(
                                Span::new(esc_start, self.pos),
                                &format!("unknown escape `\\{other}`"),
                                "unknown escape",
                                "escapes are \\n \\t \\r \\0 \\\\ \\\" \\' \\x.. \\u{...}; write a backslash as `\\\\`",
                            ));
                        }
                    }
                }
                c => {
                    out.push(c);
                    self.pos += c.len_utf8();
                }
            }
        }
    }

    fn unicode_escape(&mut self, esc_start: usize) -> PResult<char> {
        let bad = |p: &Self| {
            p.err(
                Span::new(esc_start, p.pos.max(esc_start + 2)),
                "invalid unicode escape",
                "expected `\\u{XXXX}`",
                "write a unicode escape as `\\u{e9}`",
            )
        };
        if self.peek() != Some(b'{') {
            return Err(bad(self));
        }
        let Some(close) = self.src[self.pos..].find('}') else {
            return Err(bad(self));
        };
        let hex = &self.src[self.pos + 1..self.pos + close];
        let c = u32::from_str_radix(hex, 16).ok().and_then(char::from_u32);
        self.pos += close + 1;
        c.ok_or_else(|| bad(self))
    }

    fn raw_string(&mut self) -> PResult<String> {
        let start = self.pos;
        self.pos += 1;
        let mut hashes = 0;
        while self.peek() == Some(b'#') {
            hashes += 1;
            self.pos += 1;
        }
        if self.peek() != Some(b'"') {
            return Err(self.err_here(
                "expected `\"` to start a raw string",
                "expected `\"`",
                "raw strings are written r\"...\" or r#\"...\"#",
            ));
        }
        self.pos += 1;
        let closing = format!("\"{}", "#".repeat(hashes));
        match self.src[self.pos..].find(&closing) {
            Some(i) => {
                let s = self.src[self.pos..self.pos + i].to_string();
                self.pos += i + closing.len();
                Ok(s)
            }
            None => Err(self.err(
                Span::new(start, start + 1),
                "unterminated raw string",
                "this raw string is never closed",
                &format!("close it with `{closing}`"),
            )),
        }
    }

    fn char_lit(&mut self) -> PResult<Node> {
        let start = self.pos;
        self.pos += 1;
        let c = match self.src[self.pos..].chars().next() {
            Some('\\') => {
                self.pos += 1;
                let e = self.src[self.pos..].chars().next().unwrap_or('\\');
                self.pos += e.len_utf8();
                match e {
                    'n' => '\n',
                    't' => '\t',
                    'r' => '\r',
                    '0' => '\0',
                    'u' => self.unicode_escape(start)?,
                    other => other,
                }
            }
            Some(c) => {
                self.pos += c.len_utf8();
                c
            }
            None => '\0',
        };
        if self.peek() != Some(b'\'') {
            return Err(self.err(
                Span::new(start, self.pos),
                "unterminated char literal",
                "expected `'`",
                "strings are written in double quotes: \"...\"",
            ));
        }
        self.pos += 1;
        Ok(self.node(start, Value::Char(c)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_structs_lists_maps_and_spans() {
        let src = r##"#![enable(implicit_some)]
// comment
Graph(name: "x /* not a comment */", /* c /* nested */ */ items: [1, -2.5e-1, inf,], m: {"a": true}, o: Some(State), t: (1, "two"), r: r#"raw "q""#, c: 'x')"##;
        let n = parse(src).unwrap();
        let Value::Struct { name, fields } = &n.value else {
            panic!("{n:?}")
        };
        assert_eq!(name.as_ref().unwrap().0, "Graph");
        assert_eq!(fields.len(), 7);
        assert_eq!(
            fields[0].value.value,
            Value::Str("x /* not a comment */".into())
        );
        let Value::List(items) = &fields[1].value.value else {
            panic!()
        };
        assert_eq!(items[1].value, Value::Number(-0.25));
        assert_eq!(&src[fields[1].value.span.range()], "[1, -2.5e-1, inf,]");
        assert_eq!(fields[4].value.value.describe(), "a tuple");
        assert_eq!(fields[5].value.value, Value::Str("raw \"q\"".into()));
        assert_eq!(fields[6].value.value, Value::Char('x'));
    }

    #[test]
    fn syntax_errors_are_located() {
        for (src, at) in [
            ("(a: 1 b: 2)", 6),
            ("(a: \"open)", 4),
            ("[1, 2", 5),
            ("(a: 1.2.3)", 4),
            ("(a: @)", 4),
        ] {
            let e = parse(src).unwrap_err();
            assert_eq!(e.span.unwrap().start, at, "{src}: {e:?}");
        }
    }

    #[test]
    fn root_name_skips_comments_and_attributes() {
        assert_eq!(
            root_name("#![enable(implicit_some)]\n// c\n/* b */ Scenario(name: \"x\")"),
            Some("Scenario")
        );
        assert_eq!(root_name("Graph(actors: [])"), Some("Graph"));
        assert_eq!(root_name("(actors: [])"), None);
        assert_eq!(root_name("/* open"), None);
    }

    #[test]
    fn deep_nesting_is_refused_not_overflowed() {
        let src = "[".repeat(100_000);
        assert!(parse(&src).is_err());
    }

    #[test]
    fn streaming_hands_root_list_elements_to_the_sink() {
        let src = "Graph(actors: [A, B(x: 1)], relations: [1, 2,], relations: [3], \
                   other: [4], nested: (relations: [5]))";
        let mut got: Vec<(String, Node)> = Vec::new();
        let root = parse_streaming(src, &["actors", "relations"], &mut |f, n| {
            got.push((f.to_string(), n))
        })
        .unwrap();
        let full = parse(src).unwrap();
        let names: Vec<&str> = got.iter().map(|(f, _)| f.as_str()).collect();
        assert_eq!(names, ["actors", "actors", "relations", "relations"]);
        let (Value::Struct { fields, .. }, Value::Struct { fields: all, .. }) =
            (&root.value, &full.value)
        else {
            panic!("{root:?}")
        };
        // Streamed lists are empty in the tree but keep their spans; the elements are the
        // ones a full parse gives.
        for (i, k) in [(0, 0..2), (1, 2..4)] {
            assert_eq!(fields[i].value.value, Value::List(Vec::new()));
            assert_eq!(fields[i].value.span, all[i].value.span);
            let Value::List(items) = &all[i].value.value else {
                panic!()
            };
            let streamed: Vec<&Node> = got[k].iter().map(|(_, n)| n).collect();
            assert_eq!(streamed, items.iter().collect::<Vec<_>>());
        }
        // A repeated field, other fields and nested structs stay in the tree.
        assert_eq!(fields[2..], all[2..]);
    }

    #[test]
    fn streaming_reports_the_same_syntax_error() {
        for src in [
            "Graph(relations: [1, 2 3])",
            "Graph(relations: [(a: 1,)",
            "[1, 2",
        ] {
            let a = parse(src).unwrap_err();
            let b = parse_streaming(src, &["relations"], &mut |_, _| {}).unwrap_err();
            assert_eq!(a, b, "{src}");
        }
    }
}
