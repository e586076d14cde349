// Untrusted-file task "file-check" (runs in a pool child, app/services/untrusted/): is this upload really
// a PDF a reader can open as it is? File structure first (header, startxref → xref, %%EOF, no /Encrypt:
// app/domain/file-content.ts), then pdfjs opens it and walks the page tree up to `maxPages` pages, which
// refuses page-tree cycles and absurd page counts. Content streams are not parsed here (no text items),
// so a page full of operators costs nothing; text extraction is another task.
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";
import { PDF_STRUCTURE_MESSAGES, pdfStructureProblem } from "#app/domain/file-content";

export type FileCheckInput = { kind: "pdf"; bytes: Uint8Array; maxPages: number };
export type FileCheckResult = { pageCount: number };

class FileCheckError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.name = "FileCheckError";
    this.code = code;
  }
}

export default async function fileCheck(input: FileCheckInput): Promise<FileCheckResult> {
  const problem = pdfStructureProblem(input.bytes);
  if (problem) throw new FileCheckError(problem, PDF_STRUCTURE_MESSAGES[problem]);
  const task = getDocument({ data: new Uint8Array(input.bytes), isEvalSupported: false, useSystemFonts: false, verbosity: 0, stopAtErrors: true });
  let doc: Awaited<typeof task.promise>;
  try {
    doc = await task.promise;
  } catch (error) {
    await task.destroy().catch(() => undefined);
    if ((error as { name?: string })?.name === "PasswordException") throw new FileCheckError("ENCRYPTED", PDF_STRUCTURE_MESSAGES.ENCRYPTED);
    throw new FileCheckError("MALFORMED", "Tệp PDF bị hỏng, không mở được.");
  }
  try {
    const pageCount = doc.numPages;
    if (!Number.isInteger(pageCount) || pageCount < 1) throw new FileCheckError("MALFORMED", "Tệp PDF không có trang nào.");
    if (pageCount > input.maxPages) {
      throw new FileCheckError("TOO_MANY_PAGES", `Tệp PDF có ${pageCount.toLocaleString("vi-VN")} trang, vượt giới hạn ${input.maxPages.toLocaleString("vi-VN")} trang.`);
    }
    for (let n = 1; n <= pageCount; n++) {
      try {
        const page = await doc.getPage(n);
        page.cleanup();
      } catch {
        throw new FileCheckError("MALFORMED", `Tệp PDF bị hỏng: không mở được trang ${n} (cây trang lỗi hoặc tham chiếu vòng).`);
      }
    }
    return { pageCount };
  } finally {
    await doc.destroy().catch(() => undefined);
  }
}
