// Parses a received edXML packet (and checks its XML signature) in the untrusted-file pool: a hostile
// packet may burn CPU or memory there, never on the request thread. Refusals keep their code and
// Vietnamese message (EdxmlRefusal → UntrustedTaskError remoteName/remoteCode).
//
// The packet is read from `path` (the server staged it in the file store: no 14 MB message over IPC),
// and attachments whose base64 the parser lifted come back as byte ranges of the packet, decoded by the
// server from the bytes it already holds (issue 12 benchmark; docs/decisions/0011). `bytes` is still
// accepted for callers without a file.
import { closeSync, fstatSync, openSync, readSync } from "node:fs";
import type { TaskFileInput } from "./task-input";
import {
  DEFAULT_PARSE_LIMITS,
  EdxmlRefusal,
  decodeAttachmentRange,
  parsePacketToRanges,
  type AttachmentRange,
  type ParseLimits,
  type ParsedPacket,
} from "#edxml/index";
import { readZipDirectory, travelFileType, travelZipEntry, ZIP_LIMITS } from "#app/domain/shared/file-content";
import { inflateZipEntry } from "#app/platform/files/zip-inflate";

// The packet is read here with its own size limit into a buffer kept between tasks, not through taskInputBytes.
export type EdxmlParseInput = TaskFileInput & {
  trustAnchorsPem: string[];
  limits?: ParseLimits;
  at?: Date;
};
export type EdxmlParseOutput = { parsed: ParsedPacket; ranges: Array<AttachmentRange | null> };

// The buffer packets are read into, kept from one task to the next (this child runs one task at a time, and nothing
// it returns refers to the buffer): a fresh 14 MB buffer per packet cost its page faults on every read, 20–35 ms on
// a virtual machine (docs/benchmarks/edxml.md). It only grows, up to the packet size limit.
let readBuffer = Buffer.alloc(0);

function readLimited(path: string, maxBytes: number): Uint8Array {
  const fd = openSync(path, "r");
  try {
    const size = fstatSync(fd).size;
    // Refused before reading: the size limit must hold whatever the file holds.
    if (size > maxBytes) throw new EdxmlRefusal("TOO_LARGE", `Gói tin lớn hơn giới hạn ${Math.round(maxBytes / 1024 / 1024)} MB.`);
    if (readBuffer.byteLength < size) readBuffer = Buffer.allocUnsafeSlow(size);
    const out = readBuffer;
    let read = 0;
    while (read < size) {
      const n = readSync(fd, out, read, size - read, read);
      if (n === 0) break;
      read += n;
    }
    return out.subarray(0, read);
  } finally {
    closeSync(fd);
  }
}

/** "UEsDB": how the base64 of a zip's first bytes ("PK\x03\x04") begins. */
const ZIP_BASE64 = Buffer.from("UEsDB", "latin1");
const isBase64Space = (b: number) => b === 0x20 || b === 0x09 || b === 0x0a || b === 0x0d;

/** Whether an attachment is a zip: its bytes, or for a lifted one the start of its base64 in the packet. */
function looksZipped(packet: Uint8Array, bytes: Uint8Array, range: AttachmentRange | null): boolean {
  if (!range) return bytes.byteLength >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
  let i = range.start;
  while (i < range.end && isBase64Space(packet[i])) i++;
  return i + ZIP_BASE64.length <= range.end && Buffer.from(packet.buffer, packet.byteOffset + i, ZIP_BASE64.length).equals(ZIP_BASE64);
}

/**
 * Files another system zipped for the journey (file-content.ts travelZipEntry) are unzipped here, in the pool's
 * child with the rest of the parse, and cross to the server as their bytes (no range). The file handed on must be
 * the one that was zipped: size and CRC-32 are checked, inflation stops at the attachment limit; a zip that fails
 * any of that stays as it came.
 */
function unwrapTravelZips(out: EdxmlParseOutput, packet: Uint8Array, maxAttachmentBytes: number): EdxmlParseOutput {
  if (out.parsed.kind !== "document") return out;
  const ranges = [...out.ranges];
  out.parsed.packet.attachments.forEach((attachment, i) => {
    if (!looksZipped(packet, attachment.bytes, ranges[i])) return;
    const range = ranges[i];
    const whole = range ? decodeAttachmentRange(packet, range) : attachment.bytes;
    let entries: ReturnType<typeof readZipDirectory>;
    try {
      entries = readZipDirectory(whole, { ...ZIP_LIMITS, maxEntryUncompressedBytes: maxAttachmentBytes });
    } catch {
      return;
    }
    const entry = travelZipEntry(entries, attachment.name, attachment.contentType);
    if (!entry) return;
    const inflated = inflateZipEntry(whole, entry, maxAttachmentBytes, { exact: true });
    if (!inflated.ok) return;
    attachment.bytes = new Uint8Array(inflated.bytes.buffer, inflated.bytes.byteOffset, inflated.bytes.byteLength);
    attachment.contentType = travelFileType(attachment.name, entry.name, attachment.contentType);
    ranges[i] = null;
  });
  return { parsed: out.parsed, ranges };
}

export default async function edxmlParse(input: EdxmlParseInput): Promise<EdxmlParseOutput> {
  const limits = input.limits ?? DEFAULT_PARSE_LIMITS;
  const bytes = input.path !== undefined ? readLimited(input.path, limits.maxPacketBytes) : input.bytes;
  const out = parsePacketToRanges(bytes, { trustAnchorsPem: input.trustAnchorsPem, limits, at: input.at });
  return unwrapTravelZips(out, bytes, limits.maxAttachmentBytes);
}
