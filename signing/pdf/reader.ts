// Lazy PDF reader: follows startxref and the /Prev chain (xref tables, xref streams, hybrid /XRefStm files,
// object streams) and parses only the objects that are asked for. pdf-lib's own PDFParser reads the whole file
// sequentially (signing.md pitfall 27), which costs ~30 ms on a 300-page file, so we only borrow its object
// parser and object model.
import { PDFArray, PDFContext, PDFDict, PDFName, PDFNumber, type PDFObject, PDFObjectParser, PDFRawStream, PDFRef, decodePDFRawStream } from "pdf-lib";
import { SigningError } from "../errors";

export type XrefEntry = { type: 0 } | { type: 1; offset: number; gen: number } | { type: 2; stream: number; index: number };

/** Kind of the newest xref section: the writer appends a section of the same kind (signing.md §1.3). */
export type XrefKind = "table" | "stream" | "hybrid";

export type OpenPdfOptions = {
  /** Read the document as it was at this byte length (an earlier revision). Default: the whole buffer. */
  end?: number;
  /** Open an encrypted file anyway (verification installs a `decryptor`); signing still refuses it. */
  allowEncrypted?: boolean;
};

/** Read-side decryption hooks (signing/verify/decrypt.ts): strings of top-level objects, object stream data. */
export type ReaderDecryptor = {
  object(num: number, gen: number, obj: PDFObject): PDFObject;
  stream(num: number, gen: number, stream: PDFRawStream): PDFRawStream;
};

const latin1 = new TextDecoder("latin1");

function malformed(detail: string): never {
  throw new SigningError("MALFORMED_PDF", undefined, { cause: new Error(detail) });
}

function isWhite(b: number): boolean {
  return b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09 || b === 0x0c || b === 0x00;
}

/**
 * Decodes a stream including the PNG predictors (/DecodeParms /Predictor ≥ 10) that xref streams nearly always
 * use; pdf-lib's decodePDFRawStream applies the filters only (it never reads xref streams itself).
 */
export function decodeStream(stream: PDFRawStream): Uint8Array {
  const data = decodePDFRawStream(stream).decode();
  let parms = stream.dict.get(PDFName.of("DecodeParms"));
  if (parms instanceof PDFArray) parms = parms.get(0);
  if (!(parms instanceof PDFDict)) return data;
  const predictor = parms.get(PDFName.of("Predictor"));
  const p = predictor instanceof PDFNumber ? predictor.asNumber() : 1;
  if (p < 10) return data;
  const num = (key: string, dflt: number) => {
    const v = (parms as PDFDict).get(PDFName.of(key));
    return v instanceof PDFNumber ? v.asNumber() : dflt;
  };
  const bpp = Math.max(1, Math.ceil((num("Colors", 1) * num("BitsPerComponent", 8)) / 8));
  const rowLen = Math.ceil((num("Columns", 1) * num("Colors", 1) * num("BitsPerComponent", 8)) / 8);
  const rows = Math.floor(data.length / (rowLen + 1));
  const out = new Uint8Array(rows * rowLen);
  for (let r = 0; r < rows; r++) {
    const filter = data[r * (rowLen + 1)];
    const src = r * (rowLen + 1) + 1;
    const dst = r * rowLen;
    for (let i = 0; i < rowLen; i++) {
      const x = data[src + i];
      const left = i >= bpp ? out[dst + i - bpp] : 0;
      const up = r > 0 ? out[dst - rowLen + i] : 0;
      const upLeft = r > 0 && i >= bpp ? out[dst - rowLen + i - bpp] : 0;
      let v: number;
      if (filter === 0) v = x;
      else if (filter === 1) v = x + left;
      else if (filter === 2) v = x + up;
      else if (filter === 3) v = x + ((left + up) >> 1);
      else {
        const pa = Math.abs(up - upLeft);
        const pb = Math.abs(left - upLeft);
        const pc = Math.abs(left + up - 2 * upLeft);
        v = x + (pa <= pb && pa <= pc ? left : pb <= pc ? up : upLeft);
      }
      out[dst + i] = v & 0xff;
    }
  }
  return out;
}

