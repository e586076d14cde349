// Parses an edXML packet received from another system. The input is hostile until proven otherwise
// (issue 12 §6): size and attachment-count limits first, then DTDs and entity declarations are refused
// before any parser sees the text (no XXE, no "billion laughs"), then a strict parse whose errors are
// refusals, then the structure: namespace, manifest ↔ attachments, strict base64. Every refusal is an
// EdxmlRefusal with a Vietnamese reason the inbox records and the sender is told.
import {
  EDXML_NS,
  isStatusCode,
  parseEdxmlDate,
  parseEdxmlTimestamp,
  type BusinessDocType,
  type DocumentPacket,
  type OrganInfo,
  type PacketAttachment,
  type StatusPacket,
} from "./model";
import { isUtf8 } from "node:buffer";
import { decodedLength, decodeRun, liftBase64Runs, liftedTokensInPlace, tokenOf, type LiftedRun, type LiftedText } from "./lift";
import { parseXmlDocument, verifyPacketSignature, type PacketSignatureReport } from "./sign";

export type EdxmlRefusalCode =
  | "TOO_LARGE"
  | "ENCODING"
  | "DTD"
  | "MALFORMED"
  | "TRUNCATED"
  | "FOREIGN_NAMESPACE"
  | "MISSING_FIELD"
  | "MISSING_ATTACHMENT"
  | "BAD_BASE64"
  | "TOO_MANY_ATTACHMENTS"
  | "ATTACHMENT_TOO_LARGE"
  | "UNKNOWN_KIND"
  | "TOO_COMPLEX"
  | "FIELD_TOO_LONG";

/** A packet refused on reading; `message` is Vietnamese and is what the inbox records. */
export class EdxmlRefusal extends Error {
  readonly code: EdxmlRefusalCode;
  constructor(code: EdxmlRefusalCode, message: string) {
    super(message);
    this.name = "EdxmlRefusal";
    this.code = code;
  }
}

export type ParseLimits = {
  /** Largest packet accepted, in bytes (the attachments travel base64-encoded inside it: ×4/3). */
  maxPacketBytes: number;
  maxAttachments: number;
  maxAttachmentBytes: number;
};

export const DEFAULT_PARSE_LIMITS: ParseLimits = {
  maxPacketBytes: 96 * 1024 * 1024,
  maxAttachments: 50,
  maxAttachmentBytes: 50 * 1024 * 1024,
};

export type ParsedDocumentPacket = { kind: "document"; packet: DocumentPacket; signature: PacketSignatureReport };
export type ParsedStatusPacket = { kind: "status"; packet: StatusPacket; signature: PacketSignatureReport };
export type ParsedPacket = ParsedDocumentPacket | ParsedStatusPacket;

const refuse = (code: EdxmlRefusalCode, message: string): never => {
  throw new EdxmlRefusal(code, message);
};

/** The edXML children of `parent` named `name`; none when `parent` is absent (every optional element may be). */
function children(parent: Element | null | undefined, name: string): Element[] {
  const out: Element[] = [];
  if (!parent) return out;
  for (let n = parent.firstChild; n; n = n.nextSibling) {
    if (n.nodeType === 1 && (n as Element).localName === name && (n as Element).namespaceURI === EDXML_NS) out.push(n as Element);
  }
  return out;
}
const child = (parent: Element | null | undefined, name: string): Element | null => children(parent, name)[0] ?? null;
/**
 * Longest text accepted per element, in characters. QCVN 102:2016 §5.3 field sizes where known (OrganId 13, CodeNumber
 * 11, CodeNotation 30, Subject 500; domain.md §8.3), otherwise generous but bounded: a Subject of 32 million
 * characters was accepted, took 2.5 GB to import and left a document page that never loaded.
 */
const FIELD_LIMITS: Record<string, { max: number; label: string }> = {
  OrganId: { max: 13, label: "mã định danh cơ quan" },
  CodeNumber: { max: 11, label: "số văn bản" },
  CodeNotation: { max: 30, label: "ký hiệu văn bản" },
  Subject: { max: 500, label: "trích yếu" },
  Content: { max: 10_000, label: "tóm tắt nội dung" },
  DocumentId: { max: 100, label: "mã văn bản" },
  OrganName: { max: 500, label: "tên cơ quan" },
  FullName: { max: 200, label: "họ tên người ký" },
  Position: { max: 500, label: "chức vụ người ký" },
  AttachmentName: { max: 500, label: "tên tệp đính kèm" },
  Description: { max: 4000, label: "mô tả" },
  BussinessDocReason: { max: 4000, label: "lý do" },
  Place: { max: 500, label: "địa danh/nơi nhận" },
  Appendix: { max: 1000, label: "tên phụ lục" },
};
const DEFAULT_FIELD_LIMIT = 1000;

