// Inflating one part of an untrusted zip (an XLSX sheet, a file another system zipped for the journey), in a pool
// child: never past `max` bytes, whatever the directory declares (zlib stops at maxOutputLength), so that a part
// that lies about its size cannot fill the memory.
import { crc32, inflateRawSync } from "node:zlib";
import { zipEntryData, type ZipEntry } from "#app/domain/shared/file-content";

export type ZipEntryInflation = { ok: true; bytes: Buffer } | { ok: false; reason: "corrupt" | "too-large" };

/**
 * The bytes of one entry. `exact`: also require the directory's size and CRC-32 (a file handed on as it is must be
 * the file that was zipped; a sheet that is only read may skip the check).
 */
export function inflateZipEntry(zip: Uint8Array, entry: ZipEntry, max: number, options: { exact?: boolean } = {}): ZipEntryInflation {
  const data = zipEntryData(zip, entry);
  if (!data || (entry.method !== 0 && entry.method !== 8)) return { ok: false, reason: "corrupt" };
  let bytes: Buffer;
  if (entry.method === 0) {
    if (data.byteLength > max) return { ok: false, reason: "too-large" };
    bytes = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  } else {
    try {
      bytes = inflateRawSync(data, { maxOutputLength: Math.max(1, max) });
    } catch (error) {
      const tooLarge = (error as { code?: string }).code === "ERR_BUFFER_TOO_LARGE" || error instanceof RangeError;
      return { ok: false, reason: tooLarge ? "too-large" : "corrupt" };
    }
  }
  if (options.exact && (bytes.byteLength !== entry.uncompressedSize || crc32(bytes) !== entry.crc32)) return { ok: false, reason: "corrupt" };
  return { ok: true, bytes };
}
