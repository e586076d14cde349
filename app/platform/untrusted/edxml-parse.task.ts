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
import { DEFAULT_PARSE_LIMITS, EdxmlRefusal, parsePacketToRanges, type AttachmentRange, type ParseLimits, type ParsedPacket } from "#edxml/index";

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

export default async function edxmlParse(input: EdxmlParseInput): Promise<EdxmlParseOutput> {
  const limits = input.limits ?? DEFAULT_PARSE_LIMITS;
  const bytes = input.path !== undefined ? readLimited(input.path, limits.maxPacketBytes) : input.bytes;
  return parsePacketToRanges(bytes, { trustAnchorsPem: input.trustAnchorsPem, limits, at: input.at });
}
