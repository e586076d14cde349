// `incoming:import --as USERNAME FILE...`: registers each PDF as that clerk with the fields read from the
// file. Safe to run in several processes at once: each registration allocates its arrival number inside
// a BEGIN IMMEDIATE transaction.
import { readFile } from "node:fs/promises";
import { basename } from "node:path";
import { prepareIncomingUpload, registerIncomingDocument } from "#app/features/incoming/index";
import { waitForIncomingOcr } from "#app/features/incoming/index";
import { isAppError } from "#app/utils/errors";
import { CliError, requireOption, type CliCommand } from "../cli-types";

export const commands: Record<string, CliCommand> = {
  "incoming:import": {
    description: "Đăng ký văn bản đến từ tệp PDF (đọc thông tin từ tệp) với tư cách văn thư",
    usage: "incoming:import --as USERNAME FILE.pdf [FILE.pdf ...]",
    async run(args, ctx) {
      const username = requireOption(args, "as");
      if (args.positionals.length === 0) throw new CliError("Thiếu tệp PDF: incoming:import --as USERNAME FILE.pdf ...");
      const serviceContext = await ctx.as(username, { key: "register:incoming", what: "đăng ký văn bản đến" });
      const results: Array<{ id: number; arrivalNumber: number; numberSymbol: string; summary: string; needsReview: boolean; reviewFields: string[] }> = [];
      for (const file of args.positionals) {
        let bytes: Uint8Array;
        try {
          bytes = new Uint8Array(await readFile(file));
        } catch {
          throw new CliError(`Không đọc được tệp "${file}"`);
        }
        try {
          const upload = await prepareIncomingUpload(serviceContext, { bytes, originalName: basename(file), maxBytes: Number.MAX_SAFE_INTEGER });
          // A scan: run its OCR job here and take the fields it read (all marked for review).
          if (upload.ocrPending) {
            const ocr = await waitForIncomingOcr(serviceContext, upload.fileId);
            if (ocr.fields) Object.assign(upload, { fields: ocr.fields, extractedFields: ocr.extractedFields, lowConfidenceFields: ocr.lowConfidenceFields });
          }
          // Fields the file did not give are filled with placeholders the clerk must review.
          const missing = (["numberSymbol", "issuerName", "summary"] as const).filter((k) => !upload.fields[k]);
          const needsReview = [...new Set([...upload.lowConfidenceFields, ...missing])];
          const registered = await registerIncomingDocument(serviceContext, {
            fileId: upload.fileId,
            channel: "direct",
            receivedAt: new Date(),
            numberSymbol: upload.fields.numberSymbol || "(chưa rõ)",
            docTypeCode: upload.fields.docTypeCode || "CV",
            issuedDate: upload.fields.issuedDate || null,
            issuerName: upload.fields.issuerName || "(chưa rõ)",
            summary: upload.fields.summary || basename(file),
            signerName: upload.fields.signerName || null,
            signerTitle: upload.fields.signerTitle || null,
            pageCount: upload.pageCount,
            urgency: "normal",
            confidentiality: "normal",
            extractedFields: upload.extractedFields,
            needsReview: needsReview.length > 0,
            // Batch import: duplicates are registered and flagged for review rather than stopping the batch.
            confirmDuplicate: true,
          });
          results.push({
            id: registered.id,
            arrivalNumber: registered.arrivalNumber,
            numberSymbol: upload.fields.numberSymbol,
            summary: upload.fields.summary,
            needsReview: needsReview.length > 0,
            reviewFields: needsReview,
          });
        } catch (error) {
          if (isAppError(error)) throw new CliError(`${file}: ${error.message}`);
          throw error;
        }
      }
      return results;
    },
  },
};
