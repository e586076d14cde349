// Reads the text layer of a PDF with pdfjs-dist (legacy build: the modern build needs DOMMatrix, which
// Node 20 lacks; feasibility.md pitfall 3). Pure I/O adapter: layout rules live in app/domain/.
import { getDocument, Util } from "pdfjs-dist/legacy/build/pdf.mjs";
import type { PdfText, PositionedPage, PositionedTextItem } from "#app/domain/positioned-text";

export type { PdfText, PositionedPage, PositionedTextItem } from "#app/domain/positioned-text";

export type PdfReadErrorCode = "ENCRYPTED" | "MALFORMED" | "NOT_PDF";

const PDF_READ_ERROR_MESSAGES: Record<PdfReadErrorCode, string> = {
  ENCRYPTED: "Tệp PDF được bảo vệ bằng mật khẩu, không đọc được nội dung",
  MALFORMED: "Tệp PDF bị hỏng hoặc không đầy đủ, không đọc được nội dung",
  NOT_PDF: "Tệp không phải PDF hợp lệ",
};

/** Thrown by readPdfText; `message` is Vietnamese and safe to show to the clerk. */
export class PdfReadError extends Error {
  readonly code: PdfReadErrorCode;
  constructor(code: PdfReadErrorCode, options?: { cause?: unknown }) {
    super(PDF_READ_ERROR_MESSAGES[code], options);
    this.name = "PdfReadError";
    this.code = code;
  }
}

export type ReadPdfTextOptions = {
  /** Plain text stops after this many pages (the last page is still read for the signature block). */
  maxPages?: number;
  /** Plain text stops after this many characters (about 1 MB). */
  maxTextChars?: number;
};

const DEFAULT_MAX_PAGES = 200;
const DEFAULT_MAX_TEXT_CHARS = 1_000_000;
// A scan may carry a stray page number or stamp text; fewer letters than this cannot hold a header.
const MIN_TEXT_LAYER_CHARS = 16;
// PDF 1.7 (ISO 32000-1 §7.5.2) puts "%PDF-" first, but readers accept it within the first 1024 bytes.
const MAGIC_SEARCH_BYTES = 1024;

function hasPdfMagic(data: Uint8Array): boolean {
  const head = Buffer.from(data.buffer, data.byteOffset, Math.min(data.byteLength, MAGIC_SEARCH_BYTES));
  return head.includes("%PDF-", 0, "latin1");
}

function classifyPdfjsError(error: unknown): PdfReadError {
  if (error instanceof PdfReadError) return error;
  const name = (error as { name?: string } | null)?.name;
  if (name === "PasswordException") return new PdfReadError("ENCRYPTED", { cause: error });
  return new PdfReadError("MALFORMED", { cause: error });
}

type PdfjsTextItem = { str: string; transform: number[]; width: number; height: number; fontName: string; hasEOL: boolean };
type PdfjsPage = Awaited<ReturnType<Awaited<ReturnType<typeof getDocument>["promise"]>["getPage"]>>;

function resolveFontName(page: PdfjsPage, loadedName: string): string | undefined {
  try {
    // Only resolvable after getOperatorList() has loaded the page's fonts.
    const font = page.commonObjs.get(loadedName) as { name?: string } | undefined;
    return font?.name ? font.name.replace(/^[A-Z]{6}\+/, "") : undefined;
  } catch {
    return undefined;
  }
}

async function readPage(page: PdfjsPage, resolveFonts: boolean): Promise<{ page: PositionedPage; text: string }> {
  const viewport = page.getViewport({ scale: 1 });
  const content = await page.getTextContent();
  // Bold is how Decree 30 App. I marks the issuing body and the trích yếu; resolving real font names
  // costs a full operator-list parse, so it is done only for the header and signature pages.
  if (resolveFonts) await page.getOperatorList();
  const fontNames = new Map<string, string | undefined>();
  const items: PositionedTextItem[] = [];
  let text = "";
  for (const raw of content.items) {
    if (!("str" in raw)) continue;
    const item = raw as PdfjsTextItem;
    const str = item.str.normalize("NFC");
    text += str + (item.hasEOL ? "\n" : "");
    if (str.trim() === "") continue;
    // Device space of a scale-1 viewport: origin top-left, y down; also undoes /Rotate and the crop box.
    const m = Util.transform(viewport.transform, item.transform) as number[];
    const size = Math.hypot(m[2], m[3]);
    const positioned: PositionedTextItem = { str, x: m[4], y: m[5], width: item.width, height: size || item.height };
    if (resolveFonts) {
      if (!fontNames.has(item.fontName)) fontNames.set(item.fontName, resolveFontName(page, item.fontName));
      const fontName = fontNames.get(item.fontName);
      if (fontName) {
        positioned.fontName = fontName;
        positioned.bold = /bold|black|heavy|semibold|demi/i.test(fontName);
      }
    }
    items.push(positioned);
  }
  return { page: { pageNumber: page.pageNumber, width: viewport.width, height: viewport.height, items }, text };
}

/**
 * Reads page geometry and text. The first and last pages always get positioned items with font names
 * (header and signature block); other pages up to the cap get items without fonts. Throws PdfReadError.
 */
export async function readPdfText(data: Uint8Array, options: ReadPdfTextOptions = {}): Promise<PdfText> {
  const maxPages = options.maxPages ?? DEFAULT_MAX_PAGES;
  const maxTextChars = options.maxTextChars ?? DEFAULT_MAX_TEXT_CHARS;
  if (data.byteLength === 0 || !hasPdfMagic(data)) throw new PdfReadError("NOT_PDF");

  const task = getDocument({
    // pdfjs may transfer (detach) the buffer it is given; the caller keeps theirs.
    data: data.slice(),
    isEvalSupported: false,
    useSystemFonts: false,
    // verbosity 0 = errors only: pdfjs warns through console.log, which would corrupt the CLI's JSON stdout.
    verbosity: 0,
    stopAtErrors: false,
  });
  let doc: Awaited<typeof task.promise>;
  try {
    doc = await task.promise;
  } catch (error) {
    await task.destroy().catch(() => undefined);
    throw classifyPdfjsError(error);
  }
  try {
    const pageCount = doc.numPages;
    const pages: PositionedPage[] = [];
    const texts: string[] = [];
    let textChars = 0;
    let isTextTruncated = false;
    for (let n = 1; n <= pageCount; n++) {
      const isEdgePage = n === 1 || n === pageCount;
      const withinCap = n <= maxPages && textChars < maxTextChars;
      if (!withinCap && !isEdgePage) {
        isTextTruncated = true;
        // Skip straight to the last page: only the signature block is still needed.
        n = pageCount - 1;
        continue;
      }
      const { page, text } = await readPage(await doc.getPage(n), isEdgePage);
      pages.push(page);
      if (withinCap) {
        const room = maxTextChars - textChars;
        if (text.length > room) isTextTruncated = true;
        texts.push(text.slice(0, room));
        textChars += Math.min(text.length, room);
      } else isTextTruncated = true;
    }
    const text = texts.join("\n\f");
    const letters = text.match(/[\p{L}\p{N}]/gu)?.length ?? 0;
    return { pageCount, hasTextLayer: letters >= MIN_TEXT_LAYER_CHARS, pages, text, isTextTruncated };
  } catch (error) {
    throw classifyPdfjsError(error);
  } finally {
    await doc.destroy();
  }
}
