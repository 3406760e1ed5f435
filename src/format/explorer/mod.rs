//! The explorer: one self-contained HTML page (`entente explore`, and the HTML report) that
//! works offline. The page is handed an [`Explorer`] spec — actors with their positions,
//! every relation with its dates (and, in a graph built from event data, its weight at each
//! date of the slider), the events, the blocs, centrality ranks and brokerage of each date,
//! and for a scenario what it changed — built above this module (`crate::report::explore`);
//! this module only writes it. The browser side (`explorer.js`) filters, slides through
//! time, focuses and finds influence paths (`paths.js`) over the data; `docs/explorer.md`
//! says what it does and why Cytoscape.js (vendored in `vendor/`, MIT) draws it.
//!
//! Safety of text from a file: the data travels as JSON inside a
//! `<script type="application/json">` element with `<`, `>`, `&` and the two JavaScript line
//! separators written as `\u` escapes, so no string can close the element; the page shows
//! every string with `textContent`, never as markup; a Content-Security-Policy allows only
//! the page's own inline script and style, by their SHA-256 hashes ([`csp`]), and no
//! network at all.

pub mod csp;

use serde::Serialize;

/// The vendored Cytoscape.js (see `vendor/VERSION`, `vendor/LICENSE`, `vendor/refresh.sh`).
const CYTOSCAPE: &str = include_str!("vendor/cytoscape.min.js");
/// The vendored library's name and version.
pub const CYTOSCAPE_VERSION: &str = include_str!("vendor/VERSION");
/// The page's script: the path search (`paths.js`) and the rest (`explorer.js`), one script.
const APP_JS: &str = concat!(include_str!("paths.js"), include_str!("explorer.js"));
const APP_CSS: &str = include_str!("explorer.css");

/// Everything the page shows, decided above this module.
#[derive(Debug, Clone, Serialize, Default)]
pub struct Explorer {
    pub title: String,
    /// Where the graph came from (a path, or the built-in graph).
    pub source: String,
    /// The date the page opens on (and whose blocs the drawing groups the actors by), as
    /// written (`2025-10`); `None` for every relation whatever its dates.
    pub as_of: Option<String>,
    /// Which relations the analyses read, in words.
    pub as_of_line: String,
    /// The slider's stops: every date the relations and events name, in order.
    pub dates: Vec<DateStop>,
    /// Actor kinds (kebab names) with their shape and fill, as `entente dot` draws them.
    pub actor_kinds: Vec<KindStyle>,
    /// Every relation kind, kebab names, in the vocabulary's order.
    pub relation_kinds: Vec<String>,
    /// Confidence levels, most credible first (a relation's `confidence` is 1-based in it).
    pub confidences: Vec<String>,
    /// The page's minimum confidence filter at start (1-6; 6 keeps every relation).
    pub min_confidence: u8,
    /// How parallel relations combine into a net tie (`sum`, `noisy-or`, `strongest`,
    /// `mean`: `--combine`).
    pub combine: String,
    /// `[|w|, −ln |w|]` for every net weight the page's ties can take (each subset of the
    /// relations between two actors, summed as the analyses sum them): the path lengths of
    /// `entente path`, bit for bit.
    pub lengths: Vec<(f64, f64)>,
    pub colors: Colors,
    pub actors: Vec<Actor>,
    pub relations: Vec<Relation>,
    pub events: Vec<Event>,
    /// The blocs of the date the page opens on (the drawing then follows the date shown:
    /// [`Analysis::layout`]).
    pub blocs: Vec<Bloc>,
    /// The side panel's and the drawing's analyses, each of the relations read on one date
    /// or more (see [`DateStop::analysis`]); for a scenario, of its result, then of its base
    /// ([`DateStop::before`]).
    pub analyses: Vec<Analysis>,
    /// The analysis of every relation whatever its dates, and whether it is its own (not
    /// the nearest one analysed, when the page carries fewer than the dates it stops on).
    pub all_dates_analysis: usize,
    pub all_dates_exact: bool,
    /// For a scenario: the same for its base (the "before" view).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub all_dates_before: Option<(usize, bool)>,
    /// Where each grouping into blocs other than the opening one draws the actors
    /// (`[x0, y0, x1, y1, …]` in the order of [`Explorer::actors`]; see [`Analysis::layout`]).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub layouts: Vec<Vec<f64>>,
    /// Present for a scenario: the page can show the graph before and after it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scenario: Option<Scenario>,
}

/// A date the slider can stop on: as written, and the first and last days it stands for.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct DateStop {
    pub label: String,
    pub first: String,
    pub last: String,
    /// Index into [`Explorer::analyses`]: the analyses of the relations read on this date,
    /// or when `exact` is false (more dates than the page carries analyses for), those of
    /// the nearest date analysed before it (after it when there is none before).
    pub analysis: usize,
    pub exact: bool,
    /// For a scenario: the same for its base, `[analysis, exact]` (the "before" view).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub before: Option<(usize, bool)>,
}