/**
 * The text in NFC (some producers send decomposed Vietnamese, "ê" + U+0301: it would be stored as-is and match no search
 * or comparison), refused when longer than its element's limit, naming the field and the limit. A text far over its
 * limit is refused before normalising (NFC never more than shortens a text threefold).
 */
function bounded(raw: string, name: string): string {
  const limit = FIELD_LIMITS[name];
  const max = limit?.max ?? DEFAULT_FIELD_LIMIT;
  const value = raw.length > max * 3 ? raw : raw.normalize("NFC");
  if (value.length > max)
    refuse(
      "FIELD_TOO_LONG",
      `Trường ${name}${limit ? ` (${limit.label})` : ""} dài ${value.length.toLocaleString("vi-VN")} ký tự, vượt giới hạn ${max.toLocaleString("vi-VN")} ký tự.`,
    );
  return value;
}
const text = (parent: Element | null | undefined, name: string): string => bounded((child(parent, name)?.textContent ?? "").trim(), name);
/** The trimmed, bounded texts of the `name` children (Appendix, Place lists). */
const texts = (parent: Element | null | undefined, name: string): string[] =>
  children(parent, name)
    .map((e) => bounded((e.textContent ?? "").trim(), name))
    .filter(Boolean);

function required(parent: Element | null, path: string, label: string): string {
  let node: Element | null = parent;
  const parts = path.split("/");
  for (const part of parts.slice(0, -1)) node = child(node, part);
  const value = text(node, parts[parts.length - 1]);
  if (!value) refuse("MISSING_FIELD", `Gói tin thiếu ${label} (${path}).`);
  return value;
}

function organOf(node: Element | null, label: string): OrganInfo {
  if (!node) return refuse("MISSING_FIELD", `Gói tin thiếu thông tin ${label}.`);
  const organId = text(node, "OrganId");
  if (!organId) refuse("MISSING_FIELD", `Gói tin thiếu mã định danh ${label} (OrganId).`);
  return {
    organId,
    organName: text(node, "OrganName") || organId,
    organizationInCharge: text(node, "OrganizationInCharge") || null,
    organAdd: text(node, "OrganAdd") || null,
    email: text(node, "Email") || null,
    telephone: text(node, "Telephone") || null,
    fax: text(node, "Fax") || null,
    website: text(node, "Website") || null,
  };
}

