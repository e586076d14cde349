// Untrusted-file task "pdf-text" (runs in a pool child, app/platform/untrusted/): reads the text layer of
// a PDF with pdfjs-dist (legacy build: the modern build needs DOMMatrix, which Node 20 lacks;
// feasibility.md pitfall 3). Limits are checked while pdfjs parses, not after (issue "Hostile input"):
// a declared page count over the limit is refused before the page tree is built, text items are counted
// as pdfjs streams them and the stream is cancelled (which stops the parser) at the per-page limit, and
// the per-file budget stops reading further pages. Time and memory are the pool's limits. Layout rules
// live in app/domain/.
import { getDocument, Util } from "pdfjs-dist/legacy/build/pdf.mjs";
import { hideCoveredText, mergeOverlayText, type DeviceRect, type FlowTextItem } from "#app/domain/shared/overlay-text";
import { maxDeclaredPageCount, PdfReadError, PDF_TEXT_LIMITS, type PdfTextLimits } from "#app/domain/shared/pdf-text-limits";
import { MIN_TEXT_LAYER_CHARS, textLayerLetters, type PdfText, type PositionedPage, type PositionedTextItem } from "#app/domain/shared/positioned-text";
import { readOverlayRuns } from "./pdf-overlay-text";
import { startCpuDeadline } from "#app/platform/untrusted/cpu-time";
import { taskInputBytes, type TaskFileInput } from "#app/platform/untrusted/task-input";

export type PdfTextTaskInput = TaskFileInput & { limits?: Partial<PdfTextLimits> };

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
type PdfjsTextChunk = { items: Array<PdfjsTextItem | { type: string }> };

function resolveFontName(page: PdfjsPage, loadedName: string): string | undefined {
  try {
    // Only resolvable after getOperatorList() has loaded the page's fonts.
    const font = page.commonObjs.get(loadedName) as { name?: string } | undefined;
    return font?.name ? font.name.replace(/^[A-Z]{6}\+/, "") : undefined;
  } catch {
    return undefined;
  }
}

/** The page's text items as pdfjs streams them, refusing the page as soon as it passes the per-page limit. */
async function readTextItems(page: PdfjsPage, limits: PdfTextLimits): Promise<PdfjsTextItem[]> {
  const reader = (page.streamTextContent() as ReadableStream<PdfjsTextChunk>).getReader();
  const items: PdfjsTextItem[] = [];
  let count = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return items;
    for (const raw of value.items) {
      if (!("str" in raw)) continue;
      // Counted before anything is kept: the limit bounds memory as well as time.
      if (++count > limits.maxItemsPerPage) {
        // Cancelling the stream (pdfjs wants an Error as the reason) terminates the parser's task for
        // this page (pdfjs WorkerTask), so that destroying the document does not wait on it. Not
        // awaited: pdfjs settles the cancel only once the parser notices it.
        reader.cancel(new Error("text item limit")).catch(() => undefined);
        throw new PdfReadError("TOO_MANY_TEXT_ITEMS", { limits, actual: count });
      }
      items.push(raw);
    }
  }
}

type ReadPage = { page: PositionedPage; text: string; itemCount: number };

// Annotation types whose appearance carries text a reader of the printed page sees as part of it: form
// fields (signature fields stamped with the number and date at issue, text fields), typewriter text and
// stamps. Links, markup and popups are not the document's text.
const OVERLAY_SUBTYPES = new Set(["Widget", "FreeText", "Stamp"]);

type PdfjsAnnotation = { id?: string; subtype?: string; rect?: number[]; hasAppearance?: boolean; fieldType?: string; fieldValue?: unknown };
type OptionalContentConfig = { isVisible(group: unknown): boolean } | null;

