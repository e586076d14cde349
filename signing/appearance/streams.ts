// Appearance streams (Form XObjects) for signature widgets, filled text fields and FreeText stamps.
// Vietnamese text needs an embedded Unicode font (Type0/Identity-H with ToUnicode); WinAnsi cannot encode
// ố/ộ/ở (signing.md §1.5, pitfall 16). One font subset is shared by every appearance of a revision.
import { createHash } from "node:crypto";
import { deflateSync } from "node:zlib";
import fontkit from "@pdf-lib/fontkit";
import { CustomFontSubsetEmbedder, type PDFContext, type PDFDict, PDFName, PDFNumber, PDFRawStream, type PDFRef, PngEmbedder } from "pdf-lib";
import { padTrueTypeGlyphs } from "../fonts/truetype-padding";

// Parsed fonts and decoded+compressed images are cached across signatures: re-parsing a 500 KB TTF and
// re-deflating the PNG channels with pako on every signature cost ~30 ms. Keys are content hashes (cheap for
// these small inputs), so callers need not keep the same buffer instance.
type FontkitFont = Awaited<ReturnType<typeof fontkit.create>>;
type CachedImage = { width: number; height: number; bpc: number; rgb: Uint8Array; alpha?: Uint8Array };
const fontCache = new Map<string, { padded: Uint8Array; parsed: FontkitFont }>();
const imageCache = new Map<string, CachedImage>();
const keyOf = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");
function remember<T>(cache: Map<string, T>, key: string, value: T, max = 16): T {
  if (cache.size >= max) cache.delete(cache.keys().next().value as string);
  cache.set(key, value);
  return value;
}

export type Rgb = [number, number, number];

/**
 * @pdf-lib/fontkit 1.1.1 writes a short ('loca' version 0) table whenever the subset is < 128 KB, which stores
 * offset/2, but copies glyph records with odd lengths as they are (Tinos has many). Every glyph after an odd one
 * then points into the middle of its neighbour and renders as nothing (reproduced: "58/KH-UBND" showed "H ND").
 * The font is therefore padded once (every glyph record to 4 bytes) before fontkit sees it; the OpenType
 * layout tables are dropped too, so no ligature ever merges two characters into one glyph.
 */
const LAYOUT_TABLES = ["GSUB", "GPOS", "GDEF"];

const fmt = (n: number) => (Math.round(n * 1000) / 1000).toString();

export class AppearanceBuilder {
  private constructor(
    private readonly context: PDFContext,
    private readonly font: CustomFontSubsetEmbedder | undefined,
    private readonly fontRef: PDFRef | undefined,
  ) {}

  static async create(context: PDFContext, fontBytes: Uint8Array | undefined): Promise<AppearanceBuilder> {
    if (!fontBytes) return new AppearanceBuilder(context, undefined, undefined);
    const key = keyOf(fontBytes);
    const cached =
      fontCache.get(key) ??
      remember(
        fontCache,
        key,
        (() => {
          const padded = padTrueTypeGlyphs(fontBytes, { dropTables: LAYOUT_TABLES });
          return { padded, parsed: fontkit.create(Buffer.from(padded)) };
        })(),
        4,
      );
    // The constructor is what CustomFontSubsetEmbedder.for() calls after fontkit.create().
    const Embedder = CustomFontSubsetEmbedder as unknown as new (font: FontkitFont, data: Uint8Array) => CustomFontSubsetEmbedder;
    const font = new Embedder(cached.parsed, cached.padded);
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
  /** `slant` shears the glyphs (tan of the angle; 0.21 ≈ 12°) for a synthetic italic. */
  textOp(text: string, x: number, y: number, size: number, color: Rgb = [0, 0, 0], slant = 0): string {
    if (!this.font) throw new Error("AppearanceBuilder: a font is required to draw text");
    const hex = this.font.encodeText(text).toString();
    return `BT /F0 ${fmt(size)} Tf ${color.map(fmt).join(" ")} rg 1 0 ${fmt(slant)} 1 ${fmt(x)} ${fmt(y)} Tm ${hex} Tj ET\n`;
  }

  centeredTextOp(text: string, centerX: number, y: number, size: number, color?: Rgb): string {
    return this.textOp(text, centerX - this.textWidth(text, size) / 2, y, size, color);
  }

  async image(png: Uint8Array): Promise<{ ref: PDFRef; width: number; height: number }> {
    const key = keyOf(png);
    let img = imageCache.get(key);
    if (!img) {
      const decoded = (await PngEmbedder.for(png)) as unknown as {
        image: { rgbChannel: Uint8Array; alphaChannel?: Uint8Array; bitsPerComponent: number; width: number; height: number };
      };
      const { image } = decoded;
      img = remember(imageCache, key, {
        width: image.width,
        height: image.height,
        bpc: image.bitsPerComponent,
        rgb: new Uint8Array(deflateSync(image.rgbChannel)),
        alpha: image.alphaChannel ? new Uint8Array(deflateSync(image.alphaChannel)) : undefined,
      });
    }
    const ctx = this.context;
    const dict = (extra: Record<string, unknown>, length: number) =>
      ctx.obj({
        Type: "XObject",
        Subtype: "Image",
        Width: img!.width,
        Height: img!.height,
        BitsPerComponent: img!.bpc,
        Filter: "FlateDecode",
        Length: length,
        ...extra,
      } as never) as unknown as PDFDict;
    let smask: PDFRef | undefined;
    if (img.alpha) smask = ctx.register(PDFRawStream.of(dict({ ColorSpace: "DeviceGray" }, img.alpha.length), img.alpha));
    const d = dict({ ColorSpace: "DeviceRGB" }, img.rgb.length);
    if (smask) d.set(PDFName.of("SMask"), smask);
    d.set(PDFName.of("Length"), PDFNumber.of(img.rgb.length));
    const ref = ctx.register(PDFRawStream.of(d, img.rgb));
    return { ref, width: img.width, height: img.height };
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