export class PdfReader {
  readonly bytes: Uint8Array;
  readonly context: PDFContext;
  /** Object number -> newest xref entry. */
  readonly entries = new Map<number, XrefEntry>();
  /** Offset of every xref section, newest first. */
  readonly sectionOffsets: number[] = [];
  startxref: number;
  kind!: XrefKind;
  trailer!: PDFDict;
  size = 0;
  /**
   * The cross-reference data was wrong (startxref or an entry pointing elsewhere, a missing xref keyword, a short
   * /Size…) and was rebuilt by scanning the objects, as qpdf and poppler do. The writer then appends a complete
   * xref section without /Prev, so that no reader has to consult the broken one again.
   */
  repaired = false;
  /** Objects of a repaired file whose stream /Length is wrong: rewritten by the next update. */
  readonly lengthFixes: number[] = [];
  private reconstructed = false;
  private readonly objectStreams = new Map<number, { data: Uint8Array; offsets: Map<number, number> }>();
  decryptor: ReaderDecryptor | undefined;

  private constructor(bytes: Uint8Array, allowEncrypted = false) {
    this.bytes = bytes;
    this.context = PDFContext.create();
    if (bytes.length < 32 || latin1.decode(bytes.subarray(0, 1024)).indexOf("%PDF-") < 0) malformed("no %PDF- header");
    // A complete revision ends with %%EOF followed by at most an EOL (and tolerated trailing whitespace/NUL).
    let end = bytes.length;
    while (end > 0 && isWhite(bytes[end - 1])) end--;
    const tail = latin1.decode(bytes.subarray(Math.max(0, end - 1100), end));
    if (!tail.endsWith("%%EOF")) malformed("no %%EOF at the end (truncated?)");
    const m = /startxref\s+(\d+)\s+%%EOF$/.exec(tail);
    this.startxref = m ? Number(m[1]) : 0;
    try {
      if (!m) malformed("no startxref");
      if (!(this.startxref > 0 && this.startxref < bytes.length)) malformed("startxref out of range");
      let trailer: PDFDict | undefined;
      let kind: XrefKind | undefined;
      const seen = new Set<number>();
      let offset: number | undefined = this.startxref;
      while (offset !== undefined) {
        if (seen.has(offset) || offset <= 0 || offset >= bytes.length) malformed("bad /Prev chain");
        seen.add(offset);
        this.sectionOffsets.push(offset);
        const section = this.readSection(offset);
        if (!trailer) {
          trailer = section.trailer;
          kind = section.kind;
        }
        const prev = section.trailer.get(PDFName.of("Prev"));
        offset = prev instanceof PDFNumber ? prev.asNumber() : undefined;
      }
      this.trailer = trailer!;
      this.kind = kind!;
      const size = this.trailer.get(PDFName.of("Size"));
      let maxNum = 0;
      for (const n of this.entries.keys()) if (n > maxNum) maxNum = n;
      this.size = Math.max(size instanceof PDFNumber ? size.asNumber() : 0, maxNum + 1);
      // A /Size smaller than the objects it lists: readers warn on every later revision too.
      if (!(size instanceof PDFNumber) || size.asNumber() < maxNum + 1) this.repaired = true;
      // Every entry must point at its own object: checked on the bytes only (no parsing), so it stays cheap.
      for (const [num, entry] of this.entries) {
        if (entry.type !== 1) continue;
        const head = latin1.decode(this.bytes.subarray(entry.offset, Math.min(this.bytes.length, entry.offset + 32)));
        const at = /^[\s\0]*(\d+)\s+\d+\s+obj/.exec(head);
        if (!at || Number(at[1]) !== num) malformed(`xref entry of object ${num} points elsewhere`);
      }
      if (!(this.trailer.get(PDFName.of("Root")) instanceof PDFRef) || !(this.resolveRef(this.rootRef) instanceof PDFDict)) malformed("no catalog");
    } catch (error) {
      if (error instanceof SigningError && error.code === "ENCRYPTED_PDF") throw error;
      this.reconstruct();
    }
    if (this.trailer.get(PDFName.of("Encrypt")) && !allowEncrypted) throw new SigningError("ENCRYPTED_PDF");
    if (!(this.trailer.get(PDFName.of("Root")) instanceof PDFRef)) malformed("trailer without /Root");
    this.context.trailerInfo.Root = this.trailer.get(PDFName.of("Root"));
    this.context.trailerInfo.Info = this.trailer.get(PDFName.of("Info"));
    this.context.trailerInfo.ID = this.trailer.get(PDFName.of("ID"));
  }

