// Generated hostile files (issue "Hostile input"): each is small on the wire and expensive for a naive
// reader. Built byte by byte here so that the tests need no external tool and the shapes are explicit.
import { crc32, deflateRawSync, deflateSync } from "node:zlib";

// ---- ZIP / XLSX -------------------------------------------------------------------------------------

export type ZipPart = { name: string; data: Buffer /** Lie about the uncompressed size in the headers. */; declaredSize?: number; store?: boolean };

/** A plain ZIP writer (APPNOTE 4.3): local headers, deflated data, central directory, end record. */
export function buildZip(parts: ZipPart[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const part of parts) {
    const name = Buffer.from(part.name, "utf8");
    const compressed = part.store ? part.data : deflateRawSync(part.data);
    const crc = crc32(part.data);
    const size = part.declaredSize ?? part.data.length;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6);
    local.writeUInt16LE(part.store ? 0 : 8, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(compressed.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    locals.push(local, name, compressed);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(part.store ? 0 : 8, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(compressed.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);
    offset += 30 + name.length + compressed.length;
  }
  const dir = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(dir.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, dir, end]);
}

const CONTENT_TYPES = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`;
const ROOT_RELS = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`;
const WORKBOOK = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>`;
const WORKBOOK_RELS = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`;

function sheetXml(inner: string, dimension = "A1"): string {
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="${dimension}"/>${inner}</worksheet>`;
}

export function xlsxWithSheet(sheet: string | Buffer, options: { declaredSheetSize?: number } = {}): Buffer {
  return buildZip([
    { name: "[Content_Types].xml", data: Buffer.from(CONTENT_TYPES) },
    { name: "_rels/.rels", data: Buffer.from(ROOT_RELS) },
    { name: "xl/workbook.xml", data: Buffer.from(WORKBOOK) },
    { name: "xl/_rels/workbook.xml.rels", data: Buffer.from(WORKBOOK_RELS) },
    { name: "xl/worksheets/sheet1.xml", data: typeof sheet === "string" ? Buffer.from(sheet) : sheet, declaredSize: options.declaredSheetSize },
  ]);
}

/** A ~1.5 KB workbook whose used range runs to XFD1048576 (17 billion cells for a reader that walks it). */
export function farCellXlsx(): Buffer {
  return xlsxWithSheet(
    sheetXml(
      `<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>STT</t></is></c></row><row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row></sheetData>`,
      "A1:XFD1048576",
    ),
  );
}

/** A workbook that merges the whole sheet (a reader that expands merges creates 17 billion cells). */
export function wholeSheetMergeXlsx(): Buffer {
  return xlsxWithSheet(
    sheetXml(
      `<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>STT</t></is></c></row></sheetData><mergeCells count="1"><mergeCell ref="A1:XFD1048576"/></mergeCells>`,
      "A1:XFD1048576",
    ),
  );
}

/** A data validation over the whole sheet: exceljs expands it address by address. */
export function wholeSheetValidationXlsx(): Buffer {
  return xlsxWithSheet(
    sheetXml(
      `<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>STT</t></is></c></row></sheetData><dataValidations count="1"><dataValidation type="whole" sqref="A1:XFD1048576"><formula1>1</formula1></dataValidation></dataValidations>`,
    ),
  );
}

/** A sheet part that inflates to `mb` megabytes of whitespace, optionally declaring a tiny size. */
export function zipBombXlsx(mb: number, options: { lie?: boolean } = {}): Buffer {
  const padding = Buffer.alloc(mb * 1024 * 1024, 0x20);
  const xml = Buffer.concat([Buffer.from(sheetXml("<sheetData>").replace("</worksheet>", "")), padding, Buffer.from("</sheetData></worksheet>")]);
  return xlsxWithSheet(xml, { declaredSheetSize: options.lie ? 1024 : undefined });
}

/** A CSV of `rows` rows of `columns` short cells. */
export function wideCsv(rows: number, columns: number): Buffer {
  const line = `${Array.from({ length: columns }, (_, i) => `c${i}`).join(",")}\n`;
  return Buffer.from(line.repeat(rows));
}

// ---- PDF ------------------------------------------------------------------------------------------

/**
 * Writes a PDF from object bodies (object n is `objects[n-1]`), with a correct xref table and trailer
 * unless told otherwise. Bodies may be Buffers (for binary streams).
 */
export function buildPdf(objects: Array<string | Buffer>, options: { trailerExtra?: string; root?: number } = {}): Buffer {
  const chunks: Buffer[] = [Buffer.from("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "latin1")];
  let length = chunks[0].length;
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(length);
    const head = Buffer.from(`${i + 1} 0 obj\n`, "latin1");
    const content = typeof body === "string" ? Buffer.from(body, "latin1") : body;
    const tail = Buffer.from("\nendobj\n", "latin1");
    chunks.push(head, content, tail);
    length += head.length + content.length + tail.length;
  });
  const xrefAt = length;
  let xref = `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const o of offsets) xref += `${String(o).padStart(10, "0")} 00000 n \n`;
  xref += `trailer\n<< /Size ${objects.length + 1} /Root ${options.root ?? 1} 0 R ${options.trailerExtra ?? ""}>>\nstartxref\n${xrefAt}\n%%EOF\n`;
  chunks.push(Buffer.from(xref, "latin1"));
  return Buffer.concat(chunks);
}