/** Ids of the annotations on the page whose appearance may carry text (display intent: hidden ones are not listed). */
async function overlayAnnotationIds(page: PdfjsPage): Promise<Set<string>> {
  const annotations = (await page.getAnnotations({ intent: "display" })) as PdfjsAnnotation[];
  const ids = new Set<string>();
  for (const a of annotations) {
    if (!a.id || !a.subtype || !OVERLAY_SUBTYPES.has(a.subtype)) continue;
    const hasValue = a.fieldType === "Tx" && typeof a.fieldValue === "string" && a.fieldValue.trim() !== "";
    if (a.hasAppearance || hasValue) ids.add(a.id);
  }
  return ids;
}

async function readPage(page: PdfjsPage, resolveFonts: boolean, limits: PdfTextLimits, optionalContent: OptionalContentConfig): Promise<ReadPage> {
  const viewport = page.getViewport({ scale: 1 });
  const rawItems = await readTextItems(page, limits);
  const overlayIds = await overlayAnnotationIds(page);
  // Bold is how Decree 30 App. I marks the issuing body and the trích yếu; resolving real font names
  // costs a full operator-list parse, so it is done only for the header and signature pages (and only
  // after the text items passed their limit; the pool's time limit bounds the rest). The same operator
  // list holds the annotation appearances; other pages pay for it only when they carry a stamp or field.
  let overlays: PositionedTextItem[] = [];
  let covers: DeviceRect[] = [];
  if (resolveFonts || overlayIds.size > 0) {
    const opList = await page.getOperatorList();
    if (opList.fnArray.length > limits.maxOperationsPerPage) throw new PdfReadError("TOO_MANY_OPERATIONS", { limits, actual: opList.fnArray.length });
    if (overlayIds.size > 0) {
      const room = limits.maxItemsPerPage - rawItems.length;
      ({ runs: overlays, covers } = readOverlayRuns(opList, {
        viewportTransform: viewport.transform,
        page: { width: viewport.width, height: viewport.height },
        annotationIds: overlayIds,
        getFont: (name) => {
          try {
            return page.commonObjs.get(name) as { fontMatrix?: number[]; name?: string } | undefined;
          } catch {
            return undefined;
          }
        },
        isVisible: (group) => optionalContent?.isVisible(group) ?? true,
        maxRuns: room,
      }));
      // Stamped text counts against the same per-page limit as page text.
      if (overlays.length > room) {
        throw new PdfReadError("TOO_MANY_TEXT_ITEMS", { limits, actual: rawItems.length + overlays.length });
      }
    }
  }
  const fontNames = new Map<string, string | undefined>();
  const placed: FlowTextItem[] = [];
  for (const item of rawItems) {
    const str = item.str.normalize("NFC");
    // Device space of a scale-1 viewport: origin top-left, y down; also undoes /Rotate and the crop box.
    const m = Util.transform(viewport.transform, item.transform) as number[];
    const size = Math.hypot(m[2], m[3]);
    const positioned: FlowTextItem = { str, x: m[4], y: m[5], width: item.width, height: size || item.height, hasEOL: item.hasEOL };
    if (resolveFonts && str.trim() !== "") {
      if (!fontNames.has(item.fontName)) fontNames.set(item.fontName, resolveFontName(page, item.fontName));
      const fontName = fontNames.get(item.fontName);
      if (fontName) {
        positioned.fontName = fontName;
        positioned.bold = /bold|black|heavy|semibold|demi/i.test(fontName);
      }
    }
    placed.push(positioned);
  }
  const flow = hideCoveredText(placed, covers);
  const items: PositionedTextItem[] = flow.filter((i) => i.str.trim() !== "").map(({ hasEOL: _, ...item }) => item);
  if (!resolveFonts) {
    // Like the page text of these pages: fonts unresolved.
    for (const overlay of overlays) {
      delete overlay.fontName;
      delete overlay.bold;
    }
  }
  items.push(...overlays);
  const text = mergeOverlayText(flow, overlays);
  page.cleanup();
  return {
    page: { pageNumber: page.pageNumber, width: viewport.width, height: viewport.height, items },
    text,
    itemCount: rawItems.length + overlays.length,
  };
}

/**
 * Reads page geometry and text. The first and last pages always get positioned items with font names
 * (header and signature block); other pages up to the caps get items without fonts. Throws PdfReadError.
 */
