//! Evidence (佐证材料) in a unit's report through the real binary: the HTML
//! page embeds a photo shrunk to 800 px with its caption and lists what it
//! cannot embed; XLSX, Word and Markdown list every file with its SHA-256
//! (an XLSX caption is never a formula); a 问题清单 finding says how many
//! files it holds, in the reports and in `kaocha findings`;
//! `--with-evidence` copies the files under cleaned names with a manifest,
//! and a missing stored file is reported, never skipped.

mod common;
#[path = "common/docx.rs"]
mod docx;

use std::fs;
use std::io::Cursor;
use std::path::{Path, PathBuf};

use base64::Engine;
use calamine::{Data, Reader, Xlsx};
use common::{Kaocha, kept, sha};
use image::{DynamicImage, ImageBuffer, ImageFormat, Rgb};

/// A real picture of `w`×`h` pixels, a gradient, encoded as `format`.
fn picture(w: u32, h: u32, format: ImageFormat) -> Vec<u8> {
    let img = ImageBuffer::from_fn(w, h, |x, y| {
        Rgb([(x % 256) as u8, (y % 256) as u8, ((x + y) % 256) as u8])
    });
    let mut out = Cursor::new(Vec::new());
    DynamicImage::ImageRgb8(img)
        .write_to(&mut out, format)
        .unwrap();
    out.into_inner()
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.join(name);
    fs::write(&p, bytes).unwrap();
    p
}

/// The demo with one 实地考察 of 县药监局 (u-yjj) holding a 1600×1200 JPEG
/// (captioned with markup and a formula) and a PDF, and a 问题清单 entry
/// holding a PNG.
struct Setup {
    k: Kaocha,
    files: tempfile::TempDir,
    visit: String,
    finding: String,
    jpeg: Vec<u8>,
    pdf: Vec<u8>,
    png: Vec<u8>,
}

const CAPTION: &str = "=HYPERLINK(\"x\")<b>门口岗位牌</b>";

fn setup() -> Setup {
    let k = Kaocha::demo("zh");
    let files = tempfile::tempdir().unwrap();
    let visit = k.new_entry("u-yjj", "inspection", "");
    let finding = k.new_entry("u-yjj", "findings", "finding_type=other facts=无岗位牌");
    let jpeg = picture(1600, 1200, ImageFormat::Jpeg);
    let pdf = b"%PDF-1.4\n% a scan of the sanding document\n".to_vec();
    let png = picture(300, 200, ImageFormat::Png);
    let photo = write(files.path(), "岗位牌.jpg", &jpeg);
    k.run([
        "entry",
        "attach",
        &visit,
        "photos",
        photo.to_str().unwrap(),
        "--caption",
        CAPTION,
    ])
    .ok();
    let scan = write(files.path(), "三定.pdf", &pdf);
    k.run(["entry", "attach", &visit, "photos", scan.to_str().unwrap()])
        .ok();
    let shot = write(files.path(), "a:b*c?.png", &png);
    k.run([
        "entry",
        "attach",
        &finding,
        "evidence",
        shot.to_str().unwrap(),
    ])
    .ok();
    Setup {
        k,
        files,
        visit,
        finding,
        jpeg,
        pdf,
        png,
    }
}

impl Setup {
    /// `report unit u-yjj -o NAME` in the files folder: the bytes.
    fn report(&self, name: &str) -> Vec<u8> {
        let out = self.files.path().join(name);
        self.k
            .run(["report", "unit", "u-yjj", "-o", out.to_str().unwrap()])
            .ok();
        fs::read(out).unwrap()
    }
}

/// Every `data:image/jpeg;base64,…` picture of a page, decoded.
fn embedded(html: &str) -> Vec<DynamicImage> {
    html.split("src=\"data:image/jpeg;base64,")
        .skip(1)
        .map(|rest| {
            let b64 = rest.split('"').next().unwrap();
            let bytes = base64::engine::general_purpose::STANDARD
                .decode(b64)
                .unwrap();
            image::load_from_memory(&bytes).unwrap()
        })
        .collect()
}

