// Demo images are generated PNGs with a transparent background (checked by decoding our own output).
import { inflateSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { generateSealPng, generateSignaturePng } from "#signing/index";

function decode(png: Uint8Array): { width: number; height: number; rgba: Uint8Array } {
  const b = Buffer.from(png);
  expect(b.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  let p = 8;
  let width = 0;
  let height = 0;
  const idat: Buffer[] = [];
  while (p < b.length) {
    const len = b.readUInt32BE(p);
    const type = b.toString("latin1", p + 4, p + 8);
    const data = b.subarray(p + 8, p + 8 + len);
    if (type === "IHDR") {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      expect([data[8], data[9]]).toEqual([8, 6]); // 8-bit RGBA
    }
    if (type === "IDAT") idat.push(data);
    p += 12 + len;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const rgba = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) rgba.set(raw.subarray(y * (width * 4 + 1) + 1, (y + 1) * (width * 4 + 1)), y * width * 4);
  return { width, height, rgba };
}

describe("generated demo images", () => {
  it("seal: red, round, transparent corners", () => {
    const { width, height, rgba } = decode(generateSealPng("Ủy ban nhân dân xã Đông Hưng"));
    expect(width).toBe(height);
    expect(rgba[3]).toBe(0); // top-left corner transparent
    const center = ((height / 2) * width + width / 2) * 4; // inside the star
    expect(rgba[center + 3]).toBeGreaterThan(200);
    expect(rgba[center]).toBeGreaterThan(150);
    expect(rgba[center + 2]).toBeLessThan(80);
  });

  it("signature: blue strokes on transparency, differs per name", () => {
    const a = generateSignaturePng("Nguyễn Văn Đông");
    const { rgba } = decode(a);
    let opaque = 0;
    let transparent = 0;
    for (let i = 0; i < rgba.length; i += 4) {
      if (rgba[i + 3] > 128) {
        opaque++;
        expect(rgba[i + 2]).toBeGreaterThan(rgba[i]);
      } else if (rgba[i + 3] === 0) transparent++;
    }
    expect(opaque).toBeGreaterThan(1000);
    expect(transparent).toBeGreaterThan(opaque);
    expect(Buffer.from(generateSignaturePng("Trần Thị Bình")).equals(Buffer.from(a))).toBe(false);
  });
});
