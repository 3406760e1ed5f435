//! A relation decoded straight from the text, without its tree (issue 21).
//!
//! A million relations parsed into trees ([`super::parse::Node`]) and read back
//! ([`super::read_relation_unjoined`]) were over 40 % of a large graph's load. Most are
//! written plainly: `Relation(` and fields of the relation's own names, each once, with
//! values of the one form each field takes. [`relation`] reads such a relation field by
//! field from the text and gives what the tree path would have made of it; at the first
//! thing it does not expect (a comment, an escape in a string, `Some(...)`, a field
//! unknown or given twice, a value of another form or out of its vocabulary, a bad date,
//! a syntax error) it gives up, and the relation is parsed and read as a tree from its
//! start, which finds and reports whatever is wrong. The messages therefore have one
//! source: the tree path.

use super::{RELATION_FIELDS, Unjoined};
use crate::model::{Confidence, Date, RelationKind};

/// What [`relation`] reads: the text of the two ids, the rest, and where it ends.
pub(super) struct Direct<'s> {
    pub ids: [&'s str; 2],
    pub rest: Unjoined,
    pub end: usize,
}

/// The `Relation(...)` written at byte `at` of `src`, when it is written plainly and holds
/// no problem a reader reports (those of validation, such as a weight out of range, are
/// found later, on the relation, as for one read through its tree); `None` otherwise.
pub(super) fn relation(src: &str, at: usize) -> Option<Direct<'_>> {
    let mut c = Cursor {
        src,
        bytes: src.as_bytes(),
        pos: at,
    };
    if c.ident() != "Relation" {
        return None;
    }
    c.blank()?;
    c.eat(b'(')?;
    let mut seen = 0u16;
    let mut ids = [""; 2];
    let (mut kind, mut weight, mut directed) = (None, None, None);
    let (mut since, mut until, mut confidence) = (None, None, None);
    let (mut sources, mut note) = (None, None);
    c.blank()?;
    if c.peek() != Some(b')') {
        loop {
            let name = c.ident();
            let i = RELATION_FIELDS.iter().position(|f| *f == name)?;
            if seen & (1 << i) != 0 {
                return None;
            }
            seen |= 1 << i;
            c.blank()?;
            c.eat(b':')?;
            c.blank()?;
            match name {
                "from" => ids[0] = c.string()?,
                "to" => ids[1] = c.string()?,
                "kind" => kind = Some(c.word(RelationKind::ALL)?),
                "weight" => weight = Some(c.number()?),
                "directed" => {
                    directed = Some(match c.ident() {
                        "true" => true,
                        "false" => false,
                        _ => return None,
                    })
                }
                "since" => since = Some(c.date()?),
                "until" => until = Some(c.date()?),
                "confidence" => confidence = Some(c.word(Confidence::ALL)?),
                "sources" => sources = Some(c.strings()?),
                _ => note = Some(c.string()?.to_string()),
            }
            c.blank()?;
            match c.peek() {
                Some(b',') => {
                    c.pos += 1;
                    c.blank()?;
                    if c.peek() == Some(b')') {
                        break;
                    }
                }
                Some(b')') => break,
                _ => return None,
            }
        }
    }
    c.pos += 1; // the `)`
    // `from`, `to`, `kind` and `weight` are required: the tree path reports one missing.
    if seen & 0b1111 != 0b1111 {
        return None;
    }
    let rest = Unjoined::new(
        kind?, weight?, directed, since, until, confidence, sources, note,
    );
    Some(Direct {
        ids,
        rest,
        end: c.pos,
    })
}

/// A position in the text; every step reads only what the parser would read the same way.
struct Cursor<'s> {
    src: &'s str,
    bytes: &'s [u8],
    pos: usize,
}

