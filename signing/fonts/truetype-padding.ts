// Pads every glyph record of a TrueType font to a 4-byte boundary.
//
// Why: @pdf-lib/fontkit 1.1.1's TTFSubset copies each glyph's bytes verbatim and then writes a *short*
// `loca` table (offset / 2) whenever the subset is smaller than 128 KiB. Tinos, like many fonts that
// use a long `loca`, has odd-length glyph records (1084 of 3209 in Tinos Regular), so every glyph
// after the first odd one gets a truncated offset and renders as garbage or nothing — the "missing
// letters" seen when embedding with `{ subset: true }`. Padding the source glyphs (which the OpenType
// spec recommends anyway) makes every copied record even-length, so the short offsets are exact.
// The glyph outlines, glyph IDs and metrics are unchanged.

type TableRecord = { tag: string; offset: number; length: number };

const HEAD_CHECKSUM_ADJUSTMENT_OFFSET = 8;
const HEAD_INDEX_TO_LOC_FORMAT_OFFSET = 50;
const MAXP_NUM_GLYPHS_OFFSET = 4;
const CHECKSUM_MAGIC = 0xb1b0afba;

function readTableRecords(view: DataView): TableRecord[] {
  const numTables = view.getUint16(4);
  const records: TableRecord[] = [];
  for (let index = 0; index < numTables; index++) {
    const base = 12 + index * 16;
    const tag = String.fromCharCode(view.getUint8(base), view.getUint8(base + 1), view.getUint8(base + 2), view.getUint8(base + 3));
    records.push({
      tag,
      offset: view.getUint32(base + 8),
      length: view.getUint32(base + 12),
    });
  }
  return records;
}

function computeChecksum(bytes: Uint8Array): number {
  const padded = new Uint8Array(Math.ceil(bytes.length / 4) * 4);
  padded.set(bytes);
  const view = new DataView(padded.buffer);
  let sum = 0;
  for (let offset = 0; offset < padded.length; offset += 4) {
    sum = (sum + view.getUint32(offset)) >>> 0;
  }
  return sum;
}

function readGlyphOffsets(loca: Uint8Array, isLongFormat: boolean, numGlyphs: number): number[] {
  const view = new DataView(loca.buffer, loca.byteOffset, loca.byteLength);
  const offsets: number[] = [];
  for (let index = 0; index <= numGlyphs; index++) {
    offsets.push(isLongFormat ? view.getUint32(index * 4) : view.getUint16(index * 2) * 2);
  }
  return offsets;
}

/** True when some glyph record has a length that is not a multiple of 4. */
export function hasUnalignedGlyphs(font: Uint8Array): boolean {
  const view = new DataView(font.buffer, font.byteOffset, font.byteLength);
  const tables = new Map(readTableRecords(view).map((record) => [record.tag, record]));
  const head = tables.get("head");
  const maxp = tables.get("maxp");
  const loca = tables.get("loca");
  if (!head || !maxp || !loca || !tables.has("glyf")) return false;
  const isLongFormat = view.getInt16(head.offset + HEAD_INDEX_TO_LOC_FORMAT_OFFSET) === 1;
  const numGlyphs = view.getUint16(maxp.offset + MAXP_NUM_GLYPHS_OFFSET);
  const offsets = readGlyphOffsets(font.subarray(loca.offset, loca.offset + loca.length), isLongFormat, numGlyphs);
  return offsets.some((offset, index) => index > 0 && (offset - offsets[index - 1]) % 4 !== 0);
}

export type PadTrueTypeGlyphsOptions = {
  /** Table tags to leave out, e.g. the OpenType layout tables ("GSUB", "GPOS", "GDEF"). */
  dropTables?: string[];
};

/**
 * Returns a copy of a TrueType (glyf-based) font whose glyph records are each padded to a multiple
 * of 4 bytes, with a long-format `loca`, fresh table checksums and `head.checkSumAdjustment`.
 * CFF-flavoured fonts (no `glyf`) are returned unchanged.
 */
