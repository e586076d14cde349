// What an uploaded file is, judged by its bytes rather than its name or the browser's MIME type
// (issue "Hostile input": evidence accepted anything starting with %PDF). Header-level checks only,
// each bounded by the file's size with no decompression: the deeper checks (opening a PDF, reading a
// workbook) run in the untrusted-file pool. No I/O.
import { isUtf8 } from "node:buffer";

export type SniffedKind = "pdf" | "png" | "jpeg" | "zip" | "text";

const PNG_MAGIC = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
// PDF 32000-1 §7.5.2 puts "%PDF-" first; readers accept it within the first 1024 bytes.
const PDF_MAGIC_WINDOW = 1024;

const LATIN1 = new TextDecoder("latin1");

function latin1(bytes: Uint8Array, start: number, end: number): string {
  return LATIN1.decode(bytes.subarray(Math.max(0, start), Math.min(end, bytes.length)));
}

export function hasPdfHeader(bytes: Uint8Array): boolean {
  return latin1(bytes, 0, PDF_MAGIC_WINDOW).includes("%PDF-");
}

export function sniffKind(bytes: Uint8Array): SniffedKind | null {
  if (bytes.length === 0) return null;
  if (bytes.length > 8 && PNG_MAGIC.every((b, i) => bytes[i] === b)) return "png";
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return "jpeg";
  if (bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04) return "zip";
  if (hasPdfHeader(bytes)) return "pdf";
  if (isUtf8Text(bytes)) return "text";
  return null;
}

// ISO/IEC 23008-12 (HEIF): an ISO BMFF "ftyp" box first, with a HEIF brand (iPhone photos are "heic").
const HEIF_BRANDS = new Set(["heic", "heix", "heim", "heis", "hevc", "hevx", "hevm", "hevs", "mif1", "msf1", "avif"]);

/** A HEIC/HEIF (or AVIF) image, which nothing here decodes: told apart so that the refusal can say so. */
export function isHeif(bytes: Uint8Array): boolean {
  return bytes.length >= 12 && latin1(bytes, 4, 8) === "ftyp" && HEIF_BRANDS.has(latin1(bytes, 8, 12));
}

/**
 * Validated without decoding: a 50 MB upload sniffed by `TextDecoder` made a 50-million-character string on the
 * request thread; `isUtf8` checks the bytes in place (pure, from Node's buffer module).
 */
function isUtf8Text(bytes: Uint8Array): boolean {
  return !bytes.includes(0) && isUtf8(bytes);
}

// ---- Images ------------------------------------------------------------------------------------

export type ImageDimensions = { width: number; height: number };

/** Signature, seal and evidence images: a scan of an A4 page at 300 dpi is 2480 × 3508. */
export const MAX_IMAGE_SIDE = 10_000;
export const MAX_IMAGE_PIXELS = 40_000_000;

function u32(bytes: Uint8Array, at: number): number {
  return ((bytes[at] << 24) | (bytes[at + 1] << 16) | (bytes[at + 2] << 8) | bytes[at + 3]) >>> 0;
}

/** PNG: the IHDR chunk first (PNG spec §11.2.2), and an IEND chunk at the end (a truncated file has none). */
export function pngDimensions(bytes: Uint8Array): ImageDimensions | null {
  if (bytes.length < 45 || !PNG_MAGIC.every((b, i) => bytes[i] === b)) return null;
  if (u32(bytes, 8) !== 13 || latin1(bytes, 12, 16) !== "IHDR") return null;
  const width = u32(bytes, 16);
  const height = u32(bytes, 20);
  if (width === 0 || height === 0) return null;
  if (latin1(bytes, bytes.length - 8, bytes.length - 4) !== "IEND") return null;
  return { width, height };
}

/**
 * JPEG: the first start-of-frame marker (SOF0–SOF15 except DHT/JPG/DAC) carries height and width; the file must
 * also reach its end-of-image marker after the scan data, as a PNG must reach IEND: a photo cut off in transfer
 * otherwise passed, was stored as evidence or wrapped into a scan PDF, and its OCR failed. Bytes after EOI (a
 * phone's "motion photo") are allowed. Inside the entropy-coded data every 0xFF is stuffed or a restart marker, so
 * the first FF D9 after the start of scan is the image's end.
 */