/// Blocs, centrality ranks and brokerage of the relations read on one date (or of every
/// relation): what `entente blocs`, `centrality` and `brokers` give with `--as-of` then.
#[derive(Debug, Clone, Serialize)]
pub struct Analysis {
    /// The first date (as written) whose relations these are; `None`: every relation.
    pub as_of: Option<String>,
    /// Centrality measures, in the order of `ranks`.
    pub measures: Vec<String>,
    pub blocs: Vec<Bloc>,
    /// Each actor's bloc (index into `blocs`), in the order of [`Explorer::actors`].
    pub bloc: Vec<Option<usize>>,
    /// `ranks[q][i]`: actor i's rank (1 = most central, ties by id) in measure q; 0 when
    /// it is not ranked (an actor only a scenario's base has).
    pub ranks: Vec<Vec<usize>>,
    /// Actors with a Gould–Fernandez brokerage role: index and counts (coordinator,
    /// itinerant, representative, gatekeeper, liaison).
    pub brokerage: Vec<(usize, [u64; 5])>,
    /// Bridges: actor index, hostile pairs it is allied to both sides of, strength.
    pub bridges: Vec<(usize, usize, f64)>,
    /// Where the drawing puts the actors when it shows these blocs: an index into
    /// [`Explorer::layouts`], or `None` for the actors' own positions (the opening blocs').
    #[serde(skip_serializing_if = "Option::is_none")]
    pub layout: Option<usize>,
}

/// How an actor kind is drawn.
#[derive(Debug, Clone, Serialize)]
pub struct KindStyle {
    pub kind: String,
    /// A Cytoscape.js node shape close to Graphviz's.
    pub shape: String,
    pub fill: String,
}

/// The colours of `entente dot`.
#[derive(Debug, Clone, Serialize, Default)]
pub struct Colors {
    pub allied: String,
    pub hostile: String,
    pub neutral: String,
    pub highlight: String,
}

/// Which graph of a scenario holds an actor or relation.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq, Default)]
#[serde(rename_all = "kebab-case")]
pub enum Side {
    /// Both the base and the result (or the only graph, when not a scenario).
    #[default]
    Both,
    /// Only the base: the scenario removed it (or this is a changed relation's old form).
    Before,
    /// Only the result: the scenario added it (or this is a changed relation's new form).
    After,
}

#[derive(Debug, Clone, Serialize)]
pub struct Actor {
    pub id: String,
    pub name: String,
    pub kind: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// Position in the drawing of the opening date's blocs, in pixels.
    pub x: f64,
    pub y: f64,
    /// Index into [`Explorer::blocs`] (the opening date's).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bloc: Option<usize>,
    #[serde(skip_serializing_if = "is_both")]
    pub side: Side,
}

