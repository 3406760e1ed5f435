//! Event file layouts: which column holds what in GDELT 1.0/2.0 raw exports, headered GDELT
//! CSV exports, ICEWS and the plain CSV, and how a file's layout is told from its first line.
//!
//! GDELT raw daily exports (GDELT Event Codebook V1.03 and V2.0) are tab-separated without
//! a header: 57 columns for GDELT 1.0 before April 2013, 58 after (SOURCEURL added), 61 for
//! GDELT 2.0 (an ADM2 code per location); the first 35 columns are the same in both. A
//! headered export (BigQuery, R's `write.csv`) names the same columns. ICEWS files
//! (Boschee et al., ICEWS Coded Event Data, Harvard Dataverse) are tab-separated with a
//! header (`Event ID`, `Event Date`, `Source Name`, `Source Country`, `CAMEO Code`,
//! `Intensity`, `Target Name`, `Target Country`, ...).

/// The kinds of event file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Format {
    Gdelt1Raw,
    Gdelt2Raw,
    GdeltHeadered,
    Icews,
    Plain,
    /// An entente graph: its tallies and directed events.
    Graph,
}

impl Format {
    pub fn name(self) -> &'static str {
        match self {
            Format::Gdelt1Raw => "GDELT 1.0 raw export",
            Format::Gdelt2Raw => "GDELT 2.0 raw export",
            Format::GdeltHeadered => "GDELT export with header",
            Format::Icews => "ICEWS",
            Format::Plain => "plain CSV",
            Format::Graph => "entente graph",
        }
    }
}

/// How actor fields become actor ids.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ActorStyle {
    /// CAMEO actor code (dictionary) with the 3-letter country code as fallback.
    Cameo,
    /// ICEWS names: the dictionary on the name, then on the country; a country name
    /// becomes an id with spaces as `_`.
    Names,
    /// The value is the actor id (or a dictionary code).
    Ids,
}

/// Column positions of one layout.
#[derive(Debug, Clone)]
pub struct Layout {
    pub format: Format,
    pub delimiter: u8,
    /// Whether the file starts with a header line.
    pub header: bool,
    /// Column names (the header's, or the codebook's for raw files).
    pub names: Vec<String>,
    /// Column counts a row may have.
    pub widths: Vec<usize>,
    pub id: Option<usize>,
    pub date: usize,
    pub source: usize,
    pub source_country: Option<usize>,
    pub target: usize,
    pub target_country: Option<usize>,
    pub code: Option<usize>,
    pub quad: Option<usize>,
    pub score: Option<usize>,
    pub mentions: Option<usize>,
    pub actors: ActorStyle,
    /// `NA` means missing (R/BigQuery exports).
    pub na: bool,
}

impl Layout {
    pub fn column_name(&self, i: usize) -> &str {
        self.names.get(i).map_or("?", String::as_str)
    }
}

const GDELT_HEAD: &[&str] = &[
    "GLOBALEVENTID",
    "SQLDATE",
    "MonthYear",
    "Year",
    "FractionDate",
    "Actor1Code",
    "Actor1Name",
    "Actor1CountryCode",
    "Actor1KnownGroupCode",
    "Actor1EthnicCode",
    "Actor1Religion1Code",
    "Actor1Religion2Code",
    "Actor1Type1Code",
    "Actor1Type2Code",
    "Actor1Type3Code",
    "Actor2Code",
    "Actor2Name",
    "Actor2CountryCode",
    "Actor2KnownGroupCode",
    "Actor2EthnicCode",
    "Actor2Religion1Code",
    "Actor2Religion2Code",
    "Actor2Type1Code",
    "Actor2Type2Code",
    "Actor2Type3Code",
    "IsRootEvent",
    "EventCode",
    "EventBaseCode",
    "EventRootCode",
    "QuadClass",
    "GoldsteinScale",
    "NumMentions",
    "NumSources",
    "NumArticles",
    "AvgTone",
];

fn geo(prefix: &str, adm2: bool) -> Vec<String> {
    let mut v = vec!["Type", "FullName", "CountryCode", "ADM1Code"];
    if adm2 {
        v.push("ADM2Code");
    }
    v.extend(["Lat", "Long", "FeatureID"]);
    v.into_iter().map(|f| format!("{prefix}Geo_{f}")).collect()
}

/// The codebook's column names of a raw GDELT file of `width` columns.
fn gdelt_names(width: usize) -> Vec<String> {
    let adm2 = width == 61;
    let mut names: Vec<String> = GDELT_HEAD.iter().map(|s| s.to_string()).collect();
    for p in ["Actor1", "Actor2", "Action"] {
        names.extend(geo(p, adm2));
    }
    names.push("DATEADDED".into());
    if width != 57 {
        names.push("SOURCEURL".into());
    }
    names
}

fn gdelt(
    format: Format,
    names: Vec<String>,
    widths: Vec<usize>,
    delimiter: u8,
    header: bool,
) -> Layout {
    Layout {
        format,
        delimiter,
        header,
        names,
        widths,
        id: Some(0),
        date: 1,
        source: 5,
        source_country: Some(7),
        target: 15,
        target_country: Some(17),
        code: Some(26),
        quad: Some(29),
        score: Some(30),
        mentions: Some(31),
        actors: ActorStyle::Cameo,
        na: header,
    }
}

/// Why a file's layout could not be told.
pub fn unknown_layout(first: &str) -> String {
    let shown: String = first.chars().take(80).collect();
    format!(
        "cannot tell the layout from the first line `{shown}`: expected a GDELT raw export \
         (57, 58 or 61 tab-separated columns), a header naming GLOBALEVENTID/SQLDATE (GDELT), \
         Event Date/Source Name (ICEWS), or date,source,target (plain CSV)"
    )
}

