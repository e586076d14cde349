// A ZIP archive written as a stream, one entry at a time (PKWARE APPNOTE 6.3: local headers, central directory,
// end record; no ZIP64, no encryption). Each entry's bytes are loaded only when the stream reaches it, so a
// package of many large PDFs never sits in memory at once. Entries are deflated when that makes them smaller
// (JSON, text), stored otherwise (PDFs are compressed already). Sizes and CRC-32 go in the local header (no data
// descriptor): every unzip tool, Windows Explorer and Java's ZipInputStream read such entries.
import { crc32, deflateRawSync } from "node:zlib";

export type ZipSource = { path: string; directory: true } | { path: string; directory?: false; load: () => Uint8Array };

const LOCAL_HEADER = 0x04034b50;
const CENTRAL_HEADER = 0x02014b50;
const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
// Bit 11: the names are UTF-8 (a Vietnamese file name stays readable).
const FLAG_UTF8 = 0x0800;
const METHOD_STORED = 0;
const METHOD_DEFLATED = 8;
const VERSION_NEEDED = 20;
// Made by "Unix" (3), spec 3.0: unzip then applies the permission bits of the external attributes.
const VERSION_MADE_BY = (3 << 8) | 30;
const MAX_32 = 0xffffffff;

export class ZipTooLargeError extends Error {}

/** MS-DOS date and time of `instant` read as wall-clock time at `offsetMinutes` from UTC (Vietnam: +420). */
export function dosDateTime(instant: Date, offsetMinutes = 420): { date: number; time: number } {
  const local = new Date(instant.getTime() + offsetMinutes * 60_000);
  const year = Math.min(Math.max(local.getUTCFullYear(), 1980), 2107);
  return {
    date: ((year - 1980) << 9) | ((local.getUTCMonth() + 1) << 5) | local.getUTCDate(),
    time: (local.getUTCHours() << 11) | (local.getUTCMinutes() << 5) | Math.floor(local.getUTCSeconds() / 2),
  };
}

type Written = { name: Uint8Array; method: number; crc: number; compressedSize: number; size: number; offset: number; directory: boolean };

function localHeader(entry: Omit<Written, "offset">, stamp: { date: number; time: number }): Uint8Array {
  const out = new Uint8Array(30 + entry.name.byteLength);
  const v = new DataView(out.buffer);
  v.setUint32(0, LOCAL_HEADER, true);
  v.setUint16(4, VERSION_NEEDED, true);
  v.setUint16(6, FLAG_UTF8, true);
  v.setUint16(8, entry.method, true);
  v.setUint16(10, stamp.time, true);
  v.setUint16(12, stamp.date, true);
  v.setUint32(14, entry.crc, true);
  v.setUint32(18, entry.compressedSize, true);
  v.setUint32(22, entry.size, true);
  v.setUint16(26, entry.name.byteLength, true);
  v.setUint16(28, 0, true);
  out.set(entry.name, 30);
  return out;
}

function centralHeader(entry: Written, stamp: { date: number; time: number }): Uint8Array {
  const out = new Uint8Array(46 + entry.name.byteLength);
  const v = new DataView(out.buffer);
  v.setUint32(0, CENTRAL_HEADER, true);
  v.setUint16(4, VERSION_MADE_BY, true);
  v.setUint16(6, VERSION_NEEDED, true);
  v.setUint16(8, FLAG_UTF8, true);
  v.setUint16(10, entry.method, true);
  v.setUint16(12, stamp.time, true);
  v.setUint16(14, stamp.date, true);
  v.setUint32(16, entry.crc, true);
  v.setUint32(20, entry.compressedSize, true);
  v.setUint32(24, entry.size, true);
  v.setUint16(28, entry.name.byteLength, true);
  // Unix mode in the high 16 bits (rw-r--r-- files, rwxr-xr-x folders) plus the MS-DOS directory bit.
  v.setUint32(38, entry.directory ? ((0o40755 << 16) | 0x10) >>> 0 : (0o100644 << 16) >>> 0, true);
  v.setUint32(42, entry.offset, true);
  out.set(entry.name, 46);
  return out;
}

function endRecord(count: number, size: number, offset: number): Uint8Array {
  const out = new Uint8Array(22);
  const v = new DataView(out.buffer);
  v.setUint32(0, END_OF_CENTRAL_DIRECTORY, true);
  v.setUint16(8, count, true);
  v.setUint16(10, count, true);
  v.setUint32(12, size, true);
  v.setUint32(16, offset, true);
  return out;
}

/**
 * The archive of `sources`, in order, as a byte stream. `load()` runs when the consumer pulls that entry; an error
 * it throws (a stored file that no longer matches its hash) errors the stream. Over 65,535 entries or 4 GiB the
 * stream errors with ZipTooLargeError (ZIP64 is not written).
 */
export function zipStream(sources: Iterable<ZipSource>, options: { modifiedAt: Date }): ReadableStream<Uint8Array> {
  const stamp = dosDateTime(options.modifiedAt);
  const iterator = sources[Symbol.iterator]();
  const written: Written[] = [];
  const encoder = new TextEncoder();
  let offset = 0;
  let finished = false;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (finished) return;
      const next = iterator.next();
      if (next.done) {
        if (written.length > 0xffff) throw new ZipTooLargeError("too many entries for a ZIP without ZIP64");
        const central = written.map((w) => centralHeader(w, stamp));
        const size = central.reduce((n, c) => n + c.byteLength, 0);
        if (offset + size > MAX_32) throw new ZipTooLargeError("archive larger than 4 GiB");
        for (const c of central) controller.enqueue(c);
        controller.enqueue(endRecord(written.length, size, offset));
        finished = true;
        controller.close();
        return;
      }
      const source = next.value;
      const name = encoder.encode(source.directory ? source.path.replace(/\/?$/, "/") : source.path);
      let data: Uint8Array = new Uint8Array(0);
      let entry: Omit<Written, "offset">;
      if (source.directory) {
        entry = { name, method: METHOD_STORED, crc: 0, compressedSize: 0, size: 0, directory: true };
      } else {
        const bytes = source.load();
        const deflated = deflateRawSync(bytes, { level: 6 });
        const useDeflate = deflated.byteLength < bytes.byteLength;
        data = useDeflate ? new Uint8Array(deflated.buffer, deflated.byteOffset, deflated.byteLength) : bytes;
        entry = {
          name,
          method: useDeflate ? METHOD_DEFLATED : METHOD_STORED,
          crc: crc32(bytes) >>> 0,
          compressedSize: data.byteLength,
          size: bytes.byteLength,
          directory: false,
        };
      }
      const header = localHeader(entry, stamp);
      if (offset + header.byteLength + data.byteLength > MAX_32 || entry.size > MAX_32) throw new ZipTooLargeError("archive larger than 4 GiB");
      written.push({ ...entry, offset });
      offset += header.byteLength + data.byteLength;
      controller.enqueue(header);
      if (data.byteLength > 0) controller.enqueue(data);
    },
  });
}
