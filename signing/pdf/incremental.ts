// Incremental update writer: appends changed and new objects, an xref section of the same kind as the previous
// revision, and a trailer that repeats the previous trailer's entries (ISO 32000-1 §7.5.6), keeps /ID[0] and sets
// /Prev. Earlier bytes are never touched (signing.md pitfall 4: do not strip the previous revision's EOL).
import { randomBytes } from "node:crypto";
import { PDFArray, PDFDict, PDFHexString, PDFName, PDFNumber, type PDFObject, PDFRef } from "pdf-lib";
import type { PdfReader, XrefEntry } from "./reader";

// Keys that describe the old xref section itself and must not be copied into the new trailer.
const sectionKeys = new Set(["Prev", "XRefStm", "Size", "Type", "W", "Index", "Length", "Filter", "DecodeParms", "F", "FFilter", "FDecodeParms", "DL"]);

export type SerializedUpdate = {
  /** Whole new file: previous bytes + the appended revision. */
  bytes: Uint8Array;
  /** Byte offset of every raw object written (object number -> offset). */
  offsets: Map<number, number>;
};

export class IncrementalUpdate {
  readonly reader: PdfReader;
  private readonly modified = new Set<number>();
  private readonly firstNew: number;
  private readonly raw = new Map<number, Uint8Array>();

  constructor(reader: PdfReader) {
    this.reader = reader;
    // New objects get numbers >= /Size so that nothing of the previous revision is shadowed by accident.
    this.firstNew = reader.size;
    reader.context.largestObjectNumber = reader.size - 1;
    for (const n of reader.lengthFixes) this.modified.add(n);
  }

  /** Marks an existing (already loaded) object as changed; it will be rewritten in the update. */
  markModified(ref: PDFRef) {
    if (ref.objectNumber < this.firstNew) this.modified.add(ref.objectNumber);
  }

  allocate(): PDFRef {
    return this.reader.context.nextRef();
  }

  /** Registers an object whose bytes we write ourselves (the signature dictionary: never compressed, §1.2). */
  setRaw(ref: PDFRef, bytes: Uint8Array) {
    this.raw.set(ref.objectNumber, bytes);
  }