  static open(bytes: Uint8Array, options: OpenPdfOptions = {}): PdfReader {
    const view = options.end !== undefined ? bytes.subarray(0, options.end) : bytes;
    try {
      return new PdfReader(view, options.allowEncrypted);
    } catch (error) {
      if (error instanceof SigningError) throw error;
      throw new SigningError("MALFORMED_PDF", undefined, { cause: error });
    }
  }

  private setEntry(num: number, entry: XrefEntry, override = false) {
    if (override || !this.entries.has(num)) this.entries.set(num, entry);
  }

  private readSection(offset: number): { trailer: PDFDict; kind: XrefKind } {
    let pos = offset;
    while (pos < this.bytes.length && isWhite(this.bytes[pos])) pos++;
    // startxref must point at the section itself (qpdf: "extraneous whitespace seen before xref").
    if (pos !== offset) this.repaired = true;
    if (latin1.decode(this.bytes.subarray(pos, pos + 4)) === "xref") return this.readTable(pos + 4);
    const { object } = this.parseIndirectAt(pos);
    if (!(object instanceof PDFRawStream) || object.dict.get(PDFName.of("Type")) !== PDFName.of("XRef")) {
      malformed(`no xref section at ${offset}`);
    }
    this.readXrefStream(object);
    return { trailer: object.dict, kind: "stream" };
  }

  private readTable(start: number): { trailer: PDFDict; kind: XrefKind } {
    // Scan tokens until "trailer"; entries are "offset gen n|f".
    const text = latin1.decode(this.bytes.subarray(start, Math.min(this.bytes.length, start + 64)));
    if (!/^\s*\d/.test(text) && !/^\s*trailer/.test(text)) malformed("bad xref table");
    let pos = start;
    const b = this.bytes;
    const readToken = (): string => {
      while (pos < b.length && isWhite(b[pos])) pos++;
      const s = pos;
      while (pos < b.length && !isWhite(b[pos]) && b[pos] !== 0x3c) pos++;
      return latin1.decode(b.subarray(s, pos));
    };
    const tableEntries: Array<[number, XrefEntry]> = [];
    for (;;) {
      const tok = readToken();
      if (tok === "trailer") break;
      if (!/^\d+$/.test(tok)) malformed("bad xref subsection header");
      const first = Number(tok);
      const countTok = readToken();
      if (!/^\d+$/.test(countTok)) malformed("bad xref subsection count");
      const count = Number(countTok);
      for (let i = 0; i < count; i++) {
        const off = readToken();
        const gen = readToken();
        const flag = readToken();
        if (flag === "n") tableEntries.push([first + i, { type: 1, offset: Number(off), gen: Number(gen) }]);
        else if (flag === "f") tableEntries.push([first + i, { type: 0 }]);
        else malformed("bad xref entry");
      }
    }
    const parser = PDFObjectParser.forBytes(this.bytes.subarray(pos), this.context);
    const trailer = parser.parseObject();
    if (!(trailer instanceof PDFDict)) malformed("bad trailer");
    const xrefStm = trailer.get(PDFName.of("XRefStm"));
    // Hybrid file: entries hidden from old readers live in the xref stream; the table's own entries win,
    // except that its free entries are overridden by the stream (ISO 32000-1 §7.5.8.4).
    let streamEntries: Array<[number, XrefEntry]> = [];
    if (xrefStm instanceof PDFNumber) {
      const { object } = this.parseIndirectAt(xrefStm.asNumber());
      if (object instanceof PDFRawStream) streamEntries = this.xrefStreamEntries(object);
    }
    const merged = new Map<number, XrefEntry>(tableEntries);
    for (const [n, e] of streamEntries) if (!merged.has(n) || merged.get(n)!.type === 0) merged.set(n, e);
    for (const [n, e] of merged) this.setEntry(n, e);
    return { trailer, kind: xrefStm instanceof PDFNumber ? "hybrid" : "table" };
  }

