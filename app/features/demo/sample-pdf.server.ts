// Composes a simple Decree 30 Phụ lục I layout PDF with pdf-lib and Tinos (metric-compatible with Times New
// Roman), for demo data and tests: a two-column header (issuer / national motto, "Số: …" / date line), the
// type name and trích yếu (or a công văn's "V/v" lines), the body, and the signature block.
import fontkit from "@pdf-lib/fontkit";
import { PDFDocument, type PDFFont, type PDFPage } from "pdf-lib";
import { loadTinos } from "#documents/fonts/tinos";

export type SampleDocumentSpec = {
  parentIssuer?: string;
  issuerLines: string[];
  number: string;
  dateLine: string;
  /** Upper-case type name; omit for a công văn. */
  typeName?: string;
  summaryLines?: string[];
  /** Công văn: "V/v …" lines under the number. */
  officialLetterSummary?: string[];
  body: string[];
  recipients: string[];
  signatureLines: string[];
  signerName: string;
  /** Decree 30 prints the date line in italics; off by default to keep demo seeding fast (one font less). */
  isItalicDateLine?: boolean;
};

const A4 = { width: 595.28, height: 841.89 };
const MARGIN = { left: 85, right: 42.5, top: 57 };

// Tinos from the one font module: padded, or pdf-lib's subsets would draw scattered letters.
const fonts = () => ({ regular: loadTinos("regular"), bold: loadTinos("bold"), italic: loadTinos("italic") });

function wrapText(text: string, font: PDFFont, size: number, width: number): string[] {
  const lines: string[] = [];
  let current = "";
  for (const word of text.split(" ")) {
    const candidate = current ? `${current} ${word}` : word;
    if (current && font.widthOfTextAtSize(candidate, size) > width) {
      lines.push(current);
      current = word;
    } else current = candidate;
  }
  if (current) lines.push(current);
  return lines;
}

export async function composeSampleDocumentPdf(spec: SampleDocumentSpec): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.registerFontkit(fontkit);
  const f = fonts();
  // Subset fonts keep the files small (about 40 KB); each line is drawn as one run, which subsets reliably.
  const [regular, bold] = await Promise.all([f.regular, f.bold].map((bytes) => doc.embedFont(bytes, { subset: true })));
  const italic = spec.isItalicDateLine ? await doc.embedFont(f.italic, { subset: true }) : regular;
  doc.setTitle(spec.summaryLines?.join(" ") ?? spec.officialLetterSummary?.join(" ") ?? spec.number);
  let page: PDFPage = doc.addPage([A4.width, A4.height]);
  let y = A4.height - MARGIN.top;
  const contentWidth = A4.width - MARGIN.left - MARGIN.right;
  const centered = (text: string, cx: number, baseline: number, font: PDFFont, size: number) =>
    page.drawText(text, { x: cx - font.widthOfTextAtSize(text, size) / 2, y: baseline, font, size });
  const leftCenter = MARGIN.left + contentWidth * 0.2;
  const rightCenter = MARGIN.left + contentWidth * 0.7;
  let leftY = y;
  if (spec.parentIssuer) {
    centered(spec.parentIssuer, leftCenter, leftY, regular, 13);
    leftY -= 15;
  }
  for (const line of spec.issuerLines) {
    centered(line, leftCenter, leftY, bold, 13);
    leftY -= 15;
  }
  centered("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", rightCenter, y, bold, 12);
  centered("Độc lập - Tự do - Hạnh phúc", rightCenter, y - 15, bold, 13);
  const numberY = Math.min(leftY - 12, y - 45);
  centered(`Số: ${spec.number}`, leftCenter, numberY, regular, 13);
  centered(spec.dateLine, rightCenter, numberY, italic, 13);
  y = numberY - 16;
  for (const line of spec.officialLetterSummary ?? []) {
    centered(line, leftCenter, y, regular, 12);
    y -= 14;
  }
  y -= 18;
  if (spec.typeName) {
    centered(spec.typeName, A4.width / 2 + 20, y, bold, 14);
    y -= 17;
    for (const line of spec.summaryLines ?? []) {
      centered(line, A4.width / 2 + 20, y, bold, 14);
      y -= 17;
    }
    y -= 14;
  }
  for (const paragraph of spec.body) {
    if (y < 120) {
      page = doc.addPage([A4.width, A4.height]);
      y = A4.height - MARGIN.top;
    }
    for (const line of wrapText(paragraph, regular, 14, contentWidth - 28)) {
      page.drawText(line, { x: MARGIN.left + 28, y, font: regular, size: 14 });
      y -= 17;
    }
    y -= 6;
  }
  if (y < 220) {
    page = doc.addPage([A4.width, A4.height]);
    y = A4.height - MARGIN.top;
  }
  y -= 12;
  page.drawText("Nơi nhận:", { x: MARGIN.left, y, font: bold, size: 12 });
  let recipientY = y - 14;
  for (const line of spec.recipients) {
    page.drawText(line, { x: MARGIN.left, y: recipientY, font: regular, size: 11 });
    recipientY -= 13;
  }
  let signY = y;
  for (const line of spec.signatureLines) {
    centered(line, rightCenter, signY, bold, 13);
    signY -= 15;
  }
  centered(spec.signerName, rightCenter, signY - 70, bold, 13);
  return doc.save();
}

/** A page with no text layer (an image-only scan stand-in): a grey rectangle. */
export async function composeScanLikePdf(): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const page = doc.addPage([A4.width, A4.height]);
  page.drawRectangle({ x: 60, y: 60, width: A4.width - 120, height: A4.height - 120, borderWidth: 2 });
  return doc.save();
}
