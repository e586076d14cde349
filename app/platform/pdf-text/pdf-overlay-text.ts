// Reads the text drawn by annotation and form-field appearances (app/domain/shared/overlay-text.ts says why)
// from a page's pdfjs operator list. pdfjs exposes annotation text only for FreeText and text widgets, and
// then without positions per run; its operator list, however, holds every appearance it draws, between
// beginAnnotation (carrying the /Rect and the /BBox-/Matrix → /Rect transform of ISO 32000-1 §12.5.5) and
// endAnnotation, with glyphs already decoded to Unicode. This walks those ops with the text state of
// ISO 32000-1 §9.3-9.4 (the same arithmetic as pdfjs's canvas renderer) to place each text run. Widget
// values without an appearance (NeedAppearances) are drawn by pdfjs from the field value, so AcroForm values
// come through the same way. Only used inside the untrusted-file pool (app/platform/pdf-text/pdf-text.task.ts).
import { OPS } from "pdfjs-dist/legacy/build/pdf.mjs";
import { isVisibleOverlayRun, type DeviceRect } from "#app/domain/shared/overlay-text";
import type { PositionedTextItem } from "#app/domain/shared/positioned-text";

type Matrix = [number, number, number, number, number, number];
const IDENTITY: Matrix = [1, 0, 0, 1, 0, 0];

/** m1 × m2 in pdfjs's order: m2 is applied first. */
function multiply(m1: readonly number[], m2: readonly number[]): Matrix {
  return [
    m1[0] * m2[0] + m1[2] * m2[1],
    m1[1] * m2[0] + m1[3] * m2[1],
    m1[0] * m2[2] + m1[2] * m2[3],
    m1[1] * m2[2] + m1[3] * m2[3],
    m1[0] * m2[4] + m1[2] * m2[5] + m1[4],
    m1[1] * m2[4] + m1[3] * m2[5] + m1[5],
  ];
}

function apply(m: readonly number[], x: number, y: number): [number, number] {
  return [m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]];
}

function boxOf(rect: ArrayLike<number>, m: readonly number[]): DeviceRect {
  const corners = [apply(m, rect[0], rect[1]), apply(m, rect[2], rect[1]), apply(m, rect[0], rect[3]), apply(m, rect[2], rect[3])];
  const xs = corners.map((c) => c[0]);
  const ys = corners.map((c) => c[1]);
  return { x0: Math.min(...xs), y0: Math.min(...ys), x1: Math.max(...xs), y1: Math.max(...ys) };
}

function intersect(a: DeviceRect | null, b: DeviceRect): DeviceRect {
  if (!a) return b;
  return { x0: Math.max(a.x0, b.x0), y0: Math.max(a.y0, b.y0), x1: Math.min(a.x1, b.x1), y1: Math.min(a.y1, b.y1) };
}

function asMatrix(value: unknown): Matrix | null {
  if (!value || typeof value !== "object" || (value as ArrayLike<number>).length !== 6) return null;
  const m = Array.from(value as ArrayLike<number>) as Matrix;
  return m.every(Number.isFinite) ? m : null;
}

type Glyph = { unicode?: string; width?: number; isSpace?: boolean; vmetric?: number[] } | number | null;
type FontInfo = { fontMatrix?: number[]; name?: string; vertical?: boolean };

type State = {
  /** User space → device space (top-down, scale 1), i.e. the viewport transform times the CTM. */
  ctm: Matrix;
  clip: DeviceRect | null;
  font: FontInfo | null;
  fontSize: number;
  charSpacing: number;
  wordSpacing: number;
  hScale: number;
  leading: number;
  rise: number;
  renderMode: number;
  /** True while the fill colour is white: a filled shape then hides the page text under it. */
  whiteFill: boolean;
};

export type OverlayReadOptions = {
  /** The viewport transform of a scale-1 viewport (PDF user space → top-down page space). */
  viewportTransform: number[];
  page: { width: number; height: number };
  /** Ids (pdfjs "12R") of the annotations whose text is read; others (links, markup, popups) are skipped. */
  annotationIds: ReadonlySet<string>;
  getFont(loadedName: string): FontInfo | undefined;
  /** Optional-content visibility (pdfjs OptionalContentConfig.isVisible); content in hidden groups is skipped. */
  isVisible(properties: unknown): boolean;
  /** Stops after this many runs (the caller's per-page item limit); returns what was read so far plus one. */
  maxRuns: number;
};

