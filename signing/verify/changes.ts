// What the revisions after a signature changed, classified the way the PDF's own rules judge them: DocMDP
// (ISO 32000-2 §12.8.2.2: P=1 nothing, P=2 form filling and signing, P=3 also annotations) and FieldMDP/Lock
// (§12.8.2.3: locked fields must not change) where the document declares them, else the usual reading of
// incremental updates (pyHanko, Adobe): signatures, form values, annotations, DSS and metadata are allowed; page
// content is not. The words are for a clerk, not for a PDF engineer.
import { PDFArray, PDFDict, PDFName, PDFNumber, type PDFObject, PDFRawStream, PDFRef } from "pdf-lib";
import { decodePdfText } from "../pdf/fields";
import { PdfReader } from "../pdf/reader";

export type ChangeKind = "signature" | "form" | "annotation" | "dss" | "metadata" | "structure" | "content";

export type MdpRules = {
  /** DocMDP permission level of a certification signature, when the document has one. */
  docMdp: 1 | 2 | 3 | null;
  /** Fully qualified names of fields locked by this signature (FieldMDP / Lock); "*" = all fields. */
  lockedFields: string[];
};

export type ChangeReport = {
  kinds: ChangeKind[];
  /** Technical detail, one line per changed object. */
  details: string[];
  /** Fields whose value changed (for FieldMDP). */
  changedFields: string[];
  allowed: boolean;
  /** Why a change is not allowed, in Vietnamese. */
  violations: string[];
};

export const CHANGE_WORDS: Record<ChangeKind, string> = {
  signature: "thêm chữ ký số",
  form: "điền giá trị vào ô biểu mẫu",
  annotation: "thêm hoặc sửa chú thích",
  dss: "bổ sung dữ liệu kiểm tra chứng thư, dấu thời gian",
  metadata: "cập nhật thông tin mô tả tệp",
  structure: "cập nhật cấu trúc tệp (không đổi nội dung hiển thị)",
  content: "thay đổi nội dung trang",
};

function str(o: PDFObject | undefined): string {
  return o === undefined ? "" : o.toString();
}

function fieldName(reader: PdfReader, dict: PDFDict): string {
  const parts: string[] = [];
  let d: PDFDict | undefined = dict;
  for (let depth = 0; d && depth < 32; depth++) {
    const t = decodePdfText(reader.get(d, "T"));
    if (t !== undefined) parts.unshift(t);
    const parent = reader.get(d, "Parent");
    d = parent instanceof PDFDict ? parent : undefined;
  }
  return parts.join(".");
}

function fieldType(reader: PdfReader, dict: PDFDict): string | undefined {
  let d: PDFDict | undefined = dict;
  for (let depth = 0; d && depth < 32; depth++) {
    const ft = d.get(PDFName.of("FT"));
    if (ft instanceof PDFName) return ft.decodeText();
    const parent = reader.get(d, "Parent");
    d = parent instanceof PDFDict ? parent : undefined;
  }
  return undefined;
}

function isAnnotation(d: PDFDict): boolean {
  return d.get(PDFName.of("Type")) === PDFName.of("Annot") || (d.has(PDFName.of("Subtype")) && d.has(PDFName.of("Rect")));
}

/** Kind of an annotation appended to a page's /Annots. */
function annotKind(reader: PdfReader, item: PDFObject): ChangeKind {
  const d = reader.resolve(item);
  if (!(d instanceof PDFDict)) return "annotation";
  const ft = fieldType(reader, d);
  if (ft === "Sig") return "signature";
  if (ft) return "form";
  return "annotation";
}

/** Streams that are appearances of annotations/fields (their rewrite is an annotation change, not page content). */
function appearanceStreams(reader: PdfReader, nums: Iterable<number>): Set<number> {
  const out = new Set<number>();
  for (const n of nums) {
    let d: PDFObject | undefined;
    try {
      d = reader.resolveRef(PDFRef.of(n));
    } catch {
      continue;
    }
    if (!(d instanceof PDFDict) || !d.has(PDFName.of("AP"))) continue;
    const ap = reader.resolve(d.get(PDFName.of("AP")));
    if (!(ap instanceof PDFDict)) continue;
    for (const [, v] of ap.entries()) {
      if (v instanceof PDFRef) out.add(v.objectNumber);
      const sub = reader.resolve(v);
      if (sub instanceof PDFDict) for (const [, w] of sub.entries()) if (w instanceof PDFRef) out.add(w.objectNumber);
    }
  }
  return out;
}

/**
 * The document's certification level (catalog /Perms /DocMDP → its signature's DocMDP /TransformParams /P; 2 when
 * /P is absent), or null when the document is not certified. P=1: no change at all is allowed after certifying
 * (ISO 32000-1 §12.8.2.2), not even another signature.
 */