function streamObject(dict: string, data: Buffer): Buffer {
  return Buffer.concat([Buffer.from(`<< ${dict} /Length ${data.length} >>\nstream\n`, "latin1"), data, Buffer.from("\nendstream", "latin1")]);
}

/** One page whose content stream is `content` (deflated). */
export function pdfWithContent(content: Buffer): Buffer {
  return buildPdf([
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
    streamObject("/Filter /FlateDecode", deflateSync(content)),
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
  ]);
}

/** A valid small PDF (one page, a line of text). */
export function smallPdf(): Buffer {
  return pdfWithContent(Buffer.from("BT /F1 12 Tf 72 720 Td (Cong van) Tj ET"));
}

/** `count` text-show operations on one page (pdfjs getTextContent returns one item each). */
export function manyTextItemsPdf(count: number): Buffer {
  return pdfWithContent(Buffer.from(`BT /F1 1 Tf ${"(a) Tj 0 1 Td ".repeat(count)}ET`));
}

/** A content stream that inflates to `mb` megabytes. */
export function inflateBombPdf(mb: number): Buffer {
  return pdfWithContent(Buffer.alloc(mb * 1024 * 1024, 0x20));
}

/** A page tree of `count` pages that all are the same leaf object (6 bytes a page: 2,000,000 pages in 12 MB). */
export function hugePageCountPdf(count: number): Buffer {
  return buildPdf([
    "<< /Type /Catalog /Pages 2 0 R >>",
    Buffer.concat([
      Buffer.from("<< /Type /Pages /Kids [", "latin1"),
      Buffer.from("3 0 R ".repeat(count), "latin1"),
      Buffer.from(`] /Count ${count} >>`, "latin1"),
    ]),
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
  ]);
}

/** A page tree whose Pages node lists itself among its kids. */
export function cyclicPageTreePdf(): Buffer {
  return buildPdf([
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R 2 0 R] /Count 3 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
  ]);
}

/** An array nested `depth` deep in the page dictionary (recursive parsers overflow their stack). */
export function deepNestingPdf(depth: number): Buffer {
  return buildPdf([
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Deep ${"[".repeat(depth)}${"]".repeat(depth)} >>`,
  ]);
}

/** The first half of a valid PDF. */
export function truncatedPdf(): Buffer {
  const whole = smallPdf();
  return whole.subarray(0, Math.floor(whole.length / 2));
}

/** A PDF whose trailer names an /Encrypt dictionary (RC4 40-bit, empty user password). */
export function encryptedPdf(): Buffer {
  return buildPdf(
    [
      "<< /Type /Catalog /Pages 2 0 R >>",
      "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
      "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
      `<< /Filter /Standard /V 1 /R 2 /O <${"00".repeat(32)}> /U <${"00".repeat(32)}> /P -4 >>`,
    ],
    { trailerExtra: "/Encrypt 4 0 R /ID [<0123456789abcdef0123456789abcdef> <0123456789abcdef0123456789abcdef>] " },
  );
}

// ---- Images, PKCS#12 -----------------------------------------------------------------------------

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, "latin1"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** A PNG declaring width × height pixels (grey, 8-bit) with `rows` rows of real data. */
export function png(width: number, height: number, rows = height): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8;
  ihdr[9] = 0;
  const raw = Buffer.alloc(Math.min(rows, height) * (width + 1));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk("IHDR", ihdr),
    pngChunk("IDAT", deflateSync(raw)),
    pngChunk("IEND", Buffer.alloc(0)),
  ]);
}

/** DER nested `depth` SEQUENCEs deep (an ASN.1 parser that recurses overflows its stack). */
export function deepAsn1(depth: number): Buffer {
  const core = Buffer.from([0x05, 0x00]);
  const headers: Buffer[] = [];
  let len = core.length;
  for (let i = 0; i < depth; i++) {
    const header =
      len < 0x80
        ? Buffer.from([0x30, len])
        : len < 0x10000
          ? Buffer.from([0x30, 0x82, len >> 8, len & 0xff])
          : Buffer.from([0x30, 0x83, len >> 16, (len >> 8) & 0xff, len & 0xff]);
    headers.push(header);
    len += header.length;
  }
  return Buffer.concat([...headers.reverse(), core]);
}
