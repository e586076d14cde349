// Long base64 attachment text lifted out of a packet before the XML parser sees it (issue 12 benchmark).
//
// Why: a packet carrying a 10 MB PDF is 13 MB of base64 in one text node and a few KB of XML. Handing all
// of it to xmldom, to xml-crypto's C14N and to SHA-256 as one JavaScript string cost ten passes over it
// (UTF-8 decode, line-ending and entity regexes, text escaping, string building, UTF-16 → UTF-8 for the
// hash; docs/benchmarks/edxml.md). None of them can change it: a run of base64 characters and spaces,
// tabs and line feeds between a `>` and the next `<` contains no markup, no reference, no carriage return,
// so as a text node its canonical form (exclusive C14N escapes only & < > and CR) is the bytes
// themselves. Each such run of at least LIFT_MIN_BYTES is replaced by a unique token; the small document
// left is parsed and canonicalised as before (by xmldom and xml-crypto, not by hand); the digest is then
// fed the canonical text with each token replaced by the run's bytes, read straight from the packet.
//
// The substitution is only trusted after the parse proves every token is the whole text of an
// edXML Attachment/Value, Attachment/ContentTransferEncoded (or Attachment) element under AttachmentEncoded and appears nowhere else
// (attribute, comment, processing instruction, other text); otherwise the caller parses the full text
// as before. A run that is not strictly valid base64 is left in place, so the parser's own checks refuse it.
import { randomBytes } from "node:crypto";
import { EDXML_NS } from "./model";

/** Runs shorter than this stay in the text: lifting them would save nothing. */
export const LIFT_MIN_BYTES = 16 * 1024;
const MAX_RUNS = 256;

export type LiftedRun = {
  /** Byte offsets in the packet (end exclusive). */
  start: number;
  end: number;
  /** Base64 characters (padding included, whitespace excluded) and `=` count. */
  compact: number;
  padding: number;
};

export type LiftedText = {
  /** The packet text with each run replaced by its token. */
  xml: string;
  prefix: string;
  runs: LiftedRun[];
  bytes: Buffer;
};

// 1: base64 alphabet, 2: space/tab/line feed, 3: "=". Carriage returns are not lifted: the parser
// normalises them, so their canonical form is not the bytes.
const CLASS = new Uint8Array(256);
for (const c of "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/") CLASS[c.charCodeAt(0)] = 1;
for (const c of " \t\n") CLASS[c.charCodeAt(0)] = 2;
CLASS["=".charCodeAt(0)] = 3;

/** Strict base64 (alphabet, padding only at the end, length a multiple of 4), or null. */
function scanRun(bytes: Uint8Array, start: number, end: number): { compact: number; padding: number } | null {
  let compact = 0;
  let padding = 0;
  for (let i = start; i < end; i++) {
    const k = CLASS[bytes[i]];
    if (k === 1) {
      if (padding !== 0) return null;
      compact++;
    } else if (k === 3) {
      padding++;
      compact++;
    } else if (k !== 2) return null;
  }
  if (compact === 0 || compact % 4 !== 0 || padding > 2) return null;
  return { compact, padding };
}

// ALPHABET_PAIRS[w] = 1 when both bytes of the 16-bit word w are base64 alphabet characters (symmetric, so the
// platform's byte order does not matter).
const ALPHABET_PAIRS = new Uint8Array(65536);
for (let a = 0; a < 256; a++) if (CLASS[a] === 1) for (let b = 0; b < 256; b++) if (CLASS[b] === 1) ALPHABET_PAIRS[(a << 8) | b] = 1;

/**
 * scanRun for a run without whitespace (how this product and most peers write attachments): every character before
 * the padding in the alphabet, at most two "=" at the end, a length that is a multiple of four. Read four bytes at a
 * time and allocates nothing: ~3 ms for the 13 MB of a 10 MB PDF. (It was a native decode, re-encode and comparison:
 * three fresh buffers of the run's size, and on a virtual machine the page faults of fresh memory cost more than the
 * passes themselves — 40–100 ms for 13 MB; docs/benchmarks/edxml.md.) Anything else gets the byte-by-byte scan.
 */
function validateRun(bytes: Buffer, start: number, end: number): { compact: number; padding: number } | null {
  const length = end - start;
  if (length === 0 || length % 4 !== 0) return scanRun(bytes, start, end);
  const padding = bytes[end - 1] === 0x3d ? (bytes[end - 2] === 0x3d ? 2 : 1) : 0;
  const body = end - padding;
  let i = start;
  for (; i < body && (bytes.byteOffset + i) % 4 !== 0; i++) if (CLASS[bytes[i]] !== 1) return scanRun(bytes, start, end);
  const words = Math.max(0, (body - i) >> 2);
  const view = new Uint32Array(bytes.buffer, bytes.byteOffset + i, words);
  for (let k = 0; k < words; k++) {
    const w = view[k];
    if ((ALPHABET_PAIRS[w & 0xffff] & ALPHABET_PAIRS[w >>> 16]) === 0) return scanRun(bytes, start, end);
  }
  for (let j = i + words * 4; j < body; j++) if (CLASS[bytes[j]] !== 1) return scanRun(bytes, start, end);
  return { compact: length, padding };
}

/**
 * The byte ranges liftBase64Runs would look at (text of at least LIFT_MIN_BYTES between a `>` and the next `<`), not
 * checked. For a holder of the packet that wants to decode and store likely attachments while the pool child parses
 * (features/exchange/inbox.server.ts): it may use a range only once the child returned the same one as a lifted,
 * strict-base64 attachment. Two native `indexOf` per run, no pass over the run's bytes.
 */
