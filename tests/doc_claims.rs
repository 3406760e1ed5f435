//! The numbers the docs state in prose are what the commands print (issue 18, item 6).
//!
//! Console blocks are run by `tests/docs.rs`; this file holds the claims made in sentences:
//! each names the doc, a passage of it (compared with runs of white space as one space, so
//! rewrapping does not matter), the command whose output backs it, and the output lines that
//! must be there. A line is given as its words in order (`"weighted_degree NATO NATO 10 →
//! 4"`): some output line must hold them as a contiguous run of its whitespace-separated
//! words. When a passage changes, its claim here must change with it; when a command's output
//! changes, the passage must be re-read.

mod support;

use support::cli::stdout;

struct Claim {
    file: &'static str,
    passage: &'static str,
    command: &'static [&'static str],
    lines: &'static [&'static str],
}

const ESCALATION: &[&str] = &[
    "scenario",
    "diff",
    "graphs/scenarios/russian_escalation.ron",
    "--on",
    "AZE",
    "--pair",
    "RUS,TUR",
];
const BASES: &[&str] = &[
    "scenario",
    "diff",
    "graphs/scenarios/us_zangezur_caspian_bases.ron",
    "--on",
    "AZE",
    "--pair",
    "RUS,TUR",
];
const RIFT: &[&str] = &[
    "scenario",
    "diff",
    "graphs/scenarios/turkey_israel_rift.ron",
    "--on",
    "AZE",
    "--pair",
    "RUS,TUR",
];
const UKRAINE: &[&str] = &[
    "scenario",
    "diff",
    "graphs/scenarios/azerbaijan_ukraine_support.ron",
    "--on",
    "UKR",
    "--pair",
    "RUS,TUR",
];
const CASCADE: &[&str] = &["cascade", "--attacker", "RUS", "--target", "AZE"];
const TIMELINE: &[&str] = &[
    "timeline", "--pair", "RUS,AZE", "--by", "quarter", "--from", "2020",
];

