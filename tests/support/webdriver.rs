//! A small WebDriver client (W3C WebDriver, plain HTTP/JSON over `std::net::TcpStream`) that
//! drives headless Chromium through `chromedriver`, for the browser tests. Written here
//! rather than pulled in (fantoccini, thirtyfour: tokio, hyper and TLS stacks) to keep the
//! test build small on a 2-core machine.
//!
//! The tests need `chromium` and `chromium-driver` (`.ci/test` installs them). Without them a
//! test fails, unless `ENTENTE_SKIP_BROWSER=1` is set: then it says why and passes.

#![allow(dead_code)]

use serde_json::{Value, json};
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// `chromedriver` and a browser session in it; both end when this is dropped.
pub struct Browser {
    driver: Child,
    port: u16,
    session: String,
}

fn find(names: &[&str]) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    for dir in std::env::split_paths(&path) {
        for n in names {
            let p = dir.join(n);
            if p.is_file() {
                return Some(p);
            }
        }
    }
    None
}

/// The browser, or `None` (after saying why) when Chromium is missing and
/// `ENTENTE_SKIP_BROWSER=1` allows skipping. Panics when it is missing and skipping is not
/// allowed.
pub fn browser() -> Option<Browser> {
    let chrome = find(&["chromium", "chromium-browser", "google-chrome"]);
    let driver = find(&["chromedriver"]);
    let (Some(chrome), Some(driver)) = (chrome, driver) else {
        let msg = "the browser tests need Chromium and chromedriver \
                   (apt-get install chromium chromium-driver; .ci/test installs them)";
        if std::env::var("ENTENTE_SKIP_BROWSER").as_deref() == Ok("1") {
            eprintln!("skipped: {msg}; ENTENTE_SKIP_BROWSER=1 allows skipping");
            return None;
        }
        panic!("{msg}; set ENTENTE_SKIP_BROWSER=1 to skip these tests");
    };
    Some(Browser::start(&driver, &chrome))
}