export function padTrueTypeGlyphs(font: Uint8Array, options: PadTrueTypeGlyphsOptions = {}): Uint8Array {
  const view = new DataView(font.buffer, font.byteOffset, font.byteLength);
  const dropped = new Set(options.dropTables ?? []);
  const records = readTableRecords(view).filter((record) => !dropped.has(record.tag));
  const byTag = new Map(records.map((record) => [record.tag, record]));
  const head = byTag.get("head");
  const maxp = byTag.get("maxp");
  const loca = byTag.get("loca");
  const glyf = byTag.get("glyf");
  if (!head || !maxp || !loca || !glyf) return font;

  const isLongFormat = view.getInt16(head.offset + HEAD_INDEX_TO_LOC_FORMAT_OFFSET) === 1;
  const numGlyphs = view.getUint16(maxp.offset + MAXP_NUM_GLYPHS_OFFSET);
  const oldOffsets = readGlyphOffsets(font.subarray(loca.offset, loca.offset + loca.length), isLongFormat, numGlyphs);

  const newOffsets: number[] = [0];
  for (let glyphId = 0; glyphId < numGlyphs; glyphId++) {
    const length = oldOffsets[glyphId + 1] - oldOffsets[glyphId];
    newOffsets.push(newOffsets[glyphId] + Math.ceil(length / 4) * 4);
  }
  const newGlyf = new Uint8Array(newOffsets[numGlyphs]);
  for (let glyphId = 0; glyphId < numGlyphs; glyphId++) {
    newGlyf.set(font.subarray(glyf.offset + oldOffsets[glyphId], glyf.offset + oldOffsets[glyphId + 1]), newOffsets[glyphId]);
  }
  const newLoca = new Uint8Array((numGlyphs + 1) * 4);
  const locaView = new DataView(newLoca.buffer);
  newOffsets.forEach((offset, index) => {
    locaView.setUint32(index * 4, offset);
  });

  const newHead = font.slice(head.offset, head.offset + head.length);
  const headView = new DataView(newHead.buffer);
  headView.setInt16(HEAD_INDEX_TO_LOC_FORMAT_OFFSET, 1);
  headView.setUint32(HEAD_CHECKSUM_ADJUSTMENT_OFFSET, 0);

  const tableData = new Map<string, Uint8Array>();
  for (const record of records) {
    if (record.tag === "glyf") tableData.set("glyf", newGlyf);
    else if (record.tag === "loca") tableData.set("loca", newLoca);
    else if (record.tag === "head") tableData.set("head", newHead);
    else tableData.set(record.tag, font.subarray(record.offset, record.offset + record.length));
  }

  // Keep the original directory order (sorted by tag, as the spec requires) and 4-byte alignment.
  const headerLength = 12 + records.length * 16;
  let totalLength = headerLength;
  for (const record of records) totalLength += Math.ceil(tableData.get(record.tag)!.length / 4) * 4;
  const output = new Uint8Array(totalLength);
  const outputView = new DataView(output.buffer);
  // Offset table: sfnt version, then numTables and the binary-search fields derived from it.
  output.set(font.subarray(0, 4));
  const entrySelector = Math.floor(Math.log2(records.length));
  outputView.setUint16(4, records.length);
  outputView.setUint16(6, 2 ** entrySelector * 16);
  outputView.setUint16(8, entrySelector);
  outputView.setUint16(10, records.length * 16 - 2 ** entrySelector * 16);
  let cursor = headerLength;
  let headOffset = 0;
  records.forEach((record, index) => {
    const data = tableData.get(record.tag)!;
    const base = 12 + index * 16;
    for (let character = 0; character < 4; character++) {
      outputView.setUint8(base + character, record.tag.charCodeAt(character));
    }
    outputView.setUint32(base + 4, computeChecksum(data));
    outputView.setUint32(base + 8, cursor);
    outputView.setUint32(base + 12, data.length);
    output.set(data, cursor);
    if (record.tag === "head") headOffset = cursor;
    cursor += Math.ceil(data.length / 4) * 4;
  });
  outputView.setUint32(headOffset + HEAD_CHECKSUM_ADJUSTMENT_OFFSET, (CHECKSUM_MAGIC - computeChecksum(output)) >>> 0);
  return output;
}
