//! Delimited text read into records with `csv-core` (the `csv` crate's parser), each field
//! with its byte span for diagnostics (RFC 4180: quoted fields may hold the delimiter,
//! quotes and line breaks).

use crate::diagnostic::{Diagnostic, Span};

/// A field of a parsed record: its text and where it is.
#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    pub text: String,
    pub span: Span,
}

/// A parsed record and the span of its whole line(s).
#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    pub cells: Vec<Cell>,
    pub span: Span,
}

/// The delimiter a file's name implies: a tab for `.tsv` and `.tab`, else a comma.
pub fn delimiter_for(name: &str) -> u8 {
    let ext = std::path::Path::new(name)
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    match ext.as_deref() {
        Some("tsv" | "tab") => b'\t',
        _ => b',',
    }
}

/// Parses RFC 4180 CSV with a comma between fields (see [`parse_with`]).
pub fn parse(src: &str) -> Result<Vec<Record>, Diagnostic> {
    parse_with(src, b',')
}

/// Parses delimited text with `csv-core` (the `csv` crate's parser), keeping each field's
/// byte span for diagnostics. Quoted fields may hold the delimiter, quotes (`""`) and line
/// breaks; CRLF, LF and CR end records; blank lines are skipped; a UTF-8 byte order mark is
/// ignored. A quote left open is an error (the parser alone would read it to the end).
pub fn parse_with(src: &str, delimiter: u8) -> Result<Vec<Record>, Diagnostic> {
    let mut records = Vec::new();
    for_each_record(src, delimiter, 0, |r| records.push(r.clone()))?;
    Ok(records)
}

/// [`parse_with`] a record at a time, its spans moved by `offset`: `each` is handed every
/// record in order, in one buffer whose texts are reused from one record to the next (a
/// table of a million rows was ten million strings held at once). Records handed over
/// before a quote left open at the end are not taken back: the caller drops what it made
/// of them.
pub(super) fn for_each_record(
    src: &str,
    delimiter: u8,
    offset: usize,
    mut each: impl FnMut(&Record),
) -> Result<(), Diagnostic> {
    use csv_core::ReadFieldResult;
    let bytes = src.as_bytes();
    let shift = |start: usize, end: usize| Span::new(start + offset, end + offset);
    let mut pos = if src.starts_with('\u{feff}') { 3 } else { 0 };
    let mut rdr = csv_core::ReaderBuilder::new().delimiter(delimiter).build();
    let mut record = Record {
        cells: Vec::new(),
        span: Span::default(),
    };
    // The cells of the record being read are `record.cells[..n]`; the rest, left from a
    // record before, are reused for their texts' room.
    let mut n = 0;
    let mut out = vec![0u8; 256];
    let mut nout = 0;
    // Where the field being read starts; `None` until its first byte is seen.
    let mut fstart: Option<usize> = None;
    loop {
        let (res, nin, k) = rdr.read_field(&bytes[pos..], &mut out[nout..]);
        let from = pos;
        pos += nin;
        nout += k;
        if fstart.is_none() && nin > 0 {
            // Line breaks before a record's first field end the previous record.
            let lead = if n == 0 {
                bytes[from..pos]
                    .iter()
                    .take_while(|&&b| b == b'\n' || b == b'\r')
                    .count()
            } else {
                0
            };
            fstart = Some(from + lead);
        }
        match res {
            ReadFieldResult::InputEmpty => {}
            ReadFieldResult::OutputFull => {
                let len = out.len();
                out.resize(len * 2, 0);
            }
            ReadFieldResult::Field { record_end } => {
                let start = fstart.take().unwrap_or(pos).min(pos);
                let mut end = pos;
                if record_end {
                    for t in [b'\n', b'\r'] {
                        if end > start && bytes[end - 1] == t {
                            end -= 1;
                        }
                    }
                } else if end > start && bytes[end - 1] == delimiter {
                    end -= 1;
                }
                if record_end && pos == bytes.len() && !closed(&bytes[start..end]) {
                    return Err(Diagnostic::error("E088", "unterminated quoted field")
                        .at(Some(shift(start, start + 1)), "this quote is never closed")
                        .hint(
                            "close the field with `\"`; write a quote inside a field as `\"\"`",
                        ));
                }
                if n == record.cells.len() {
                    record.cells.push(Cell {
                        text: String::new(),
                        span: Span::default(),
                    });
                }
                let cell = &mut record.cells[n];
                n += 1;
                cell.text.clear();
                match std::str::from_utf8(&out[..nout]) {
                    Ok(text) => cell.text.push_str(text),
                    Err(_) => cell.text.push_str(&String::from_utf8_lossy(&out[..nout])),
                }
                nout = 0;
                let cell_end = end.max(start + 1).min(bytes.len().max(start + 1));
                cell.span = shift(start, cell_end);
                if record_end {
                    let blank = n == 1 && record.cells[0].text.trim().is_empty();
                    if !blank {
                        let first = record.cells[0].span.start - offset;
                        record.span = shift(first, end.max(first + 1));
                        record.cells.truncate(n);
                        each(&record);
                    }
                    n = 0;
                }
            }
            ReadFieldResult::End => break,
        }
    }
    Ok(())
}