#[derive(Debug, Clone, Serialize)]
pub struct Relation {
    /// Indices into [`Explorer::actors`].
    pub from: usize,
    pub to: usize,
    pub kind: String,
    pub weight: f64,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub directed: bool,
    /// `since` and `until` as written.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub since: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub until: Option<String>,
    /// The first day `since` stands for and the last day `until` stands for (YYYY-MM-DD),
    /// what `--as-of` compares with.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end: Option<String>,
    /// 1 (confirmed) to 6 (cannot be judged).
    pub confidence: u8,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    #[serde(skip_serializing_if = "is_both")]
    pub side: Side,
    /// For a scenario: `added`, `removed` or `changed` (both forms of a changed tie).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub change: Option<String>,
    /// In a graph built from event data: a relation its tallies replace on every date, shown
    /// only for every relation whatever its dates (as `--all-dates` reads it).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub undated_only: bool,
    /// In a graph built from event data: a tallied dyad's weight at each of
    /// [`Explorer::dates`] (0: no relation then), as `--as-of` computes it; such a relation
    /// is shown only on a date.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub weights: Option<Vec<f64>>,
    /// With `weights`: the events it counts at each date (its note: `N event(s) up to D`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub events: Option<Vec<u64>>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Event {
    pub date: String,
    pub first: String,
    pub last: String,
    pub actors: Vec<usize>,
    pub kind: String,
    pub score: f64,
    pub summary: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Bloc {
    pub label: String,
    pub color: String,
    pub members: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct Scenario {
    /// The base graph's name.
    pub base: String,
    pub added: usize,
    pub removed: usize,
    pub changed: usize,
}

fn is_both(s: &Side) -> bool {
    *s == Side::Both
}

/// JSON for inside a `<script type="application/json">` element: `<`, `>` and `&` as `\u`
/// escapes (valid only inside strings, which is the only place JSON has them), so no text can
/// end the element or open a comment; U+2028 and U+2029 escaped too.
pub fn script_json<T: Serialize>(value: &T) -> String {
    let json = serde_json::to_string(value).unwrap_or_else(|_| "null".into());
    let mut out = String::with_capacity(json.len() + json.len() / 16);
    for c in json.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out
}

/// What goes on a page.
#[derive(Debug, Clone, Default)]
pub struct Page<'a> {
    pub title: &'a str,
    /// Markup shown above the explorer (the HTML report's sections), already escaped by its
    /// renderer.
    pub body: &'a str,
    pub explorer: Option<&'a Explorer>,
}

/// The page markup of the explorer's controls: static text only, every value from the data
/// is filled in by the script with `textContent`.
const EXPLORER_MARKUP: &str = include_str!("explorer.html");

/// Writes a complete, self-contained HTML page.
pub fn write_page(p: &Page) -> String {
    let data = p.explorer.map(script_json);
    let mut scripts: Vec<&str> = Vec::new();
    if data.is_some() {
        scripts.push(CYTOSCAPE);
    }
    scripts.push(APP_JS);
    let script_hashes: Vec<String> = scripts.iter().map(|s| csp::hash_source(s)).collect();
    let csp = format!(
        "default-src 'none'; script-src {}; style-src {}; img-src data: blob:; \
         font-src data:; base-uri 'none'; form-action 'none'",
        script_hashes.join(" "),
        csp::hash_source(APP_CSS)
    );
    let mut out = String::with_capacity(
        CYTOSCAPE.len() + data.as_ref().map_or(0, String::len) + p.body.len() + 65_536,
    );
    out.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    out.push_str(&format!(
        "<meta http-equiv=\"Content-Security-Policy\" content=\"{csp}\">\n"
    ));
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    out.push_str(&format!(
        "<meta name=\"generator\" content=\"entente {} ({})\">\n",
        env!("CARGO_PKG_VERSION"),
        CYTOSCAPE_VERSION.trim()
    ));
    out.push_str(&format!(
        "<title>{}</title>\n",
        crate::text::escape_markup(&crate::text::one_line(p.title), false)
    ));
    // Cytoscape.js adds a <style> of its own unless one with this id is there (its rule is in
    // ours): the policy would block it.
    out.push_str("<style id=\"__________cytoscape_stylesheet\">");
    out.push_str(APP_CSS);
    out.push_str("</style>\n</head>\n<body>\n");
    if !p.body.is_empty() {
        out.push_str("<main class=\"report\">\n");
        out.push_str(p.body);
        out.push_str("</main>\n");
    }
    if let Some(data) = &data {
        out.push_str(EXPLORER_MARKUP);
        out.push_str("<script type=\"application/json\" id=\"entente-data\">");
        out.push_str(data);
        out.push_str("</script>\n");
    }
    for s in scripts {
        out.push_str("<script>");
        out.push_str(s);
        out.push_str("</script>\n");
    }
    out.push_str("</body>\n</html>\n");
    out
}

/// The explorer on a page of its own (`entente explore`).
pub fn write_explorer(e: &Explorer) -> String {
    write_page(&Page {
        title: &e.title,
        body: "",
        explorer: Some(e),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_string_can_close_the_data_element() {
        let e = Explorer {
            title: "</script><script>alert(1)</script>".into(),
            source: "\"><img src=x onerror=alert(1)> & <!-- \u{2028}".into(),
            ..Explorer::default()
        };
        let page = write_explorer(&e);
        let data_start = page.find("id=\"entente-data\">").unwrap();
        let data = &page[data_start..];
        let data = &data[..data.find("</script>").unwrap()];
        for bad in ["<script", "<img", "<!--", "\u{2028}"] {
            assert!(!data.contains(bad), "{bad}");
        }
        // The JSON still reads back to the same strings.
        let json: serde_json::Value =
            serde_json::from_str(&data["id=\"entente-data\">".len()..]).unwrap();
        assert_eq!(json["title"], "</script><script>alert(1)</script>");
        assert_eq!(
            json["source"],
            "\"><img src=x onerror=alert(1)> & <!-- \u{2028}"
        );
        // The title element holds text only.
        assert!(
            page.contains("<title>&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;</title>")
        );
    }

    #[test]
    fn the_policy_allows_exactly_the_inline_scripts_and_style() {
        let page = write_explorer(&Explorer::default());
        let csp_start = page.find("content=\"default-src").unwrap() + "content=\"".len();
        let csp = &page[csp_start..];
        let csp = &csp[..csp.find('"').unwrap()];
        assert!(csp.contains(&csp::hash_source(CYTOSCAPE)));
        assert!(csp.contains(&csp::hash_source(APP_JS)));
        assert!(csp.contains(&csp::hash_source(APP_CSS)));
        assert!(!csp.contains("unsafe"));
        assert!(csp.starts_with("default-src 'none'"));
        for lib in [CYTOSCAPE, APP_JS, APP_CSS] {
            assert!(!lib.to_ascii_lowercase().contains("</script"));
            assert!(!lib.to_ascii_lowercase().contains("</style"));
        }
    }
}
