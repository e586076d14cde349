// AcroForm / Fields / Annots helpers. Everything is append-only: existing arrays are extended in place, never
// replaced (signing.md §1.4, pitfalls 3 and 11), and the object that actually holds the array is the one rewritten.
import { PDFArray, PDFDict, PDFHexString, PDFName, PDFNumber, type PDFObject, PDFRef, PDFString } from "pdf-lib";
import type { IncrementalUpdate } from "./incremental";
import type { PdfReader } from "./reader";

export type FieldInfo = {
  ref: PDFRef | undefined;
  dict: PDFDict;
  fullName: string;
  /** Inherited /FT. */
  type: string | undefined;
};

export function decodePdfText(value: PDFObject | undefined): string | undefined {
  if (value instanceof PDFString || value instanceof PDFHexString) return value.decodeText();
  if (value instanceof PDFName) return value.decodeText();
  return undefined;
}

/** Walks /AcroForm /Fields recursively (through /Kids) and returns terminal fields with their full names. */
export function listFields(reader: PdfReader): FieldInfo[] {
  const acroForm = reader.getDict(reader.catalog, "AcroForm");
  const fields = acroForm && reader.getArray(acroForm, "Fields");
  const out: FieldInfo[] = [];
  if (!fields) return out;
  const seen = new Set<PDFDict>();
  const walk = (items: PDFArray, prefix: string, inheritedType: string | undefined, depth: number) => {
    if (depth > 32) return;
    for (const item of items.asArray()) {
      const dict = reader.resolve(item);
      if (!(dict instanceof PDFDict) || seen.has(dict)) continue;
      seen.add(dict);
      const partial = decodePdfText(dict.get(PDFName.of("T")));
      const fullName = partial === undefined ? prefix : prefix ? `${prefix}.${partial}` : partial;
      const ft = dict.get(PDFName.of("FT"));
      const type = ft instanceof PDFName ? ft.decodeText() : inheritedType;
      const kids = reader.getArray(dict, "Kids");
      // Kids that carry their own /T are fields; kids without /T are only widgets of this field.
      const fieldKids = kids?.asArray().filter((k) => {
        const kd = reader.resolve(k);
        return kd instanceof PDFDict && kd.get(PDFName.of("T")) !== undefined;
      });
      if (kids && fieldKids && fieldKids.length > 0) walk(kids, fullName, type, depth + 1);
      else out.push({ ref: item instanceof PDFRef ? item : undefined, dict, fullName, type });
    }
  };
  walk(fields, "", undefined, 0);
  return out;
}

/** Widgets of a terminal field: the field itself (merged field/widget) or its /Kids. */
export function fieldWidgets(reader: PdfReader, field: FieldInfo): Array<{ ref: PDFRef | undefined; dict: PDFDict }> {
  const kids = reader.getArray(field.dict, "Kids");
  if (!kids) return [{ ref: field.ref, dict: field.dict }];
  return kids.asArray().flatMap((k) => {
    const d = reader.resolve(k);
    return d instanceof PDFDict ? [{ ref: k instanceof PDFRef ? k : undefined, dict: d }] : [];
  });
}

export function uniqueFieldName(reader: PdfReader, wanted: string): string {
  const names = new Set(listFields(reader).map((f) => f.fullName));
  if (!names.has(wanted)) return wanted;
  for (let i = 2; ; i++) if (!names.has(`${wanted}_${i}`)) return `${wanted}_${i}`;
}

/**
 * Appends `item` to the array stored under `key` in `owner` (which lives in object `ownerRef`).
 * If the array is indirect, only the array object is rewritten; otherwise the owner is.
 */
export function appendToArray(update: IncrementalUpdate, owner: PDFDict, ownerRef: PDFRef, key: string, item: PDFObject) {
  const reader = update.reader;
  const raw = owner.get(PDFName.of(key));
  if (raw instanceof PDFRef) {
    const arr = reader.resolveRef(raw);
    if (arr instanceof PDFArray) {
      arr.push(item);
      update.markModified(raw);
      return;
    }
  }
  if (raw instanceof PDFArray) raw.push(item);
  else owner.set(PDFName.of(key), reader.context.obj([item]));
  update.markModified(ownerRef);
}