/// False for the raw text of a field that opens a quote and never closes it.
fn closed(raw: &[u8]) -> bool {
    let Some(rest) = raw.strip_prefix(b"\"") else {
        return true;
    };
    let mut i = 0;
    while i < rest.len() {
        if rest[i] == b'"' {
            if rest.get(i + 1) == Some(&b'"') {
                i += 2;
                continue;
            }
            return true;
        }
        i += 1;
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_of_other_widths_keep_no_cell_of_the_one_before() {
        let recs = parse("a,b,c\nd\n\"e\",f\n").unwrap();
        let texts: Vec<Vec<&str>> = recs
            .iter()
            .map(|r| r.cells.iter().map(|c| c.text.as_str()).collect())
            .collect();
        assert_eq!(texts, [vec!["a", "b", "c"], vec!["d"], vec!["e", "f"]]);
        assert_eq!(recs[2].cells[1].span, Span::new(12, 13));
    }

    #[test]
    fn parses_quotes_newlines_and_crlf_with_spans() {
        let src = "a,b\r\n\"x, \"\"y\"\"\",\"two\nlines\"\n\n1,2";
        let recs = parse(src).unwrap();
        assert_eq!(recs.len(), 3);
        assert_eq!(recs[1].cells[0].text, "x, \"y\"");
        assert_eq!(recs[1].cells[1].text, "two\nlines");
        let spans: Vec<&str> = recs
            .iter()
            .flat_map(|r| &r.cells)
            .map(|c| &src[c.span.range()])
            .collect();
        assert_eq!(
            spans,
            ["a", "b", "\"x, \"\"y\"\"\"", "\"two\nlines\"", "1", "2"]
        );
        assert_eq!(
            &src[recs[1].span.range()],
            "\"x, \"\"y\"\"\",\"two\nlines\""
        );
        let e = parse("a,\"open").unwrap_err();
        assert_eq!((e.code, e.span), ("E088", Some(Span::new(2, 3))));
        // A quote closed at the very end, and one closed then followed by text.
        assert_eq!(parse("a,\"b\"\"\"").unwrap()[0].cells[1].text, "b\"");
        assert_eq!(parse("\"q\"x,y").unwrap()[0].cells[0].text, "qx");
    }

    #[test]
    fn empty_fields_blank_lines_and_a_byte_order_mark() {
        let src = "\u{feff}a,b,\n\n  \n,\r\rc,d";
        let recs = parse(src).unwrap();
        let texts: Vec<Vec<&str>> = recs
            .iter()
            .map(|r| r.cells.iter().map(|c| c.text.as_str()).collect())
            .collect();
        assert_eq!(texts, [vec!["a", "b", ""], vec!["", ""], vec!["c", "d"]]);
        assert_eq!(recs[0].cells[0].span, Span::new(3, 4));
        assert_eq!(&src[recs[2].span.range()], "c,d");
    }

    #[test]
    fn tabs_split_tab_separated_files() {
        let recs = parse_with("a\tb,c\n\"x\ty\"\tz\n", b'\t').unwrap();
        assert_eq!(recs[0].cells[1].text, "b,c");
        assert_eq!(recs[1].cells[0].text, "x\ty");
        assert_eq!(delimiter_for("dir/edges.TSV"), b'\t');
        assert_eq!(delimiter_for("edges.csv"), b',');
    }
}