#[test]
fn the_html_page_embeds_photos_shrunk_with_their_captions_and_lists_the_rest() {
    let s = setup();
    let html = String::from_utf8(s.report("r.html")).unwrap();
    let pictures = embedded(&html);
    // The 1600×1200 JPEG and the 300×200 PNG; the PDF is not a picture.
    assert_eq!(pictures.len(), 2, "{html}");
    assert_eq!(
        (pictures[0].width(), pictures[0].height()),
        (800, 600),
        "shrunk to 800 px on its longest side"
    );
    assert_eq!((pictures[1].width(), pictures[1].height()), (300, 200));
    // The caption is escaped inside the figure's caption.
    let fig = html.split("<figcaption>").nth(1).unwrap();
    let fig = fig.split("</figcaption>").next().unwrap();
    assert!(
        fig.contains("&lt;b&gt;门口岗位牌&lt;/b&gt;") && fig.contains(&sha(&s.jpeg)),
        "{fig}"
    );
    assert!(!html.contains("<b>门口岗位牌</b>"));
    // The PDF is listed by name, size and hash, with why it is not shown.
    assert!(html.contains("三定.pdf"));
    assert!(html.contains(&sha(&s.pdf)));
    assert!(html.contains("三定.pdf：非照片文件，未嵌入"), "{html}");
    // The finding says how many files its 问题清单 entry holds.
    assert!(html.contains("<b>佐证材料</b>：1 个附件"), "{html}");

    // The shrunk copy is kept outside attachments/, owner-only, and read
    // next time: a replaced copy is what the next page embeds.
    let copy =
        s.k.dir()
            .join("previews")
            .join(format!("{}-800.jpg", sha(&s.jpeg)));
    assert!(copy.is_file());
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(
            fs::metadata(&copy).unwrap().permissions().mode() & 0o777,
            0o600
        );
    }
    fs::write(&copy, picture(40, 30, ImageFormat::Jpeg)).unwrap();
    let again = String::from_utf8(s.report("r2.html")).unwrap();
    let first = &embedded(&again)[0];
    assert_eq!((first.width(), first.height()), (40, 30));
    // doctor still finds every attachment whole and none unreferenced.
    let doctor = s.k.run(["doctor"]).ok();
    assert!(
        !doctor.stdout.contains("未被任何记录引用"),
        "{}",
        doctor.stdout
    );
}

#[test]
fn an_enormous_or_broken_photo_and_a_missing_file_are_listed_not_fatal() {
    let s = setup();
    // A PNG whose header says 20000 px wide: never decoded.
    let huge = picture(20_000, 1, ImageFormat::Png);
    let p = write(s.files.path(), "huge.png", &huge);
    s.k.run(["entry", "attach", &s.visit, "photos", p.to_str().unwrap()])
        .ok();
    let broken = [0xFF, 0xD8, 0xFF, 0xE0, 0, 16, b'J', b'F', b'I', b'F', 0, 1];
    let b = write(s.files.path(), "broken.jpg", &broken);
    s.k.run(["entry", "attach", &s.visit, "photos", b.to_str().unwrap()])
        .ok();
    fs::remove_file(kept(s.k.dir(), &sha(&s.png))).unwrap();
    fs::write(kept(s.k.dir(), &sha(&s.pdf)), b"altered").unwrap();
    let html = String::from_utf8(s.report("r.html")).unwrap();
    assert_eq!(embedded(&html).len(), 1, "only the whole JPEG");
    assert!(
        html.contains("huge.png：图片尺寸过大，未生成预览"),
        "{html}"
    );
    assert!(html.contains("broken.jpg：无法读取图片，未嵌入"), "{html}");
    assert!(
        html.contains("a:b*c?.png：文件缺失或被改动，未嵌入"),
        "{html}"
    );
    assert!(html.contains("<td>文件缺失</td>"), "{html}");
    assert!(html.contains("<td>文件被改动（哈希不符）</td>"), "{html}");
}

