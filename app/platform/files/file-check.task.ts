// Untrusted-file task "file-check" (runs in a pool child, app/platform/untrusted/): is this upload really
// a PDF a reader can open as it is? File structure first (header, startxref → xref, %%EOF, no /Encrypt:
// app/domain/shared/file-content.ts), then pdfjs opens it and walks the page tree up to `maxPages` pages, which
// refuses page-tree cycles and absurd page counts. Content streams are not parsed here (no text items),
// so a page full of operators costs nothing; text extraction is another task.
//
// An office file (DOCX, XLSX) is a zip whose declared sizes were checked on the request thread; here every part is
// inflated for real (streamed, counted, not kept), so that a part that inflates past what it declares — a zip bomb
// that lies in its directory — is refused instead of stored for whoever downloads and opens it.
import { createInflateRaw } from "node:zlib";
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";
import { PDF_STRUCTURE_MESSAGES, pdfStructureProblem, readZipDirectory, zipEntryData, type ZipEntry } from "#app/domain/shared/file-content";
import { PlatformMessages } from "#app/messages/platform";
import { decodeTextFile, type TextEncodingVerdict } from "#app/domain/shared/text-encoding";

export type FileCheckInput = { kind: "pdf"; bytes: Uint8Array; maxPages: number } | { kind: "office"; bytes: Uint8Array } | { kind: "text"; bytes: Uint8Array };
/** `text`: for kind "text", the encoding the file is in, or why it is no text this product reads (nothing of its text). */
export type FileCheckResult = { pageCount: number; text?: TextEncodingVerdict };

class FileCheckError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.name = "FileCheckError";
    this.code = code;
  }
}

function tooManyPages(pages: number, max: number): FileCheckError {
  return new FileCheckError("TOO_MANY_PAGES", PlatformMessages.PDF_TOO_MANY_PAGES(pages.toLocaleString("vi-VN"), max.toLocaleString("vi-VN")));
}

/** The largest `/Count n` in the file's uncompressed objects (page tree nodes; outlines count bookmarks). */
function maxDeclaredCount(bytes: Uint8Array): number {
  const text = new TextDecoder("latin1").decode(bytes);
  let max = 0;
  for (const m of text.matchAll(/\/Count\s+(\d{1,12})/g)) max = Math.max(max, Number(m[1]));
  return max;
}

const OFFICE_CORRUPT = "Tệp Office bị hỏng: một thành phần không giải nén được.";
const OFFICE_LIES = "Tệp Office giải nén ra nhiều hơn kích thước nó khai báo (có thể là “bom nén”); không nhận tệp này.";

/** The bytes a part really inflates to, stopping one byte past what it declares. */
function inflatedSize(bytes: Uint8Array, entry: ZipEntry): Promise<number> {
  const data = zipEntryData(bytes, entry);
  if (!data) throw new FileCheckError("OFFICE_CORRUPT", OFFICE_CORRUPT);
  if (entry.method === 0) return Promise.resolve(data.byteLength);
  if (entry.method !== 8) throw new FileCheckError("OFFICE_CORRUPT", OFFICE_CORRUPT);
  return new Promise((resolve, reject) => {
    let total = 0;
    const inflate = createInflateRaw();
    inflate.on("data", (chunk: Buffer) => {
      total += chunk.byteLength;
      if (total > entry.uncompressedSize) {
        inflate.destroy();
        reject(new FileCheckError("OFFICE_LIES", OFFICE_LIES));
      }
    });
    inflate.on("error", () => reject(new FileCheckError("OFFICE_CORRUPT", OFFICE_CORRUPT)));
    inflate.on("end", () => resolve(total));
    inflate.end(data);
  });
}

async function checkOffice(bytes: Uint8Array): Promise<FileCheckResult> {
  for (const entry of readZipDirectory(bytes)) {
    const size = await inflatedSize(bytes, entry);
    if (size !== entry.uncompressedSize) throw new FileCheckError("OFFICE_CORRUPT", OFFICE_CORRUPT);
  }
  return { pageCount: 0 };
}

export default async function fileCheck(input: FileCheckInput): Promise<FileCheckResult> {
  if (input.kind === "office") return checkOffice(input.bytes);
  if (input.kind === "text") {
    // Decoding a text file whose encoding is not UTF-8 reads it whole, three ways (~50 ms for 4 MB): done here, not
    // on the request thread.
    const decoded = decodeTextFile(input.bytes);
    return { pageCount: 0, text: decoded.ok ? { ok: true, encoding: decoded.encoding } : decoded };
  }
  const problem = pdfStructureProblem(input.bytes);
  if (problem) throw new FileCheckError(problem, PDF_STRUCTURE_MESSAGES[problem]);
  // A page tree's /Count is visible in uncompressed objects: a count over the limit is refused before
  // pdfjs builds the tree (2,000,000 kids in 12 MB take it past any sane memory limit).
  const declared = maxDeclaredCount(input.bytes);
  if (declared > input.maxPages) throw tooManyPages(declared, input.maxPages);
  const task = getDocument({ data: new Uint8Array(input.bytes), isEvalSupported: false, useSystemFonts: false, verbosity: 0, stopAtErrors: true });
  let doc: Awaited<typeof task.promise>;
  try {
    doc = await task.promise;
  } catch (error) {
    await task.destroy().catch(() => undefined);
    if ((error as { name?: string })?.name === "PasswordException") throw new FileCheckError("ENCRYPTED", PDF_STRUCTURE_MESSAGES.ENCRYPTED);
    throw new FileCheckError("MALFORMED", PlatformMessages.PDF_MALFORMED);
  }
  try {
    const pageCount = doc.numPages;
    if (!Number.isInteger(pageCount) || pageCount < 1) throw new FileCheckError("MALFORMED", "Tệp PDF không có trang nào.");
    if (pageCount > input.maxPages) throw tooManyPages(pageCount, input.maxPages);
    for (let n = 1; n <= pageCount; n++) {
      try {
        const page = await doc.getPage(n);
        page.cleanup();
      } catch {
        throw new FileCheckError("MALFORMED", PlatformMessages.PDF_PAGE_UNREADABLE(n));
      }
    }
    return { pageCount };
  } finally {
    await doc.destroy().catch(() => undefined);
  }
}