const FILL_OPS = new Set<number>([OPS.fill, OPS.eoFill, OPS.fillStroke, OPS.eoFillStroke, OPS.closeFillStroke, OPS.closeEOFillStroke]);

export type OverlayRead = {
  /** Text runs drawn by the selected annotations, positioned like page text items; invisible runs dropped. */
  runs: PositionedTextItem[];
  /** White boxes the annotations paint (within their clip): page text under them is not seen. */
  covers: DeviceRect[];
};

export function readOverlayRuns(opList: { fnArray: number[]; argsArray: unknown[] }, options: OverlayReadOptions): OverlayRead {
  const runs: PositionedTextItem[] = [];
  const covers: DeviceRect[] = [];
  const visibility: boolean[] = [];
  const contentVisible = () => visibility.every(Boolean);
  let inAnnotation = false;
  let stack: State[] = [];
  let state: State | null = null;
  let textMatrix: Matrix = IDENTITY;
  let lineX = 0;
  let lineY = 0;
  let x = 0;
  let y = 0;

  const fresh = (ctm: Matrix, clip: DeviceRect | null): State => ({
    ctm,
    clip,
    font: null,
    fontSize: 0,
    charSpacing: 0,
    wordSpacing: 0,
    hScale: 1,
    leading: 0,
    rise: 0,
    renderMode: 0,
    whiteFill: false,
  });

  const showText = (glyphs: Glyph[]) => {
    const s = state;
    const font = s?.font;
    if (!s || !font || s.fontSize === 0) return;
    const fontMatrix = font.fontMatrix ?? [0.001, 0, 0, 0.001, 0, 0];
    const widthScale = s.fontSize * fontMatrix[0];
    let advance = 0;
    let str = "";
    for (const glyph of glyphs) {
      if (glyph === null || glyph === undefined) continue;
      if (typeof glyph === "number") {
        // TJ adjustments are in thousandths of an em, positive moves left (ISO 32000-1 §9.4.3).
        const shift = (-glyph * s.fontSize) / 1000;
        advance += shift;
        // Producers that position words with TJ gaps instead of spaces rely on the gap for the space.
        if (shift > 0.25 * s.fontSize && str !== "" && !str.endsWith(" ")) str += " ";
        continue;
      }
      const spacing = (glyph.isSpace ? s.wordSpacing : 0) + s.charSpacing;
      advance += (glyph.width ?? 0) * widthScale + spacing;
      str += glyph.unicode ?? "";
    }
    const origin = multiply(s.ctm, textMatrix);
    const start = apply(origin, x, y + s.rise);
    const width = Math.abs(advance * s.hScale) * Math.hypot(origin[0], origin[1]);
    const size = s.fontSize * Math.hypot(origin[2], origin[3]);
    x += advance * s.hScale;
    // Render modes 3 and 7 draw nothing (ISO 32000-1 §9.3.6).
    if ((s.renderMode & 3) === 3 || !contentVisible()) return;
    const run: PositionedTextItem = { str: str.normalize("NFC"), x: start[0], y: start[1], width, height: size };
    if (font.name) {
      run.fontName = font.name.replace(/^[A-Z]{6}\+/, "");
      run.bold = /bold|black|heavy|semibold|demi/i.test(run.fontName);
    }
    if (isVisibleOverlayRun(run, options.page, s.clip)) runs.push(run);
  };

  const { fnArray, argsArray } = opList;
  for (let i = 0; i < fnArray.length && runs.length <= options.maxRuns; i++) {
    const fn = fnArray[i];
    const args = (argsArray[i] ?? []) as unknown[];
    // Marked content is tracked everywhere: pdfjs wraps an annotation's /OC around beginAnnotation.
    if (fn === OPS.beginMarkedContent) visibility.push(true);
    else if (fn === OPS.beginMarkedContentProps) {
      let visible = true;
      if (args[0] === "OC") {
        try {
          visible = options.isVisible(args[1]);
        } catch {
          visible = true;
        }
      }
      visibility.push(visible);
    } else if (fn === OPS.endMarkedContent) visibility.pop();

    if (fn === OPS.beginAnnotation) {
      inAnnotation = options.annotationIds.has(String(args[0]));
      if (!inAnnotation) continue;
      const rect = args[1] as number[] | null;
      const transform = asMatrix(args[2]) ?? IDENTITY;
      const matrix = asMatrix(args[3]) ?? IDENTITY;
      const base = asMatrix(options.viewportTransform) ?? IDENTITY;
      // The appearance is clipped to the annotation's /Rect (pdfjs clips the same way when drawing).
      const clip = rect && rect.length === 4 ? boxOf(rect, base) : null;
      stack = [];
      state = fresh(multiply(base, multiply(transform, matrix)), clip);
      textMatrix = IDENTITY;
      lineX = lineY = x = y = 0;
      continue;
    }
    if (fn === OPS.endAnnotation) {
      inAnnotation = false;
      state = null;
      continue;
    }
    if (!inAnnotation || !state) continue;

    switch (fn) {
      case OPS.save:
        stack.push({ ...state });
        break;
      case OPS.restore:
        state = stack.pop() ?? state;
        break;
      case OPS.transform: {
        const m = asMatrix(args);
        if (m) state.ctm = multiply(state.ctm, m);
        break;
      }
      case OPS.paintFormXObjectBegin: {
        stack.push({ ...state });
        const m = asMatrix(args[0]);
        if (m) state.ctm = multiply(state.ctm, m);
        const bbox = args[1] as ArrayLike<number> | null;
        if (bbox && bbox.length === 4) state.clip = intersect(state.clip, boxOf(bbox, state.ctm));
        break;
      }
      case OPS.paintFormXObjectEnd:
        state = stack.pop() ?? state;
        break;
      case OPS.beginText:
        textMatrix = IDENTITY;
        lineX = lineY = x = y = 0;
        break;
      case OPS.setFont: {
        const size = Number(args[1]);
        state.font = options.getFont(String(args[0])) ?? null;
        state.fontSize = Number.isFinite(size) ? Math.abs(size) : 0;
        break;
      }
      case OPS.setCharSpacing:
        state.charSpacing = Number(args[0]) || 0;
        break;
      case OPS.setWordSpacing:
        state.wordSpacing = Number(args[0]) || 0;
        break;
      case OPS.setHScale:
        state.hScale = (Number(args[0]) || 100) / 100;
        break;
      case OPS.setLeading:
        state.leading = -(Number(args[0]) || 0);
        break;
      case OPS.setTextRise:
        state.rise = Number(args[0]) || 0;
        break;
      case OPS.setTextRenderingMode:
        state.renderMode = Number(args[0]) || 0;
        break;
      case OPS.setTextMatrix: {
        const m = asMatrix(args.length === 6 ? args : args[0]);
        if (m) textMatrix = m;
        lineX = lineY = x = y = 0;
        break;
      }
      // biome-ignore lint/suspicious/noFallthroughSwitchClause: TD is TL plus Td (PDF 32000-1 §9.4.2)
      case OPS.setLeadingMoveText:
        state.leading = Number(args[1]) || 0;
      case OPS.moveText:
        x = lineX += Number(args[0]) || 0;
        y = lineY += Number(args[1]) || 0;
        break;
      case OPS.nextLine:
        x = lineX;
        y = lineY += state.leading;
        break;
      case OPS.setFillRGBColor:
        state.whiteFill = typeof args[0] === "string" && args[0].toLowerCase() === "#ffffff";
        break;
      case OPS.setFillGray:
      case OPS.setFillCMYKColor:
      case OPS.setFillColor:
      case OPS.setFillColorN:
      case OPS.setFillColorSpace:
      case OPS.setFillTransparent:
        state.whiteFill = false;
        break;
      case OPS.constructPath: {
        // pdfjs 5: [painting op, path data, bounding box of the path in the current user space].
        const box = args[2] as ArrayLike<number> | null;
        if (state.whiteFill && FILL_OPS.has(Number(args[0])) && box && box.length === 4 && contentVisible()) {
          const cover = intersect(state.clip, boxOf(box, state.ctm));
          if (cover.x1 > cover.x0 && cover.y1 > cover.y0) covers.push(cover);
        }
        break;
      }
      case OPS.showText:
      case OPS.showSpacedText:
        if (Array.isArray(args[0])) showText(args[0] as Glyph[]);
        break;
    }
  }
  return { runs, covers };
}
