// `cli extract` on a scan (issue 14): OCR in a child process, then the same fields as for a text PDF.
// No database: the directory correction is skipped (the CLI extract is read-only and needs no DATA_DIR).
import { sniffKind } from "#app/domain/shared/file-content";
import { ocrFieldsFromText } from "#app/features/incoming/ocr.server";
import { runOcr } from "#app/platform/ocr/ocr-runner.server";

/** A scanned image the OCR accepts directly (OCRmyPDF wraps it into a PDF with img2pdf). */
export function isScanImage(bytes: Uint8Array): boolean {
  const kind = sniffKind(bytes);
  const tiff =
    (bytes[0] === 0x49 && bytes[1] === 0x49 && bytes[2] === 0x2a) || (bytes[0] === 0x4d && bytes[1] === 0x4d && bytes[2] === 0x00 && bytes[3] === 0x2a);
  return kind === "png" || kind === "jpeg" || tiff;
}

export async function extractFromScan(bytes: Uint8Array, options: { pageCount: number; isImage: boolean; knownIssuers?: string[] }) {
  const ocr = await runOcr(bytes, { isImage: options.isImage, pageCount: options.pageCount });
  const { fields } = ocrFieldsFromText(ocr.textLayer, options.knownIssuers ?? []);
  return { fields, ocr, pageCount: ocr.textLayer.pageCount };
}
