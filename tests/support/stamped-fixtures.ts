// PDFs whose header values sit in annotation appearances, drawn with pdf-lib's low-level objects so that each
// annotation's flags, /Rect, /BBox, /Matrix and optional content are exactly what a test needs.
import fontkit from "@pdf-lib/fontkit";
import { PDFDocument, PDFName, PDFString, StandardFonts, type PDFRef } from "pdf-lib";
import { loadVietnameseFont } from "../../scripts/commands/signing-assets";

export type StampSpec = {
  text: string;
  /** /Rect in PDF user space (y up). */
  rect: [number, number, number, number];
  subtype?: "Stamp" | "FreeText" | "Widget";
  /** Annotation flags (ISO 32000-1 §12.5.3): 2 Hidden, 4 Print, 32 NoView. */
  flags?: number;
  /** Appearance /BBox; defaults to the rect's size at the origin. */
  bbox?: [number, number, number, number];
  /** Appearance /Matrix. */
  matrix?: [number, number, number, number, number, number];
  /** Text position inside the appearance's form space. */
  at?: [number, number];
  fontSize?: number;
  /** Put the annotation in an optional-content group that is off by default. */
  hiddenLayer?: boolean;
};

/**
 * One A4 page printing a decision header with blank number and date ("Số:      /QĐ-UBND", "Hà Nội, ngày   tháng
 * năm 2026") plus the given stamps, each a Helvetica appearance stream. Free slots on the
 * baseline y = 740: the number at x 112-138, the day at x 375-398, the month at x 434-458.
 */
export async function stampedHeaderPdf(stamps: StampSpec[]): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.registerFontkit(fontkit);
  const font = await doc.embedFont(loadVietnameseFont(), { subset: false });
  const helvetica = await doc.embedFont(StandardFonts.Helvetica);
  const page = doc.addPage([595.28, 841.89]);
  page.drawText("ỦY BAN NHÂN DÂN", { x: 90, y: 790, size: 13, font });
  page.drawText("Số:", { x: 90, y: 740, size: 13, font });
  page.drawText("/QĐ-UBND", { x: 140, y: 740, size: 13, font });
  page.drawText("Hà Nội, ngày", { x: 300, y: 740, size: 13, font });
  page.drawText("tháng", { x: 400, y: 740, size: 13, font });
  page.drawText("năm 2026", { x: 460, y: 740, size: 13, font });
  page.drawText("QUYẾT ĐỊNH", { x: 250, y: 690, size: 14, font });
  page.drawText("Về việc phê duyệt kế hoạch chuyển đổi số", { x: 170, y: 670, size: 13, font });

  const context = doc.context;
  let hiddenGroup: PDFRef | undefined;
  const annots: PDFRef[] = [];
  for (const stamp of stamps) {
    const [x0, y0, x1, y1] = stamp.rect;
    const bbox = stamp.bbox ?? [0, 0, x1 - x0, y1 - y0];
    const [tx, ty] = stamp.at ?? [2, 4];
    const content = `BT /Helv ${stamp.fontSize ?? 13} Tf ${tx} ${ty} Td (${stamp.text}) Tj ET`;
    const appearance = context.flateStream(content, {
      Type: "XObject",
      Subtype: "Form",
      BBox: bbox,
      ...(stamp.matrix ? { Matrix: stamp.matrix } : {}),
      Resources: { Font: { Helv: helvetica.ref } },
    });
    const dict = context.obj({
      Type: "Annot",
      Subtype: stamp.subtype ?? "Stamp",
      Rect: stamp.rect,
      F: stamp.flags ?? 4,
      AP: { N: context.register(appearance) },
    });
    if (stamp.subtype === "FreeText") dict.set(PDFName.of("DA"), PDFString.of("/Helv 13 Tf 0 g"));
    if (stamp.hiddenLayer) {
      hiddenGroup ??= context.register(context.obj({ Type: "OCG", Name: PDFString.of("an") }));
      dict.set(PDFName.of("OC"), hiddenGroup);
    }
    dict.set(PDFName.of("P"), page.ref);
    annots.push(context.register(dict));
  }
  page.node.set(PDFName.of("Annots"), context.obj(annots));
  if (hiddenGroup) {
    doc.catalog.set(PDFName.of("OCProperties"), context.obj({ OCGs: [hiddenGroup], D: { ON: [], OFF: [hiddenGroup], Order: [hiddenGroup] } }));
  }
  return doc.save({ useObjectStreams: false });
}
