//! Rendering diagrams to SVG or PNG: with the system Graphviz `dot` when it is installed, or
//! with an embedded engine that needs nothing outside the binary.
//!
//! The embedded engine is, by build:
//! - with the `graphviz-pure` cargo feature: the `graphviz-pure` crate, a pure-Rust port of
//!   Graphviz (EPL-2.0, so off by default: see README "Licences"), laying out the same DOT
//!   that `entente dot` writes with the layout it names;
//! - otherwise: entente's own layout and SVG writer ([`super::svg`], MIT/Apache-2.0).
//!
//! PNG needs the system `dot` (neither embedded engine rasterises). Both embedded engines
//! refuse a diagram of more than [`super::svg::MAX_ACTORS`] actors ([`RenderError::TooLarge`]).

use super::dot::{Diagram, write_dot};
use super::svg::{LayoutProgress, MAX_ACTORS, TooLarge};
use std::fmt;
use std::io::Write;
use std::process::{Command, Stdio};

/// Who draws the picture.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    /// The Graphviz `dot` program on PATH.
    System,
    /// Built into the binary (see the module documentation).
    Embedded,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImageFormat {
    Svg,
    Png,
}

impl ImageFormat {
    /// The format a file name asks for, by its extension.
    pub fn from_path(path: &std::path::Path) -> Option<ImageFormat> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "svg" => Some(ImageFormat::Svg),
            "png" => Some(ImageFormat::Png),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            ImageFormat::Svg => "svg",
            ImageFormat::Png => "png",
        }
    }
}

/// Why a picture could not be made.
#[derive(Debug, Clone, PartialEq)]
pub enum RenderError {
    /// The system engine was asked for but `dot` cannot be run.
    NoSystemDot(String),
    /// The embedded engine cannot write this format.
    EmbeddedCannot(ImageFormat),
    /// The engine ran and failed; its messages.
    Failed(String),
    /// The diagram has more actors than the embedded engines lay out.
    TooLarge(TooLarge),
}

impl fmt::Display for RenderError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RenderError::NoSystemDot(why) => write!(
                f,
                "Graphviz `dot` cannot be run ({why}); install Graphviz (e.g. `apt-get install graphviz`) or use the embedded engine for SVG"
            ),
            RenderError::EmbeddedCannot(fmt) => write!(
                f,
                "the embedded engine writes SVG only, not {}; install Graphviz for {}, or write .svg",
                fmt.name().to_uppercase(),
                fmt.name().to_uppercase()
            ),
            RenderError::Failed(msg) => write!(f, "rendering failed: {msg}"),
            RenderError::TooLarge(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for RenderError {}

/// A picture and what was said while making it.
#[derive(Debug, Clone)]
pub struct Rendered {
    pub bytes: Vec<u8>,
    /// Warnings from the engine (Graphviz's stderr, one per line).
    pub warnings: Vec<String>,
    /// Which engine drew it, for messages.
    pub engine: &'static str,
}

/// What the embedded engine of this build is.
pub fn embedded_engine_name() -> &'static str {
    if cfg!(feature = "graphviz-pure") {
        "embedded graphviz-pure"
    } else {
        "embedded entente layout"
    }
}

/// The version line of the system `dot`, or why it cannot be run.
pub fn system_dot_version() -> Result<String, String> {
    match Command::new("dot").arg("-V").stdin(Stdio::null()).output() {
        Ok(out) if out.status.success() => {
            Ok(String::from_utf8_lossy(&out.stderr).trim().to_string())
        }
        Ok(out) => Err(format!("`dot -V` exited with {}", out.status)),
        Err(e) => Err(e.to_string()),
    }
}

/// Renders with the system `dot`, the layout named in the DOT; `pinned` when the DOT pins
/// every node and cluster box (entente's own layout), which `-n2` makes Graphviz keep.
pub fn render_system(
    dot_text: &str,
    format: ImageFormat,
    pinned: bool,
) -> Result<Rendered, RenderError> {
    let mut cmd = Command::new("dot");
    if pinned {
        cmd.arg("-n2");
    }
    let mut child = cmd
        .arg(format!("-T{}", format.name()))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| RenderError::NoSystemDot(e.to_string()))?;
    let mut stdin = child.stdin.take().expect("piped stdin");
    let input = dot_text.as_bytes().to_vec();
    // Feed stdin from a thread: dot may fill its stdout pipe before reading all its input.
    let writer = std::thread::spawn(move || stdin.write_all(&input));
    let out = child
        .wait_with_output()
        .map_err(|e| RenderError::Failed(e.to_string()))?;
    let _ = writer.join();
    let stderr = String::from_utf8_lossy(&out.stderr);
    if !out.status.success() || out.stdout.is_empty() {
        return Err(RenderError::Failed(stderr.trim().to_string()));
    }
    Ok(Rendered {
        bytes: out.stdout,
        warnings: stderr
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(str::to_string)
            .collect(),
        engine: "system Graphviz dot",
    })
}

