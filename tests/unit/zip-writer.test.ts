// The streamed ZIP writer of the archive package (app/platform/files/zip.server.ts), read back with the app's own
// central-directory reader and zlib: names (UTF-8), sizes, CRC-32, stored vs deflated, a directory entry, the
// DOS time in Vietnam time, and a load() that fails erroring the stream. Info-ZIP's unzip and the package's
// verification read real packages in tests/integration/casefiles-archive.test.ts.
import { randomBytes } from "node:crypto";
import { crc32, inflateRawSync } from "node:zlib";
import { describe, expect, test } from "vitest";
import { dosDateTime, zipStream, type ZipSource } from "#app/platform/files/zip.server";
import { readZipDirectory } from "#app/domain/shared/file-content";

const read = async (sources: ZipSource[]) =>
  new Uint8Array(await new Response(zipStream(sources, { modifiedAt: new Date("2026-12-05T21:58:30Z") })).arrayBuffer());

function entryBytes(zip: Uint8Array, entry: ReturnType<typeof readZipDirectory>[number]): Uint8Array {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  const at = entry.localHeaderOffset;
  const start = at + 30 + view.getUint16(at + 26, true) + view.getUint16(at + 28, true);
  const data = zip.subarray(start, start + entry.compressedSize);
  return entry.method === 8 ? new Uint8Array(inflateRawSync(data)) : data;
}

describe("zipStream", () => {
  test("every entry reads back: stored when deflate does not help, deflated otherwise, UTF-8 names, a folder", async () => {
    const random = new Uint8Array(randomBytes(4096));
    const json = new TextEncoder().encode(JSON.stringify({ Title: "Hồ sơ ".repeat(100) }));
    const zip = await read([
      { path: "documents", directory: true },
      { path: "documents/001-incoming-7.pdf", load: () => random },
      { path: "metadata.json", load: () => json },
      { path: "tài-liệu.txt", load: () => new Uint8Array() },
    ]);
    const entries = readZipDirectory(zip);
    expect(entries.map((e) => [e.name, e.method])).toEqual([
      ["documents/", 0],
      ["documents/001-incoming-7.pdf", 0],
      ["metadata.json", 8],
      ["tài-liệu.txt", 0],
    ]);
    expect(entryBytes(zip, entries[1])).toEqual(random);
    expect(entryBytes(zip, entries[2])).toEqual(json);
    expect(entries[2].compressedSize).toBeLessThan(json.byteLength);
    const view = new DataView(zip.buffer);
    // CRC-32 of the uncompressed bytes in the local header, and the UTF-8 flag (bit 11).
    expect(view.getUint32(entries[2].localHeaderOffset + 14, true)).toBe(crc32(json) >>> 0);
    expect(view.getUint16(entries[3].localHeaderOffset + 6, true) & 0x0800).toBe(0x0800);
  });

  test("the DOS time is the wall-clock time in Vietnam", () => {
    const { date, time } = dosDateTime(new Date("2026-12-05T21:58:30Z"));
    expect([(date >> 9) + 1980, (date >> 5) & 15, date & 31]).toEqual([2026, 12, 6]);
    expect([time >> 11, (time >> 5) & 63, (time & 31) * 2]).toEqual([4, 58, 30]);
  });

  test("a part that cannot be loaded errors the stream (no archive that looks complete)", async () => {
    const sources: ZipSource[] = [
      { path: "a.txt", load: () => new Uint8Array([1]) },
      {
        path: "b.pdf",
        load: () => {
          throw new Error("damaged");
        },
      },
    ];
    await expect(read(sources)).rejects.toThrow("damaged");
  });
});