export function certificationLevel(reader: PdfReader): 1 | 2 | 3 | null {
  const perms = reader.getDict(reader.catalog, "Perms");
  const sig = perms && reader.get(perms, "DocMDP");
  if (!(sig instanceof PDFDict)) return null;
  let level: 1 | 2 | 3 = 2;
  for (const item of reader.getArray(sig, "Reference")?.asArray() ?? []) {
    const ref = reader.resolve(item);
    if (!(ref instanceof PDFDict) || ref.get(PDFName.of("TransformMethod")) !== PDFName.of("DocMDP")) continue;
    const params = reader.getDict(ref, "TransformParams");
    const p = params && reader.get(params, "P");
    const n = p instanceof PDFNumber ? p.asNumber() : 2;
    level = n === 1 || n === 3 ? n : 2;
  }
  return level;
}

/** certificationLevel of PDF bytes; null also when the file cannot be read (the signing step says why). */
export function pdfCertificationLevel(pdf: Uint8Array): 1 | 2 | 3 | null {
  try {
    return certificationLevel(PdfReader.open(pdf));
  } catch {
    return null;
  }
}

/** DocMDP level (catalog /Perms /DocMDP) and this signature's field locks (/Reference FieldMDP, field /Lock). */
export function mdpRules(reader: PdfReader, sigDict: PDFDict, fieldDict: PDFDict): MdpRules {
  let docMdp: MdpRules["docMdp"] = null;
  const perms = reader.getDict(reader.catalog, "Perms");
  const cert = perms && reader.get(perms, "DocMDP");
  const refs = (d: PDFDict | undefined) =>
    d
      ? (reader
          .getArray(d, "Reference")
          ?.asArray()
          .map((x) => reader.resolve(x))
          .filter((x): x is PDFDict => x instanceof PDFDict) ?? [])
      : [];
  for (const ref of refs(cert instanceof PDFDict ? cert : undefined)) {
    if (ref.get(PDFName.of("TransformMethod")) !== PDFName.of("DocMDP")) continue;
    const params = reader.getDict(ref, "TransformParams");
    const p = params && reader.get(params, "P");
    const level = p instanceof PDFNumber ? p.asNumber() : 2;
    docMdp = level === 1 || level === 3 ? level : 2;
  }
  const lockedFields: string[] = [];
  const lockSources: PDFDict[] = refs(sigDict)
    .filter((r) => r.get(PDFName.of("TransformMethod")) === PDFName.of("FieldMDP"))
    .map((r) => reader.getDict(r, "TransformParams"))
    .filter((d): d is PDFDict => !!d);
  const lock = reader.getDict(fieldDict, "Lock");
  if (lock) lockSources.push(lock);
  for (const params of lockSources) {
    const action = params.get(PDFName.of("Action"));
    const fields =
      reader
        .getArray(params, "Fields")
        ?.asArray()
        .map((f) => decodePdfText(reader.resolve(f)) ?? "") ?? [];
    if (action === PDFName.of("All")) lockedFields.push("*");
    else if (action === PDFName.of("Include")) lockedFields.push(...fields);
    // Exclude: everything except the listed fields; recorded as "!name" entries.
    else if (action === PDFName.of("Exclude")) lockedFields.push("*", ...fields.map((f) => `!${f}`));
  }
  return { docMdp, lockedFields };
}

/** Every entry of the old resource dictionary (and of its sub-dictionaries) is still there, unchanged. */
function additionsOnly(oldReader: PdfReader, newReader: PdfReader, ov: PDFObject | undefined, nv: PDFObject | undefined, depth: number): boolean {
  if (str(ov) === str(nv)) return true;
  const o = oldReader.resolve(ov);
  const n = newReader.resolve(nv);
  if (!(o instanceof PDFDict) || !(n instanceof PDFDict) || depth > 2) return false;
  for (const [k, v] of o.entries()) {
    const w = n.get(k);
    if (w === undefined) return false;
    if (str(v) === str(w)) continue;
    if (!(v instanceof PDFRef) && !(w instanceof PDFRef) && !additionsOnly(oldReader, newReader, v, w, depth + 1)) return false;
    if ((v instanceof PDFRef || w instanceof PDFRef) && !additionsOnly(oldReader, newReader, v, w, depth + 1)) return false;
  }
  return true;
}

function isLocked(name: string, locked: string[]): boolean {
  if (locked.includes(`!${name}`)) return false;
  return locked.includes("*") || locked.some((l) => l === name || name.startsWith(`${l}.`));
}