export function jpegDimensions(bytes: Uint8Array): ImageDimensions | null {
  if (bytes.length < 4 || bytes[0] !== 0xff || bytes[1] !== 0xd8) return null;
  let size: ImageDimensions | null = null;
  let at = 2;
  while (at + 3 < bytes.length) {
    if (bytes[at] !== 0xff) return null;
    const marker = bytes[at + 1];
    if (marker === 0xff) {
      at++;
      continue;
    }
    if (marker === 0xd9) return null; // end of image before any scan data
    if (marker === 0xda) return size && hasEndOfImage(bytes, at + 2) ? size : null;
    const length = (bytes[at + 2] << 8) | bytes[at + 3];
    if (length < 2) return null;
    const isSof = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (isSof && !size) {
      if (at + 9 >= bytes.length) return null;
      const height = (bytes[at + 5] << 8) | bytes[at + 6];
      const width = (bytes[at + 7] << 8) | bytes[at + 8];
      if (!width || !height) return null;
      size = { width, height };
    }
    at += 2 + length;
  }
  return null;
}

function hasEndOfImage(bytes: Uint8Array, from: number): boolean {
  for (let i = bytes.indexOf(0xff, from); i >= 0 && i + 1 < bytes.length; i = bytes.indexOf(0xff, i + 1)) {
    if (bytes[i + 1] === 0xd9) return true;
  }
  return false;
}

/** A Vietnamese reason the image is refused, or null when it is a decodable PNG/JPEG within the limits. */
export function imageProblem(bytes: Uint8Array, accept: ReadonlyArray<"png" | "jpeg"> = ["png", "jpeg"]): string | null {
  const kind = sniffKind(bytes);
  const label = accept.map((k) => k.toUpperCase()).join(" hoặc ");
  if (kind !== "png" && kind !== "jpeg") return `Tệp không phải ảnh ${label}.`;
  if (!accept.includes(kind)) return `Ảnh phải là tệp ${label}.`;
  const size = kind === "png" ? pngDimensions(bytes) : jpegDimensions(bytes);
  if (!size) return `Ảnh ${kind.toUpperCase()} bị hỏng hoặc không đầy đủ.`;
  if (size.width > MAX_IMAGE_SIDE || size.height > MAX_IMAGE_SIDE || size.width * size.height > MAX_IMAGE_PIXELS) {
    return `Ảnh quá lớn (${size.width} × ${size.height} điểm ảnh); giới hạn ${MAX_IMAGE_SIDE.toLocaleString("vi-VN")} điểm ảnh mỗi cạnh và ${(MAX_IMAGE_PIXELS / 1_000_000).toLocaleString("vi-VN")} triệu điểm ảnh.`;
  }
  return null;
}

// ---- ZIP (XLSX, DOCX) --------------------------------------------------------------------------

export type ZipEntry = {
  name: string;
  method: number;
  /** General purpose bit flag (APPNOTE 4.4.4): bit 0 set means encrypted. */
  flags: number;
  crc32: number;
  compressedSize: number;
  uncompressedSize: number;
  localHeaderOffset: number;
};

export class ZipLimitError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ZipLimitError";
  }
}

/** Office files are zips; these bound what the reader may inflate before anything is decompressed. */
export const ZIP_LIMITS = {
  maxEntries: 2_000,
  /** Sum of the declared uncompressed sizes. */
  maxTotalUncompressedBytes: 200 * 1024 * 1024,
  /** A single part (the sheet XML of a real appendix is well under 10 MB). */
  maxEntryUncompressedBytes: 100 * 1024 * 1024,
  /** Deflate tops out near 1:1032; a part declaring more than this is a bomb or lies. */
  maxRatio: 1_100,
} as const;

/**
 * Reads the central directory (APPNOTE 4.3.12, 4.3.16) and checks the declared sizes against ZIP_LIMITS.
 * ZIP64 archives (sizes 0xFFFFFFFF) are refused: an office file never needs 4 GB.
 */