const CLAIMS: &[Claim] = &[
    // README.md
    Claim {
        file: "README.md",
        passage: "on the graph's latest date 107 relations are in force, and the Minsk Group and \
                  the Russian peacekeepers are the isolated ones",
        command: &["info"],
        lines: &["relations: 107", "Isolated actors: OSCE_MG, RUS_PKF"],
    },
    Claim {
        file: "README.md",
        passage: "with most of the bloc's brokerage roles, 44 of them as its representative \
                  towards outsiders. Turkey and Armenia each sit between four hostile pairs",
        command: &["brokers"],
        lines: &["AZE 0 133 2 44 21 2 202", "TUR 0 4", "ARM 0 4"],
    },
    Claim {
        file: "README.md",
        passage: "no actor changes bloc and frustration falls 3.656 → 3.356 — escalation \
                  deepens the existing divide; the direct Russia → Azerbaijan tie hardens from \
                  −0.14 to −0.78",
        command: ESCALATION,
        lines: &[
            "0 actors moved,",
            "frustration: 3.656 (optimal) → 3.356 (optimal)",
        ],
    },
    Claim {
        file: "README.md",
        passage: "the direct Russia → Azerbaijan tie hardens from −0.14 to −0.78",
        command: &[
            "path",
            "graphs/scenarios/russian_escalation.ron",
            "RUS",
            "AZE",
            "--allow-hostile",
            "--max-hops",
            "1",
        ],
        lines: &["1 RUS AZE -0.775"],
    },
    Claim {
        file: "README.md",
        passage: "Russia's best channel of influence on Azerbaijan no longer runs through Turkey \
                  but through China (0.31 → 0.28)",
        command: ESCALATION,
        lines: &[
            "weighted_degree RUS Russia 3 → 7",
            "RUS Russia 0.305 0.28 -0.025 RUS → CHN → AZE",
        ],
    },
    Claim {
        file: "README.md",
        passage: "NATO rises on signed strength (9th → 4th) and becomes a strong influence on \
                  Azerbaijan (0.3 → 0.86); Russia falls 3rd → 10th; Armenia's remaining \
                  alliance with Russia no longer breaks the blocs",
        command: BASES,
        lines: &[
            "weighted_degree NATO NATO 9 → 4",
            "NATO NATO 0.3 0.86 +0.56 NATO → AZE",
            "weighted_degree RUS Russia 3 → 10",
            "ARM – RUS Alliance allied across blocs resolved (was 0.15)",
        ],
    },
    Claim {
        file: "README.md",
        passage: "Turkey–Israel hardens from −0.7 to −0.94 inside the Western bloc and \
                  frustration rises 3.656 → 3.896; Israel falls 18th → 27th on signed strength; \
                  Turkey's influence on Azerbaijan, strained by the new rivalry over the \
                  re-routing, falls 0.998 → 0.798",
        command: RIFT,
        lines: &[
            "ISR – TUR Sanctions hostile inside a bloc -0.7 → -0.94",
            "0 actors moved,",
            "frustration: 3.656 (optimal) → 3.896 (optimal)",
            "weighted_degree ISR Israel 18 → 27",
            "TUR Turkey 0.998 0.798 -0.2 TUR → AZE",
        ],
    },
    Claim {
        file: "README.md",
        passage: "Ukraine climbs on signed strength (15th → 8th) and PageRank (8th → 5th), and \
                  Azerbaijan's influence on it rises 0.58 → 0.88, Turkey's and the United \
                  States' with it",
        command: UKRAINE,
        lines: &[
            "weighted_degree UKR Ukraine 15 → 8",
            "pagerank UKR Ukraine 8 → 5",
            "AZE Azerbaijan 0.58 0.88 +0.3 AZE → UKR",
            "TUR Turkey 0.579 0.878 +0.299 TUR → AZE → UKR",
            "USA United States 0.434 0.658 +0.224 USA → AZE → UKR",
        ],
    },
    Claim {
        file: "README.md",
        passage: "Turkey's pull is the strongest, 2.31",
        command: CASCADE,
        lines: &["TUR Turkey target combat 2.31 0.21"],
    },
    Claim {
        file: "README.md",
        passage: "against 0.21 from its gas, nuclear and trade ties with Russia",
        command: CASCADE,
        lines: &["TUR Turkey target combat 2.31 0.21"],
    },
    Claim {
        file: "README.md",
        passage: "Moscow and its new partnership with Baku pull only 0.35 the other way",
        command: CASCADE,
        lines: &["ARM Armenia attacker arms and money 0.525 0.35"],
    },
    Claim {
        file: "README.md",
        passage: "The Organization of Turkic States stays out (0.45 of the 0.5 it would need)",
        command: CASCADE,
        lines: &["OTS Organization of Turkic Stat… 0.225 0.45"],
    },
    Claim {
        file: "README.md",
        passage: "Russia's best allied channel into Baku runs through Ankara (`RUS → TUR → AZE`, \
                  0.31)",
        command: &["influence", "--on", "AZE"],
        lines: &["RUS Russia 0.3054 0.3054 allied 2 TUR RUS → TUR → AZE"],
    },
    Claim {
        file: "README.md",
        passage: "+0.44 in 2020 (trade and Russia's market lever), +0.73 with the Declaration on \
                  Allied Interaction (2022-Q1), +0.43 once Azerbaijani gas starts competing \
                  with Russia's in Europe (2022-Q3), +0.22 after the downing of AZAL 8243 and \
                  Baku's demand for an admission (2024-Q4), +0.03 with the closures of the \
                  Russian House and Sputnik's office (2025-Q1), −0.19 in the crisis that \
                  followed the Yekaterinburg raid (2025-Q2), and −0.15 once Putin admitted the \
                  downing (2025-Q4, too small a move to be a change point)",
        command: TIMELINE,
        lines: &[
            "2020-Q1 0.44",
            "2022-Q1 ◆ 0.731",
            "2022-Q3 ◆ 0.431",
            "2024-Q4 ◆ 0.221",
            "2025-Q1 ◆ 0.025",
            "2025-Q2 ◆ -0.186",
            "2025-Q4 -0.151",
        ],
    },
    Claim {
        file: "README.md",
        passage: "Turkey's first reason becomes \"defence commitment with Azerbaijan, weight \
                  0.95\"",
        command: &[
            "cascade",
            "graphs/scenarios/russian_escalation.ron",
            "--attacker",
            "RUS",
            "--target",
            "AZE",
        ],
        lines: &[
            "TUR Turkey target combat 2.86 0.21 defence",
            "commitment with",
            "weight 0.95;",
        ],
    },
    Claim {
        file: "docs/analysis/cascade.md",
        passage: "in words (\"defence commitment with Azerbaijan, weight 0.95\", as Turkey's on \
                  the escalation scenario)",
        command: &[
            "cascade",
            "graphs/scenarios/russian_escalation.ron",
            "--attacker",
            "RUS",
            "--target",
            "AZE",
        ],
        lines: &[
            "TUR Turkey target combat 2.86 0.21 defence",
            "commitment with",
            "weight 0.95;",
        ],
    },
    Claim {
        file: "README.md",
        passage: "and only Kazakhstan wavers, in Russia's camp in 81 % of the samples",
        command: &["robustness"],
        lines: &["1 11 CHN CSTO FSB IRN KAZ (81.4 %) RUS"],
    },
    Claim {
        file: "README.md",
        passage: "With confirmed claims alone, 51 of the 59 findings hold; TRIPP's place in \
                  Azerbaijan's camp and Sputnik's and Russia's state media in Russia's rest on \
                  probable claims",
        command: &["robustness"],
        lines: &[
            "51 of 59 findings hold on confirmed claims",
            "bloc 0 ≥ probably-true TRIPP",
            "bloc 1 ≥ probably-true RUS_MEDIA SPUTNIK_AZ",
        ],
    },
    // graphs/README.md
    Claim {
        file: "graphs/README.md",
        passage: "nets 1 − 0.6 · 0.7 · 0.8 = +0.664 in June 2022",
        command: &[
            "path",
            "RUS",
            "AZE",
            "--allow-hostile",
            "--max-hops",
            "1",
            "--as-of",
            "2022-06",
        ],
        lines: &["1 RUS AZE 0.664"],
    },
    Claim {
        file: "graphs/README.md",
        passage: "a hostile 0.804, bring it to −0.14",
        command: &["path", "RUS", "AZE", "--allow-hostile", "--max-hops", "1"],
        lines: &["1 RUS AZE -0.14"],
    },
    Claim {
        file: "graphs/README.md",
        passage: "and Azerbaijan → Russia, with Baku's own measures and protests, to −0.218",
        command: &["path", "AZE", "RUS", "--allow-hostile", "--max-hops", "1"],
        lines: &["1 AZE RUS -0.218"],
    },
    // graphs/scenarios/README.md
    Claim {
        file: "graphs/scenarios/README.md",
        passage: "no actor changes bloc and frustration falls from 3.656 to 3.356",
        command: ESCALATION,
        lines: &[
            "0 actors moved,",
            "frustration: 3.656 (optimal) → 3.356 (optimal)",
        ],
    },
    Claim {
        file: "graphs/scenarios/README.md",
        passage: "Russia–Turkey stays allied across the blocs, barely (net 0.306 → 0.006)",
        command: ESCALATION,
        lines: &["RUS – TUR Hostility allied across blocs 0.306 → 0.006"],
    },
    Claim {
        file: "graphs/scenarios/README.md",
        passage: "the Russian armed forces fall from 17th to 30th, the Azerbaijani armed forces \
                  from 7th to 13th, Russia from 3rd to 7th. Russia's best channel of influence \
                  on Azerbaijan no longer runs through Turkey but through China (0.31 → 0.28)",
        command: ESCALATION,
        lines: &[
            "weighted_degree RUS_MIL Russian Armed Forces (in… 17 → 30",
            "weighted_degree AZE_ARMED Azerbaijani Armed Forces 7 → 13",
            "weighted_degree RUS Russia 3 → 7",
            "RUS Russia 0.305 0.28 -0.025 RUS → CHN → AZE",
        ],
    },
    Claim {
        file: "graphs/scenarios/README.md",
        passage: "NATO rises on signed strength (9th → 4th) and becomes a strong influence on \
                  Azerbaijan (0.3 → 0.86); TRIPP gains weighted betweenness (34th → 20th); \
                  Russia falls from 3rd to 10th on signed strength; Armenia's weakened alliance \
                  with Russia no longer breaks the blocs, and five unbalanced triads are \
                  resolved (17 → 12)",
        command: BASES,
        lines: &[
            "weighted_degree NATO NATO 9 → 4",
            "NATO NATO 0.3 0.86 +0.56 NATO → AZE",
            "weighted_betweenness TRIPP Trump Route for Internatio… 34 → 20",
            "weighted_degree RUS Russia 3 → 10",
            "ARM – RUS Alliance allied across blocs resolved (was 0.15)",
            "unbalanced triads: 17 → 12 (0 new, 5 resolved).",
        ],
    },
    Claim {
        file: "graphs/scenarios/README.md",
        passage: "goes from −0.7 to −0.94 and frustration rises from 3.656 to 3.896; Israel \
                  falls from 18th to 27th on signed strength. Turkey's influence on Azerbaijan, \
                  strained by the new rivalry over the re-routing, falls from 0.998 to 0.798",
        command: RIFT,
        lines: &[
            "ISR – TUR Sanctions hostile inside a bloc -0.7 → -0.94",
            "0 actors moved,",
            "frustration: 3.656 (optimal) → 3.896 (optimal)",
            "weighted_degree ISR Israel 18 → 27",
            "TUR Turkey 0.998 0.798 -0.2 TUR → AZE",
        ],
    },
    Claim {
        file: "graphs/scenarios/README.md",
        passage: "no actor changes bloc and frustration stays at 3.656; Ukraine climbs on signed \
                  strength (15th → 8th) and PageRank (8th → 5th); Azerbaijan's influence on \
                  Ukraine rises from 0.58 to 0.88, SOCAR's from 0.58 to 0.79, Turkey's from \
                  0.58 to 0.88 and the United States' from 0.43 to 0.66",
        command: UKRAINE,
        lines: &[
            "0 actors moved,",
            "frustration: 3.656 (optimal) → 3.656 (optimal)",
            "weighted_degree UKR Ukraine 15 → 8",
            "pagerank UKR Ukraine 8 → 5",
            "AZE Azerbaijan 0.58 0.88 +0.3 AZE → UKR",
            "0.58 0.792 +0.212 SOCAR → AZE → UKR",
            "TUR Turkey 0.579 0.878 +0.299 TUR → AZE → UKR",
            "USA United States 0.434 0.658 +0.224 USA → AZE → UKR",
        ],
    },
];

