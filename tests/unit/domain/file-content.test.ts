import { describe, expect, test } from "vitest";
import { imageProblem, jpegDimensions, sniffKind } from "#app/domain/shared/file-content";

// A JPEG's structure as a camera or scanner writes it: SOI, APP1 (Exif, which carries a thumbnail JPEG with its own
// SOI…EOI), a baseline frame header 32 × 16, the start of scan, entropy-coded data (0xFF stuffed, a restart marker)
// and EOI.
const thumbnail = [0xff, 0xd8, 0xff, 0xd9];
const app1 = [0xff, 0xe1, 0x00, 2 + 6 + thumbnail.length, ...Buffer.from("Exif\0\0"), ...thumbnail];
const sof0 = [0xff, 0xc0, 0x00, 0x0b, 0x08, 0x00, 0x10, 0x00, 0x20, 0x01, 0x01, 0x11, 0x00];
const sos = [0xff, 0xda, 0x00, 0x08, 0x01, 0x01, 0x00, 0x00, 0x3f, 0x00];
const scanData = [0x12, 0x34, 0xff, 0x00, 0x56, 0xff, 0xd0, 0x78, 0x9a];
const jpeg = (tail: number[]) => new Uint8Array([0xff, 0xd8, ...app1, ...sof0, ...sos, ...scanData, ...tail]);

describe("JPEG dimensions", () => {
  test("a complete JPEG gives its frame size; bytes after EOI (a phone's motion photo) are allowed", () => {
    expect(jpegDimensions(jpeg([0xff, 0xd9]))).toEqual({ width: 32, height: 16 });
    expect(jpegDimensions(jpeg([0xff, 0xd9, 0x00, 0x00, 0x00, 0x18, ...Buffer.from("ftypmp42")]))).toEqual({ width: 32, height: 16 });
    expect(imageProblem(jpeg([0xff, 0xd9]), ["jpeg"])).toBeNull();
  });

  test("a JPEG cut off before its end-of-image marker is refused, as a PNG without IEND is", () => {
    // The thumbnail's own EOI inside APP1 does not count: it comes before the image's scan data.
    expect(jpegDimensions(jpeg([]))).toBeNull();
    expect(imageProblem(jpeg([]), ["jpeg"])).toBe("Ảnh JPEG bị hỏng hoặc không đầy đủ.");
    expect(imageProblem(jpeg([0xff]), ["jpeg"])).toBe("Ảnh JPEG bị hỏng hoặc không đầy đủ.");
  });
});

describe("sniffKind: plain text", () => {
  test("valid UTF-8 (Vietnamese, a mark, no NUL) is text; a broken sequence, UTF-16 or a NUL is not", () => {
    const note = "Ghi chú: Ủy ban nhân dân phường Tân Thành.\r\n";
    expect(sniffKind(Buffer.from(note))).toBe("text");
    expect(sniffKind(Buffer.from(`\uFEFF${note}`))).toBe("text");
    expect(sniffKind(Buffer.concat([Buffer.from(note), Buffer.from([0xc3])]))).toBeNull(); // a two-byte sequence cut after its first byte
    expect(sniffKind(Buffer.from([0xed, 0xa0, 0x80]))).toBeNull(); // an encoded surrogate is not UTF-8
    expect(sniffKind(Buffer.from(note, "utf16le"))).toBeNull();
    expect(sniffKind(Buffer.from("abc\0def"))).toBeNull();
  });
});
