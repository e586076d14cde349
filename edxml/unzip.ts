// Attachments that travel zipped. The Bkav eDoc library (the software behind the national document axis and many
// provincial LGSPs) zips every attachment that is not a PDF, DOC, DOCX, XLS or ZIP before encoding it: the packet
// says ContentType application/zip and keeps the original AttachmentName ("bang-ke.xlsx"), and the zip holds one
// entry named by a UUID with the same extension. The VPCP gateway's manual builder zips every file, PDFs included,
// and declares the type of the original. Their receivers unzip when the type says zip and the name does not, or
// when the zip holds the one file the name announces; stored as received, such a file would not open under its own
// name. This is pure code over hostile bytes (it runs in the untrusted pool's child, parse.ts): exactly one file
// entry, stored or deflated, not encrypted, no ZIP64, its inflated size bounded while inflating and checked
// against the directory's size and CRC-32. Anything else is left as received.
import { crc32, inflateRawSync } from "node:zlib";

const LOCAL_HEADER = 0x04034b50;
const CENTRAL_HEADER = 0x02014b50;
const END_OF_CENTRAL = 0x06054b50;

/** True when the bytes start as a zip does ("PK\x03\x04"). */
export const looksZipped = (bytes: Uint8Array): boolean =>
  bytes.byteLength >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;

const ZIP_TYPES = new Set(["application/zip", "application/x-zip-compressed", "application/x-zip"]);
const extensionOf = (name: string): string => {
  const dot = name.lastIndexOf(".");
  return dot > 0 && dot < name.length - 1 ? name.slice(dot + 1).toLowerCase() : "";
};

/** Types by extension, for a file that was declared as application/zip (its own type was not sent). */
const TYPES: Record<string, string> = {
  pdf: "application/pdf",
  doc: "application/msword",
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  xls: "application/vnd.ms-excel",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  ppt: "application/vnd.ms-powerpoint",
  pptx: "application/vnd.openxmlformats-officedocument.presentationml.presentation",
  odt: "application/vnd.oasis.opendocument.text",
  ods: "application/vnd.oasis.opendocument.spreadsheet",
  txt: "text/plain",
  xml: "application/xml",
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  png: "image/png",
  tif: "image/tiff",
  tiff: "image/tiff",
  rar: "application/vnd.rar",
  "7z": "application/x-7z-compressed",
};

type Entry = { name: string; method: number; flags: number; crc: number; compressed: number; size: number; offset: number };

/** The central directory's entries, or null when it cannot be read plainly (ZIP64, a spanned archive, damage). */
function centralEntries(zip: Buffer): Entry[] | null {
  // The end record is 22 bytes plus a comment of at most 65,535.
  const floor = Math.max(0, zip.length - 22 - 0xffff);
  let end = -1;
  for (let i = zip.length - 22; i >= floor; i--) {
    if (zip.readUInt32LE(i) === END_OF_CENTRAL) {
      end = i;
      break;
    }
  }
  if (end < 0) return null;
  const count = zip.readUInt16LE(end + 10);
  const size = zip.readUInt32LE(end + 12);
  const start = zip.readUInt32LE(end + 16);
  if (zip.readUInt16LE(end + 4) !== 0 || count === 0xffff || start === 0xffffffff || start + size > end) return null;
  const entries: Entry[] = [];
  let at = start;
  for (let k = 0; k < count; k++) {
    if (at + 46 > end || zip.readUInt32LE(at) !== CENTRAL_HEADER) return null;
    const nameLength = zip.readUInt16LE(at + 28);
    const next = at + 46 + nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
    if (next > end) return null;
    entries.push({
      flags: zip.readUInt16LE(at + 8),
      method: zip.readUInt16LE(at + 10),
      crc: zip.readUInt32LE(at + 16),
      compressed: zip.readUInt32LE(at + 20),
      size: zip.readUInt32LE(at + 24),
      offset: zip.readUInt32LE(at + 42),
      name: zip.toString("utf8", at + 46, at + 46 + nameLength),
    });
    at = next;
  }
  return entries;
}

/**
 * The one file a sender zipped for the journey, with its type, or null to keep the bytes as received: not a zip, more
 * than one file (an XLSX or a DOCX is itself a zip of many parts), a zip the name already announces ("ho-so.zip"), a
 * zip nobody said was a wrapper (neither declared application/zip nor holding a file of the name's extension),
 * encrypted, ZIP64, another compression method, larger than `maxBytes`, or damaged.
 */
export function unwrapZippedAttachment(
  bytes: Uint8Array,
  name: string,
  declaredType: string,
  maxBytes: number,
): { bytes: Uint8Array; contentType: string } | null {
  if (!looksZipped(bytes)) return null;
  const extension = extensionOf(name);
  if (extension === "zip") return null;
  const zip = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const files = centralEntries(zip)?.filter((e) => !e.name.endsWith("/"));
  if (files?.length !== 1) return null;
  const [entry] = files;
  const declaredZip = ZIP_TYPES.has(declaredType.trim().toLowerCase());
  if (!declaredZip && (extension === "" || extensionOf(entry.name) !== extension)) return null;
  if ((entry.flags & 0x1) !== 0 || (entry.method !== 0 && entry.method !== 8) || entry.size > maxBytes) return null;
  if (entry.size === 0xffffffff || entry.compressed === 0xffffffff || entry.offset + 30 > zip.length) return null;
  if (zip.readUInt32LE(entry.offset) !== LOCAL_HEADER) return null;
  const dataStart = entry.offset + 30 + zip.readUInt16LE(entry.offset + 26) + zip.readUInt16LE(entry.offset + 28);
  if (dataStart + entry.compressed > zip.length) return null;
  const data = zip.subarray(dataStart, dataStart + entry.compressed);
  let inner: Buffer;
  try {
    inner = entry.method === 0 ? data : inflateRawSync(data, { maxOutputLength: Math.max(1, maxBytes) });
  } catch {
    return null;
  }
  if (inner.length !== entry.size || crc32(inner) !== entry.crc) return null;
  const contentType = declaredZip ? (TYPES[extension || extensionOf(entry.name)] ?? "application/octet-stream") : declaredType;
  return { bytes: new Uint8Array(inner.buffer, inner.byteOffset, inner.byteLength), contentType };
}