  private xrefStreamEntries(stream: PDFRawStream): Array<[number, XrefEntry]> {
    const dict = stream.dict;
    const w = (dict.get(PDFName.of("W")) as PDFArray).asArray().map((n) => (n as PDFNumber).asNumber());
    const sizeObj = dict.get(PDFName.of("Size")) as PDFNumber;
    const indexObj = dict.get(PDFName.of("Index"));
    const index = indexObj instanceof PDFArray ? indexObj.asArray().map((n) => (n as PDFNumber).asNumber()) : [0, sizeObj.asNumber()];
    const data = decodeStream(stream);
    const out: Array<[number, XrefEntry]> = [];
    let p = 0;
    const field = (width: number, dflt: number) => {
      if (width === 0) return dflt;
      let v = 0;
      for (let i = 0; i < width; i++) v = v * 256 + data[p++];
      return v;
    };
    for (let k = 0; k < index.length; k += 2) {
      for (let i = 0; i < index[k + 1]; i++) {
        if (p + w[0] + w[1] + w[2] > data.length) malformed("xref stream too short");
        const type = field(w[0], 1);
        const f2 = field(w[1], 0);
        const f3 = field(w[2], 0);
        const num = index[k] + i;
        if (type === 1) out.push([num, { type: 1, offset: f2, gen: f3 }]);
        else if (type === 2) out.push([num, { type: 2, stream: f2, index: f3 }]);
        else if (type === 0) out.push([num, { type: 0 }]);
      }
    }
    return out;
  }

  private readXrefStream(stream: PDFRawStream) {
    for (const [n, e] of this.xrefStreamEntries(stream)) this.setEntry(n, e);
  }

  /** Parses "N G obj <object>" at a byte offset. */
  private parseIndirectAt(offset: number): { num: number; gen: number; object: PDFObject } {
    const head = latin1.decode(this.bytes.subarray(offset, Math.min(this.bytes.length, offset + 40)));
    const m = /^\s*(\d+)\s+(\d+)\s+obj/.exec(head);
    if (!m) malformed(`no object at offset ${offset}`);
    const parser = PDFObjectParser.forBytes(this.bytes.subarray(offset + m[0].length), this.context);
    return { num: Number(m[1]), gen: Number(m[2]), object: parser.parseObject() };
  }

  private loadObjectStream(num: number) {
    let cached = this.objectStreams.get(num);
    if (cached) return cached;
    const stream = this.resolveRef(PDFRef.of(num));
    if (!(stream instanceof PDFRawStream)) malformed(`object stream ${num} missing`);
    const data = decodeStream(this.decryptor ? this.decryptor.stream(num, this.generationOf(num), stream) : stream);
    const n = (stream.dict.get(PDFName.of("N")) as PDFNumber).asNumber();
    const first = (stream.dict.get(PDFName.of("First")) as PDFNumber).asNumber();
    const header = latin1.decode(data.subarray(0, first)).trim().split(/\s+/).map(Number);
    const offsets = new Map<number, number>();
    for (let i = 0; i < n; i++) offsets.set(header[2 * i], first + header[2 * i + 1]);
    cached = { data, offsets };
    this.objectStreams.set(num, cached);
    return cached;
  }