#[test]
fn xlsx_word_and_markdown_list_every_file_with_its_hash() {
    let s = setup();
    let bytes = s.report("r.xlsx");
    let mut wb: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes)).unwrap();
    let range = wb.worksheet_range("佐证材料").unwrap();
    let rows: Vec<Vec<String>> = range
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect();
    let header = &rows[0];
    let sha_col = header.iter().position(|h| h == "SHA-256").unwrap();
    let cap_col = header.iter().position(|h| h == "说明").unwrap();
    let jpeg_row = rows
        .iter()
        .find(|r| r.contains(&"岗位牌.jpg".to_string()))
        .unwrap();
    assert_eq!(jpeg_row[sha_col], sha(&s.jpeg));
    assert_eq!(jpeg_row[cap_col], CAPTION);
    assert!(rows.iter().any(|r| r[sha_col] == sha(&s.pdf)));
    assert!(rows.iter().any(|r| r[sha_col] == sha(&s.png)));
    // The caption starting with = is text, never a formula.
    let formulas = wb.worksheet_formula("佐证材料").unwrap();
    assert!(
        formulas.cells().all(|(_, _, f)| f.is_empty()),
        "a cell was written as a formula"
    );
    let caption_cell = range
        .rows()
        .find(|r| r.iter().any(|c| c == &Data::String("岗位牌.jpg".into())))
        .unwrap()[cap_col]
        .clone();
    assert_eq!(caption_cell, Data::String(CAPTION.into()));
    // The findings sheet counts the 问题清单 entry's files.
    let findings = wb.worksheet_range("问题清单").unwrap();
    assert!(
        findings.rows().any(|r| r
            .iter()
            .any(|c| c.to_string().contains("佐证材料：1 个附件"))),
        "the finding's count of files"
    );

    let out = s.files.path().join("r.docx");
    s.report("r.docx");
    let doc = docx::Docx::read(&out);
    let table = doc
        .tables()
        .into_iter()
        .find(|t| t.cells().iter().any(|r| r.iter().any(|c| c == "SHA-256")))
        .expect("a table of the evidence");
    let cells = table.cells();
    for hash in [sha(&s.jpeg), sha(&s.pdf), sha(&s.png)] {
        assert!(
            cells.iter().any(|r| r.contains(&hash)),
            "{hash} in {cells:?}"
        );
    }
    assert!(doc.lines().iter().any(|l| l.contains("佐证材料：1 个附件")));

    let md = String::from_utf8(s.report("r.md")).unwrap();
    let section = md
        .split("## 佐证材料")
        .nth(1)
        .expect("the 佐证材料 section");
    for hash in [sha(&s.jpeg), sha(&s.pdf), sha(&s.png)] {
        assert!(section.contains(&hash), "{section}");
    }
    assert!(section.contains("a:b\\*c?.png"), "{section}");
    assert!(md.contains("- **佐证材料**：1 个附件"), "{md}");
    // So does the list of findings.
    let listed = s.k.run(["findings", "--unit", "u-yjj"]).ok();
    listed.stdout_has(&["佐证材料 1 个附件"]);
}

/// The 县药监局 folder of an export.
fn unit_folder(dir: &Path) -> PathBuf {
    dir.join("佐证材料").join("县药监局")
}

/// `report unit u-yjj --with-evidence -o TO`.
fn with_evidence(s: &Setup, to: &Path) -> common::Out {
    s.k.run([
        "report",
        "unit",
        "u-yjj",
        "--with-evidence",
        "-o",
        to.to_str().unwrap(),
    ])
}

