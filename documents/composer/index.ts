// Composes an outgoing administrative document as PDF, laid out per Decree 30/2020/NĐ-CP Phụ lục I
// (thể thức và kỹ thuật trình bày) with the bundled Tinos font (metric-compatible with Times New Roman,
// full Vietnamese coverage, SIL OFL).
//
// The number ("Số: …") and the date line are NOT printed: they are empty AcroForm text fields that the
// clerk fills at issue time, in the same incremental revision as the organisation's signature
// (signing.md §1.6 (a)). Writing them into the page content after the leader has signed would be a
// page modification that invalidates the leader's signature for any validator that analyses changes.
import { PDFDocument, type PDFPage } from "pdf-lib";
import { formatSummary, resolveDocumentTemplate } from "#documents/composer/layout";
import { normalizeAddressees } from "#documents/composer/names";
import { addPage, getUnitWidthCache, round2, type Canvas } from "#documents/composer/canvas";
import { cachingFontkit, loadComposerFonts } from "#documents/composer/fonts";
import { drawHeader, drawTitleBlock } from "#documents/composer/header";
import { drawAddressees, drawBody } from "#documents/composer/body";
import { drawClosing, drawPageNumbers } from "#documents/composer/closing";
import { addClerkFields } from "#documents/composer/fields";
import {
  COMPOSE_LIMITS,
  ComposeLimitError,
  bodyTooLongMessage,
  type ComposeDocumentInput,
  type ComposedDocument,
  type ComposerFonts,
  type PdfRect,
  type PlacedField,
} from "#documents/composer/types";

export * from "#documents/composer/types";
export { loadComposerFonts } from "#documents/composer/fonts";
export { buildSignerTitleLines } from "#documents/composer/names";

/**
 * Composes the document. Fonts default to the cached Tinos faces. The result carries the field and
 * signature rectangles so the signing step can place the leader's and the clerk's appearances.
 */
export async function composeDocumentPdf(input: ComposeDocumentInput, fonts?: ComposerFonts): Promise<ComposedDocument> {
  if (!input.organizationName.trim()) throw new Error("organizationName is required");
  if (!input.signerName.trim() || !input.signerTitle.trim()) throw new Error("signer is required");
  const textLength = input.body.length + input.summary.length + (input.recipientsHeading ?? []).join("").length + input.recipients.join("").length;
  if (textLength > COMPOSE_LIMITS.maxBodyChars) throw new ComposeLimitError("BODY_TOO_LONG", bodyTooLongMessage());
  const fontBytes = fonts ?? (await loadComposerFonts());
  const doc = await PDFDocument.create();
  doc.registerFontkit(cachingFontkit);
  const [regular, bold, italic, boldItalic] = await Promise.all([
    doc.embedFont(fontBytes.regular, { subset: true }),
    doc.embedFont(fontBytes.bold, { subset: true }),
    doc.embedFont(fontBytes.italic, { subset: true }),
    doc.embedFont(fontBytes.boldItalic, { subset: true }),
  ]);
  const template = resolveDocumentTemplate(input.docType);
  const canvas: Canvas = {
    doc,
    fonts: { regular, bold, italic, boldItalic },
    pages: [],
    fontKeys: new Map(),
    unitWidths: getUnitWidthCache(fontBytes),
    encodedWords: new Map(),
    page: undefined as unknown as PDFPage,
    y: 0,
  };
  addPage(canvas);

  const header = drawHeader(canvas, input, template);
  canvas.y = header.bottom - 6;
  const addressees = normalizeAddressees(input.recipientsHeading);
  if (template === "official-letter") {
    canvas.y -= 6;
    drawAddressees(canvas, addressees);
  } else {
    drawTitleBlock(canvas, input, template);
    drawAddressees(canvas, addressees);
  }
  drawBody(canvas, input, template);
  const signatureBlock = drawClosing(canvas, input);
  drawPageNumbers(canvas);
  addClerkFields(canvas, [header.numberField, header.dateField]);

  const title = template === "official-letter" ? formatSummary(template, input.summary) : `${input.docType.name} ${formatSummary(template, input.summary)}`;
  doc.setTitle(title);
  doc.setSubject(input.docType.name);
  doc.setAuthor(input.organizationName.replace(/\s*\n\s*/g, " "));
  doc.setCreator("Văn phòng điện tử");
  doc.setLanguage("vi-VN");

  // A classic xref table, no object streams: the signing library appends incremental updates and
  // needs every object at a byte offset (signing.md §1.2–1.3).
  const pdf = await doc.save({
    useObjectStreams: false,
    updateFieldAppearances: false,
  });
  const roundField = (field: PlacedField): PlacedField => ({
    ...field,
    rect: field.rect.map(round2) as PdfRect,
    baseline: round2(field.baseline),
  });
  return {
    pdf,
    fields: {
      numberSymbol: roundField(header.numberField),
      dateLine: roundField(header.dateField),
    },
    signatureBlock,
    pageCount: canvas.pages.length,
  };
}
