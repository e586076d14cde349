// Appearance streams (Form XObjects) for signature widgets, filled text fields and FreeText stamps.
// Vietnamese text needs an embedded Unicode font (Type0/Identity-H with ToUnicode); WinAnsi cannot encode
// ố/ộ/ở (signing.md §1.5, pitfall 16). One font subset is shared by every appearance of a revision.
import fontkit from "@pdf-lib/fontkit";
import { CustomFontSubsetEmbedder, PDFContext, PDFRef, PngEmbedder } from "pdf-lib";

export type Rgb = [number, number, number];

type SubsetInternals = { glyf: Uint8Array[]; offset: number; _addGlyph: (gid: number) => number };

/**
 * @pdf-lib/fontkit 1.1.1 writes a short ('loca' version 0) table whenever the subset is < 128 KB, which stores
 * offset/2, but copies glyph records with odd lengths as they are (Tinos has many). Every glyph after an odd one
 * then points into the middle of its neighbour and renders as nothing (reproduced: "58/KH-UBND" showed "H ND").
 * Padding each glyph record to an even length keeps the offsets exact; the pad byte is never read.
 */
function padSubsetGlyphs(embedder: CustomFontSubsetEmbedder) {
  const subset = (embedder as unknown as { subset: SubsetInternals }).subset;
  const addGlyph = subset._addGlyph;
  subset._addGlyph = function (this: SubsetInternals, gid: number) {
    const index = addGlyph.call(this, gid);
    const buf = this.glyf[this.glyf.length - 1];
    if (buf.length % 2 === 1) {
      // fontkit bundles its own Buffer polyfill and only accepts chunks of that class.
      const BufferClass = buf.constructor as unknown as { alloc: (n: number) => Uint8Array };
      const padded = BufferClass.alloc(buf.length + 1);
      padded.set(buf, 0);
      this.glyf[this.glyf.length - 1] = padded;
      this.offset += 1;
    }
    return index;
  };
}

const fmt = (n: number) => (Math.round(n * 1000) / 1000).toString();

export class AppearanceBuilder {
  private constructor(
    private readonly context: PDFContext,
    private readonly font: CustomFontSubsetEmbedder | undefined,
    private readonly fontRef: PDFRef | undefined,
  ) {}

  static async create(context: PDFContext, fontBytes: Uint8Array | undefined): Promise<AppearanceBuilder> {
    if (!fontBytes) return new AppearanceBuilder(context, undefined, undefined);
    const font = await CustomFontSubsetEmbedder.for(fontkit, fontBytes);
    padSubsetGlyphs(font);
    return new AppearanceBuilder(context, font, context.nextRef());
  }

  get hasFont(): boolean {
    return this.font !== undefined;
  }

  textWidth(text: string, size: number): number {
    return this.font ? this.font.widthOfTextAtSize(text, size) : text.length * size * 0.5;
  }

  /** Largest font size (≤ max) at which text fits the width. */
  fitSize(text: string, maxWidth: number, max: number, min = 4): number {
    let size = max;
    while (size > min && this.textWidth(text, size) > maxWidth) size -= 0.5;
    return size;
  }

  /** Operators drawing one line of text with its left edge at x and baseline at y. */
  textOp(text: string, x: number, y: number, size: number, color: Rgb = [0, 0, 0]): string {
    if (!this.font) throw new Error("AppearanceBuilder: a font is required to draw text");
    const hex = this.font.encodeText(text).toString();
    return `BT /F0 ${fmt(size)} Tf ${color.map(fmt).join(" ")} rg 1 0 0 1 ${fmt(x)} ${fmt(y)} Tm ${hex} Tj ET\n`;
  }

  centeredTextOp(text: string, centerX: number, y: number, size: number, color?: Rgb): string {
    return this.textOp(text, centerX - this.textWidth(text, size) / 2, y, size, color);
  }

  async image(png: Uint8Array): Promise<{ ref: PDFRef; width: number; height: number }> {
    const embedder = await PngEmbedder.for(png);
    const ref = this.context.nextRef();
    await embedder.embedIntoContext(this.context, ref);
    return { ref, width: embedder.width, height: embedder.height };
  }

  /** Registers a Form XObject; `images` maps resource names (Im0…) to image refs. */
  form(width: number, height: number, content: string, images: Record<string, PDFRef> = {}): PDFRef {
    const resources: Record<string, unknown> = {};
    if (Object.keys(images).length) resources.XObject = images;
    if (this.fontRef && content.includes("/F0 ")) resources.Font = { F0: this.fontRef };
    const stream = this.context.flateStream(content, {
      Type: "XObject",
      Subtype: "Form",
      BBox: [0, 0, width, height],
      Resources: resources as never,
    });
    return this.context.register(stream);
  }

  /** Must run after all text has been encoded: writes the font subset that contains the glyphs used. */
  async finalize() {
    if (this.font && this.fontRef) await this.font.embedIntoContext(this.context, this.fontRef);
  }
}

/** Image placement that keeps the aspect ratio inside a box; returns the `cm` operator arguments. */
export function fitImage(imgW: number, imgH: number, box: { x: number; y: number; width: number; height: number }): string {
  const scale = Math.min(box.width / imgW, box.height / imgH);
  const w = imgW * scale;
  const h = imgH * scale;
  const x = box.x + (box.width - w) / 2;
  const y = box.y + (box.height - h) / 2;
  return `q ${fmt(w)} 0 0 ${fmt(h)} ${fmt(x)} ${fmt(y)} cm`;
}