impl<'s> Cursor<'s> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn eat(&mut self, b: u8) -> Option<()> {
        (self.peek() == Some(b)).then(|| self.pos += 1)
    }

    /// Skips blank space; `None` at what may be a comment (left to the parser).
    fn blank(&mut self) -> Option<()> {
        loop {
            match self.peek() {
                Some(b' ' | b'\t' | b'\n' | b'\r') => self.pos += 1,
                Some(b'/') => return None,
                _ => return Some(()),
            }
        }
    }

    /// An identifier as the parser reads one (empty if none starts here).
    fn ident(&mut self) -> &'s str {
        let start = self.pos;
        if matches!(self.peek(), Some(c) if c == b'_' || c.is_ascii_alphabetic()) {
            while matches!(self.peek(), Some(c) if c == b'_' || c.is_ascii_alphanumeric()) {
                self.pos += 1;
            }
        }
        &self.src[start..self.pos]
    }

    /// A value of a vocabulary, written as RON spells it (a bare identifier).
    fn word<T: crate::model::Vocabulary>(&mut self, all: &[T]) -> Option<T> {
        let w = self.ident();
        all.iter().copied().find(|v| v.ron_name() == w)
    }

    /// A string in double quotes without escapes: its text.
    fn string(&mut self) -> Option<&'s str> {
        self.eat(b'"')?;
        let body = &self.bytes[self.pos..];
        let end = body.iter().position(|&b| b == b'"' || b == b'\\')?;
        if body[end] != b'"' {
            return None;
        }
        let s = &self.src[self.pos..self.pos + end];
        self.pos += end + 1;
        Some(s)
    }

    fn date(&mut self) -> Option<Date> {
        self.string()?.parse().ok()
    }

    /// `["a", "b"]`, a trailing comma allowed.
    fn strings(&mut self) -> Option<Vec<String>> {
        self.eat(b'[')?;
        let mut out = Vec::new();
        self.blank()?;
        if self.eat(b']').is_some() {
            return Some(out);
        }
        loop {
            out.push(self.string()?.to_string());
            self.blank()?;
            match self.peek() {
                Some(b',') => {
                    self.pos += 1;
                    self.blank()?;
                    if self.eat(b']').is_some() {
                        return Some(out);
                    }
                }
                Some(b']') => {
                    self.pos += 1;
                    return Some(out);
                }
                _ => return None,
            }
        }
    }

    /// A number written `-12`, `0.75` or `1.5e-3`, read to the `f64` the parser and the
    /// reader give it (an integer exactly, then converted); any other form is left to them.
    fn number(&mut self) -> Option<f64> {
        let start = self.pos;
        // The parser's number token: everything it would take in, so that what follows is
        // what it would see next.
        if matches!(self.peek(), Some(b'-' | b'+')) {
            self.pos += 1;
        }
        while let Some(c) = self.peek() {
            let exp_sign = matches!(c, b'+' | b'-')
                && matches!(self.bytes.get(self.pos - 1), Some(b'e' | b'E'));
            if c.is_ascii_alphanumeric() || c == b'.' || c == b'_' || exp_sign {
                self.pos += 1;
            } else {
                break;
            }
        }
        let text = &self.src[start..self.pos];
        let digits = text.strip_prefix('-').unwrap_or(text).as_bytes();
        let int_len = digits.iter().take_while(|b| b.is_ascii_digit()).count();
        if int_len == 0 {
            return None;
        }
        if int_len == digits.len() {
            // As the parser keeps an integer (`i128`) and the reader turns it to `f64`.
            let v = i128::try_from(text[text.len() - int_len..].parse::<u128>().ok()?).ok()?;
            return Some((if text.starts_with('-') { -v } else { v }) as f64);
        }
        let mut rest = &digits[int_len..];
        if let Some(frac) = rest.strip_prefix(b".") {
            let n = frac.iter().take_while(|b| b.is_ascii_digit()).count();
            if n == 0 {
                return None;
            }
            rest = &frac[n..];
        }
        if let Some(exp) = rest.strip_prefix(b"e").or_else(|| rest.strip_prefix(b"E")) {
            let exp = exp
                .strip_prefix(b"-")
                .or_else(|| exp.strip_prefix(b"+"))
                .unwrap_or(exp);
            if exp.is_empty() || !exp.iter().all(u8::is_ascii_digit) {
                return None;
            }
            rest = &[];
        }
        if !rest.is_empty() {
            return None;
        }
        text.parse::<f64>().ok()
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{load_every_way, outcome};
    use super::super::{Reader, from_str_with, parse, read_relation};
    use super::*;
    use crate::model::{ActorId, Relation};

    /// A relation read straight from `text`, with ids as written.
    fn direct(text: &str) -> Option<Relation> {
        let d = relation(text, 0)?;
        assert_eq!(d.end, text.len(), "{text}");
        Some(
            d.rest
                .join(ActorId::from(d.ids[0]), ActorId::from(d.ids[1])),
        )
    }

    /// The same through its tree.
    fn tree(text: &str) -> Option<Relation> {
        let node = parse::parse(text).ok()?;
        let mut rd = Reader::default();
        read_relation(&mut rd, &node).map(|(r, _)| r)
    }

    #[test]
    fn plain_relations_are_read_as_their_trees_read() {
        for text in [
            "Relation(from: \"A\", to: \"B\", kind: Partnership, weight: 0.5)",
            "Relation (\n  to: \"B\" ,\n\tweight : -1,\r\n kind: Hostility, from: \"A\",\n)",
            "Relation(from: \"A b\", to: \"Ü\", kind: Other, weight: 1e-3, directed: true, \
             since: \"2020\", until: \"2021-02-28\", confidence: Doubtful, \
             sources: [\"x\", \"y\",], note: \"a (note), with: commas\")",
            "Relation(from: \"\", to: \"B\", kind: Trade, weight: 7, sources: [ ], \
             directed: false, note: \"\")",
            "Relation(from: \"A\", to: \"A\", kind: Interaction, weight: -0.0)",
            "Relation(from: \"A\", to: \"B\", kind: Energy, weight: 12345678901234567890123)",
            "Relation(from: \"A\", to: \"B\", kind: Energy, weight: 2.5E+2)",
            "Relation(from: \"A\", to: \"B\", kind: Energy, weight: 007, until: \"1999-12\")",
        ] {
            let d = direct(text).unwrap_or_else(|| panic!("not read directly: {text}"));
            assert_eq!(Some(d), tree(text), "{text}");
        }
        let written = crate::format::ron::relation_to_string(
            &tree(
                "Relation(from: \"A\", to: \"B\", kind: ArmsSupply, weight: 0.25, \
                 directed: true, since: \"2020-05-01\", confidence: Confirmed, \
                 sources: [\"s\"], note: \"n\")",
            )
            .unwrap(),
            "",
        );
        assert_eq!(direct(&written), tree(&written), "{written}");
    }

    #[test]
    fn anything_unusual_is_left_to_the_tree() {
        for text in [
            // Problems the reader reports.
            "Relation(from: \"A\", to: \"B\", kind: Partnership)",
            "Relation(from: \"A\", to: \"B\", kind: Partnership, weight: 0.5, wieght: 1)",
            "Relation(from: \"A\", from: \"A\", to: \"B\", kind: Partnership, weight: 0.5)",
            "Relation(from: \"A\", to: \"B\", kind: Partnershp, weight: 0.5)",
            "Relation(from: \"A\", to: \"B\", kind: \"partnership\", weight: 0.5)",
            "Relation(from: \"A\", to: \"B\", kind: Partnership, weight: \"0.5\")",
            "Relation(from: A, to: \"B\", kind: Partnership, weight: 0.5)",
            "Relation(from: \"A\", to: \"B\", kind: Partnership, weight: 0.5, since: \"2020-13\")",
            "Relation(from: \"A\", to: \"B\", kind: Partnership, weight: 0.5, directed: 1)",
            "Relation(from: \"A\", to: \"B\", kind: Partnership, weight: 0.5, sources: \"s\")",
            "Relation(from: \"A\", to: \"B\", kind: Partnership, weight: 0.5, sources: [1])",
            "Relation()",
            "Actor(from: \"A\", to: \"B\", kind: Partnership, weight: 0.5)",
            // Forms read only through the tree.
            "Relation(from: \"A\", to: \"B\", kind: Partnership, weight: 0.5, note: Some(\"n\"))",
            "Relation(from: \"A\", to: \"B\", kind: Partnership, weight: 0.5, directed: None)",
            "Relation(from: \"\\u{41}\", to: \"B\", kind: Partnership, weight: 0.5)",
            "Relation(from: r\"A\", to: \"B\", kind: Partnership, weight: 0.5)",
            "Relation(from: \"A\", /* c */ to: \"B\", kind: Partnership, weight: 0.5)",
            "Relation(from: \"A\", to: \"B\", kind: Partnership, weight: 1_0)",
            "Relation(from: \"A\", to: \"B\", kind: Partnership, weight: 0x1)",
            "Relation(from: \"A\", to: \"B\", kind: Partnership, weight: +1)",
            "Relation(from: \"A\", to: \"B\", kind: Partnership, weight: 1.)",
            "Relation(from: \"A\", to: \"B\", kind: Partnership, weight: .5)",
            "Relation(from: \"A\", to: \"B\", kind: Partnership, weight: -inf)",
            "Relation(from: \"A\", to: \"B\", kind: Partnership, weight: NaN)",
            "Relation(from: \"A\", to: \"B\", kind: Partnership, weight: 1e)",
            "Relation(from: \"A\", to: \"B\", kind: Partnership, weight: \
             999999999999999999999999999999999999999999)",
            // Syntax errors.
            "Relation(from: \"A\" to: \"B\", kind: Partnership, weight: 0.5)",
            "Relation(from: \"A\", to: \"B\", kind: Partnership(1), weight: 0.5)",
            "Relation(from: \"A\", to: \"B\", kind: Partnership, weight: 0.5,,)",
            "Relation(from: \"A\", to: \"B\", kind: Partnership, weight: 0.5",
            "Relation(from: \"A, to: \"B\", kind: Partnership, weight: 0.5)",
            "Relation(from: \"A\", to: \"B\", kind: Partnership, weight: 0.5, sources: [\"a\" \"b\"])",
            "Relation from: \"A\")",
        ] {
            assert!(relation(text, 0).is_none(), "read directly: {text}");
        }
    }

    /// A small deterministic generator for the texts below.
    struct Rng(u64);

    impl Rng {
        fn below(&mut self, n: usize) -> usize {
            self.0 = self
                .0
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            ((self.0 >> 33) % n as u64) as usize
        }
        fn pick<'a>(&mut self, from: &[&'a str]) -> &'a str {
            from[self.below(from.len())]
        }
    }

    /// A graph file whose relations use every field in every order and several layouts,
    /// mostly in the forms read straight from the text, some not.
    fn varied(seed: u64) -> String {
        let mut rng = Rng(seed);
        let mut s = String::from("Graph(name: \"t\", actors: [\n");
        for i in 0..12 {
            s += &format!("    Actor(id: \"A{i}\", name: \"n\", kind: State),\n");
        }
        s += "], relations: [\n";
        for _ in 0..40 {
            let (a, b) = (rng.below(12), rng.below(12));
            let mut fields = vec![
                format!("from: \"A{a}\""),
                format!("to: \"A{b}\""),
                format!(
                    "kind: {}",
                    rng.pick(&["Partnership", "Hostility", "Dependence", "Trade"])
                ),
                format!(
                    "weight: {}",
                    rng.pick(&["0.5", "-0.5", "1", "-1", "0.25e0", "5E-1", "0", "1.0"])
                ),
            ];
            let optional = [
                ("directed", &["true", "false", "None", "Some(true)"][..]),
                (
                    "since",
                    &[
                        "\"2020\"",
                        "\"2020-05\"",
                        "\"2020-05-17\"",
                        "\"2021-02-29\"",
                    ],
                ),
                ("until", &["\"2024-12-31\"", "\"2019\"", "Some(\"2030\")"]),
                ("confidence", &["Confirmed", "ProbablyTrue", "\"doubtful\""]),
                (
                    "sources",
                    &["[]", "[\"a\"]", "[\"a\", \"b\",]", "[\"\\u{41}\"]"],
                ),
                (
                    "note",
                    &[
                        "\"n\"",
                        "\"say \\\"no\\\"\"",
                        "\"two\nlines\"",
                        "\"(x: 1)\"",
                    ],
                ),
            ];
            for (name, values) in optional {
                if rng.below(3) == 0 {
                    fields.push(format!("{name}: {}", rng.pick(values)));
                }
            }
            for i in (1..fields.len()).rev() {
                fields.swap(i, rng.below(i + 1));
            }
            let sep = rng.pick(&[", ", ",\n        ", " ,\t", ",\r\n  "]);
            let close = rng.pick(&[")", ",)", ",\n    )", " )"]);
            s += &format!("    Relation({}{close},\n", fields.join(sep));
        }
        s += "])\n";
        s
    }

    /// Texts put in at random places of [`varied`]'s.
    const INSERTS: &[&str] = &[
        "\"",
        ",",
        ")",
        "(",
        "[",
        "]",
        ":",
        "\\",
        " ",
        "\n",
        "//c\n",
        "/*c*/",
        "Some(",
        "None",
        " x: 1,",
        " from: \"A1\",",
        " to: \"A99\",",
        " kind: Partnership,",
        " wieght: 0.5,",
        " weight: 2.0,",
        " weight: 0x1,",
        "1_0",
        "-",
        "e",
        ".",
        " since: \"2020-13-01\",",
        " directed: None,",
        " confidence: Sure,",
        " notes: \"n\",",
        " sources: [\"a\" \"b\"],",
        "Relation(",
        "\"A3\"",
        "r\"A\"",
        "'c'",
    ];

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(200))]

        /// However a file is broken, relations read straight from the text give the graph
        /// and the diagnostics of those read through their trees, on one thread and in
        /// chunks.
        #[test]
        fn direct_reading_agrees_with_the_trees(
            seed in 0u64..u64::MAX,
            edits in proptest::collection::vec((0usize..100_000, 0usize..100, 0usize..4), 0..4),
            chunk_bytes in 1usize..2000,
        ) {
            let mut src = varied(seed);
            for (at, what, how) in edits {
                let mut at = at % src.len();
                while !src.is_char_boundary(at) {
                    at -= 1;
                }
                match how {
                    0 => {
                        let end = src[at..].chars().next().map_or(at, |c| at + c.len_utf8());
                        src.replace_range(at..end, "");
                    }
                    1 => src.insert_str(at, INSERTS[what % INSERTS.len()]),
                    // After a `(` or a `,`: between two fields, mostly.
                    _ => {
                        let marks: Vec<usize> = src.match_indices([',', '(']).map(|(i, _)| i + 1).collect();
                        src.insert_str(marks[at % marks.len()], INSERTS[what % INSERTS.len()]);
                    }
                }
            }
            let trees = outcome(from_str_with(&src, parse::Chunking::SEQUENTIAL, true));
            let one = outcome(from_str_with(&src, parse::Chunking::SEQUENTIAL, false));
            proptest::prop_assert_eq!(&one, &trees, "{}", src);
            let chunking = parse::Chunking { min_bytes: 0, chunk_bytes };
            let chunked = outcome(from_str_with(&src, chunking, false));
            proptest::prop_assert_eq!(&chunked, &trees, "{}", src);
        }
    }

    #[test]
    fn varied_files_load_and_are_mostly_read_directly() {
        for seed in 0..20 {
            let src = varied(seed);
            // Loads or not (some values are wrong on purpose), the same every way.
            let _ = load_every_way(&src);
            let starts: Vec<usize> = src
                .match_indices("    Relation(")
                .map(|(i, _)| i + 4)
                .collect();
            let direct = starts
                .iter()
                .filter(|&&at| relation(&src, at).is_some())
                .count();
            assert!(direct * 3 >= starts.len(), "{direct} of {}", starts.len());
        }
    }
}
