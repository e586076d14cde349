// A print-ready table document (A4 landscape, Tinos): centred titles, wrapped paragraphs and bordered
// tables whose header row repeats on every page a table runs onto. Pure layout, no I/O: the caller
// (app/features/plans/reports/pdf.server.ts) says what to print as a list of blocks.
import fontkit from "@pdf-lib/fontkit";
import { PDFDocument, rgb, type PDFFont, type PDFPage } from "pdf-lib";
import { loadTinos } from "#documents/fonts/tinos";

export type TableFontStyle = "regular" | "bold" | "italic";

/** One thing to print, in order. */
export type TableDocumentBlock =
  | { kind: "text"; text: string; style?: TableFontStyle; size?: number; center?: boolean; gap?: number }
  | { kind: "table"; headers: string[]; widthsPct: number[]; rows: string[][]; size?: number }
  | { kind: "page-break" };

export type TableDocument = { title: string; creator: string; blocks: TableDocumentBlock[] };

/** Greedy word wrap at `width` points; a single word wider than the column is cut. */
export function wrapToWidth(text: string, font: PDFFont, size: number, width: number): string[] {
  const out: string[] = [];
  for (const para of (text || "").split(/\n/)) {
    let line = "";
    for (const word of para.split(/\s+/).filter(Boolean)) {
      const candidate = line ? `${line} ${word}` : word;
      if (font.widthOfTextAtSize(candidate, size) <= width) {
        line = candidate;
        continue;
      }
      if (line) out.push(line);
      // A single word wider than the column is cut.
      let w = word;
      while (font.widthOfTextAtSize(w, size) > width && w.length > 1) {
        let cut = w.length - 1;
        while (cut > 1 && font.widthOfTextAtSize(w.slice(0, cut), size) > width) cut--;
        out.push(w.slice(0, cut));
        w = w.slice(cut);
      }
      line = w;
    }
    out.push(line);
  }
  return out.length ? out : [""];
}

class TablePdfWriter {
  page!: PDFPage;
  y = 0;
  readonly W = 841.89;
  readonly H = 595.28;
  readonly M = 36;
  constructor(
    readonly doc: PDFDocument,
    readonly fonts: Record<TableFontStyle, PDFFont>,
  ) {
    this.newPage();
  }
  newPage() {
    this.page = this.doc.addPage([this.W, this.H]);
    this.y = this.H - this.M;
  }
  text(text: string, opts: { font?: PDFFont; size?: number; center?: boolean; gap?: number } = {}) {
    const font = opts.font ?? this.fonts.regular;
    const size = opts.size ?? 11;
    for (const line of wrapToWidth(text, font, size, this.W - 2 * this.M)) {
      if (this.y - size < this.M) this.newPage();
      const x = opts.center ? (this.W - font.widthOfTextAtSize(line, size)) / 2 : this.M;
      this.page.drawText(line, { x, y: this.y - size, size, font });
      this.y -= size * 1.3;
    }
    this.y -= opts.gap ?? 4;
  }
  table(headers: string[], widthsPct: number[], rows: string[][], size = 9) {
    const total = this.W - 2 * this.M;
    const widths = widthsPct.map((p) => (p / widthsPct.reduce((a, b) => a + b, 0)) * total);
    const pad = 3;
    const lineH = size * 1.25;
    const drawRow = (cells: string[], font: PDFFont, shade: boolean) => {
      const lines = cells.map((c, i) => wrapToWidth(c, font, size, widths[i] - 2 * pad));
      const h = Math.max(...lines.map((l) => l.length)) * lineH + 2 * pad;
      if (this.y - h < this.M) {
        this.newPage();
        if (!shade) drawRow(headers, this.fonts.bold, true);
      }
      let x = this.M;
      cells.forEach((_, i) => {
        this.page.drawRectangle({
          x,
          y: this.y - h,
          width: widths[i],
          height: h,
          borderColor: rgb(0.3, 0.3, 0.3),
          borderWidth: 0.5,
          color: shade ? rgb(0.91, 0.93, 0.96) : undefined,
        });
        lines[i].forEach((ln, j) => {
          this.page.drawText(ln, { x: x + pad, y: this.y - pad - (j + 1) * lineH + size * 0.25, size, font });
        });
        x += widths[i];
      });
      this.y -= h;
    };
    drawRow(headers, this.fonts.bold, true);
    for (const r of rows) drawRow(r, this.fonts.regular, false);
    this.y -= 8;
  }
}

/** Lays out the blocks on A4 landscape pages and returns the PDF bytes. */
export async function renderTableDocument(input: TableDocument): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.registerFontkit(fontkit);
  // Tinos from the one font module: padded, or pdf-lib's subsets would draw scattered letters.
  const regular = await doc.embedFont(loadTinos("regular"), { subset: true });
  const bold = await doc.embedFont(loadTinos("bold"), { subset: true });
  const italic = await doc.embedFont(loadTinos("italic"), { subset: true });
  const w = new TablePdfWriter(doc, { regular, bold, italic });
  doc.setTitle(input.title);
  doc.setCreator(input.creator);
  for (const block of input.blocks) {
    if (block.kind === "page-break") w.newPage();
    else if (block.kind === "text") w.text(block.text, { font: w.fonts[block.style ?? "regular"], size: block.size, center: block.center, gap: block.gap });
    else w.table(block.headers, block.widthsPct, block.rows, block.size);
  }
  return doc.save();
}