#[test]
fn with_evidence_writes_the_files_under_clean_names_and_a_manifest() {
    let s = setup();
    // A second file of the same name in the same item is numbered apart.
    let again = picture(10, 10, ImageFormat::Jpeg);
    let other = tempfile::tempdir().unwrap();
    let p = write(other.path(), "岗位牌.jpg", &again);
    s.k.run(["entry", "attach", &s.visit, "photos", p.to_str().unwrap()])
        .ok();
    let dir = s.files.path().join("导出");
    let out = with_evidence(&s, &dir).ok();
    out.stdout_has(&["已复制 4 个佐证材料"]);
    assert!(dir.join("县药监局评估报告.html").is_file());
    let photos = unit_folder(&dir).join("实地考察记录").join("现场照片");
    let want = [
        (photos.join("1-岗位牌.jpg"), sha(&s.jpeg)),
        (photos.join("2-三定.pdf"), sha(&s.pdf)),
        (photos.join("3-岗位牌.jpg"), sha(&again)),
        (
            unit_folder(&dir)
                .join("问题清单与意见建议")
                .join("佐证材料")
                .join("1-a_b_c_.png"),
            sha(&s.png),
        ),
    ];
    for (path, hash) in &want {
        let bytes = fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert_eq!(&sha(&bytes), hash, "{}", path.display());
    }
    let manifest = fs::read_to_string(dir.join("佐证材料清单.csv")).unwrap();
    assert!(
        manifest.contains(&format!(
            "佐证材料/县药监局/实地考察记录/现场照片/1-岗位牌.jpg,{},",
            s.visit
        )),
        "{manifest}"
    );
    assert!(manifest.contains(&s.finding));
    for (_, hash) in &want {
        assert!(manifest.contains(hash.as_str()), "{manifest}");
    }
    // The caption is in the manifest, neutralised for spreadsheets.
    assert!(manifest.contains("'=HYPERLINK"), "{manifest}");
    // Nothing else was written outside the report's folder.
    let names: Vec<_> = fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 3, "{names:?}");
}

#[test]
fn with_evidence_reports_a_missing_file_and_refuses_a_file_as_folder() {
    let s = setup();
    fs::remove_file(kept(s.k.dir(), &sha(&s.pdf))).unwrap();
    let dir = s.files.path().join("导出");
    let out = with_evidence(&s, &dir).ok();
    out.stdout_has(&["未复制", "三定.pdf", "文件缺失", "已复制 2 个佐证材料"]);
    let manifest = fs::read_to_string(dir.join("佐证材料清单.csv")).unwrap();
    let line = manifest
        .lines()
        .find(|l| l.contains(&sha(&s.pdf)))
        .expect("the missing file in the manifest");
    assert!(line.starts_with(','), "no exported path: {line}");
    assert!(line.ends_with("文件缺失"), "{line}");
    assert!(
        !unit_folder(&dir)
            .join("实地考察记录")
            .join("现场照片")
            .join("2-三定.pdf")
            .exists()
    );

    // A kept file altered since: not copied, no half copy left, said so.
    fs::write(kept(s.k.dir(), &sha(&s.jpeg)), b"altered").unwrap();
    let again = s.files.path().join("再导出");
    with_evidence(&s, &again).ok().stdout_has(&[
        "未复制",
        "岗位牌.jpg",
        "文件被改动（哈希不符）",
        "已复制 1 个佐证材料",
    ]);
    let photos = unit_folder(&again).join("实地考察记录").join("现场照片");
    let left: Vec<String> = fs::read_dir(&photos)
        .map(|d| {
            d.map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    assert!(left.iter().all(|n| !n.contains("岗位牌")), "{left:?}");

    let file = write(s.files.path(), "报告.html", b"keep me");
    let refused = with_evidence(&s, &file).failed();
    refused.stderr_has(&["是一个已有的文件", "--with-evidence 需要一个文件夹"]);
    assert_eq!(fs::read(&file).unwrap(), b"keep me");
}