  serialize(): SerializedUpdate {
    const { reader } = this;
    const ctx = reader.context;
    const base = reader.bytes;
    const parts: Uint8Array[] = [];
    let length = base.length;
    const push = (chunk: Uint8Array | string) => {
      // pdf-lib's toString() yields one char per byte (literal strings may hold any byte): latin1, not UTF-8.
      const b = typeof chunk === "string" ? new Uint8Array(Buffer.from(chunk, "latin1")) : chunk;
      parts.push(b);
      length += b.length;
    };
    const last = base[base.length - 1];
    if (last !== 0x0a && last !== 0x0d) push("\n");

    const numbers: number[] = [];
    for (const n of this.modified) numbers.push(n);
    for (let n = this.firstNew; n <= ctx.largestObjectNumber; n++) {
      if (this.raw.has(n) || ctx.lookup(PDFRef.of(n)) !== undefined) numbers.push(n);
    }
    numbers.sort((a, b) => a - b);
    const offsets = new Map<number, number>();
    for (const n of numbers) {
      const gen = n < this.firstNew ? reader.generationOf(n) : 0;
      offsets.set(n, length);
      push(`${n} ${gen} obj\n`);
      const raw = this.raw.get(n);
      if (raw) push(raw);
      else {
        const obj = ctx.lookup(PDFRef.of(n, gen)) ?? ctx.lookup(PDFRef.of(n));
        if (!obj) throw new Error(`object ${n} vanished`);
        const buf = new Uint8Array(obj.sizeInBytes());
        obj.copyBytesInto(buf, 0);
        push(buf);
      }
      push("\nendobj\n");
    }

    const trailer = new Map<string, PDFObject>();
    for (const [key, value] of reader.trailer.entries()) if (!sectionKeys.has(key.decodeText())) trailer.set(key.decodeText(), value);
    // ID[0] identifies the document and stays; ID[1] changes with every revision.
    const oldId = reader.trailer.get(PDFName.of("ID"));
    const fresh = PDFHexString.of(randomBytes(16).toString("hex").toUpperCase());
    const id0 = oldId instanceof PDFArray && oldId.size() >= 1 ? oldId.get(0) : fresh;
    trailer.set("ID", ctx.obj([id0, fresh]));
    // A repaired file (see PdfReader.repaired) gets a complete section and no /Prev: its own xref data is wrong.
    const full = reader.repaired;
    if (!full) trailer.set("Prev", PDFNumber.of(reader.startxref));

    const xrefOffset = length;
    if (full) {
      const written = new Set(numbers);
      const size = Math.max(reader.size, numbers[numbers.length - 1] + 1, ...reader.entries.keys()) + 1;
      const compressed = [...reader.entries.entries()].some(([n, e]) => e.type === 2 && !written.has(n));
      const entry = (n: number): XrefEntry => {
        if (written.has(n)) return { type: 1, offset: offsets.get(n)!, gen: n < this.firstNew ? reader.generationOf(n) : 0 };
        return reader.entries.get(n) ?? { type: 0 };
      };
      if (compressed) {
        const xrefNum = size - 1;
        offsets.set(xrefNum, xrefOffset);
        const data = new Uint8Array(size * 7);
        for (let n = 0; n < size; n++) {
          const e: XrefEntry = n === xrefNum ? { type: 1, offset: xrefOffset, gen: 0 } : entry(n);
          const [f2, f3] = e.type === 1 ? [e.offset, e.gen] : e.type === 2 ? [e.stream, e.index] : [0, n === 0 ? 65535 : 0];
          data.set([e.type, (f2 >>> 24) & 0xff, (f2 >>> 16) & 0xff, (f2 >>> 8) & 0xff, f2 & 0xff, (f3 >>> 8) & 0xff, f3 & 0xff], n * 7);
        }
        const dict = PDFDict.withContext(ctx);
        dict.set(PDFName.of("Type"), PDFName.of("XRef"));
        dict.set(PDFName.of("Size"), PDFNumber.of(size));
        dict.set(PDFName.of("W"), ctx.obj([1, 4, 2]));
        dict.set(PDFName.of("Length"), PDFNumber.of(data.length));
        for (const [k, v] of trailer) dict.set(PDFName.of(k), v);
        push(`${xrefNum} 0 obj\n${dict.toString()}\nstream\n`);
        push(data);
        push(`\nendstream\nendobj\nstartxref\n${xrefOffset}\n%%EOF\n`);
      } else {
        let table = `xref\n0 ${size - 1}\n`;
        for (let n = 0; n < size - 1; n++) {
          const e = entry(n);
          table +=
            e.type === 1 ? `${String(e.offset).padStart(10, "0")} ${String(e.gen).padStart(5, "0")} n\r\n` : `0000000000 ${n === 0 ? "65535" : "00000"} f\r\n`;
        }
        const dict = PDFDict.withContext(ctx);
        dict.set(PDFName.of("Size"), PDFNumber.of(size - 1));
        for (const [k, v] of trailer) dict.set(PDFName.of(k), v);
        push(`${table}trailer\n${dict.toString()}\nstartxref\n${xrefOffset}\n%%EOF\n`);
      }
    } else if (reader.kind === "stream") {
      const xrefNum = Math.max(ctx.largestObjectNumber, reader.size - 1, ...numbers) + 1;
      offsets.set(xrefNum, xrefOffset);
      const all = [...numbers, xrefNum];
      const size = xrefNum + 1;
      const index: number[] = [];
      for (const [start, count] of runs(all)) index.push(start, count);
      const data = new Uint8Array(all.length * 7);
      all.forEach((n, i) => {
        const off = offsets.get(n)!;
        const gen = n < this.firstNew ? reader.generationOf(n) : 0;
        data[i * 7] = 1;
        data[i * 7 + 1] = (off >>> 24) & 0xff;
        data[i * 7 + 2] = (off >>> 16) & 0xff;
        data[i * 7 + 3] = (off >>> 8) & 0xff;
        data[i * 7 + 4] = off & 0xff;
        data[i * 7 + 5] = (gen >>> 8) & 0xff;
        data[i * 7 + 6] = gen & 0xff;
      });
      const dict = PDFDict.withContext(ctx);
      dict.set(PDFName.of("Type"), PDFName.of("XRef"));
      dict.set(PDFName.of("Size"), PDFNumber.of(size));
      dict.set(PDFName.of("W"), ctx.obj([1, 4, 2]));
      dict.set(PDFName.of("Index"), ctx.obj(index));
      dict.set(PDFName.of("Length"), PDFNumber.of(data.length));
      for (const [k, v] of trailer) dict.set(PDFName.of(k), v);
      push(`${xrefNum} 0 obj\n${dict.toString()}\nstream\n`);
      push(data);
      push(`\nendstream\nendobj\nstartxref\n${xrefOffset}\n%%EOF\n`);
    } else {
      let table = "xref\n";
      for (const [start, count] of runs(numbers)) {
        table += `${start} ${count}\n`;
        for (let n = start; n < start + count; n++) {
          const gen = n < this.firstNew ? reader.generationOf(n) : 0;
          table += `${String(offsets.get(n)).padStart(10, "0")} ${String(gen).padStart(5, "0")} n\r\n`;
        }
      }
      const size = Math.max(reader.size, numbers[numbers.length - 1] + 1);
      const dict = PDFDict.withContext(ctx);
      dict.set(PDFName.of("Size"), PDFNumber.of(size));
      for (const [k, v] of trailer) dict.set(PDFName.of(k), v);
      push(`${table}trailer\n${dict.toString()}\nstartxref\n${xrefOffset}\n%%EOF\n`);
    }

    // allocUnsafe: every byte is overwritten below; zero-filling 10 MB first costs a few ms.
    const slab = Buffer.allocUnsafeSlow(length);
    const out = new Uint8Array(slab.buffer, slab.byteOffset, length);
    out.set(base, 0);
    let pos = base.length;
    for (const p of parts) {
      out.set(p, pos);
      pos += p.length;
    }
    return { bytes: out, offsets };
  }
}

function runs(sorted: number[]): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (const n of sorted) {
    const lastRun = out[out.length - 1];
    if (lastRun && lastRun[0] + lastRun[1] === n) lastRun[1]++;
    else out.push([n, 1]);
  }
  return out;
}
