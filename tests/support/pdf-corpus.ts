// Builds the signing test corpus in a temp dir from several producers: Chromium --print-to-pdf (Vietnamese HTML),
// pdf-lib (xref stream / xref table, pre-created text fields, multi-page), LibreOffice when installed, and qpdf
// variants (object streams, linearized, QDF).
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PDFDocument, rgb } from "pdf-lib";
import fontkit from "@pdf-lib/fontkit";
import { loadVietnameseFont } from "../../scripts/commands/signing-assets";
import { assertTools, hasTool } from "./tools";

export type CorpusFile = { name: string; path: string; producer: string; signerTitle: string; signerName: string };

export const SIGNER_TITLE = "PHÓ CHỦ TỊCH";
export const SIGNER_NAME = "Nguyễn Văn Đông";

export function which(cmd: string): boolean {
  return hasTool(cmd);
}

export const VIETNAMESE_HTML = `<!doctype html><html lang="vi"><head><meta charset="utf-8"><style>
body{font-family:"Tinos","Times New Roman",serif;font-size:14pt;margin:2cm 2cm 2cm 3cm}
table{width:100%} td{vertical-align:top;text-align:center} .r{text-align:right}
</style></head><body>
<table><tr><td>ỦY BAN NHÂN DÂN<br><b>XÃ ĐÔNG HƯNG</b></td><td><b>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</b><br><b>Độc lập - Tự do - Hạnh phúc</b></td></tr>
<tr><td>Số: </td><td><i>Đông Hưng, ngày ..... tháng ..... năm 2025</i></td></tr></table>
<h3 style="text-align:center">KẾ HOẠCH<br>Triển khai cải cách hành chính năm 2025</h3>
<p>Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05 tháng 3 năm 2020 của Chính phủ về công tác văn thư; Ủy ban nhân dân xã
ban hành kế hoạch triển khai như sau: tăng cường ứng dụng công nghệ thông tin, số hóa hồ sơ, rút ngắn thời gian
giải quyết thủ tục hành chính cho người dân và doanh nghiệp.</p>
<table><tr><td style="text-align:left;font-size:11pt"><b><i>Nơi nhận:</i></b><br>- Như trên;<br>- Lưu: VT.</td>
<td><b>TM. ỦY BAN NHÂN DÂN<br>KT. CHỦ TỊCH<br>${SIGNER_TITLE}</b><br><br><br><br><br><b>${SIGNER_NAME}</b></td></tr></table>
</body></html>`;

function chromiumPdf(dir: string, html: string, out: string) {
  const input = join(dir, "doc.html");
  writeFileSync(input, html);
  execFileSync(
    "chromium",
    [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      `--user-data-dir=${mkdtempSync(join(tmpdir(), "chromium-"))}`,
      "--no-pdf-header-footer",
      `--print-to-pdf=${out}`,
      `file://${input}`,
    ],
    { stdio: "ignore", timeout: 60_000 },
  );
}

/** pdf-lib document drawn with Tinos; `fields` pre-creates so_ky_hieu / ngay_thang text fields. */
export async function pdfLibDocument(options: { pages?: number; fields?: boolean; objectStreams?: boolean; filler?: number }): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.registerFontkit(fontkit);
  const font = await doc.embedFont(loadVietnameseFont(), { subset: false });
  const pages = options.pages ?? 1;
  for (let i = 0; i < pages; i++) {
    const page = doc.addPage([595.28, 841.89]);
    page.drawText(`Trang ${i + 1}/${pages} — Ủy ban nhân dân xã Đông Hưng`, { x: 72, y: 800, size: 11, font });
    for (let l = 0; l < (options.filler ?? 20); l++)
      page.drawText(`Dòng ${l + 1}: số hóa hồ sơ, giải quyết thủ tục hành chính.`, { x: 72, y: 760 - l * 16, size: 11, font, color: rgb(0.1, 0.1, 0.1) });
    if (i === 0) {
      page.drawText("Số:", { x: 72, y: 780, size: 12, font });
      if (!options.fields) page.drawText("Đông Hưng, ngày ..... tháng ..... năm 2025", { x: 300, y: 780, size: 12, font });
    }
    if (i === pages - 1) {
      page.drawText(SIGNER_TITLE, { x: 380, y: 300, size: 13, font });
      page.drawText(SIGNER_NAME, { x: 375, y: 200, size: 13, font });
    }
  }
  if (options.fields) {
    const form = doc.getForm();
    const first = doc.getPage(0);
    form.createTextField("so_ky_hieu").addToPage(first, { x: 100, y: 774, width: 140, height: 18, borderWidth: 0 });
    form.createTextField("ngay_thang").addToPage(first, { x: 330, y: 774, width: 210, height: 18, borderWidth: 0 });
  }
  return doc.save({ useObjectStreams: options.objectStreams ?? true });
}

/** Builds every corpus file once; returns them with their producer. */
export async function buildCorpus(): Promise<{ dir: string; files: CorpusFile[] }> {
  const dir = mkdtempSync(join(tmpdir(), "signing-corpus-"));
  const files: CorpusFile[] = [];
  const add = (name: string, producer: string) =>
    files.push({ name, path: join(dir, `${name}.pdf`), producer, signerTitle: SIGNER_TITLE, signerName: SIGNER_NAME });
  // Chromium and qpdf are part of the test run (test-all.sh installs them): without them the corpus would
  // silently lose its main producers. LibreOffice is not installed by the run, so it stays optional.
  assertTools("chromium", "qpdf");
  chromiumPdf(dir, VIETNAMESE_HTML, join(dir, "chromium.pdf"));
  add("chromium", "chromium --print-to-pdf");
  writeFileSync(join(dir, "pdflib-xrefstream-fields.pdf"), await pdfLibDocument({ fields: true, objectStreams: true }));
  add("pdflib-xrefstream-fields", "pdf-lib (object streams, text fields)");
  writeFileSync(join(dir, "pdflib-xreftable.pdf"), await pdfLibDocument({ objectStreams: false }));
  add("pdflib-xreftable", "pdf-lib (xref table)");
  writeFileSync(join(dir, "pdflib-multipage.pdf"), await pdfLibDocument({ pages: 6, objectStreams: false }));
  add("pdflib-multipage", "pdf-lib (6 pages)");
  if (which("soffice")) {
    const odt = join(dir, "lo.html");
    writeFileSync(odt, VIETNAMESE_HTML);
    const r = spawnSync("soffice", ["--headless", "--convert-to", "pdf", "--outdir", dir, odt], { timeout: 120_000 });
    if (r.status === 0) {
      add("lo", "LibreOffice");
    }
  }
  const source = files.find((f) => f.name === "chromium") ?? files[0];
  for (const [name, args] of [
    ["qpdf-objstm", ["--object-streams=generate"]],
    ["qpdf-linearized", ["--linearize"]],
    ["qpdf-qdf", ["--qdf"]],
  ] as const) {
    const out = join(dir, `${name}.pdf`);
    const r = spawnSync("qpdf", [...args, source.path, out]);
    if (r.status !== 0 && r.status !== 3) throw new Error(`qpdf ${args.join(" ")} failed on ${source.name}: ${r.stderr}`);
    add(name, `qpdf ${args.join(" ")} of ${source.name}`);
  }
  return { dir, files };
}

export function readPdf(path: string): Uint8Array {
  return readFileSync(path);
}
