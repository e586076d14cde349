// `extract FILE`: reads the header fields of an administrative document PDF (the same extraction that
// pre-fills the clerk's incoming-document form). Read-only: never opens the database.
import { readFile } from "node:fs/promises";
import { extractDocumentFields } from "#app/domain/incoming/document-extraction";
import { PdfReadError, readPdfText } from "#app/platform/pdf-text/pdf-text.server";
import { extractFromScan, isScanImage } from "#app/features/incoming/index";
import { CliError, type CliCommand } from "../cli-types";

export const commands: Record<string, CliCommand> = {
  extract: {
    description: "Đọc số ký hiệu, loại, ngày ban hành, cơ quan ban hành, trích yếu, người ký từ tệp PDF văn bản",
    usage: "extract FILE.pdf",
    async run(args) {
      const [file] = args.positionals;
      if (!file) throw new CliError("Thiếu đường dẫn tệp PDF: extract FILE.pdf");
      let data: Uint8Array;
      try {
        data = new Uint8Array(await readFile(file));
      } catch {
        throw new CliError(`Không đọc được tệp "${file}"`);
      }
      try {
        // A scan (image, or PDF without text layer) waits for the OCR and answers with the same fields.
        const isImage = isScanImage(data);
        const text = isImage ? null : await readPdfText(data);
        if (!text?.hasTextLayer) {
          const scan = await extractFromScan(data, { isImage, pageCount: text?.pageCount ?? 1 });
          const f = scan.fields;
          return {
            numberSymbol: f.numberSymbol,
            docTypeName: f.docTypeName,
            issuedDate: f.issuedDate,
            place: f.place,
            issuer: f.issuer,
            summary: f.summary,
            signerName: f.signerName,
            signerTitle: f.signerTitle,
            pageCount: scan.pageCount,
            hasTextLayer: false,
            ocr: true,
            pages: scan.ocr.pages,
            reviewFields: "all",
          };
        }
        const fields = extractDocumentFields(text);
        return {
          numberSymbol: fields.numberSymbol,
          docTypeName: fields.docTypeName,
          issuedDate: fields.issuedDate,
          place: fields.place,
          issuer: fields.issuer,
          summary: fields.summary,
          signerName: fields.signerName,
          signerTitle: fields.signerTitle,
          pageCount: fields.pageCount,
          hasTextLayer: fields.hasTextLayer,
        };
      } catch (error) {
        if (error instanceof PdfReadError) throw new CliError(error.message);
        throw error;
      }
    },
  },
};
