//! A RON parser that keeps the byte span of every value, so that later checks can point at
//! the exact field that is wrong. It accepts the RON syntax (<https://github.com/ron-rs/ron>;
//! the file format in `docs/format.md`): structs and tuples with optional names, lists, maps, strings (with
//! escapes and raw strings), numbers, booleans, chars, unit identifiers, line and nested
//! block comments, and leading `#![enable(...)]` attributes.
//!
//! It never panics and never recurses deeper than [`MAX_DEPTH`], whatever the input.
//!
//! Why this file is long: the parser is one `impl Parser` over one cursor (values, strings,
//! numbers, comments and error recovery call each other recursively), and the chunked parsing
//! of large lists at the end reuses its internals; split, one recursive descent would be
//! spread over several files.

use crate::diagnostic::{Diagnostic, Span};
use rayon::prelude::*;
use std::borrow::Cow;

/// Nesting deeper than this is refused, so a hostile file cannot overflow the stack.
pub const MAX_DEPTH: usize = 64;

fn close_of(opener: u8) -> u8 {
    match opener {
        b'(' => b')',
        b'[' => b']',
        _ => b'}',
    }
}

/// A parsed value and where it is. Names, identifiers and strings without escapes borrow
/// from the source text: the loaders copy what they keep once, from the text.
#[derive(Debug, Clone, PartialEq)]
pub struct Node<'a> {
    pub span: Span,
    pub value: Value<'a>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Value<'a> {
    Str(Cow<'a, str>),
    Char(char),
    Number(f64),
    /// A number written without a fraction or an exponent (`3`, `-0x1F`), kept exactly.
    Integer(i128),
    Bool(bool),
    /// A bare identifier: a unit enum variant such as `State` or `None`.
    Ident(&'a str),
    /// `Name(a: 1, b: 2)` or `(a: 1)`.
    Struct {
        name: Option<(&'a str, Span)>,
        fields: Vec<Field<'a>>,
    },
    /// `Name(1, 2)`, `Some(x)` or `(1, 2)`.
    Tuple {
        name: Option<(&'a str, Span)>,
        items: Vec<Node<'a>>,
    },
    List(Vec<Node<'a>>),
    Map(Vec<(Node<'a>, Node<'a>)>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Field<'a> {
    pub name: &'a str,
    pub name_span: Span,
    pub value: Node<'a>,
}

impl Value<'_> {
    /// A short description for "expected X, found Y" messages.
    pub fn describe(&self) -> String {
        match self {
            Value::Str(_) => "a string".into(),
            Value::Char(_) => "a char".into(),
            Value::Number(_) | Value::Integer(_) => "a number".into(),
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
pub fn parse(src: &str) -> Result<Node<'_>, Box<Diagnostic>> {
    parse_streaming(src, &[], &mut Ignore)
}

/// Receives the elements of streamed lists (see [`parse_streaming`]).
///
/// A large list may be split into chunks parsed on several threads: each chunk's elements
/// go, in order, to a [`Streamer::Part`] of their own, and the parts of one list are handed
/// to [`Streamer::finish`] together, in file order. The parts therefore only need to be
/// independent of each other; what `finish` makes of them does not depend on how the list
/// was split.
pub trait Streamer<'src>: Sync {
    type Part: Send;
    /// An empty part for elements of `field`. `text` is the source from where the part's
    /// first element starts, to its last or further (or, when a list meant for chunks is
    /// read on one thread after all, to the first element only): a hint for sizing.
    fn part(&self, field: &str, text: &str) -> Self::Part;
    fn item(&self, part: &mut Self::Part, node: Node<'src>);
    /// Reads the element that starts at byte `at` of `src` (after any blank space)
    /// straight from the text, without a tree, when it can: returns where it ends. `None`
    /// leaves it to be parsed into a tree and handed to [`Streamer::item`] (so nothing may
    /// be added to `part` then). What it reads must be exactly what `item` would have
    /// made of the tree, and an element that would give any problem must be left to the
    /// tree. The element may nest at most two levels below the list.
    fn item_text(&self, _part: &mut Self::Part, _src: &'src str, _at: usize) -> Option<usize> {
        None
    }
    /// A part read in a chunk has read its elements up to `at` (and will read no more).
    fn end(&self, _part: &mut Self::Part, _at: usize) {}
    /// Takes the parts of one list, in file order.
    fn finish(&mut self, field: &str, parts: Vec<Self::Part>);
}

/// A streamer that drops what it receives.
pub struct Ignore;

impl Streamer<'_> for Ignore {
    type Part = ();
    fn part(&self, _: &str, _: &str) {}
    fn item(&self, _: &mut (), _: Node) {}
    fn finish(&mut self, _: &str, _: Vec<()>) {}
}

/// When a streamed list is parsed in chunks on several threads: when at least
/// `min_bytes` of the file are left where the list's second element starts, in chunks of
/// about `chunk_bytes`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Chunking {
    pub min_bytes: usize,
    pub chunk_bytes: usize,
}

impl Chunking {
    /// Files under 1 MB are parsed on one thread, as they always were; larger lists in
    /// chunks of 1 MB (~5 000 relations), many more than threads, so that the threads
    /// finish together and each chunk's results stay small until they are joined.
    pub const DEFAULT: Chunking = Chunking {
        min_bytes: 1 << 20,
        chunk_bytes: 1 << 20,
    };
    /// Never in chunks.
    pub const SEQUENTIAL: Chunking = Chunking {
        min_bytes: usize::MAX,
        chunk_bytes: usize::MAX,
    };
}

/// Parses like [`parse`], but hands each element of the root struct's list fields named in
/// `streamed` to `sink` as soon as it is read, and leaves those lists empty (with their
/// spans) in the returned tree. A large graph's relations are then never all held as a
/// tree: each is decoded and dropped while the rest is parsed. A field given twice is
/// streamed only the first time (the repetition stays in the tree for the reader to report).
/// On a syntax error, what the sink received must be thrown away.
///
/// A list over a megabyte is parsed in chunks on the rayon threads ([`Chunking::DEFAULT`]);
/// the result, including the first syntax error, is the same as on one thread.
pub fn parse_streaming<'src, S: Streamer<'src>>(
    src: &'src str,
    streamed: &[&str],
    sink: &mut S,
) -> Result<Node<'src>, Box<Diagnostic>> {
    let chunking = if rayon::current_num_threads() > 1 {
        Chunking::DEFAULT
    } else {
        Chunking::SEQUENTIAL
    };
    parse_streaming_with(src, streamed, sink, chunking)
}

/// [`parse_streaming`] with the chunking given (tests force small chunks with it).
pub fn parse_streaming_with<'src, S: Streamer<'src>>(
    src: &'src str,
    streamed: &[&str],
    sink: &mut S,
    chunking: Chunking,
) -> Result<Node<'src>, Box<Diagnostic>> {
    let mut p = Parser::new(src, streamed, Some(sink));
    p.chunking = chunking;
    p.skip_bom();
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

/// The value written at byte `at` of `src`, with its spans into the whole of `src`: a loader
/// that kept only where an item is reads it again to find its fields (`None` if no value
/// parses there).
pub fn parse_at(src: &str, at: usize) -> Option<Node<'_>> {
    let mut p = Parser::<Ignore>::new(src, &[], None);
    p.pos = at;
    p.value().ok()
}

/// The name of the document's root struct (`Graph`, `Scenario`), read without parsing the
/// rest: loaders use it to pick how to read a file. `None` when the root is not a named value
/// or the text before it is malformed (the full parse then reports why).
pub fn root_name(src: &str) -> Option<&str> {
    let mut p = Parser::<Ignore>::new(src, &[], None);
    p.skip_bom();
    p.skip_ws().ok()?;
    p.skip_attributes().ok()?;
    match p.peek() {
        Some(c) if c == b'_' || c.is_ascii_alphabetic() => Some(p.ident_str()),
        _ => None,
    }
}

struct Parser<'a, 's, S: Streamer<'a>> {
    src: &'a str,
    bytes: &'a [u8],
    pos: usize,
    depth: usize,
    /// Openers of the enclosing `(`, `[`, `{`, innermost last.
    open: Vec<(u8, usize)>,
    /// Root list fields whose elements go to `sink` (see [`parse_streaming`]).
    streamed: &'s [&'s str],
    sink: Option<&'s mut S>,
    chunking: Chunking,
    /// Scratch stacks: a struct's fields and a list's items are gathered here and then
    /// moved into one exactly sized vector (no regrowth per element).
    field_stack: Vec<Field<'a>>,
    item_stack: Vec<Node<'a>>,
}

type PResult<T> = Result<T, Box<Diagnostic>>;

impl<'a, 's, S: Streamer<'a>> Parser<'a, 's, S> {
    fn new(src: &'a str, streamed: &'s [&'s str], sink: Option<&'s mut S>) -> Self {
        Parser {
            src,
            bytes: src.as_bytes(),
            pos: 0,
            depth: 0,
            open: Vec::new(),
            streamed,
            sink,
            chunking: Chunking::SEQUENTIAL,
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
        let d = Diagnostic::error("E001", msg).at(Some(span), label.to_owned());
        Box::new(if hint.is_empty() {
            d
        } else {
            d.hint(hint.to_owned())
        })
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

    /// Skips a UTF-8 byte order mark at the start, as some editors write one.
    fn skip_bom(&mut self) {
        if self.pos == 0 && self.src.starts_with('\u{feff}') {
            self.pos = '\u{feff}'.len_utf8();
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

    fn value(&mut self) -> PResult<Node<'a>> {
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
                let ident = word;
                self.skip_ws()?;
                if self.peek() == Some(b'(') {
                    let mut n = self.nested(|p| p.group(Some((ident, ident_span))))?;
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
                        e.hint = Some(Cow::Owned(format!(
                            "close the `{}` with `{}` before this `{}`",
                            opener as char,
                            close_of(opener) as char,
                            c as char
                        )));
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

    fn node(&self, start: usize, value: Value<'a>) -> Node<'a> {
        Node {
            span: Span::new(start, self.pos),
            value,
        }
    }

    fn nested(&mut self, f: impl FnOnce(&mut Self) -> PResult<Node<'a>>) -> PResult<Node<'a>> {
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

    fn list(&mut self) -> PResult<Node<'a>> {
        let start = self.pos;
        self.pos += 1;
        let base = self.item_stack.len();
        if !self.at_close(b']')? {
            loop {
                let item = self.value()?;
                self.item_stack.push(item);
                if self.separator(b']', start, "list `[`")? || self.at_close(b']')? {
                    break;
                }
            }
        }
        let items: Vec<Node> = self.item_stack.drain(base..).collect();
        Ok(self.node(start, Value::List(items)))
    }

    /// A list whose elements go to the sink under `field`; it is left empty in the tree.
    /// Parsed like [`Parser::list`], except that from the second element on a large list
    /// may be parsed in chunks on several threads ([`Parser::chunks`]).
    fn streamed_list(&mut self, field: &str) -> PResult<Node<'a>> {
        let start = self.pos;
        self.pos += 1;
        let Some(sink) = self.sink.take() else {
            return self.list();
        };
        let r = self.streamed_items(field, start, sink);
        self.sink = Some(sink);
        let parts = r?;
        if let Some(sink) = self.sink.as_deref_mut() {
            sink.finish(field, parts);
        }
        Ok(self.node(start, Value::List(Vec::new())))
    }

    fn streamed_items(&mut self, field: &str, start: usize, sink: &mut S) -> PResult<Vec<S::Part>> {
        if self.at_close(b']')? {
            return Ok(Vec::new());
        }
        let first_at = self.pos;
        let first = self.value()?;
        let name = match &first.value {
            Value::Struct { name, .. } | Value::Tuple { name, .. } => name.map(|(n, _)| n),
            _ => None,
        };
        // The part holds only the first element when the rest may go in chunks.
        let rest = if name.is_some() && self.src.len() - self.pos >= self.chunking.min_bytes {
            &self.src[first_at..self.pos]
        } else {
            &self.src[first_at..]
        };
        let mut part = sink.part(field, rest);
        sink.item(&mut part, first);
        if self.separator(b']', start, "list `[`")? || self.at_close(b']')? {
            return Ok(vec![part]);
        }
        if let Some(name) = name
            && let Some(mut parts) = self.chunks(field, name, sink)
        {
            parts.insert(0, part);
            return Ok(parts);
        }
        loop {
            self.streamed_item(sink, &mut part)?;
            if self.separator(b']', start, "list `[`")? || self.at_close(b']')? {
                return Ok(vec![part]);
            }
        }
    }

    /// Reads one element of a streamed list into `part`: straight from the text when the
    /// sink can ([`Streamer::item_text`]), else parsed into a tree and handed over.
    fn streamed_item(&mut self, sink: &S, part: &mut S::Part) -> PResult<()> {
        self.skip_ws()?;
        // The element and a list in it are two levels below the list.
        if self.depth + 2 <= MAX_DEPTH
            && let Some(end) = sink.item_text(part, self.src, self.pos)
        {
            self.pos = end;
            return Ok(());
        }
        let item = self.value()?;
        sink.item(part, item);
        Ok(())
    }

    /// Parses the rest of a streamed list, from the start of an element at `self.pos` to
    /// its closing `]`, in chunks on several threads; `None` (with `self.pos` unchanged)
    /// when the list is small or the chunks do not join up, and the caller parses it on.
    ///
    /// Chunks start where a line starts with `name(` (`Relation(`, the first element's
    /// name): a guess, since such a line may sit in a string or a comment. Each chunk is
    /// parsed as the list's elements from its start until, after an element and its comma,
    /// it reaches the next chunk's start; the first chunk starts at a true element, so if
    /// it reaches the second's start exactly, that start is a true element too, and so on.
    /// The chunks are kept only when every one reaches the next and the last closes the
    /// list (or one closes it early: those after it are dropped); after any syntax error or
    /// an element that runs past the next start, the list is parsed again on one thread,
    /// which gives the same first error as a parse that never tried chunks.
    fn chunks(&mut self, field: &str, name: &str, sink: &S) -> Option<Vec<S::Part>> {
        let from = self.pos;
        let len = self.src.len();
        if len - from < self.chunking.min_bytes {
            return None;
        }
        let step = self.chunking.chunk_bytes.max(1);
        let mut starts = vec![from];
        let mut at = from.saturating_add(step);
        while at < len {
            // The next chunk starts at the first element line at least `step` bytes on.
            // None within as many bytes (or 64 kB) means the list (or what looks like it)
            // ended before: a short list followed by a long one is not searched to the end.
            let end = at.saturating_add(step.max(1 << 16)).min(len);
            let Some(next) = element_line_in(self.src, name, at, end) else {
                break;
            };
            starts.push(next);
            at = next.saturating_add(step);
        }
        if starts.len() < 2 {
            return None;
        }
        let (src, depth) = (self.src, self.depth);
        // The parts are made here, on the calling thread, so that what they are given room
        // for comes from its heap: made on the reading threads, their items (the largest
        // vectors of a load) lay in those threads' glibc arenas, whose free top memory
        // `malloc_trim` does not hand back once they are freed (10 MB more resident after a
        // load of 1M relations, depending on how the frees fell).
        let parts: Vec<S::Part> = (0..starts.len())
            .map(|i| {
                sink.part(
                    field,
                    &src[starts[i]..starts.get(i + 1).map_or(src.len(), |&n| n)],
                )
            })
            .collect();
        let done: Vec<(S::Part, Reach)> = parts
            .into_par_iter()
            .enumerate()
            .map(|(i, part)| {
                chunk(
                    src,
                    depth,
                    sink,
                    part,
                    starts[i],
                    starts.get(i + 1).copied(),
                )
            })
            .collect();
        let mut parts = Vec::with_capacity(done.len());
        for (part, reach) in done {
            match reach {
                Reach::Next => parts.push(part),
                Reach::Closed(at) => {
                    parts.push(part);
                    self.pos = at;
                    return Some(parts);
                }
                Reach::Failed => return None,
            }
        }
        None
    }
    fn map(&mut self) -> PResult<Node<'a>> {
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
    fn group(&mut self, name: Option<(&'a str, Span)>) -> PResult<Node<'a>> {
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
                                self.nested(|p| p.streamed_list(fname))?
                            } else {
                                self.value()?
                            }
                        } else {
                            self.value()?
                        };
                        self.field_stack.push(Field {
                            name: fname,
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

    fn number(&mut self) -> PResult<Node<'a>> {
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
        let (negative, digits) = match text.as_bytes().first() {
            Some(b'-') => (true, &text[1..]),
            Some(b'+') => (false, &text[1..]),
            _ => (false, &text[..]),
        };
        let radix = [("0x", 16), ("0b", 2), ("0o", 8)]
            .into_iter()
            .find_map(|(p, r)| digits.strip_prefix(p).map(|d| (d, r)));
        let signed = |v: u128| {
            let v = i128::try_from(v).ok()?;
            Some(if negative { -v } else { v })
        };
        let parsed = if let Some((d, r)) = radix {
            u128::from_str_radix(d, r)
                .ok()
                .filter(|_| !d.starts_with(['+', '-']))
                .and_then(signed)
                .map(Value::Integer)
        } else if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
            // An integer too large for 128 bits is read as the float it is closest to.
            Some(match digits.parse::<u128>().ok().and_then(signed) {
                Some(v) => Value::Integer(v),
                None => Value::Number(text.parse::<f64>().unwrap_or(f64::INFINITY)),
            })
        } else {
            text.parse::<f64>()
                .ok()
                .filter(|_| !text.ends_with('.') || text.len() > 1)
                .map(Value::Number)
        };
        match parsed {
            Some(v) => Ok(self.node(start, v)),
            None => Err(self.err(
                span,
                &format!("`{}` is not a number", &self.src[start..self.pos]),
                "not a number",
                "write numbers like `0.8`, `-0.45` or `3`",
            )),
        }
    }

    fn string(&mut self) -> PResult<Cow<'a, str>> {
        let start = self.pos;
        self.pos += 1;
        // Most strings have no escapes: one exact allocation instead of a push per char.
        let body = &self.bytes[self.pos..];
        if let Some(end) = body.iter().position(|&b| b == b'"' || b == b'\\')
            && body[end] == b'"'
        {
            let out = &self.src[self.pos..self.pos + end];
            self.pos += end + 1;
            return Ok(Cow::Borrowed(out));
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
                    return Ok(Cow::Owned(out));
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

    fn raw_string(&mut self) -> PResult<Cow<'a, str>> {
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
                let s = &self.src[self.pos..self.pos + i];
                self.pos += i + closing.len();
                Ok(Cow::Borrowed(s))
            }
            None => Err(self.err(
                Span::new(start, start + 1),
                "unterminated raw string",
                "this raw string is never closed",
                &format!("close it with `{closing}`"),
            )),
        }
    }

    fn char_lit(&mut self) -> PResult<Node<'a>> {
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

/// How a chunk of a streamed list ended.
enum Reach {
    /// At the next chunk's start, after an element and its comma.
    Next,
    /// At the list's closing `]`; the position after it.
    Closed(usize),
    /// A syntax error, or an element that ran past the next chunk's start.
    Failed,
}

/// Parses the elements of a list from `start` (at `depth`, the list's) into `part` (made
/// for them), until the position `next` is reached between two elements, or the list
/// closes.
fn chunk<'a, S: Streamer<'a>>(
    src: &'a str,
    depth: usize,
    sink: &S,
    mut part: S::Part,
    start: usize,
    next: Option<usize>,
) -> (S::Part, Reach) {
    let mut p = Parser::<S>::new(src, &[], None);
    p.pos = start;
    p.depth = depth;
    let reach = loop {
        if p.streamed_item(sink, &mut part).is_err() {
            break Reach::Failed;
        }
        match p.separator(b']', start, "list `[`") {
            Ok(true) => break Reach::Closed(p.pos),
            Ok(false) => {}
            Err(_) => break Reach::Failed,
        }
        match p.at_close(b']') {
            Ok(true) => break Reach::Closed(p.pos),
            Ok(false) => {}
            Err(_) => break Reach::Failed,
        }
        match next {
            Some(n) if p.pos == n => break Reach::Next,
            Some(n) if p.pos > n => break Reach::Failed,
            _ => {}
        }
    };
    sink.end(&mut part, p.pos);
    (part, reach)
}

/// The first position in `from..to` where a line starts (after spaces or tabs) with
/// `name(`: where a chunk of a streamed list of `name(...)` elements may start.
fn element_line_in(src: &str, name: &str, from: usize, to: usize) -> Option<usize> {
    let bytes = src.as_bytes();
    let text = &bytes[..(to + name.len() + 1).min(bytes.len())];
    let mut at = from;
    while at < to {
        let found = find_bytes(&text[at..], name.as_bytes())?;
        let p = at + found;
        if p >= to {
            return None;
        }
        let opens = text.get(p + name.len()) == Some(&b'(');
        let line_start = bytes[..p]
            .iter()
            .rev()
            .find(|&&b| b != b' ' && b != b'\t')
            .is_some_and(|&b| b == b'\n');
        if opens && line_start {
            return Some(p);
        }
        at = p + 1;
    }
    None
}

fn find_bytes(hay: &[u8], needle: &[u8]) -> Option<usize> {
    let (&first, rest) = needle.split_first()?;
    let mut at = 0;
    while let Some(i) = hay[at..].iter().position(|&b| b == first) {
        let p = at + i;
        if hay[p + 1..].starts_with(rest) {
            return Some(p);
        }
        at = p + 1;
    }
    None
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
        assert_eq!(items[0].value, Value::Integer(1));
        assert_eq!(items[1].value, Value::Number(-0.25));
        assert_eq!(&src[fields[1].value.span.range()], "[1, -2.5e-1, inf,]");
        assert_eq!(fields[4].value.value.describe(), "a tuple");
        assert_eq!(fields[5].value.value, Value::Str("raw \"q\"".into()));
        assert_eq!(fields[6].value.value, Value::Char('x'));
    }

    #[test]
    fn integers_are_kept_exactly() {
        let n = parse("[9007199254740993, -0x1F, 0b101, +0o17, 1_000, 3.0, 1e3, -9223372036854775809, 999999999999999999999999999999999999999999]").unwrap();
        let Value::List(items) = n.value else {
            panic!("{n:?}")
        };
        let values: Vec<Value> = items.into_iter().map(|n| n.value).collect();
        assert_eq!(
            values,
            [
                Value::Integer(9007199254740993),
                Value::Integer(-31),
                Value::Integer(5),
                Value::Integer(15),
                Value::Integer(1000),
                Value::Number(3.0),
                Value::Number(1000.0),
                Value::Integer(-9223372036854775809),
                Value::Number(1e42),
            ]
        );
        for bad in ["0x", "0xG", "0x-1", "1.2.3"] {
            assert!(parse(bad).is_err(), "{bad}");
        }
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
    fn a_byte_order_mark_is_skipped() {
        let src = "\u{feff}Graph(a: [1])";
        let n = parse(src).unwrap();
        assert_eq!(n.span.start, 3);
        assert_eq!(root_name(src), Some("Graph"));
        let e = parse("\u{feff}Graph(a: @)").unwrap_err();
        assert_eq!(e.span.unwrap().start, 12);
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
        let mut collect = Collect::default();
        let root = parse_streaming(src, &["actors", "relations"], &mut collect).unwrap();
        let got = collect.0;
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
            let b = parse_streaming(src, &["relations"], &mut Ignore).unwrap_err();
            assert_eq!(a, b, "{src}");
        }
    }

    /// Collects streamed elements with their field, in the order `finish` gets them.
    #[derive(Default)]
    struct Collect<'a>(Vec<(String, Node<'a>)>, Vec<usize>);

    impl<'a> Streamer<'a> for Collect<'a> {
        type Part = (String, Vec<Node<'a>>);
        fn part(&self, field: &str, _: &str) -> Self::Part {
            (field.to_string(), Vec::new())
        }
        fn item(&self, part: &mut Self::Part, node: Node<'a>) {
            part.1.push(node);
        }
        fn finish(&mut self, _: &str, parts: Vec<Self::Part>) {
            self.1.push(parts.len());
            for (f, nodes) in parts {
                self.0.extend(nodes.into_iter().map(|n| (f.clone(), n)));
            }
        }
    }

    type Parsed<'a> = Result<(Node<'a>, Vec<(String, Node<'a>)>), Box<Diagnostic>>;

    fn parse_in_chunks(src: &str, chunking: Chunking) -> Parsed<'_> {
        let mut c = Collect::default();
        let root = parse_streaming_with(src, &["actors", "relations", "events"], &mut c, chunking)?;
        Ok((root, c.0))
    }

    /// Every chunk size from one byte (a chunk per element line) to the whole text.
    fn assert_chunks_agree(src: &str) {
        let one = parse_in_chunks(src, Chunking::SEQUENTIAL);
        for chunk_bytes in (1..40).chain([64, 200, 1000, src.len()]) {
            let chunking = Chunking {
                min_bytes: 0,
                chunk_bytes,
            };
            assert_eq!(
                parse_in_chunks(src, chunking),
                one,
                "chunks of {chunk_bytes} bytes in:\n{src}"
            );
        }
    }

    const LIST: &str = r##"Graph(
    actors: [
        Actor(id: "A"),
        Actor(id: "B", tags: ["x",
        Actor(id: "no")]),
        Actor(id: "C"), Actor(id: "D"),
    ],
    relations: [
        Relation(from: "A", to: "B", note: "two lines:
        Relation(from: \"X\"),"),
        Relation(
            from: "B",
            to: "C", // a comment
        ),
        /* a comment with a relation in it
        Relation(from: "Y", to: "Z"),
        */
        Relation(from: "C", to: "D", nested: [[1, 2], (a: Some(3))]),
        Relation(from: r#"D"#, to: 'x'),
    ],
    events: [
        Event(summary: "
        Relation(from: \"E\"),
        "),
        Event(summary: "last"),
    ],
)"##;

    #[test]
    fn chunked_lists_give_what_one_thread_gives() {
        // The lists are split: a part for the first element, then one per chunk, up to
        // the one that closes the list (`x`'s elements are not `relations`').
        let parts = |src: &str| {
            let mut c = Collect::default();
            let small = Chunking {
                min_bytes: 0,
                chunk_bytes: 1,
            };
            parse_streaming_with(src, &["relations"], &mut c, small).unwrap();
            c.1
        };
        assert_eq!(parts("Graph(relations: [\n R(),\n R(),\n R()])"), [3]);
        assert_eq!(
            parts("Graph(relations: [\n R(),\n R(),\n],\n x: [\n R(),\n R()])"),
            [2]
        );
        // Where a line that looks like an element is not one, on one thread.
        assert_eq!(parts(LIST), [1]);
        assert_chunks_agree(LIST);
        assert_chunks_agree(&LIST.replace("\n    ],\n    events", ",\n    ],\n    events"));
        assert_chunks_agree("Graph(relations: [\n R(),\n R(),\n R()])");
        assert_chunks_agree("Graph(relations: [\n R(),\n R(),\n],\n x: [\n R(),\n R()])");
        assert_chunks_agree("Graph(relations: [\n 1,\n 2,\n 3])");
        assert_chunks_agree("Graph(relations: [])");
        assert_chunks_agree("Graph(relations: [\n R()])");
    }

    #[test]
    fn chunked_lists_give_the_first_syntax_error() {
        for (bad, good) in [
            ("Relation(from: \"C\"", "Relation(from: \"C\","),
            ("to: \"C\", // a comment", "to: \"C\" \"D\", // a comment"),
            ("Relation(from: r#\"D\"#", "Relation(from: r#\"D\""),
            ("Event(summary: \"last\")", "Event(summary: \"last\"))"),
            ("        */\n", "\n"),
            ("note: \"two lines:", "note: two lines:"),
            ("[[1, 2]", "[[1, 2)"),
        ] {
            let src = LIST.replacen(bad, good, 1);
            assert_ne!(src, LIST, "{bad}");
            assert!(parse(&src).is_err(), "{src}");
            assert_chunks_agree(&src);
        }
        // In a list that splits cleanly, an error in any element.
        let clean: Vec<String> = (0..8)
            .map(|i| format!("    R(a: {i}, b: \"{i}\"),\n"))
            .collect();
        for i in 0..8 {
            for (bad, good) in [
                (",\n", "\n"),
                ("b:", "b"),
                ("\"),", "),"),
                ("R(", "R(("),
                ("R(", "]"),
            ] {
                let mut items = clean.clone();
                items[i] = items[i].replacen(bad, good, 1);
                let src = format!("Graph(relations: [\n{}], x: 1)", items.concat());
                // (The last element without its comma is still a list.)
                assert_eq!(parse(&src).is_err(), i < 7 || bad != ",\n", "{src}");
                assert_chunks_agree(&src);
            }
        }
        // The root and the list are two levels: chunks start as deep as the list.
        let deep = |n: usize| {
            let (open, close) = ("[".repeat(n), "]".repeat(n));
            format!("Graph(relations: [\n R(),\n {open}1{close},\n R()])")
        };
        assert!(parse(&deep(MAX_DEPTH - 2)).is_ok());
        assert!(parse(&deep(MAX_DEPTH - 1)).is_err());
        assert_chunks_agree(&deep(MAX_DEPTH - 2));
        assert_chunks_agree(&deep(MAX_DEPTH - 1));
    }
}