/// Tells the layout from the first line of a file (without its line ending).
pub fn detect(first: &str) -> Result<Layout, String> {
    let tabs = first.matches('\t').count();
    let delimiter = if tabs > 0 {
        b'\t'
    } else if first.matches(';').count() > first.matches(',').count() {
        b';'
    } else {
        b','
    };
    let fields: Vec<String> = split_header(first, delimiter);
    let lower: Vec<String> = fields.iter().map(|f| f.to_ascii_lowercase()).collect();
    let pos = |name: &str| lower.iter().position(|f| f == name);
    // Raw GDELT: a numeric id first, no header.
    if delimiter == b'\t'
        && fields
            .first()
            .is_some_and(|f| !f.is_empty() && f.bytes().all(|b| b.is_ascii_digit()))
    {
        return match fields.len() {
            57 | 58 => Ok(gdelt(
                Format::Gdelt1Raw,
                gdelt_names(fields.len()),
                vec![57, 58],
                b'\t',
                false,
            )),
            61 => Ok(gdelt(
                Format::Gdelt2Raw,
                gdelt_names(61),
                vec![61],
                b'\t',
                false,
            )),
            n => Err(format!(
                "a tab-separated line of {n} columns starting with a number: GDELT raw exports have 57 or 58 (GDELT 1.0) or 61 (GDELT 2.0)"
            )),
        };
    }
    if let (Some(_), Some(_)) = (pos("globaleventid"), pos("sqldate")) {
        let need = |n: &str| {
            pos(&n.to_ascii_lowercase()).ok_or_else(|| format!("the header has no {n} column"))
        };
        let mut l = gdelt(
            Format::GdeltHeadered,
            fields.clone(),
            vec![fields.len()],
            delimiter,
            true,
        );
        l.id = Some(need("GLOBALEVENTID")?);
        l.date = need("SQLDATE")?;
        l.source = need("Actor1Code")?;
        l.target = need("Actor2Code")?;
        l.source_country = pos("actor1countrycode");
        l.target_country = pos("actor2countrycode");
        l.code = pos("eventcode");
        l.quad = pos("quadclass");
        l.score = pos("goldsteinscale");
        l.mentions = pos("nummentions");
        if l.code.is_none() && l.score.is_none() {
            return Err("the header has neither EventCode nor GoldsteinScale".into());
        }
        return Ok(l);
    }
    if let (Some(date), Some(source), Some(target)) =
        (pos("event date"), pos("source name"), pos("target name"))
    {
        return Ok(Layout {
            format: Format::Icews,
            delimiter,
            header: true,
            names: fields.clone(),
            widths: vec![fields.len()],
            id: pos("event id"),
            date,
            source,
            source_country: pos("source country"),
            target,
            target_country: pos("target country"),
            code: pos("cameo code"),
            quad: None,
            score: pos("intensity"),
            mentions: None,
            actors: ActorStyle::Names,
            na: false,
        });
    }
    if let (Some(date), Some(source), Some(target)) = (pos("date"), pos("source"), pos("target")) {
        let score = pos("score");
        let code = pos("code");
        if score.is_none() && code.is_none() {
            return Err(
                "a plain CSV needs a `score` or a `code` column beside date,source,target".into(),
            );
        }
        return Ok(Layout {
            format: Format::Plain,
            delimiter,
            header: true,
            names: fields.clone(),
            widths: vec![fields.len()],
            id: pos("id"),
            date,
            source,
            source_country: None,
            target,
            target_country: None,
            code,
            quad: None,
            score,
            mentions: pos("mentions").or(pos("weight")),
            actors: ActorStyle::Ids,
            na: true,
        });
    }
    Err(unknown_layout(first))
}

/// A header line's fields, quotes removed.
fn split_header(line: &str, delimiter: u8) -> Vec<String> {
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .delimiter(delimiter)
        .from_reader(line.as_bytes());
    match rdr.records().next() {
        Some(Ok(r)) => r.iter().map(|f| f.trim().to_string()).collect(),
        _ => vec![line.to_string()],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gdelt_widths() {
        assert_eq!(gdelt_names(57).len(), 57);
        assert_eq!(gdelt_names(58).len(), 58);
        assert_eq!(gdelt_names(61).len(), 61);
        assert_eq!(gdelt_names(61)[60], "SOURCEURL");
        assert_eq!(gdelt_names(58)[30], "GoldsteinScale");
        let raw = |n: usize| {
            let mut f = vec!["1".to_string()];
            f.resize(n, String::new());
            f.join("\t")
        };
        assert_eq!(detect(&raw(58)).unwrap().format, Format::Gdelt1Raw);
        assert_eq!(detect(&raw(57)).unwrap().format, Format::Gdelt1Raw);
        assert_eq!(detect(&raw(61)).unwrap().format, Format::Gdelt2Raw);
        assert!(detect(&raw(40)).unwrap_err().contains("40 columns"));
    }

    #[test]
    fn headers() {
        let l = detect("Event ID\tEvent Date\tSource Name\tSource Sectors\tSource Country\tEvent Text\tCAMEO Code\tIntensity\tTarget Name\tTarget Sectors\tTarget Country").unwrap();
        assert_eq!(
            (l.format, l.date, l.score, l.target_country),
            (Format::Icews, 1, Some(7), Some(10))
        );
        let p = detect("date,source,target,code,mentions").unwrap();
        assert_eq!(
            (p.format, p.code, p.score, p.mentions),
            (Format::Plain, Some(3), None, Some(4))
        );
        assert!(detect("date,source,target").unwrap_err().contains("score"));
        assert!(detect("a,b,c").is_err());
    }
}