function staffOf(node: Element | null): DocumentPacket["staff"] {
  if (!node) return null;
  return {
    department: text(node, "Department") || null,
    staff: text(node, "Staff") || null,
    email: text(node, "Email") || null,
    mobile: text(node, "Mobile") || null,
  };
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

function decodeBase64(value: string, name: string, maxBytes: number): Uint8Array {
  const compact = value.replace(/[\r\n\t ]+/g, "");
  if (compact.length % 4 !== 0 || !BASE64.test(compact)) refuse("BAD_BASE64", `Tệp đính kèm "${name}" không phải dữ liệu base64 hợp lệ.`);
  if ((compact.length / 4) * 3 > maxBytes + 2)
    refuse("ATTACHMENT_TOO_LARGE", `Tệp đính kèm "${name}" lớn hơn giới hạn ${Math.round(maxBytes / 1024 / 1024)} MB.`);
  const bytes = Buffer.from(compact, "base64");
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/**
 * Checks size and encoding; returns the packet as UTF-8 in a Buffer and where its text starts (after a BOM).
 * `transcoded`: the packet came in UTF-16 (a byte order mark says so), which XML 1.0 §4.3.3 requires every processor
 * to accept as it accepts UTF-8 (.NET writes it); it was decoded strictly and re-encoded, so byte offsets into the
 * returned buffer are not offsets into the bytes received.
 */
function screenBytes(bytes: Uint8Array, limits: ParseLimits): { buffer: Buffer; start: number; transcoded: boolean } {
  if (bytes.byteLength > limits.maxPacketBytes) refuse("TOO_LARGE", `Gói tin lớn hơn giới hạn ${Math.round(limits.maxPacketBytes / 1024 / 1024)} MB.`);
  if (bytes.byteLength === 0) refuse("MALFORMED", "Gói tin rỗng.");
  const utf16 = bytes[0] === 0xff && bytes[1] === 0xfe ? "utf-16le" : bytes[0] === 0xfe && bytes[1] === 0xff ? "utf-16be" : null;
  if (utf16) {
    let text = "";
    try {
      text = new TextDecoder(utf16, { fatal: true, ignoreBOM: false }).decode(bytes);
    } catch {
      refuse("ENCODING", "Gói tin khai báo UTF-16 (BOM) nhưng nội dung không phải văn bản UTF-16 hợp lệ.");
    }
    return { buffer: Buffer.from(text, "utf8"), start: 0, transcoded: true };
  }
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // isUtf8 (simdutf) then a plain decode: the same verdict as a fatal TextDecoder, several times faster.
  if (!isUtf8(buffer)) refuse("ENCODING", "Gói tin không phải văn bản UTF-8 hay UTF-16 hợp lệ.");
  const start = buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf ? 3 : 0;
  return { buffer, start, transcoded: false };
}

// No DTD at all: external entities (XXE) and entity expansion ("billion laughs") both need one.
function refuseDtd(xml: string): void {
  if (/<!DOCTYPE/i.test(xml) || /<!ENTITY/i.test(xml)) refuse("DTD", "Gói tin chứa khai báo DOCTYPE/ENTITY; không chấp nhận vì lý do an toàn.");
}

/** How deep elements may nest: a real packet is under 10 levels (Signature/KeyInfo/X509Data/X509Certificate the deepest). */
export const MAX_ELEMENT_DEPTH = 64;
/**
 * Element and attribute counts. A packet of 50 attachments with hundreds of places and appendixes has a few thousand
 * elements and a few hundred attributes (namespace declarations, edXML:href, Algorithm, URI), at most a handful on one
 * element. xmldom's attribute handling is quadratic in the attributes of one element: 200,000 of them on the root (a
 * 2.3 MB packet) held a pool child for minutes.
 */
export const MAX_ELEMENTS = 100_000;
export const MAX_ATTRIBUTES = 10_000;
export const MAX_ATTRIBUTES_PER_ELEMENT = 64;

/**
 * A cheap scan of the markup before any parser sees it: nesting deeper than MAX_ELEMENT_DEPTH is refused here, with a
 * Vietnamese reason, instead of overflowing the stack of a recursive walk later (xmldom, C14N, textContent: a packet
 * nested 100,000 deep was refused with the English "Maximum call stack size exceeded" after 3 s); so are more elements
 * or attributes than MAX_ELEMENTS, MAX_ATTRIBUTES, MAX_ATTRIBUTES_PER_ELEMENT, before xmldom spends minutes on them.
 * It only follows tags (indexOf from one "<" to the next, quoted attribute values skipped whole). Markup left open
 * at the end, a "<" that opens no tag and a "<" inside a tag are refused here too: xmldom looks ahead for the end of
 * each, so its time grows with the square of their number. Everything else is left to the parser, whose verdict stands.
 */
function scanStructure(xml: string): void {
  const length = xml.length;
  let depth = 0;
  let elements = 0;
  let attributes = 0;
  // Markup left open at the end of the text: the packet was cut off (or never was XML). Refused here: xmldom
  // looks ahead for the end of every "<" it cannot close, so 40,000 of them held a pool child for 14 s.
  const cut = (): never => refuse("TRUNCATED", "Gói tin bị cắt cụt (thẻ XML không được đóng ở cuối gói tin).");
  let i = xml.indexOf("<");
  while (i >= 0 && i < length) {
    if (i === length - 1) cut();
    const next = xml.charCodeAt(i + 1);
    let end: number;
    if (next === 0x21 /* ! */) {
      // Comment, CDATA section (DOCTYPE was refused before): skipped whole.
      const close = xml.startsWith("<!--", i) ? "-->" : xml.startsWith("<![CDATA[", i) ? "]]>" : ">";
      end = xml.indexOf(close, i + 2);
      if (end < 0) cut();
      end += close.length - 1;
    } else if (next === 0x3f /* ? */) {
      end = xml.indexOf("?>", i + 2);
      if (end < 0) cut();
      end += 1;
    } else if (next === 0x2f /* / */) {
      end = xml.indexOf(">", i + 2);
      if (end < 0) cut();
      depth--;
    } else {
      // A start tag opens with a name (XML 1.0 §2.3 NameStartChar): a "<" before anything else is not XML.
      if (!isNameStart(next)) refuse("MALFORMED", `Gói tin không phải XML hợp lệ: dấu "<" không mở thẻ nào (ký tự thứ ${(i + 1).toLocaleString("vi-VN")}).`);
      // Every attribute has one "=" outside quotes; "<" may not occur in a tag outside its values.
      let own = 0;
      end = i + 1;
      for (; end < length; end++) {
        const c = xml.charCodeAt(end);
        if (c === 0x22 || c === 0x27) {
          end = xml.indexOf(c === 0x22 ? '"' : "'", end + 1);
          if (end < 0) cut();
        } else if (c === 0x3d /* = */) {
          if (++own > MAX_ATTRIBUTES_PER_ELEMENT)
            refuse("TOO_COMPLEX", `Gói tin có phần tử mang quá ${MAX_ATTRIBUTES_PER_ELEMENT} thuộc tính; gói tin edXML hợp lệ không có phần tử như vậy.`);
        } else if (c === 0x3c /* < */) {
          refuse("MALFORMED", `Gói tin không phải XML hợp lệ: thẻ chưa đóng trước dấu "<" (ký tự thứ ${(end + 1).toLocaleString("vi-VN")}).`);
        } else if (c === 0x3e /* > */) break;
      }
      if (end >= length) cut();
      if (++elements > MAX_ELEMENTS) refuse("TOO_COMPLEX", `Gói tin có quá ${MAX_ELEMENTS.toLocaleString("vi-VN")} phần tử.`);
      attributes += own;
      if (attributes > MAX_ATTRIBUTES) refuse("TOO_COMPLEX", `Gói tin có quá ${MAX_ATTRIBUTES.toLocaleString("vi-VN")} thuộc tính.`);
      if (xml.charCodeAt(end - 1) !== 0x2f /* / */ && ++depth > MAX_ELEMENT_DEPTH)
        refuse("TOO_COMPLEX", `Gói tin có phần tử lồng nhau quá ${MAX_ELEMENT_DEPTH} cấp; gói tin edXML hợp lệ không lồng sâu như vậy.`);
    }
    i = xml.indexOf("<", end + 1);
  }
}

/** XML 1.0 §2.3 NameStartChar, loosely above ASCII (the parser judges those): a letter, "_" or ":". */
function isNameStart(c: number): boolean {
  return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f || c === 0x3a || c >= 0xc0;
}

/** Reads the text of a packet and refuses what must never reach a parser. */
export function decodePacketText(bytes: Uint8Array, limits: ParseLimits = DEFAULT_PARSE_LIMITS): string {
  const { buffer, start } = screenBytes(bytes, limits);
  const xml = buffer.toString("utf8", start);
  refuseDtd(xml);
  return xml;
}

/** Where a lifted attachment's base64 lies in the packet (byte offsets) and how many bytes it decodes to. */
export type AttachmentRange = Pick<LiftedRun, "start" | "end" | "compact" | "padding">;

type ReadOptions = { limits?: ParseLimits; trustAnchorsPem?: string[]; at?: Date };

/** Parses, checks and (with `trustAnchorsPem`) verifies the signature of a packet. */
export function parsePacket(bytes: Uint8Array, options: ReadOptions = {}): ParsedPacket {
  return readPacket(bytes, options, false).parsed;
}

/**
 * As parsePacket, for a caller that holds the packet bytes itself (the untrusted pool's parent): an
 * attachment whose base64 was lifted comes back as a byte range of the packet (its `bytes` empty) instead
 * of a decoded copy, so a 10 MB attachment does not cross the process boundary. `ranges[i]` belongs to
 * `attachments[i]`; null means its bytes are there already. `materializeAttachments` fills them in.
 */
export function parsePacketToRanges(bytes: Uint8Array, options: ReadOptions = {}): { parsed: ParsedPacket; ranges: Array<AttachmentRange | null> } {
  return readPacket(bytes, options, true);
}

/**
 * Decodes the ranges parsePacketToRanges returned, from the same packet bytes. `decoded` may hold a range already
 * decoded by the caller (the same Node decoder, run before the parse said which runs are attachments), keyed
 * "start:end"; it is used when its length is the range's, else the range is decoded here.
 */
export function materializeAttachments(
  parsed: ParsedPacket,
  ranges: Array<AttachmentRange | null>,
  bytes: Uint8Array,
  decoded?: ReadonlyMap<string, Uint8Array>,
): ParsedPacket {
  if (parsed.kind !== "document") return parsed;
  parsed.packet.attachments.forEach((a, i) => {
    const range = ranges[i];
    if (!range) return;
    const early = decoded?.get(`${range.start}:${range.end}`);
    a.bytes = early && early.byteLength === decodedLength(range) ? early : decodeRun(bytes, range);
  });
  return parsed;
}

function parseText(xml: string): { doc: Document | null; errors: string[] } {
  const errors: string[] = [];
  let doc: Document | null = null;
  try {
    doc = parseXmlDocument(xml, (level, message) => {
      if (level !== "warning") errors.push(message);
    });
  } catch (error) {
    // xmldom 0.9 stops at the first fatal error (ParseError) after reporting it.
    if (errors.length === 0) errors.push(error instanceof Error ? error.message : String(error));
  }
  return { doc, errors };
}

function readPacket(bytes: Uint8Array, options: ReadOptions, asRanges: boolean): { parsed: ParsedPacket; ranges: Array<AttachmentRange | null> } {
  const limits = options.limits ?? DEFAULT_PARSE_LIMITS;
  const { buffer, start, transcoded } = screenBytes(bytes, limits);
  // Ranges are offsets into the bytes the caller holds: a transcoded packet's attachments come back decoded instead.
  const wantRanges = asRanges && !transcoded;
  let lifted: LiftedText | null = liftBase64Runs(buffer, start);
  let xml = lifted ? lifted.xml : buffer.toString("utf8", start);
  refuseDtd(xml);
  // The lifted text has the same markup as the whole one (only attachment text is replaced): one scan serves both.
  scanStructure(xml);
  let { doc, errors } = parseText(xml);
  if (lifted && (errors.length > 0 || !doc?.documentElement || !liftedTokensInPlace(doc, lifted))) {
    // Base64-looking text somewhere other than an attachment, or a broken document: read it whole, as
    // before, so that every verdict and message is the parser's own.
    lifted = null;
    xml = buffer.toString("utf8", start);
    ({ doc, errors } = parseText(xml));
  }
  const root: Element | null = doc?.documentElement ?? null;
  // A document cut off in transit parses "successfully" in lenient parsers: require the root's end tag.
  const trimmed = withoutTrailingMisc(xml);
  const ends = /<\/(?:[A-Za-z_][\w.-]*:)?(?:edXMLEnvelope|edXML)\s*>$/.test(trimmed.slice(Math.max(0, trimmed.length - 512)));
  if (!root)
    return refuse("MALFORMED", errors.length ? `Gói tin không phải XML hợp lệ: ${errors[0].split("\n")[0].slice(0, 160)}` : "Gói tin không phải XML hợp lệ.");
  const wrapped = isWrapper(root);
  if (((root.localName === "edXMLEnvelope" && root.namespaceURI === EDXML_NS) || wrapped) && !ends)
    refuse("TRUNCATED", `Gói tin bị cắt cụt (thiếu phần kết thúc ${root.localName}).`);
  if (errors.length) refuse("MALFORMED", `Gói tin không phải XML hợp lệ: ${errors[0].split("\n")[0].slice(0, 160)}`);
  const envelope = wrapped ? child(root, "edXMLEnvelope") : root;
  if (!envelope || envelope.namespaceURI !== EDXML_NS || envelope.localName !== "edXMLEnvelope") {
    refuse(
      "FOREIGN_NAMESPACE",
      `Gói tin không theo QCVN 102:2016: phần tử gốc phải là edXMLEnvelope (hoặc edXML bao edXMLEnvelope) trong không gian tên ${EDXML_NS} (nhận được "${root.localName}" trong "${root.namespaceURI ?? ""}").`,
    );
  }
  const header = child(envelope, "edXMLHeader");
  if (!header) refuse("MISSING_FIELD", "Gói tin thiếu edXMLHeader.");
  const full = lifted ? () => buffer.toString("utf8", start) : () => xml;
  const signature = verifyPacketSignature(xml, options.trustAnchorsPem ?? [], options.at ?? new Date(), doc!, lifted ? { lifted, fullXml: full } : undefined);

  const status = child(header, "Status");
  if (status) return { parsed: { kind: "status", packet: parseStatus(status), signature }, ranges: [] };
  const message = child(header, "MessageHeader");
  if (!message) return refuse("UNKNOWN_KIND", "Gói tin không phải gói tin văn bản hay gói tin trạng thái.");
  const ranges: Array<AttachmentRange | null> = [];
  const packet = parseDocument(root, envelope!, header!, message, limits, { lifted, wantRanges, ranges });
  return { parsed: { kind: "document", packet, signature }, ranges };
}

/**
 * The text without what XML allows after the root element (comments, processing instructions, white space:
 * "Misc", XML 1.0 §2.1): a signing tool that appends `<!-- Ký bởi … -->` sends a well-formed packet. A comment cannot
 * contain "--", so the last "<!--" opens the trailing one; a cut-off comment or PI is left and refused as truncated.
 */
function withoutTrailingMisc(xml: string): string {
  let end = xml.trimEnd();
  for (;;) {
    const open = end.endsWith("-->") ? end.lastIndexOf("<!--") : end.endsWith("?>") ? end.lastIndexOf("<?") : -1;
    if (open < 0) return end;
    end = end.slice(0, open).trimEnd();
  }
}

type LiftContext = { lifted: LiftedText | null; wantRanges: boolean; ranges: Array<AttachmentRange | null> };

/** The run whose token is the whole base64 text, or null (the text is in the DOM). */
function liftedRunOf(raw: string, lift: LiftContext): LiftedRun | null {
  const lifted = lift.lifted;
  if (!lifted) return null;
  const value = raw.trim();
  const index = Number(value.slice(lifted.prefix.length));
  return value.startsWith(lifted.prefix) && value === tokenOf(lifted.prefix, index) ? (lifted.runs[index] ?? null) : null;
}

/** The text with every token put back (a value made of a run and other text: rare, and decoded the slow way). */
function expandTokens(raw: string, lift: LiftContext): string {
  const lifted = lift.lifted;
  if (!lifted || !raw.includes(lifted.prefix)) return raw;
  return raw.replace(new RegExp(`${lifted.prefix}(\\d{4})`, "g"), (_, i: string) => {
    const run = lifted.runs[Number(i)];
    return run ? lifted.bytes.toString("latin1", run.start, run.end) : "";
  });
}

function parseStatus(node: Element): StatusPacket {
  const responseFor = child(node, "ResponseFor");
  if (!responseFor) refuse("MISSING_FIELD", "Gói tin trạng thái thiếu ResponseFor.");
  const documentId = required(responseFor, "DocumentId", "mã văn bản được phản hồi");
  const code = text(responseFor, "Code");
  const slash = code.indexOf("/");
  const statusCode = required(node, "StatusCode", "mã trạng thái").padStart(2, "0");
  if (!isStatusCode(statusCode)) refuse("MISSING_FIELD", `Mã trạng thái "${statusCode}" không thuộc QCVN 102:2016.`);
  return {
    responseFor: {
      organId: text(responseFor, "OrganId") || documentId.split(",")[0],
      codeNumber: slash >= 0 ? code.slice(0, slash) : code,
      codeNotation: slash >= 0 ? code.slice(slash + 1) : "",
      promulgationDate: parseEdxmlDate(text(responseFor, "PromulgationDate")) ?? parseEdxmlDate(documentId.split(",")[1]) ?? "",
      documentId,
    },
    from: organOf(child(node, "From"), "cơ quan gửi"),
    to: child(node, "To") ? organOf(child(node, "To"), "cơ quan nhận") : { organId: text(responseFor, "OrganId") || documentId.split(",")[0], organName: "" },
    statusCode: statusCode as StatusPacket["statusCode"],
    description: text(node, "Description"),
    timestamp: parseEdxmlTimestamp(text(node, "Timestamp")) ?? new Date(0),
    staff: staffOf(child(node, "StaffInfo")),
  };
}

function parseDocument(root: Element, envelope: Element, header: Element, m: Element, limits: ParseLimits, lift: LiftContext): DocumentPacket {
  const from = organOf(child(m, "From"), "cơ quan gửi");
  const to = children(m, "To").map((t) => organOf(t, "cơ quan nhận"));
  if (to.length === 0) refuse("MISSING_FIELD", "Gói tin thiếu cơ quan nhận (To).");
  const documentId = required(m, "DocumentId", "mã văn bản");
  const trace = child(header, "TraceHeaderList");
  const business = child(trace, "Bussiness");
  const typeText = text(business, "BussinessDocType") || "0";
  if (!/^[0-3]$/.test(typeText)) refuse("MISSING_FIELD", `Loại nghiệp vụ BussinessDocType "${typeText}" không hợp lệ.`);
  if (typeText === "3") refuse("UNKNOWN_KIND", "Gói tin thay thế văn bản (BussinessDocType 3) chưa được hỗ trợ; đề nghị gửi văn bản mới.");
  const businessDocType = Number(typeText) as BusinessDocType;
  const promulgationText = text(child(m, "PromulgationInfo"), "PromulgationDate") || documentId.split(",")[1] || "";
  const promulgationDate = parseEdxmlDate(promulgationText);
  if (!promulgationDate) refuse("MISSING_FIELD", `Ngày ban hành "${promulgationText}" không hợp lệ (yyyy/MM/dd hoặc dd/MM/yyyy).`);
  const dueText = text(m, "DueDate");
  // An unreadable DueDate is refused like an unreadable PromulgationDate, not dropped: the hạn xử lý is the sender's
  // deadline for the receiving office (Decree 30 Art. 24 k.2), and a copy that silently had none would be handled with
  // no deadline while the sender counts one. A refusal is recorded and answered with this reason (HTTP 422, the
  // directory's refused/ folder, the CLI), so the sender can correct the date and send again; there is no field on a
  // received copy where a warning would reach the clerk who registers it.
  const dueDate = dueText ? parseEdxmlDate(dueText) : null;
  if (dueText && !dueDate) refuse("MISSING_FIELD", `Hạn xử lý (DueDate) "${dueText}" không hợp lệ (yyyy/MM/dd hoặc dd/MM/yyyy).`);
  const other = child(m, "OtherInfo");
  const priority = Number(text(other, "Priority") || "0");
  if (!Number.isInteger(priority) || priority < 0 || priority > 4)
    refuse("MISSING_FIELD", `Độ khẩn (Priority) "${text(other, "Priority")}" không hợp lệ (0–4).`);
  const pageText = text(other, "PageAmount");
  const subject = businessDocType === 1 ? text(m, "Subject") : required(m, "Subject", "trích yếu");

  const body = child(envelope, "edXMLBody");
  const manifestNode = child(body, "edXMLManifest");
  const manifest = manifestNode ? children(manifestNode, "Reference") : [];
  // Where the encoded files are: inside edXMLBody (this product's packets before ADR 0022) or after the envelope, as
  // the last child of the outer edXML element (the VPCP SDK's packets, those of the LGSPs built on it, ours now).
  const encoded = [body, envelope, root === envelope ? null : root].flatMap((parent) =>
    attachmentChildren(parent, "AttachmentEncoded").flatMap((e) => attachmentChildren(e, "Attachment")),
  );
  if (manifest.length > limits.maxAttachments || encoded.length > limits.maxAttachments) {
    refuse("TOO_MANY_ATTACHMENTS", `Gói tin có quá nhiều tệp đính kèm (tối đa ${limits.maxAttachments}).`);
  }
  const byId = new Map<string, Element>();
  for (const a of encoded) byId.set(normalizeCid(attachmentText(a, "ContentId")), a);
  const attachments: PacketAttachment[] = [];
  const seen = new Set<string>();
  for (const ref of manifest) {
    const href = referenceTarget(ref);
    const cid = normalizeCid(href);
    const name = text(ref, "AttachmentName") || cid;
    const found = byId.get(cid);
    if (!cid || !found) return refuse("MISSING_ATTACHMENT", `Danh mục (edXMLManifest) tham chiếu "${href}" nhưng gói tin không có tệp đính kèm tương ứng.`);
    const node: Element = found;
    if (seen.has(cid)) refuse("MISSING_ATTACHMENT", `Danh mục tham chiếu "${href}" hai lần.`);
    seen.add(cid);
    const { raw, encoding } = attachmentContent(node);
    if (encoding !== "base64") refuse("BAD_BASE64", `Tệp đính kèm "${name}" dùng mã hóa "${encoding}"; chỉ chấp nhận base64.`);
    // liftedTokensInPlace proved a token is the whole text of its element, so the run is the whole value.
    const run = liftedRunOf(raw, lift);
    if (run && decodedLength(run) > limits.maxAttachmentBytes)
      refuse("ATTACHMENT_TOO_LARGE", `Tệp đính kèm "${name}" lớn hơn giới hạn ${Math.round(limits.maxAttachmentBytes / 1024 / 1024)} MB.`);
    lift.ranges.push(run && lift.wantRanges ? { start: run.start, end: run.end, compact: run.compact, padding: run.padding } : null);
    attachments.push({
      contentId: `cid:${cid}`,
      name: attachmentText(node, "AttachmentName") || name,
      contentType: text(ref, "ContentType") || attachmentText(node, "ContentType") || "application/octet-stream",
      description: text(ref, "Description") || null,
      bytes: run
        ? lift.wantRanges
          ? new Uint8Array(0)
          : decodeRun(lift.lifted!.bytes, run)
        : decodeBase64(expandTokens(raw, lift), name, limits.maxAttachmentBytes),
    });
  }
  if (encoded.length > seen.size) refuse("MISSING_ATTACHMENT", "Gói tin có tệp đính kèm không được khai báo trong danh mục (edXMLManifest).");
  if (businessDocType === 0 && attachments.length === 0) refuse("MISSING_ATTACHMENT", "Gói tin văn bản không kèm tệp văn bản nào.");

  const code = child(m, "Code");
  const signer = child(m, "SignerInfo");
  return {
    businessDocType,
    businessReason: text(business, "BussinessDocReason") || null,
    from,
    to,
    codeNumber: text(code, "CodeNumber") || documentId.split(",").slice(2).join(",").split("/")[0] || "",
    codeNotation: text(code, "CodeNotation") || documentId.split(",").slice(2).join(",").split("/").slice(1).join("/") || "",
    place: text(child(m, "PromulgationInfo"), "Place"),
    promulgationDate: promulgationDate!,
    docType: { type: text(child(m, "DocumentType"), "Type"), typeName: text(child(m, "DocumentType"), "TypeName") },
    subject,
    content: text(m, "Content") || null,
    signer: { competence: text(signer, "Competence") || null, position: text(signer, "Position") || null, fullName: text(signer, "FullName") },
    dueDate,
    priority,
    pageAmount: /^\d+$/.test(pageText) ? Number(pageText) : null,
    promulgationAmount: /^\d+$/.test(text(other, "PromulgationAmount")) ? Number(text(other, "PromulgationAmount")) : null,
    // OtherInfo is optional in practice (several producers omit it): priority 0 (thường), no appendixes.
    appendixes: texts(child(other, "Appendixes") ?? other, "Appendix"),
    toPlaces: texts(child(m, "ToPlaces") ?? m, "Place"),
    steeringType: text(m, "SteeringType") || null,
    documentId,
    traces: children(trace ?? header, "TraceHeader").map((t) => ({
      organId: text(t, "OrganId"),
      timestamp: parseEdxmlTimestamp(text(t, "Timestamp")) ?? new Date(0),
    })),
    staff: staffOf(child(business, "StaffInfo")),
    attachments,
  };
}

function normalizeCid(value: string): string {
  return value.trim().replace(/^cid:/i, "").replace(/^<|>$/g, "");
}

const XLINK_NS = "http://www.w3.org/1999/xlink";

/** The outer `edXML` element the VPCP SDK writes around edXMLEnvelope and AttachmentEncoded (domain.md §8.3). */
function isWrapper(root: Element): boolean {
  return root.localName === "edXML" && (root.namespaceURI === EDXML_NS || !root.namespaceURI);
}

/**
 * Children of the attachment part (AttachmentEncoded, Attachment and their fields): in the edXML namespace or in none.
 * Producers built on the VPCP SDK write this part after the envelope without a prefix: in the edXML namespace when
 * the outer element declares it as the default one, in no namespace when it does not; readers of those packets
 * match these elements by local name.
 */
function attachmentChildren(parent: Element | null | undefined, name: string): Element[] {
  const out: Element[] = [];
  if (!parent) return out;
  for (let n = parent.firstChild; n; n = n.nextSibling) {
    if (n.nodeType !== 1) continue;
    const e = n as Element;
    if (e.localName === name && (e.namespaceURI === EDXML_NS || !e.namespaceURI)) out.push(e);
  }
  return out;
}
const attachmentText = (parent: Element, name: string): string => bounded((attachmentChildren(parent, name)[0]?.textContent ?? "").trim(), name);

/**
 * The content id a manifest Reference points to: `edXML:href` (this product before ADR 0022), `xlink:href` (the VPCP
 * SDK, this product now), a bare `href`, or a ContentId child (the Bkav eDoc library writes only that).
 */
function referenceTarget(ref: Element): string {
  return (
    ref.getAttributeNS(EDXML_NS, "href") ||
    ref.getAttributeNS(XLINK_NS, "href") ||
    ref.getAttribute("edXML:href") ||
    ref.getAttribute("href") ||
    text(ref, "ContentId")
  );
}

/** Names a ContentTransferEncoded element holds when it names the encoding rather than holding the data. */
const TRANSFER_ENCODINGS = new Set(["base64", "7bit", "8bit", "binary", "quoted-printable"]);

/**
 * An attachment's encoded text and its encoding. Three layouts occur: a Value child with ContentTransferEncoded
 * naming the encoding (this product before ADR 0022), the base64 as the Attachment's own text, and the base64 inside
 * ContentTransferEncoded itself (the VPCP SDK, the Bkav eDoc library and this product now; their readers decode that
 * element's text).
 */
function attachmentContent(node: Element): { raw: string; encoding: string } {
  const named = attachmentChildren(node, "ContentTransferEncoded")[0] ?? null;
  const namedText = (named?.textContent ?? "").trim();
  const encodingName = namedText.length <= 32 ? namedText.toLowerCase() : "";
  const value = attachmentChildren(node, "Value")[0];
  if (value) return { raw: value.textContent ?? "", encoding: encodingName || "base64" };
  const own = ownText(node);
  if (own.trim()) return { raw: own, encoding: encodingName || "base64" };
  if (named && !TRANSFER_ENCODINGS.has(encodingName)) return { raw: named.textContent ?? "", encoding: "base64" };
  return { raw: "", encoding: encodingName || "base64" };
}

/** Text directly inside an Attachment element (implementations that put the base64 there, not in Value). */
function ownText(node: Element): string {
  let out = "";
  for (let n = node.firstChild; n; n = n.nextSibling) if (n.nodeType === 3 || n.nodeType === 4) out += n.nodeValue ?? "";
  return out;
}
