//! The Chinese review record (`quote --lang zh --review FILE.html`) in a real browser with
//! a CJK font (Debian's `fonts-noto-cjk`, installed by `.ci/run`): the expected Chinese
//! text is in the DOM, the page's screenshot is not blank, and the Chinese glyphs are real
//! glyphs, not "tofu" boxes.
//!
//! The glyph check: the document's own stylesheet (its font stack) on a probe page that
//! draws the title's eight different characters 客户订单评审记录 one per 80 × 80 px cell.
//! Real glyphs give eight different, non-empty cells; without a CJK font every character
//! is the same missing-glyph box (or nothing), so the cells are all alike (or blank). The
//! test also proves the check can fail: the same probe rendered with a fontconfig that
//! knows only DejaVu (no CJK glyphs) must fail it.
//!
//! Without a Chromium binary the test is skipped with a note, unless
//! `PROMISE_REQUIRE_BROWSER=1` (CI sets it). `CHROMIUM=/path` picks the binary.

mod common;

use assert_cmd::Command;
use common::browser::{browser, run};
use common::write_plant;
use std::fs;
use std::path::Path;

const ORDERS: &str = "order_id,customer,product_id,qty,requested_date,destination\n\
O1,ACME,P1,450,2026-03-12,D1\n";

/// The characters the probe draws: the document's title, eight different characters.
const PROBE: &str = "客户订单评审记录";
const CELL: u32 = 80;

/// A screenshot as luminance (0 black … 255 white), row by row.
struct Gray {
    width: u32,
    height: u32,
    pixels: Vec<u8>,
}