impl Browser {
    fn start(driver: &Path, chrome: &Path) -> Browser {
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port")
            .port();
        let child = Command::new(driver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver starts");
        let mut b = Browser {
            driver: child,
            port,
            session: String::new(),
        };
        let start = Instant::now();
        loop {
            if let Ok((200, v)) = b.http("GET", "/status", None)
                && v["value"]["ready"] == true
            {
                break;
            }
            assert!(
                start.elapsed() < Duration::from_secs(30),
                "chromedriver did not start"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        let caps = json!({
            "capabilities": {"alwaysMatch": {
                "browserName": "chrome",
                "goog:chromeOptions": {
                    "binary": chrome.to_str().unwrap(),
                    "args": ["--headless=new", "--no-sandbox", "--disable-gpu",
                             "--disable-dev-shm-usage", "--window-size=1600,1000",
                             "--force-device-scale-factor=1", "--hide-scrollbars"]
                },
                "goog:loggingPrefs": {"browser": "ALL"}
            }}
        });
        let (status, v) = b
            .http("POST", "/session", Some(&caps))
            .expect("new session");
        assert_eq!(status, 200, "new session: {v}");
        b.session = v["value"]["sessionId"]
            .as_str()
            .expect("a session id")
            .to_string();
        b
    }

    /// One HTTP request to chromedriver: status and JSON body.
    fn http(
        &self,
        method: &str,
        path: &str,
        body: Option<&Value>,
    ) -> std::io::Result<(u16, Value)> {
        let mut s = TcpStream::connect(("127.0.0.1", self.port))?;
        s.set_read_timeout(Some(Duration::from_secs(120)))?;
        let body = body.map(|b| b.to_string()).unwrap_or_default();
        write!(
            s,
            "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nContent-Type: application/json\r\n\
             Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
            self.port,
            body.len()
        )?;
        // Read the head, then exactly Content-Length bytes (chromedriver keeps the
        // connection open whatever the request says).
        let mut raw = Vec::new();
        let mut buf = [0u8; 65536];
        let head_end = loop {
            let n = s.read(&mut buf)?;
            if n == 0 {
                break raw.len();
            }
            raw.extend_from_slice(&buf[..n]);
            if let Some(i) = raw.windows(4).position(|w| w == b"\r\n\r\n") {
                break i + 4;
            }
        };
        let head = String::from_utf8_lossy(&raw[..head_end.min(raw.len())]).to_string();
        let lower = head.to_ascii_lowercase();
        let length = lower
            .lines()
            .find_map(|l| l.strip_prefix("content-length:"))
            .and_then(|v| v.trim().parse::<usize>().ok());
        match length {
            Some(len) => {
                while raw.len() < head_end + len {
                    let n = s.read(&mut buf)?;
                    if n == 0 {
                        break;
                    }
                    raw.extend_from_slice(&buf[..n]);
                }
            }
            None => {
                s.read_to_end(&mut raw)?;
            }
        }
        let rest = String::from_utf8_lossy(&raw[head_end.min(raw.len())..]).to_string();
        let status: u16 = head
            .split_whitespace()
            .nth(1)
            .and_then(|c| c.parse().ok())
            .unwrap_or(0);
        let body = if lower.contains("transfer-encoding: chunked") {
            dechunk(&rest)
        } else {
            rest
        };
        let v = serde_json::from_str(&body).unwrap_or(Value::Null);
        Ok((status, v))
    }

    /// A command of this session; panics with the driver's message when it fails.
    pub fn cmd(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        let full = format!("/session/{}{path}", self.session);
        let (status, v) = self
            .http(method, &full, body.as_ref())
            .unwrap_or_else(|e| panic!("{method} {path}: {e}"));
        assert_eq!(status, 200, "{method} {path}: {v}");
        v["value"].clone()
    }

    /// Opens a file in the browser and waits until the page says it is ready.
    pub fn open(&self, file: &Path) {
        let url = format!("file://{}", file.canonicalize().unwrap().display());
        self.cmd("POST", "/url", Some(json!({ "url": url })));
        self.wait_for("document.body && document.body.dataset.ready === '1'");
    }

    /// Waits (up to 30 s) until `condition`, a JavaScript expression, is true.
    pub fn wait_for(&self, condition: &str) {
        let start = Instant::now();
        loop {
            if self.js(&format!("return !!({condition});"), json!([])) == true {
                return;
            }
            assert!(
                start.elapsed() < Duration::from_secs(30),
                "timed out waiting for {condition}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Runs a script (a function body; `arguments` are `args`) and gives its result.
    pub fn js(&self, script: &str, args: Value) -> Value {
        self.cmd(
            "POST",
            "/execute/sync",
            Some(json!({ "script": script, "args": args })),
        )
    }

    /// Clicks the page at viewport coordinates, holding Shift when `shift`.
    pub fn click_at(&self, x: i64, y: i64, shift: bool) {
        let pointer = json!({
            "type": "pointer", "id": "mouse", "parameters": {"pointerType": "mouse"},
            "actions": [
                {"type": "pause", "duration": 0},
                {"type": "pointerMove", "x": x, "y": y, "origin": "viewport", "duration": 0},
                {"type": "pointerDown", "button": 0},
                {"type": "pointerUp", "button": 0},
                {"type": "pause", "duration": 0}
            ]
        });
        let keys = if shift {
            json!({"type": "key", "id": "keyboard", "actions": [
                {"type": "keyDown", "value": "\u{E008}"},
                {"type": "pause", "duration": 0},
                {"type": "pause", "duration": 0},
                {"type": "pause", "duration": 0},
                {"type": "keyUp", "value": "\u{E008}"}
            ]})
        } else {
            json!({"type": "key", "id": "keyboard", "actions": [
                {"type": "pause", "duration": 0}, {"type": "pause", "duration": 0},
                {"type": "pause", "duration": 0}, {"type": "pause", "duration": 0},
                {"type": "pause", "duration": 0}
            ]})
        };
        self.cmd(
            "POST",
            "/actions",
            Some(json!({ "actions": [keys, pointer] })),
        );
        self.cmd("DELETE", "/actions", None);
    }

    /// The browser's console messages since the last call: `(level, message)`.
    pub fn console(&self) -> Vec<(String, String)> {
        let v = self.cmd("POST", "/se/log", Some(json!({"type": "browser"})));
        v.as_array()
            .map(|a| {
                a.iter()
                    .map(|e| {
                        (
                            e["level"].as_str().unwrap_or("").to_string(),
                            e["message"].as_str().unwrap_or("").to_string(),
                        )
                    })
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Lets the page download files, without asking, into `dir` (Chromium's
    /// `Browser.setDownloadBehavior` over chromedriver's DevTools command).
    pub fn download_to(&self, dir: &Path) {
        self.cmd(
            "POST",
            "/goog/cdp/execute",
            Some(json!({
                "cmd": "Browser.setDownloadBehavior",
                "params": {"behavior": "allow", "downloadPath": dir.to_str().unwrap()}
            })),
        );
    }

    /// A PNG screenshot of the viewport.
    pub fn screenshot(&self) -> Vec<u8> {
        let v = self.cmd("GET", "/screenshot", None);
        base64_decode(v.as_str().expect("base64 PNG"))
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        if !self.session.is_empty() {
            let _ = self.http("DELETE", &format!("/session/{}", self.session), None);
        }
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

fn dechunk(s: &str) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some((size, tail)) = rest.split_once("\r\n") {
        let n = usize::from_str_radix(size.trim(), 16).unwrap_or(0);
        if n == 0 || tail.len() < n {
            break;
        }
        out.push_str(&tail[..n]);
        rest = tail[n..].trim_start_matches("\r\n");
    }
    out
}

pub fn base64_decode(s: &str) -> Vec<u8> {
    let val = |c: u8| match c {
        b'A'..=b'Z' => Some(c - b'A'),
        b'a'..=b'z' => Some(c - b'a' + 26),
        b'0'..=b'9' => Some(c - b'0' + 52),
        b'+' => Some(62),
        b'/' => Some(63),
        _ => None,
    };
    let digits: Vec<u8> = s.bytes().filter_map(val).collect();
    let mut out = Vec::with_capacity(digits.len() * 3 / 4);
    for chunk in digits.chunks(4) {
        let mut n = 0u32;
        for (i, &d) in chunk.iter().enumerate() {
            n |= u32::from(d) << (18 - 6 * i);
        }
        let bytes = [(n >> 16) as u8, (n >> 8) as u8, n as u8];
        out.extend_from_slice(&bytes[..chunk.len().saturating_sub(1)]);
    }
    out
}

/// The pixels of an 8-bit RGB or RGBA PNG (what Chromium writes), as RGB triples, with its
/// width and height.
pub fn png_pixels(png: &[u8]) -> (usize, usize, Vec<[u8; 3]>) {
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n", "a PNG");
    let (mut w, mut h, mut channels) = (0usize, 0usize, 0usize);
    let mut idat = Vec::new();
    let mut pos = 8;
    while pos + 8 <= png.len() {
        let len = u32::from_be_bytes(png[pos..pos + 4].try_into().unwrap()) as usize;
        let kind = &png[pos + 4..pos + 8];
        let data = &png[pos + 8..pos + 8 + len];
        match kind {
            b"IHDR" => {
                w = u32::from_be_bytes(data[0..4].try_into().unwrap()) as usize;
                h = u32::from_be_bytes(data[4..8].try_into().unwrap()) as usize;
                assert_eq!(data[8], 8, "8-bit PNG");
                channels = match data[9] {
                    2 => 3,
                    6 => 4,
                    t => panic!("PNG colour type {t}"),
                };
            }
            b"IDAT" => idat.extend_from_slice(data),
            _ => {}
        }
        pos += 12 + len;
    }
    let mut raw = Vec::new();
    flate2::read::ZlibDecoder::new(&idat[..])
        .read_to_end(&mut raw)
        .expect("PNG data inflates");
    let stride = w * channels;
    let mut prev = vec![0u8; stride];
    let mut pixels = Vec::with_capacity(w * h);
    for row in 0..h {
        let start = row * (stride + 1);
        let filter = raw[start];
        let mut cur = raw[start + 1..start + 1 + stride].to_vec();
        for i in 0..stride {
            let a = if i >= channels { cur[i - channels] } else { 0 };
            let b = prev[i];
            let c = if i >= channels { prev[i - channels] } else { 0 };
            let add = match filter {
                0 => 0,
                1 => a,
                2 => b,
                3 => ((u16::from(a) + u16::from(b)) / 2) as u8,
                4 => {
                    let p = i16::from(a) + i16::from(b) - i16::from(c);
                    let (pa, pb, pc) = (
                        (p - i16::from(a)).abs(),
                        (p - i16::from(b)).abs(),
                        (p - i16::from(c)).abs(),
                    );
                    if pa <= pb && pa <= pc {
                        a
                    } else if pb <= pc {
                        b
                    } else {
                        c
                    }
                }
                f => panic!("PNG filter {f}"),
            };
            cur[i] = cur[i].wrapping_add(add);
        }
        for px in cur.chunks(channels) {
            pixels.push([px[0], px[1], px[2]]);
        }
        prev = cur;
    }
    (w, h, pixels)
}
