// The clerk's two AcroForm fields (number and date line), filled at issue time by the signing library.

import { PDFName, type PDFRef, PDFString, PDFHexString, beginMarkedContent, endMarkedContent } from "pdf-lib";
import { SIZE, round2, type Canvas } from "#documents/composer/canvas";
import { DATE_LINE_FIELD_NAME, FIELD_FONT_RESOURCE_NAMES, type PlacedField } from "#documents/composer/types";

// Every character the clerk may type into the fields: printable ASCII and the Vietnamese letters.
// Encoding them once puts their widths (/W) and ToUnicode entries into the field fonts, so a tool
// that later builds the field appearance from /DR gets correct widths and extractable text.
const FIELD_GLYPH_COVERAGE = (() => {
  const ranges: [number, number][] = [
    [0x20, 0x7e],
    [0xc0, 0xc3],
    [0xc8, 0xca],
    [0xcc, 0xcd],
    [0xd2, 0xd5],
    [0xd9, 0xda],
    [0xdd, 0xdd],
    [0xe0, 0xe3],
    [0xe8, 0xea],
    [0xec, 0xed],
    [0xf2, 0xf5],
    [0xf9, 0xfa],
    [0xfd, 0xfd],
    [0x102, 0x103],
    [0x110, 0x111],
    [0x128, 0x129],
    [0x168, 0x169],
    [0x1a0, 0x1a1],
    [0x1af, 0x1b0],
    [0x1ea0, 0x1ef9],
  ];
  const characters: string[] = [];
  for (const [from, to] of ranges) {
    for (let code = from; code <= to; code++) characters.push(String.fromCodePoint(code));
  }
  // Spaces between characters keep the shaper from substituting ligatures.
  return characters.join(" ");
})();

/**
 * The two clerk fields: text fields with their own widget, no border or background, not read-only,
 * empty /V, a /DA naming a Tinos face that is registered in /AcroForm /DR, and /Q set up front (a
 * later fill that adds /Q is a change some validators flag — signing.md §1.6). No NeedAppearances:
 * the signing library writes /V and /AP itself in the organisation's revision.
 */
export function addClerkFields(canvas: Canvas, fields: PlacedField[]): void {
  const { doc } = canvas;
  const context = doc.context;
  const regular = canvas.fonts.regular;
  const italic = canvas.fonts.italic;
  regular.encodeText(FIELD_GLYPH_COVERAGE);
  italic.encodeText(FIELD_GLYPH_COVERAGE);

  const fieldRefs: PDFRef[] = [];
  for (const field of fields) {
    const page = canvas.pages[field.page];
    const isDate = field.name === DATE_LINE_FIELD_NAME;
    const fontName = isDate ? FIELD_FONT_RESOURCE_NAMES.italic : FIELD_FONT_RESOURCE_NAMES.regular;
    const defaultAppearance = `/${fontName} ${field.fontSize} Tf 0 g`;
    const rect = field.rect.map(round2);
    const width = rect[2] - rect[0];
    const height = rect[3] - rect[1];
    // An empty appearance (marked content only) so viewers and PDF/A checks see a valid widget.
    const emptyAppearance = context.formXObject([beginMarkedContent("Tx"), endMarkedContent()], {
      BBox: [0, 0, width, height],
      Resources: { Font: { [fontName]: isDate ? italic.ref : regular.ref } },
    });
    const fieldDict = context.obj({
      Type: "Annot",
      Subtype: "Widget",
      FT: "Tx",
      T: PDFString.of(field.name),
      // TU is a text string: PDFString is PDFDocEncoding, which has no Vietnamese letters.
      TU: PDFHexString.fromText(isDate ? "Địa danh và ngày tháng năm ban hành" : "Số, ký hiệu văn bản"),
      Ff: 0,
      DA: PDFString.of(defaultAppearance),
      Q: isDate ? 1 : 0,
      Rect: rect,
      F: 4,
      P: page.ref,
      Border: [0, 0, 0],
      BS: { W: 0 },
      MK: {},
      AP: { N: context.register(emptyAppearance) },
    });
    const ref = context.register(fieldDict);
    page.node.addAnnot(ref);
    fieldRefs.push(ref);
  }

  const acroForm = context.obj({
    Fields: fieldRefs,
    DA: PDFString.of(`/${FIELD_FONT_RESOURCE_NAMES.regular} ${SIZE.numberLabel} Tf 0 g`),
    DR: {
      Font: {
        [FIELD_FONT_RESOURCE_NAMES.regular]: regular.ref,
        [FIELD_FONT_RESOURCE_NAMES.italic]: italic.ref,
      },
    },
  });
  doc.catalog.set(PDFName.of("AcroForm"), context.register(acroForm));
}
