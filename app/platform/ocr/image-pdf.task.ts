// Untrusted-file task "image-pdf" (runs in a pool child, app/platform/untrusted/): a scanned image (JPEG,
// PNG, TIFF) → an image-only PDF, one page per image, so that a scan photographed or saved as an image
// is registered like a scanned PDF (issue 14). JPEG is embedded as it is (DCT, no re-encoding); PNG is
// re-compressed losslessly by pdf-lib; TIFF (often multi-page, CCITT) is first turned into PNG pages by
// ImageMagick under its own resource limits. The page size assumes a full-page scan: the longer side is
// A4's 297 mm, which gives the scan's real DPI for the OCR's quality guard.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PDFDocument } from "pdf-lib";
import { imageProblem } from "#app/domain/shared/file-content";

export type ImagePdfInput = { bytes: Uint8Array; kind: "png" | "jpeg" | "tiff"; maxPages: number };
export type ImagePdfResult = { pdf: Uint8Array; pageCount: number; dpi: number };

const A4_LONG_SIDE_INCHES = 297 / 25.4;

class ImagePdfError extends Error {
  readonly code = "IMAGE";
  constructor(message: string) {
    super(message);
    this.name = "ImagePdfError";
  }
}

function tiffPages(bytes: Uint8Array, maxPages: number): Uint8Array[] {
  const dir = mkdtempSync(join(tmpdir(), "tiff-"));
  try {
    writeFileSync(join(dir, "in.tiff"), bytes);
    const r = spawnSync(
      "convert",
      [
        "-limit",
        "memory",
        "256MiB",
        "-limit",
        "disk",
        "1GiB",
        "-limit",
        "time",
        "60",
        `tiff:${join(dir, "in.tiff")}[0-${maxPages - 1}]`,
        join(dir, "page-%04d.png"),
      ],
      { timeout: 90_000 },
    );
    if (r.status !== 0) throw new ImagePdfError("Ảnh TIFF bị hỏng hoặc không đọc được.");
    return readdirSync(dir)
      .filter((n) => n.endsWith(".png"))
      .sort()
      .map((n) => new Uint8Array(readFileSync(join(dir, n))));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export default async function imagePdf(input: ImagePdfInput): Promise<ImagePdfResult> {
  const images: { bytes: Uint8Array; kind: "png" | "jpeg" }[] =
    input.kind === "tiff"
      ? tiffPages(input.bytes, input.maxPages).map((b) => ({ bytes: b, kind: "png" as const }))
      : [{ bytes: input.bytes, kind: input.kind }];
  if (images.length === 0) throw new ImagePdfError("Ảnh TIFF không có trang nào.");
  const doc = await PDFDocument.create();
  let dpi = 0;
  for (const image of images) {
    const problem = imageProblem(image.bytes, [image.kind]);
    if (problem) throw new ImagePdfError(problem);
    // A copy that starts at offset 0: pdf-lib's JPEG reader views `.buffer` from its start, and the bytes
    // that arrive over IPC are a view into a larger buffer.
    const own = image.bytes.slice();
    const embedded = image.kind === "jpeg" ? await doc.embedJpg(own) : await doc.embedPng(own);
    dpi = Math.max(embedded.width, embedded.height) / A4_LONG_SIDE_INCHES;
    const page = doc.addPage([(embedded.width * 72) / dpi, (embedded.height * 72) / dpi]);
    page.drawImage(embedded, { x: 0, y: 0, width: page.getWidth(), height: page.getHeight() });
  }
  return { pdf: await doc.save(), pageCount: images.length, dpi: Math.round(dpi) };
}