export function liftCandidates(bytes: Uint8Array, start = 0): Array<{ start: number; end: number }> {
  // A UTF-16 packet (byte order mark) is parsed re-encoded and its files come back decoded (parse.ts screenBytes):
  // no range of these bytes will ever be returned, so decoding any here would be wasted.
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) return [];
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out: Array<{ start: number; end: number }> = [];
  let pos = start;
  while (out.length < MAX_RUNS) {
    const gt = buffer.indexOf(0x3e, pos);
    if (gt < 0) break;
    const lt = buffer.indexOf(0x3c, gt + 1);
    if (lt < 0) break;
    if (lt - gt - 1 >= LIFT_MIN_BYTES) out.push({ start: gt + 1, end: lt });
    pos = lt + 1;
  }
  return out;
}

export const tokenOf = (prefix: string, index: number) => `${prefix}${String(index).padStart(4, "0")}`;

/**
 * Splits a packet already known to be UTF-8 (`start` skips a BOM) into the small text the parser sees
 * and the runs it does not. Null when there is nothing worth lifting.
 */
export function liftBase64Runs(bytes: Buffer, start: number): LiftedText | null {
  const runs: LiftedRun[] = [];
  let pos = start;
  while (runs.length < MAX_RUNS) {
    const gt = bytes.indexOf(0x3e, pos);
    if (gt < 0) break;
    const lt = bytes.indexOf(0x3c, gt + 1);
    if (lt < 0) break;
    if (lt - gt - 1 >= LIFT_MIN_BYTES) {
      const scan = validateRun(bytes, gt + 1, lt);
      if (scan) runs.push({ start: gt + 1, end: lt, ...scan });
    }
    pos = lt + 1;
  }
  if (runs.length === 0) return null;
  // "Q" never occurs in the hex tail, so the prefix cannot overlap itself or straddle a token boundary.
  const prefix = `Q${randomBytes(10).toString("hex")}`;
  const pieces: string[] = [];
  let from = start;
  runs.forEach((run, i) => {
    const piece = bytes.toString("utf8", from, run.start);
    if (piece.includes(prefix)) throw new Error("lift: token collision");
    pieces.push(piece, tokenOf(prefix, i));
    from = run.end;
  });
  const tail = bytes.toString("utf8", from);
  if (tail.includes(prefix)) throw new Error("lift: token collision");
  pieces.push(tail);
  return { xml: pieces.join(""), prefix, runs, bytes };
}

/** The attachment part's elements are matched in the edXML namespace or in none (parse.ts attachmentChildren). */
const isAttachmentPart = (node: Node | null, name: string): boolean =>
  !!node && node.nodeType === 1 && (node as Element).localName === name && ((node as Element).namespaceURI === EDXML_NS || !(node as Element).namespaceURI);

/**
 * True when every token is exactly the text of an attachment's Value, of its ContentTransferEncoded (the VPCP SDK's
 * layout) or of the Attachment itself, and nothing else holds one.
 */
export function liftedTokensInPlace(doc: Document, lifted: LiftedText): boolean {
  const seen = new Set<number>();
  const stack: Node[] = [doc];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.nodeType === 3 || node.nodeType === 4) {
      const data = (node as CharacterData).data;
      if (!data.includes(lifted.prefix)) continue;
      const index = Number(data.slice(lifted.prefix.length));
      if (data !== tokenOf(lifted.prefix, index) || index >= lifted.runs.length || seen.has(index)) return false;
      const parent = node.parentNode;
      const attachment = isAttachmentPart(parent, "Value") || isAttachmentPart(parent, "ContentTransferEncoded") ? parent!.parentNode : parent;
      if (!isAttachmentPart(attachment, "Attachment") || !isAttachmentPart(attachment!.parentNode, "AttachmentEncoded")) return false;
      seen.add(index);
    } else if (node.nodeType === 7 || node.nodeType === 8) {
      if (((node as CharacterData).data ?? "").includes(lifted.prefix)) return false;
    } else if (node.nodeType === 1) {
      const element = node as Element;
      if (element.tagName.includes(lifted.prefix)) return false;
      for (let i = 0; i < element.attributes.length; i++) if (element.attributes[i].value.includes(lifted.prefix)) return false;
    }
    for (let c = node.firstChild; c; c = c.nextSibling) stack.push(c);
  }
  return seen.size === lifted.runs.length;
}

/** Feeds `hash` the canonical text with each token replaced by its run's bytes; false if the tokens are not all there once, in order. */
export function updateWithLifted(hash: { update(data: string | Uint8Array, encoding?: "utf8"): unknown }, canonical: string, lifted: LiftedText): boolean {
  const parts = canonical.split(lifted.prefix);
  if (parts.length !== lifted.runs.length + 1) return false;
  for (let k = 1; k < parts.length; k++) if (parts[k].slice(0, 4) !== String(k - 1).padStart(4, "0")) return false;
  hash.update(parts[0], "utf8");
  for (let k = 1; k < parts.length; k++) {
    const run = lifted.runs[k - 1];
    hash.update(lifted.bytes.subarray(run.start, run.end));
    hash.update(parts[k].slice(4), "utf8");
  }
  return true;
}

/** The attachment bytes of a lifted run (already strict base64: Node's decoder skips the whitespace). */
export function decodeRun(bytes: Uint8Array, run: Pick<LiftedRun, "start" | "end" | "compact" | "padding">): Uint8Array {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const decoded = Buffer.from(buffer.toString("latin1", run.start, run.end), "base64");
  if (decoded.byteLength !== decodedLength(run)) throw new Error("lift: base64 length mismatch");
  return new Uint8Array(decoded.buffer, decoded.byteOffset, decoded.byteLength);
}

export const decodedLength = (run: Pick<LiftedRun, "compact" | "padding">) => (run.compact / 4) * 3 - run.padding;