  /**
   * Rebuilds the cross-reference data from the objects themselves (what qpdf's "reconstruct cross-reference
   * table" and poppler do): the last "N G obj" of each number wins, objects in object streams are added, and the
   * trailer is the last one naming a catalog (or a new one pointing at the /Type /Catalog object).
   */
  private reconstruct() {
    if (this.repaired && this.reconstructed) malformed("cross-reference data cannot be rebuilt");
    this.repaired = true;
    this.reconstructed = true;
    this.entries.clear();
    this.objectStreams.clear();
    this.sectionOffsets.length = 0;
    const text = latin1.decode(this.bytes);
    const objectAt = /(\d{1,10})[ \t\r\n\f\0]+(\d{1,5})[ \t\r\n\f\0]+obj(?![A-Za-z])/g;
    for (let m = objectAt.exec(text); m; m = objectAt.exec(text)) {
      if (m.index > 0 && !isWhite(this.bytes[m.index - 1]) && !/[>\])}]/.test(text[m.index - 1])) continue;
      this.entries.set(Number(m[1]), { type: 1, offset: m.index, gen: Number(m[2]) });
    }
    const trailers: PDFDict[] = [];
    for (const [num, entry] of [...this.entries]) {
      if (entry.type !== 1) continue;
      const head = text.slice(entry.offset, entry.offset + 400);
      if (!/\/Type\s*\/(ObjStm|XRef)\b/.test(head)) continue;
      try {
        const object = this.resolveRef(PDFRef.of(num));
        if (!(object instanceof PDFRawStream)) continue;
        if (object.dict.get(PDFName.of("Type")) === PDFName.of("XRef")) trailers.push(object.dict);
        else {
          [...this.loadObjectStream(num).offsets.keys()].forEach((n, index) => {
            if (!this.entries.has(n)) this.entries.set(n, { type: 2, stream: num, index });
          });
        }
      } catch {
        // an unreadable stream: its objects stay unknown
      }
    }
    const trailerAt = /trailer[\s\0]*<</g;
    for (let m = trailerAt.exec(text); m; m = trailerAt.exec(text)) {
      try {
        const dict = PDFObjectParser.forBytes(this.bytes.subarray(m.index + m[0].length - 2), this.context).parseObject();
        if (dict instanceof PDFDict) trailers.push(dict);
      } catch {
        // a damaged trailer: skipped
      }
    }
    let trailer = [...trailers]
      .reverse()
      .find((t) => t.get(PDFName.of("Root")) instanceof PDFRef && this.resolveRef(t.get(PDFName.of("Root")) as PDFRef) instanceof PDFDict);
    if (!trailer) {
      for (const [num, entry] of this.entries) {
        if (entry.type !== 1 || !/\/Type\s*\/Catalog\b/.test(text.slice(entry.offset, entry.offset + 1000))) continue;
        const catalog = this.safeResolve(PDFRef.of(num, entry.gen));
        if (catalog instanceof PDFDict && catalog.get(PDFName.of("Pages"))) {
          trailer = this.context.obj({ Root: PDFRef.of(num, entry.gen) });
          break;
        }
      }
    }
    if (!trailer) malformed("no catalog found while rebuilding the cross-reference data");
    const info = trailers
      .map((t) => t.get(PDFName.of("Info")))
      .reverse()
      .find((i) => i instanceof PDFRef);
    const id = trailers
      .map((t) => t.get(PDFName.of("ID")))
      .reverse()
      .find((i) => i instanceof PDFArray);
    const encrypt = trailers
      .map((t) => t.get(PDFName.of("Encrypt")))
      .reverse()
      .find((i) => i !== undefined);
    if (info && !trailer.get(PDFName.of("Info"))) trailer.set(PDFName.of("Info"), info);
    if (id && !trailer.get(PDFName.of("ID"))) trailer.set(PDFName.of("ID"), id);
    if (encrypt && !trailer.get(PDFName.of("Encrypt"))) trailer.set(PDFName.of("Encrypt"), encrypt);
    this.trailer = trailer;
    this.kind = "table";
    // Streams whose /Length is wrong: readers that trust the rebuilt xref would stop at the declared length
    // ("Missing 'endstream'"), so the writer rewrites them with the length pdf-lib found by scanning. The page
    // content stays the same bytes.
    for (const [num, entry] of this.entries) {
      if (entry.type !== 1 || !/stream/.test(text.slice(entry.offset, entry.offset + 4096))) continue;
      const object = this.safeResolve(PDFRef.of(num, entry.gen));
      if (!(object instanceof PDFRawStream)) continue;
      const declared = this.resolve(object.dict.get(PDFName.of("Length")));
      if (!(declared instanceof PDFNumber) || declared.asNumber() !== object.contents.length) this.lengthFixes.push(num);
    }
    let maxNum = 0;
    for (const n of this.entries.keys()) if (n > maxNum) maxNum = n;
    this.size = maxNum + 1;
  }

  private safeResolve(ref: PDFRef): PDFObject | undefined {
    try {
      return this.resolveRef(ref);
    } catch {
      return undefined;
    }
  }

  /** Generation number to use when rewriting an existing object. */
  generationOf(num: number): number {
    const e = this.entries.get(num);
    return e && e.type === 1 ? e.gen : 0;
  }

  /** Loads (once) and returns the object behind a reference, or undefined for free/missing objects. */
  resolveRef(ref: PDFRef): PDFObject | undefined {
    const loaded = this.context.lookup(ref);
    if (loaded !== undefined) return loaded;
    const entry = this.entries.get(ref.objectNumber);
    if (!entry || entry.type === 0) return undefined;
    let object: PDFObject;
    if (entry.type === 1) {
      const parsed = this.parseIndirectAt(entry.offset);
      if (parsed.num !== ref.objectNumber) malformed(`xref offset of object ${ref.objectNumber} points to ${parsed.num}`);
      object = this.decryptor ? this.decryptor.object(parsed.num, parsed.gen, parsed.object) : parsed.object;
    } else {
      const os = this.loadObjectStream(entry.stream);
      const off = os.offsets.get(ref.objectNumber);
      if (off === undefined) malformed(`object ${ref.objectNumber} not in its object stream`);
      object = PDFObjectParser.forBytes(os.data.subarray(off), this.context).parseObject();
    }
    this.context.assign(ref, object);
    return object;
  }

  /** Resolves a value that may be a reference. */
  resolve(value: PDFObject | undefined): PDFObject | undefined {
    return value instanceof PDFRef ? this.resolveRef(value) : value;
  }

  /** dict[key], resolving a reference. */
  get(dict: PDFDict, key: string): PDFObject | undefined {
    return this.resolve(dict.get(PDFName.of(key)));
  }

  getDict(dict: PDFDict, key: string): PDFDict | undefined {
    const v = this.get(dict, key);
    return v instanceof PDFDict ? v : v instanceof PDFRawStream ? v.dict : undefined;
  }

  getArray(dict: PDFDict, key: string): PDFArray | undefined {
    const v = this.get(dict, key);
    return v instanceof PDFArray ? v : undefined;
  }

  get rootRef(): PDFRef {
    return this.trailer.get(PDFName.of("Root")) as PDFRef;
  }

  get catalog(): PDFDict {
    const c = this.resolveRef(this.rootRef);
    if (!(c instanceof PDFDict)) malformed("catalog missing");
    return c;
  }

  pageCount(): number {
    const pages = this.getDict(this.catalog, "Pages");
    const count = pages && this.get(pages, "Count");
    return count instanceof PDFNumber ? count.asNumber() : 0;
  }

  /** Reference of the page with the given 0-based index; walks only the branches that contain it (/Count). */
  pageRef(index: number): PDFRef {
    let nodeRef = this.catalog.get(PDFName.of("Pages"));
    let remaining = index;
    for (let depth = 0; depth < 64; depth++) {
      if (!(nodeRef instanceof PDFRef)) malformed("page tree node is not indirect");
      const node = this.resolveRef(nodeRef);
      if (!(node instanceof PDFDict)) malformed("page tree node missing");
      const kids = this.getArray(node, "Kids");
      if (!kids) {
        if (remaining === 0) return nodeRef;
        break;
      }
      let next: PDFObject | undefined;
      for (const kid of kids.asArray()) {
        const kidDict = this.resolve(kid);
        if (!(kidDict instanceof PDFDict)) continue;
        const type = kidDict.get(PDFName.of("Type"));
        const countObj = this.get(kidDict, "Count");
        const count = type === PDFName.of("Pages") || countObj instanceof PDFNumber ? (countObj as PDFNumber).asNumber() : 1;
        if (remaining < count) {
          next = kid;
          break;
        }
        remaining -= count;
      }
      if (!next) break;
      nodeRef = next;
    }
    throw new SigningError("INVALID_OPTIONS", `Không tìm thấy trang số ${index + 1}`);
  }
}