export function readZipDirectory(
  bytes: Uint8Array,
  limits: { maxEntries: number; maxTotalUncompressedBytes: number; maxEntryUncompressedBytes: number; maxRatio: number } = ZIP_LIMITS,
): ZipEntry[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let eocd = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 65_535); i--) {
    if (view.getUint32(i, true) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new ZipLimitError("Tệp không phải tệp nén Office hợp lệ (thiếu thư mục trung tâm) hoặc đã bị cắt cụt.");
  const count = view.getUint16(eocd + 10, true);
  const dirSize = view.getUint32(eocd + 12, true);
  const dirOffset = view.getUint32(eocd + 16, true);
  if (count === 0xffff || dirOffset === 0xffffffff) throw new ZipLimitError("Tệp nén ZIP64 không được hỗ trợ.");
  if (count > limits.maxEntries) throw new ZipLimitError(`Tệp nén có quá nhiều thành phần (${count}); giới hạn ${limits.maxEntries}.`);
  if (dirOffset + dirSize > bytes.length) throw new ZipLimitError("Tệp nén bị hỏng hoặc đã bị cắt cụt.");
  const entries: ZipEntry[] = [];
  let total = 0;
  let at = dirOffset;
  const decoder = new TextDecoder();
  for (let n = 0; n < count; n++) {
    if (at + 46 > bytes.length || view.getUint32(at, true) !== 0x02014b50) throw new ZipLimitError("Tệp nén bị hỏng (thư mục trung tâm sai).");
    const flags = view.getUint16(at + 8, true);
    const method = view.getUint16(at + 10, true);
    const crc32 = view.getUint32(at + 16, true);
    const compressedSize = view.getUint32(at + 20, true);
    const uncompressedSize = view.getUint32(at + 24, true);
    const nameLength = view.getUint16(at + 28, true);
    const extraLength = view.getUint16(at + 30, true);
    const commentLength = view.getUint16(at + 32, true);
    const localHeaderOffset = view.getUint32(at + 42, true);
    const name = decoder.decode(bytes.subarray(at + 46, at + 46 + nameLength));
    if (compressedSize === 0xffffffff || uncompressedSize === 0xffffffff) throw new ZipLimitError("Tệp nén ZIP64 không được hỗ trợ.");
    if (localHeaderOffset + compressedSize > bytes.length) throw new ZipLimitError("Tệp nén bị hỏng hoặc đã bị cắt cụt.");
    const mb = (b: number) => Math.round(b / 1024 / 1024);
    if (uncompressedSize > limits.maxEntryUncompressedBytes) {
      throw new ZipLimitError(
        `Tệp nén có thành phần giải nén tới ${mb(uncompressedSize)} MB; giới hạn ${mb(limits.maxEntryUncompressedBytes)} MB mỗi thành phần.`,
      );
    }
    if (compressedSize > 0 && uncompressedSize / compressedSize > limits.maxRatio && uncompressedSize > 1024 * 1024) {
      throw new ZipLimitError(`Tệp nén có tỷ lệ nén bất thường (${Math.round(uncompressedSize / compressedSize)}:1), có thể là “bom nén”; không đọc tệp này.`);
    }
    total += uncompressedSize;
    if (total > limits.maxTotalUncompressedBytes) {
      throw new ZipLimitError(`Tệp nén giải nén ra quá ${mb(limits.maxTotalUncompressedBytes)} MB; không đọc tệp này.`);
    }
    entries.push({ name, method, flags, crc32, compressedSize, uncompressedSize, localHeaderOffset });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/**
 * The stored (compressed) bytes of a part, after its local header (APPNOTE 4.3.7), or null when no local header is
 * where the directory says. Declared sizes only: inflating, and trusting the result, is the caller's business.
 */
export function zipEntryData(bytes: Uint8Array, entry: ZipEntry): Uint8Array | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const at = entry.localHeaderOffset;
  if (at + 30 > bytes.length || view.getUint32(at, true) !== 0x04034b50) return null;
  const start = at + 30 + view.getUint16(at + 26, true) + view.getUint16(at + 28, true);
  return bytes.subarray(start, start + entry.compressedSize);
}

/**
 * The one file inside an attachment another system zipped for the journey, or null when the zip is the file itself.
 * The Bkav eDoc library (behind the national document axis and several LGSPs) and the VNPT SDK it derives from zip
 * every attachment that is not a PDF, DOC, DOCX, XLS or ZIP, declare it application/zip and keep the original name
 * ("Bảng kê.xlsx"); the VPCP gateway's manual builder zips every file under the original's type. Their receivers
 * unzip such a file. So: exactly one file entry, a name that does not end in .zip, and either the declared type is a
 * zip or the entry has the name's extension; not encrypted, stored or deflated. An XLSX or DOCX (a zip of many
 * parts), a ".zip", or a one-file zip nobody called a wrapper stays as it came.
 */
export function travelZipEntry(entries: ZipEntry[], name: string, declaredType: string): ZipEntry | null {
  const extension = extensionOf(name);
  if (extension === "zip") return null;
  const files = entries.filter((e) => !e.name.endsWith("/"));
  if (files.length !== 1) return null;
  const [entry] = files;
  if (!ZIP_TYPES.has(declaredType.trim().toLowerCase()) && (extension === "" || extensionOf(entry.name) !== extension)) return null;
  if ((entry.flags & 0x1) !== 0 || (entry.method !== 0 && entry.method !== 8)) return null;
  return entry;
}

const ZIP_TYPES = new Set(["application/zip", "application/x-zip-compressed", "application/x-zip"]);

/** The lower-case extension of a file name, "" when it has none. */
export function extensionOf(name: string): string {
  const dot = name.lastIndexOf(".");
  return dot > 0 && dot < name.length - 1 ? name.slice(dot + 1).toLowerCase() : "";
}

/** Media types by extension, for a file whose own type did not travel with it (it was declared application/zip). */
const TYPES_BY_EXTENSION: Record<string, string> = {
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

/** The type an unzipped travel file gets: its declared one, unless that was the wrapper's (then by extension). */
export function travelFileType(name: string, entryName: string, declaredType: string): string {
  if (!ZIP_TYPES.has(declaredType.trim().toLowerCase())) return declaredType;
  return TYPES_BY_EXTENSION[extensionOf(name) || extensionOf(entryName)] ?? "application/octet-stream";
}

/** The parts an XLSX or DOCX must have (ECMA-376 Part 2 §10.1.2: [Content_Types].xml; Part 1 §12.3). */
export function officeKindOf(entries: ZipEntry[]): "xlsx" | "docx" | null {
  const names = new Set(entries.map((e) => e.name));
  if (!names.has("[Content_Types].xml")) return null;
  if (names.has("xl/workbook.xml")) return "xlsx";
  if (names.has("word/document.xml")) return "docx";
  return null;
}

// ---- PDF structure -----------------------------------------------------------------------------

export type PdfStructureProblem = "NOT_PDF" | "TRUNCATED" | "BAD_XREF" | "ENCRYPTED";

export const PDF_STRUCTURE_MESSAGES: Record<PdfStructureProblem, string> = {
  NOT_PDF: "Tệp không phải PDF hợp lệ.",
  TRUNCATED: "Tệp PDF không đầy đủ (bị cắt cụt, thiếu phần kết thúc). Hãy tải lại hoặc xuất lại tệp từ phần mềm soạn thảo.",
  // The document is signed and kept as a record: a file that readers only open by repairing it is refused, and
  // the user is told how to get a sound one (the repair belongs to the author's software, not to us).
  BAD_XREF:
    "Tệp PDF bị hỏng (bảng tham chiếu không đúng vị trí), các phần mềm đọc chỉ mở được sau khi tự sửa. Hãy xuất lại tệp PDF từ phần mềm soạn thảo (hoặc in ra PDF) rồi tải lên.",
  ENCRYPTED: "Tệp PDF được mã hóa hoặc đặt mật khẩu; hãy gửi bản không mã hóa.",
};

/**
 * The file-level structure of PDF 32000-1 §7.5: header, and at the end `startxref <offset> %%EOF`
 * whose offset points at an xref table or an xref stream object; no /Encrypt in a trailer.
 * Readers "repair" files that fail this; a document of record must not need repairing.
 */
export function pdfStructureProblem(bytes: Uint8Array): PdfStructureProblem | null {
  if (bytes.length < 32 || !hasPdfHeader(bytes)) return "NOT_PDF";
  const tail = latin1(bytes, bytes.length - 2048, bytes.length);
  const match = /startxref\s+(\d+)\s+%%EOF\s*$/.exec(tail);
  if (!match) return "TRUNCATED";
  const offset = Number(match[1]);
  if (!Number.isSafeInteger(offset) || offset >= bytes.length) return "BAD_XREF";
  const at = latin1(bytes, offset, offset + 32);
  if (!/^\s*(xref\b|\d+\s+\d+\s+obj\b)/.test(at)) return "BAD_XREF";
  // Trailer dictionaries and xref stream dictionaries are never compressed, so /Encrypt is visible:
  // the classic trailer sits just before startxref, an xref stream's dictionary at the offset.
  const encrypt = /\/Encrypt\s*(\d+\s+\d+\s+R|<<)/;
  if (encrypt.test(tail) || encrypt.test(latin1(bytes, offset, offset + 4096))) return "ENCRYPTED";
  return null;
}