export async function readPdfTextInProcess(data: Uint8Array, overrides: Partial<PdfTextLimits> = {}): Promise<PdfText> {
  const limits: PdfTextLimits = { ...PDF_TEXT_LIMITS, ...overrides };
  if (data.byteLength === 0 || !hasPdfMagic(data)) throw new PdfReadError("NOT_PDF", { limits });
  const declared = maxDeclaredPageCount(data);
  if (declared > limits.maxDeclaredPages) throw new PdfReadError("TOO_MANY_PAGES", { limits, actual: declared });

  const task = getDocument({
    // pdfjs may transfer (detach) the buffer it is given; the caller keeps theirs.
    data: data.slice(),
    isEvalSupported: false,
    useSystemFonts: false,
    // verbosity 0 = errors only: pdfjs warns through console.log, which would corrupt the CLI's JSON stdout.
    verbosity: 0,
    stopAtErrors: false,
  });
  // pdfjs parses in time slices (its TimeSlotManager yields every ~20 ms), so a timer fires while it
  // grinds through millions of operators; destroying the task then terminates the parser's tasks. The
  // pool's kill, a little later, is the backstop for a parser stuck outside those slices. The limit is CPU
  // time (./untrusted/cpu-time.ts: a busy machine must not turn an ordinary PDF into "quá phức tạp").
  let cancel: (() => void) | undefined;
  const deadline = new Promise<never>((_, reject) => {
    cancel = startCpuDeadline(limits.timeoutMs, () => reject(new PdfReadError("TIMEOUT", { limits })));
  });
  try {
    return await Promise.race([readDocument(task, limits), deadline]);
  } finally {
    cancel?.();
    await task.destroy().catch(() => undefined);
  }
}

async function readDocument(task: ReturnType<typeof getDocument>, limits: PdfTextLimits): Promise<PdfText> {
  let doc: Awaited<typeof task.promise>;
  try {
    doc = await task.promise;
  } catch (error) {
    throw classifyPdfjsError(error);
  }
  try {
    const pageCount = doc.numPages;
    // Page trees inside compressed object streams escape the scan above; pdfjs knows the count by now.
    if (pageCount > limits.maxDeclaredPages) throw new PdfReadError("TOO_MANY_PAGES", { limits, actual: pageCount });
    const optionalContent = (await doc.getOptionalContentConfig().catch(() => null)) as OptionalContentConfig;
    const pages: PositionedPage[] = [];
    const texts: string[] = [];
    let textChars = 0;
    let itemsRead = 0;
    let isTextTruncated = false;
    for (let n = 1; n <= pageCount; n++) {
      const isEdgePage = n === 1 || n === pageCount;
      const withinCap = n <= limits.maxPagesRead && textChars < limits.maxTextChars && itemsRead < limits.maxItemsPerFile;
      if (!withinCap && !isEdgePage) {
        isTextTruncated = true;
        // Skip straight to the last page: only the signature block is still needed.
        n = pageCount - 1;
        continue;
      }
      const read = await readPage(await doc.getPage(n), isEdgePage, limits, optionalContent);
      itemsRead += read.itemCount;
      pages.push(read.page);
      if (withinCap) {
        const room = limits.maxTextChars - textChars;
        if (read.text.length > room) isTextTruncated = true;
        texts.push(read.text.slice(0, room));
        textChars += Math.min(read.text.length, room);
      } else isTextTruncated = true;
    }
    const text = texts.join("\n\f");
    // A signing tool's stamp on a scan is not a text layer (positioned-text.ts): such a scan is OCR'd.
    return { pageCount, hasTextLayer: textLayerLetters(pages) >= MIN_TEXT_LAYER_CHARS, pages, text, isTextTruncated };
  } catch (error) {
    throw classifyPdfjsError(error);
  } finally {
    await doc.destroy().catch(() => undefined);
  }
}

export default async function pdfText(input: PdfTextTaskInput): Promise<PdfText> {
  return readPdfTextInProcess(taskInputBytes(input), input.limits);
}
