// A corpus of scans made from the text PDFs the product composes (app/features/demo/sample-pdf.server.ts):
// pages rasterised with pdftoppm at a given DPI, turned, skewed and speckled with ImageMagick as a paper
// scanner would, and re-wrapped as image-only PDFs (pdf-lib, one image per page, page size from the DPI).
// Issue 14: the OCR is measured on these, against the fields the text PDFs were composed with.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PDFDocument } from "pdf-lib";
import { composeSampleDocumentPdf, type SampleDocumentSpec } from "#app/features/demo/sample-pdf.server";
import { KH_172_SPEC, officialLetterSpec } from "#tests/support/incoming-fixtures";
import { assertTools } from "#tests/support/tools";

export type ScanDistortion = { rotate?: 0 | 90 | 180 | 270; skewDegrees?: number; noise?: boolean };

export type ExpectedHeader = {
  numberSymbol: string;
  docTypeCode: string;
  issuedDate: string;
  issuerName: string;
  summary: string;
  signerName: string;
  signerTitle: string;
};

export type ScanCase = { id: string; spec: SampleDocumentSpec; expected: ExpectedHeader; dpi: number; distortion: ScanDistortion; bodyWords: string };

/** Rasterises `pdf` and re-wraps each (distorted) page image as an image-only PDF. */
export async function scanPdf(pdf: Uint8Array, dpi: number, distortion: ScanDistortion = {}): Promise<Uint8Array> {
  assertTools("pdftoppm", "convert");
  const dir = mkdtempSync(join(tmpdir(), "scan-corpus-"));
  try {
    const input = join(dir, "in.pdf");
    writeFileSync(input, pdf);
    execFileSync("pdftoppm", ["-r", String(dpi), "-gray", "-png", input, join(dir, "page")]);
    const pages = readdirSync(dir)
      .filter((n) => /^page-\d+\.png$/.test(n))
      .sort();
    const doc = await PDFDocument.create();
    for (const name of pages) {
      const source = join(dir, name);
      const out = join(dir, `scan-${name}`);
      const ops: string[] = [];
      if (distortion.skewDegrees) ops.push("-background", "white", "-rotate", String(distortion.skewDegrees));
      if (distortion.rotate) ops.push("-rotate", String(distortion.rotate));
      // Speckle: multiplicative Gaussian noise, mild enough that a person still reads the page easily.
      if (distortion.noise) ops.push("-attenuate", "0.35", "+noise", "Gaussian");
      execFileSync("convert", [source, ...ops, "-colorspace", "Gray", "-depth", "8", `png:${out}`]);
      const png = readFileSync(out);
      const image = await doc.embedPng(png);
      const page = doc.addPage([(image.width * 72) / dpi, (image.height * 72) / dpi]);
      page.drawImage(image, { x: 0, y: 0, width: page.getWidth(), height: page.getHeight() });
    }
    return await doc.save();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const QD_TAN_THANH: SampleDocumentSpec = {
  issuerLines: ["ỦY BAN NHÂN DÂN", "PHƯỜNG TÂN THÀNH"],
  number: "45/QĐ-UBND",
  dateLine: "Tân Thành, ngày 20 tháng 3 năm 2025",
  typeName: "QUYẾT ĐỊNH",
  summaryLines: ["Về việc thành lập Tổ công tác chuyển đổi số phường"],
  body: [
    "Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;",
    "Theo đề nghị của Chánh Văn phòng HĐND và UBND phường.",
    "Điều 1. Thành lập Tổ công tác chuyển đổi số phường Tân Thành gồm các ông, bà có tên trong danh sách kèm theo.",
    "Điều 2. Tổ công tác có nhiệm vụ rà soát hạ tầng, số hóa hồ sơ lưu trữ và hướng dẫn người dân sử dụng dịch vụ công trực tuyến.",
  ],
  recipients: ["- Như Điều 3;", "- Lưu: VT."],
  signatureLines: ["CHỦ TỊCH"],
  signerName: "Lý Thanh Sơn",
};

const CV_SNV = officialLetterSpec(7, "đôn đốc số hóa hồ sơ lưu trữ");

const EXPECTED: Record<string, { spec: SampleDocumentSpec; expected: ExpectedHeader; bodyWords: string }> = {
  kh172: {
    spec: KH_172_SPEC,
    expected: {
      numberSymbol: "172/KH-UBND",
      docTypeCode: "KH",
      issuedDate: "2025-06-15",
      issuerName: "Ủy ban nhân dân tỉnh Cà Mau",
      summary: "Vận hành thử nghiệm tổ chức chính quyền cấp xã sau sắp xếp và thực hiện chính quyền địa phương 2 cấp",
      signerName: "Lâm Văn Bi",
      signerTitle: "PHÓ CHỦ TỊCH",
    },
    bodyWords: "ket luan bo chinh tri",
  },
  cvSnv: {
    spec: CV_SNV,
    expected: {
      numberSymbol: "07/SNV-CCHC",
      docTypeCode: "CV",
      issuedDate: "2025-06-02",
      issuerName: "Sở Nội vụ",
      summary: "đôn đốc số hóa hồ sơ lưu trữ",
      signerName: "Nguyễn Văn Bình",
      signerTitle: "PHÓ GIÁM ĐỐC",
    },
    bodyWords: "khan truong trien khai bao cao ket qua",
  },
  qdTanThanh: {
    spec: QD_TAN_THANH,
    expected: {
      numberSymbol: "45/QĐ-UBND",
      docTypeCode: "QĐ",
      issuedDate: "2025-03-20",
      issuerName: "Ủy ban nhân dân phường Tân Thành",
      summary: "Về việc thành lập Tổ công tác chuyển đổi số phường",
      signerName: "Lý Thanh Sơn",
      signerTitle: "CHỦ TỊCH",
    },
    bodyWords: "so hoa ho so luu tru huong dan nguoi dan",
  },
};

/**
 * The bounded corpus (issue 14: within ~2 minutes of OCR on a busy 2-core machine): each document at
 * 300 dpi straight, then turned 90° with speckle, skewed 1.5°; and one at 200 dpi.
 */
export function scanCases(): { id: string; doc: keyof typeof EXPECTED; dpi: number; distortion: ScanDistortion }[] {
  return [
    { id: "kh172-300", doc: "kh172", dpi: 300, distortion: {} },
    { id: "cvSnv-300-rot90-noise", doc: "cvSnv", dpi: 300, distortion: { rotate: 90, noise: true } },
    { id: "qdTanThanh-300-skew", doc: "qdTanThanh", dpi: 300, distortion: { skewDegrees: 1.5 } },
    { id: "cvSnv-200", doc: "cvSnv", dpi: 200, distortion: {} },
  ];
}

export async function buildScanCase(c: ReturnType<typeof scanCases>[number]): Promise<ScanCase & { pdf: Uint8Array; textPdf: Uint8Array }> {
  const { spec, expected, bodyWords } = EXPECTED[c.doc];
  const textPdf = await composeSampleDocumentPdf(spec);
  const pdf = await scanPdf(textPdf, c.dpi, c.distortion);
  return { id: c.id, spec, expected, bodyWords, dpi: c.dpi, distortion: c.distortion, pdf, textPdf };
}

/** Raw page images of a PDF (pdfimages -all), in order, for byte-for-byte comparison. */
export function pageImages(pdf: Uint8Array): Buffer[] {
  assertTools("pdfimages");
  const dir = mkdtempSync(join(tmpdir(), "pdfimages-"));
  try {
    const input = join(dir, "in.pdf");
    writeFileSync(input, pdf);
    execFileSync("pdfimages", ["-all", input, join(dir, "img")]);
    return readdirSync(dir)
      .filter((n) => n.startsWith("img"))
      .sort()
      .map((n) => readFileSync(join(dir, n)));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