impl Gray {
    fn decode(file: &Path) -> Gray {
        let bytes = fs::read(file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        let mut decoder = png::Decoder::new(std::io::Cursor::new(bytes));
        decoder.set_transformations(png::Transformations::EXPAND | png::Transformations::STRIP_16);
        let mut reader = decoder.read_info().expect("a PNG");
        let mut buf = vec![0; reader.output_buffer_size().expect("a size")];
        let info = reader.next_frame(&mut buf).expect("a frame");
        let per = info.color_type.samples();
        let pixels = buf[..info.buffer_size()]
            .chunks(info.line_size)
            .flat_map(|row| {
                row[..info.width as usize * per].chunks(per).map(|p| {
                    if per >= 3 {
                        ((u32::from(p[0]) * 30 + u32::from(p[1]) * 59 + u32::from(p[2]) * 11) / 100)
                            as u8
                    } else {
                        p[0]
                    }
                })
            })
            .collect();
        Gray {
            width: info.width,
            height: info.height,
            pixels,
        }
    }

    fn dark(&self, x: u32, y: u32) -> bool {
        self.pixels[(y * self.width + x) as usize] < 128
    }

    /// The cell's dark pixels as a bitmap.
    fn cell(&self, i: u32) -> Vec<bool> {
        (0..CELL.min(self.height))
            .flat_map(|y| (i * CELL..(i + 1) * CELL).map(move |x| (x, y)))
            .map(|(x, y)| self.dark(x, y))
            .collect()
    }
}

/// Why the probe's cells are not eight real glyphs, or `None` when they are: each cell
/// has ink, and no two cells are the same picture.
fn not_glyphs(g: &Gray) -> Option<String> {
    let n = PROBE.chars().count() as u32;
    let cells: Vec<Vec<bool>> = (0..n).map(|i| g.cell(i)).collect();
    for (i, c) in cells.iter().enumerate() {
        let ink = c.iter().filter(|&&d| d).count();
        if ink < 40 {
            return Some(format!("cell {i} is blank ({ink} dark pixels)"));
        }
    }
    for i in 0..cells.len() {
        for j in i + 1..cells.len() {
            if cells[i] == cells[j] {
                return Some(format!(
                    "cells {i} and {j} are the same picture (missing-glyph boxes)"
                ));
            }
        }
    }
    None
}

fn screenshot(chrome: &Path, page: &Path, size: &str, env: &[(&str, &Path)], dir: &Path) -> Gray {
    let png = page.with_extension("png");
    let shot = format!("--screenshot={}", png.display());
    let window = format!("--window-size={size}");
    let r = run(
        chrome,
        &[&shot, &window, "--hide-scrollbars"],
        env,
        &format!("file://{}", page.display()),
        &dir.join(format!(
            "profile-{}",
            page.file_stem().unwrap().to_string_lossy()
        )),
    );
    assert!(
        png.is_file(),
        "no screenshot of {}:\n{}",
        page.display(),
        r.log
    );
    Gray::decode(&png)
}

#[test]
fn the_chinese_review_record_renders_with_real_cjk_glyphs() {
    let Some(chrome) = browser("the Chinese review record") else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("plant");
    write_plant(&data, ORDERS, &[]);
    let doc = tmp.path().join("review.html");
    Command::cargo_bin("promise")
        .unwrap()
        .args(["quote", "--data"])
        .arg(&data)
        .args([
            "--as-of",
            "2026-03-02",
            "--order",
            "O1",
            "--lang",
            "zh",
            "--review",
        ])
        .arg(&doc)
        .assert()
        .success();
    let html = fs::read_to_string(&doc).unwrap();

    // The expected Chinese text is in the DOM Chromium built.
    let dom = run(
        &chrome,
        &["--dump-dom"],
        &[],
        &format!("file://{}", doc.display()),
        &tmp.path().join("profile-dom"),
    )
    .stdout;
    for text in [
        "<html lang=\"zh-CN\">",
        "<h1>客户订单评审记录 — O1</h1>",
        "<th>承诺交期</th><td>2026-03-09（缓冲 0 天）</td>",
        "生产 450 × P1（L1）",
        "<h2>会签</h2>",
        "<th>评审人</th>",
    ] {
        assert!(dom.contains(text), "no {text:?} in the DOM:\n{dom}");
    }

    // The page is not blank.
    let page = screenshot(&chrome, &doc, "1000,1400", &[], tmp.path());
    let ink = page.pixels.iter().filter(|&&p| p < 128).count();
    assert!(ink > 5_000, "the page is nearly blank: {ink} dark pixels");

    // The glyph probe in the document's own font stack.
    let style = &html[html.find("<style>").unwrap()..html.find("</style>").unwrap() + 8];
    let spans: String = PROBE
        .chars()
        .enumerate()
        .map(|(i, c)| format!("<span style=\"left:{}px\">{c}</span>", i as u32 * CELL))
        .collect();
    let probe = tmp.path().join("probe.html");
    fs::write(
        &probe,
        format!(
            "<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\">{style}<style>\
             body{{margin:0;max-width:none;background:#fff}}span{{position:absolute;top:0;\
             width:{CELL}px;height:{CELL}px;font-size:64px;line-height:{CELL}px;\
             text-align:center;color:#000}}</style></head><body>{spans}</body></html>"
        ),
    )
    .unwrap();
    let size = format!("{},{CELL}", CELL * PROBE.chars().count() as u32);
    let with_fonts = screenshot(&chrome, &probe, &size, &[], tmp.path());
    if let Some(why) = not_glyphs(&with_fonts) {
        panic!("the Chinese text does not render as glyphs ({why}); is fonts-noto-cjk installed?");
    }

    // The check can fail: with only DejaVu (no CJK glyphs) it must.
    let conf = tmp.path().join("fonts.conf");
    fs::write(
        &conf,
        format!(
            "<?xml version=\"1.0\"?><!DOCTYPE fontconfig SYSTEM \"fonts.dtd\"><fontconfig>\
             <dir>/usr/share/fonts/truetype/dejavu</dir><cachedir>{}</cachedir></fontconfig>",
            tmp.path().join("fc-cache").display()
        ),
    )
    .unwrap();
    let tofu_page = tmp.path().join("tofu.html");
    fs::copy(&probe, &tofu_page).unwrap();
    let tofu = screenshot(
        &chrome,
        &tofu_page,
        &size,
        &[("FONTCONFIG_FILE", &conf)],
        tmp.path(),
    );
    assert!(
        not_glyphs(&tofu).is_some(),
        "without a CJK font the probe should fail the glyph check, but passed"
    );
}