/** Changes from the revision ending at `end` to the final file. */
export function laterChanges(end: number, finalReader: PdfReader, rules: MdpRules, openRevision: (end: number) => PdfReader): ChangeReport {
  const kinds = new Set<ChangeKind>();
  const details: string[] = [];
  const changedFields: string[] = [];
  const add = (kind: ChangeKind, detail: string) => {
    kinds.add(kind);
    details.push(detail);
  };
  let old: PdfReader;
  try {
    old = openRevision(end);
  } catch {
    add("content", "earlier revision unreadable");
    return finish();
  }
  const infoRef = finalReader.trailer.get(PDFName.of("Info"));
  const changedNums: number[] = [];
  for (const [num, entry] of finalReader.entries) {
    const before = old.entries.get(num);
    if (!before || before.type === 0) continue;
    if (JSON.stringify(before) !== JSON.stringify(entry)) changedNums.push(num);
  }
  const appearances = appearanceStreams(old, changedNums.length ? old.entries.keys() : []);
  // The DSS (ISO 32000-2 §12.8.4.3) and the arrays/streams it holds are validation data added after signing.
  const dssObjects = new Set<number>();
  const dssRef = finalReader.catalog.get(PDFName.of("DSS"));
  if (dssRef instanceof PDFRef) dssObjects.add(dssRef.objectNumber);
  const dss = finalReader.resolve(dssRef);
  if (dss instanceof PDFDict) {
    for (const [, value] of dss.entries()) {
      if (value instanceof PDFRef) dssObjects.add(value.objectNumber);
      const inner = finalReader.resolve(value);
      if (inner instanceof PDFDict) for (const [, w] of inner.entries()) if (w instanceof PDFRef) dssObjects.add(w.objectNumber);
    }
  }
  for (const num of changedNums) {
    const entry = finalReader.entries.get(num)!;
    const ref = PDFRef.of(num);
    let o: PDFObject | undefined;
    let n: PDFObject | undefined;
    try {
      o = old.resolveRef(ref);
      n = entry.type === 0 ? undefined : finalReader.resolveRef(ref);
    } catch {
      add("content", `object ${num} unreadable`);
      continue;
    }
    if (o === undefined) continue;
    if (n === undefined) {
      add(o instanceof PDFDict && isAnnotation(o) ? "annotation" : "content", `object ${num} removed`);
      continue;
    }
    if (str(o) === str(n)) continue;
    if (dssObjects.has(num)) {
      add("dss", `object ${num} (DSS) changed`);
      continue;
    }
    if (infoRef instanceof PDFRef && infoRef.objectNumber === num) {
      add("metadata", `object ${num} (Info) changed`);
      continue;
    }
    if (o instanceof PDFRawStream || n instanceof PDFRawStream) {
      const type = o instanceof PDFRawStream ? o.dict.get(PDFName.of("Type")) : undefined;
      if (type === PDFName.of("XRef") || type === PDFName.of("ObjStm")) continue;
      if (o instanceof PDFRawStream && n instanceof PDFRawStream && Buffer.from(o.contents).equals(Buffer.from(n.contents)) && str(o.dict) === str(n.dict))
        continue;
      if (type === PDFName.of("Metadata")) add("metadata", `stream ${num} (XMP metadata) modified`);
      else if (appearances.has(num)) add("annotation", `stream ${num} (appearance) modified`);
      else add("content", `stream ${num} modified`);
      continue;
    }
    if (o instanceof PDFArray && n instanceof PDFArray) {
      const newItems = new Set(n.asArray().map(str));
      add(o.asArray().every((x) => newItems.has(str(x))) ? "annotation" : "content", `array ${num} changed`);
      continue;
    }
    if (!(o instanceof PDFDict) || !(n instanceof PDFDict)) {
      add("content", `object ${num} modified`);
      continue;
    }
    const keys = new Set([...o.keys(), ...n.keys()].map((k) => k.decodeText()));
    const changed = [...keys].filter((k) => str(o!.get(PDFName.of(k))) !== str(n!.get(PDFName.of(k))));
    const type = o.get(PDFName.of("Type"));
    const line = (what: string, ks: string[]) => `object ${num}${what}: ${ks.join(", ")} changed`;
    if (type === PDFName.of("Catalog")) {
      for (const k of changed) {
        if (k === "DSS" || k === "Extensions") add("dss", line(" (catalog)", [k]));
        else if (k === "AcroForm" || k === "Perms") add("signature", line(" (catalog)", [k]));
        // A signer may raise /Version for the extensions it uses (ISO 32000-2 §7.7.2).
        else if (k === "Metadata" || k === "Version") add("metadata", line(" (catalog)", [k]));
        else add("content", line(" (catalog)", [k]));
      }
      continue;
    }
    if (type === PDFName.of("Page")) {
      for (const k of changed) {
        if (k === "Resources" && additionsOnly(old, finalReader, o.get(PDFName.of(k)), n.get(PDFName.of(k)), 0)) {
          // Unchanged /Contents cannot use a resource name it did not have: new entries change nothing on the page.
          add("structure", line(" (page)", ["Resources (additions)"]));
          continue;
        }
        if (k === "Group" || k === "StructParents" || k === "Tabs") {
          add("structure", line(" (page)", [k]));
          continue;
        }
        if (k !== "Annots") {
          add("content", line(" (page)", [k]));
          continue;
        }
        const ov = old.resolve(o.get(PDFName.of(k)));
        const nv = finalReader.resolve(n.get(PDFName.of(k)));
        const before = new Set(ov instanceof PDFArray ? ov.asArray().map(str) : []);
        const after = nv instanceof PDFArray ? nv.asArray() : [];
        const added = after.filter((x) => !before.has(str(x)));
        const removed = before.size - (after.length - added.length);
        if (removed > 0) add("annotation", line(" (page)", ["Annots (removed)"]));
        for (const item of added) add(annotKind(finalReader, item), line(" (page)", ["Annots"]));
      }
      continue;
    }
    if (o.has(PDFName.of("Fields")) || o.has(PDFName.of("SigFlags"))) {
      const bad = changed.filter((k) => !["Fields", "SigFlags", "DR", "DA", "NeedAppearances"].includes(k));
      add(bad.length ? "content" : "signature", line(" (AcroForm)", changed));
      continue;
    }
    const ft = fieldType(old, o);
    if (ft || o.get(PDFName.of("Subtype")) === PDFName.of("Widget")) {
      const name = fieldName(old, o);
      const valueKeys = changed.filter((k) => ["V", "AS", "AP"].includes(k));
      if (valueKeys.length) {
        if (changed.includes("V")) changedFields.push(name);
        add(ft === "Sig" ? "signature" : "form", line(` (field ${name})`, valueKeys));
      }
      const rest = changed.filter((k) => !["V", "AS", "AP"].includes(k));
      if (rest.length) add(rest.includes("Kids") || rest.includes("Ff") || rest.includes("FT") ? "content" : "annotation", line(` (field ${name})`, rest));
      continue;
    }
    if (isAnnotation(o)) {
      add("annotation", line(" (annotation)", changed));
      continue;
    }
    if (o.has(PDFName.of("ByteRange"))) continue;
    // Logical structure (tagged PDF, ISO 32000-2 §14.7): new annotations get structure entries; nothing renders.
    const structType = o.get(PDFName.of("Type"));
    if (
      structType === PDFName.of("StructTreeRoot") ||
      structType === PDFName.of("StructElem") ||
      (o.has(PDFName.of("S")) && o.has(PDFName.of("P"))) ||
      changed.every((k) => ["ParentTree", "ParentTreeNextKey", "K", "Nums", "Limits"].includes(k))
    ) {
      add("structure", line(" (structure)", changed));
      continue;
    }
    add("content", line("", changed));
  }
  return finish();

  function finish(): ChangeReport {
    const list = [...kinds];
    const violations: string[] = [];
    const level = rules.docMdp;
    const allowedKinds: ChangeKind[] =
      level === 1
        ? ["dss"]
        : level === 2
          ? ["signature", "form", "dss", "metadata", "structure"]
          : ["signature", "form", "annotation", "dss", "metadata", "structure"];
    for (const k of list) {
      if (allowedKinds.includes(k)) continue;
      if (k === "content") violations.push("Nội dung trang bị thay đổi sau khi ký");
      else if (level === 1) violations.push(`Văn bản được chứng nhận không cho phép thay đổi, nhưng sau khi ký đã ${CHANGE_WORDS[k]}`);
      else violations.push(`Văn bản được chứng nhận chỉ cho phép điền biểu mẫu và ký, nhưng sau khi ký đã ${CHANGE_WORDS[k]}`);
    }
    const locked = changedFields.filter((f) => isLocked(f, rules.lockedFields));
    if (locked.length) violations.push(`Ô biểu mẫu đã bị khóa khi ký nhưng sau đó bị sửa: ${locked.join(", ")}`);
    return { kinds: list, details, changedFields, allowed: violations.length === 0, violations };
  }
}

/** One sentence for the clerk. */
export function describeChanges(report: ChangeReport | null, coveredBy: string | null): string {
  if (!report) return "Không xác định được các thay đổi sau khi ký";
  if (report.kinds.length === 0) return "Không có thay đổi sau khi ký";
  const words = report.kinds.filter((k) => k !== "content").map((k) => CHANGE_WORDS[k]);
  if (report.allowed) return `Sau khi ký chỉ ${words.join(", ")} (được phép)`;
  const head = report.violations.join("; ");
  const also = words.length ? `; ngoài ra ${words.join(", ")}` : "";
  const cover = coveredBy ? `. Các thay đổi này nằm trong phần đã được ${coveredBy} ký xác nhận sau đó` : "";
  return `${head}${also}${cover}`;
}