fn words(s: &str) -> Vec<&str> {
    s.split_whitespace().collect()
}

/// True when `want`'s words run contiguously in `line`'s.
fn holds(line: &str, want: &[&str]) -> bool {
    let have = words(line);
    want.is_empty() || have.windows(want.len()).any(|w| w == want)
}

#[test]
fn prose_numbers_are_what_the_commands_print() {
    let mut outputs: std::collections::HashMap<&[&str], String> = Default::default();
    let mut problems = Vec::new();
    for c in CLAIMS {
        let doc = std::fs::read_to_string(c.file).unwrap();
        if !words(&doc).join(" ").contains(&words(c.passage).join(" ")) {
            problems.push(format!(
                "{}: the passage is gone or reworded (update its claim in tests/doc_claims.rs): \
                 {:?}",
                c.file, c.passage
            ));
            continue;
        }
        let out = outputs
            .entry(c.command)
            .or_insert_with(|| stdout(c.command));
        for want in c.lines {
            if !out.lines().any(|l| holds(l, &words(want))) {
                problems.push(format!(
                    "{}: {:?} rests on `{}` printing {want:?}, which it no longer does",
                    c.file,
                    c.passage,
                    c.command.join(" ")
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn a_claim_matches_words_in_a_row() {
    assert!(holds(
        "  1  RUS   AZE  0.9  alliance",
        &["RUS", "AZE", "0.9"]
    ));
    assert!(!holds("  1  RUS   AZE  0.95", &["AZE", "0.9"]));
    assert!(!holds("AZE x 0.9", &["AZE", "0.9"]));
}