/// Renders with the embedded engine (SVG only).
pub fn render_embedded(d: &Diagram, format: ImageFormat) -> Result<Rendered, RenderError> {
    render_embedded_with_progress(d, format, &mut |_| {})
}

/// [`render_embedded`], telling `progress` where the layout is (entente's own engine).
pub fn render_embedded_with_progress(
    d: &Diagram,
    format: ImageFormat,
    progress: &mut dyn FnMut(LayoutProgress),
) -> Result<Rendered, RenderError> {
    if format != ImageFormat::Svg {
        return Err(RenderError::EmbeddedCannot(format));
    }
    if d.actors.len() > MAX_ACTORS {
        return Err(RenderError::TooLarge(TooLarge {
            actors: d.actors.len(),
            limit: MAX_ACTORS,
        }));
    }
    embedded_svg(d, progress)
}

#[cfg(feature = "graphviz-pure")]
fn embedded_svg(
    d: &Diagram,
    _progress: &mut dyn FnMut(LayoutProgress),
) -> Result<Rendered, RenderError> {
    let dot_text = write_dot(d);
    let out = graphviz_pure::render_dot(&dot_text, d.layout.name(), "svg")
        .map_err(|e| RenderError::Failed(e.to_string()))?;
    let warnings = out
        .diagnostics()
        .iter()
        .map(|w| w.message().trim().to_string())
        .collect();
    Ok(Rendered {
        bytes: out.into_output().into_bytes(),
        warnings,
        engine: embedded_engine_name(),
    })
}

#[cfg(not(feature = "graphviz-pure"))]
fn embedded_svg(
    d: &Diagram,
    progress: &mut dyn FnMut(LayoutProgress),
) -> Result<Rendered, RenderError> {
    let svg = super::svg::write_svg_with_progress(d, progress).map_err(RenderError::TooLarge)?;
    Ok(Rendered {
        bytes: svg.into_bytes(),
        warnings: Vec::new(),
        engine: embedded_engine_name(),
    })
}

/// Renders with `engine`, or with the system `dot` when it runs and the embedded engine
/// otherwise (`engine` = `None`).
pub fn render(
    d: &Diagram,
    format: ImageFormat,
    engine: Option<Engine>,
) -> Result<Rendered, RenderError> {
    render_with_progress(d, format, engine, &mut |_| {})
}

/// [`render`], telling `progress` where the embedded engine's layout is.
pub fn render_with_progress(
    d: &Diagram,
    format: ImageFormat,
    engine: Option<Engine>,
    progress: &mut dyn FnMut(LayoutProgress),
) -> Result<Rendered, RenderError> {
    match engine.unwrap_or_else(default_engine) {
        Engine::System => render_system(&write_dot(d), format, !d.positions.is_empty()),
        Engine::Embedded => render_embedded_with_progress(d, format, progress),
    }
}

/// The engine used when none is asked for: the system `dot` when it runs.
pub fn default_engine() -> Engine {
    if system_dot_version().is_ok() {
        Engine::System
    } else {
        Engine::Embedded
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagram::{DotOptions, prepare};

    #[test]
    fn image_format_follows_the_extension() {
        use std::path::Path;
        assert_eq!(
            ImageFormat::from_path(Path::new("a/b.SVG")),
            Some(ImageFormat::Svg)
        );
        assert_eq!(
            ImageFormat::from_path(Path::new("b.png")),
            Some(ImageFormat::Png)
        );
        assert_eq!(ImageFormat::from_path(Path::new("b.gif")), None);
        assert_eq!(ImageFormat::from_path(Path::new("svg")), None);
    }

    #[test]
    fn embedded_engine_draws_the_shipped_graph_as_svg() {
        let g = crate::format::builtin().graph;
        let d = prepare(&g, &DotOptions::default()).unwrap();
        let out = render_embedded(&d, ImageFormat::Svg).unwrap();
        let svg = String::from_utf8(out.bytes).unwrap();
        assert!(svg.contains("<svg") && svg.contains("Azerbaijan"));
        assert!(
            out.warnings.iter().all(|w| !w.contains("rror")),
            "{:?}",
            out.warnings
        );
        assert_eq!(
            render_embedded(&d, ImageFormat::Png).unwrap_err(),
            RenderError::EmbeddedCannot(ImageFormat::Png)
        );
    }
}