/** Ensures an AcroForm exists, sets SigFlags |= 3 when asked, and returns it with the ref of its holder. */
export function ensureAcroForm(update: IncrementalUpdate, options: { signatures: boolean }): { acroForm: PDFDict; holderRef: PDFRef } {
  const reader = update.reader;
  const catalog = reader.catalog;
  const raw = catalog.get(PDFName.of("AcroForm"));
  let acroForm: PDFDict;
  let holderRef: PDFRef;
  if (raw instanceof PDFRef && reader.resolveRef(raw) instanceof PDFDict) {
    acroForm = reader.resolveRef(raw) as PDFDict;
    holderRef = raw;
  } else if (raw instanceof PDFDict) {
    acroForm = raw;
    holderRef = reader.rootRef;
  } else {
    acroForm = reader.context.obj({ Fields: [] }) as PDFDict;
    const ref = reader.context.register(acroForm);
    catalog.set(PDFName.of("AcroForm"), ref);
    update.markModified(reader.rootRef);
    holderRef = ref;
  }
  if (options.signatures) {
    const flags = reader.get(acroForm, "SigFlags");
    const current = flags instanceof PDFNumber ? flags.asNumber() : 0;
    if ((current & 3) !== 3) {
      // SignaturesExist | AppendOnly (ISO 32000-1 §12.7.2 table 219).
      acroForm.set(PDFName.of("SigFlags"), PDFNumber.of(current | 3));
      update.markModified(holderRef);
    }
  }
  if (!acroForm.get(PDFName.of("Fields"))) {
    acroForm.set(PDFName.of("Fields"), reader.context.obj([]));
    update.markModified(holderRef);
  }
  return { acroForm, holderRef };
}

export function pageSize(reader: PdfReader, pageRef: PDFRef): { x: number; y: number; width: number; height: number } {
  let node = reader.resolveRef(pageRef) as PDFDict | undefined;
  for (let depth = 0; node && depth < 32; depth++) {
    const box = reader.getArray(node, "CropBox") ?? reader.getArray(node, "MediaBox");
    if (box) {
      const [x1, y1, x2, y2] = box.asArray().map((n) => (reader.resolve(n) as PDFNumber).asNumber());
      return { x: Math.min(x1, x2), y: Math.min(y1, y2), width: Math.abs(x2 - x1), height: Math.abs(y2 - y1) };
    }
    node = reader.getDict(node, "Parent");
  }
  return { x: 0, y: 0, width: 595.28, height: 841.89 };
}

/**
 * The page as displayed: CropBox clipped to MediaBox (both inheritable, ISO 32000-1 §7.7.3.4) and /Rotate
 * (inheritable; clockwise). Malformed boxes fall back to MediaBox, then to A4.
 */
export function pageGeometry(reader: PdfReader, pageRef: PDFRef): { x: number; y: number; width: number; height: number; rotate: 0 | 90 | 180 | 270 } {
  const inherited = (key: string): PDFObject | undefined => {
    let node = reader.resolveRef(pageRef) as PDFDict | undefined;
    for (let depth = 0; node instanceof PDFDict && depth < 32; depth++) {
      const value = reader.resolve(node.get(PDFName.of(key)));
      if (value !== undefined) return value;
      node = reader.getDict(node, "Parent");
    }
    return undefined;
  };
  const box = (key: string): [number, number, number, number] | undefined => {
    const value = inherited(key);
    if (!(value instanceof PDFArray) || value.size() !== 4) return undefined;
    const n = value.asArray().map((v) => reader.resolve(v));
    if (!n.every((v) => v instanceof PDFNumber)) return undefined;
    const [x1, y1, x2, y2] = n.map((v) => (v as PDFNumber).asNumber());
    const b: [number, number, number, number] = [Math.min(x1, x2), Math.min(y1, y2), Math.max(x1, x2), Math.max(y1, y2)];
    return b[2] - b[0] >= 1 && b[3] - b[1] >= 1 ? b : undefined;
  };
  const media = box("MediaBox") ?? [0, 0, 595.28, 841.89];
  let visible = media;
  const crop = box("CropBox");
  if (crop) {
    const clipped: [number, number, number, number] = [
      Math.max(crop[0], media[0]),
      Math.max(crop[1], media[1]),
      Math.min(crop[2], media[2]),
      Math.min(crop[3], media[3]),
    ];
    if (clipped[2] - clipped[0] >= 1 && clipped[3] - clipped[1] >= 1) visible = clipped;
  }
  const rotation = inherited("Rotate");
  const r = rotation instanceof PDFNumber ? rotation.asNumber() : 0;
  const rotate = ((((Math.round(r / 90) * 90) % 360) + 360) % 360) as 0 | 90 | 180 | 270;
  return { x: visible[0], y: visible[1], width: visible[2] - visible[0], height: visible[3] - visible[1], rotate };
}
