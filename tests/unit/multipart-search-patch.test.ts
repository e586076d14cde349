// The multipart parser's boundary search is patched (ADR 0014, addendum 3) to use the native Buffer#indexOf. Only
// its CommonJS build, the one the server runtime requires, is patched: the ESM build is the reference the patched
// parser is compared with, over bodies whose parts hold near-misses of the boundary, cut into chunks of every size.
import { createHash } from "node:crypto";
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { seededRandom } from "#tests/support/random";

const require = createRequire(import.meta.url);
type Part = { name: string; filename?: string; headers: Headers; data: Uint8Array };
type Parser = { iterateMultipart: (body: ReadableStream<Uint8Array>, boundary: string) => AsyncIterable<Part> };
const cjsEntry = require.resolve("@web3-storage/multipart-parser");
const patched = require("@web3-storage/multipart-parser") as Parser;

async function reference(): Promise<Parser> {
  const esm = path.join(path.dirname(cjsEntry), "..", "..", "esm", "src", "index.js");
  return (await import(pathToFileURL(esm).href)) as Parser;
}

const BOUNDARY = "----WebKitFormBoundaryQ7xLmZ3vTq";
const enc = new TextEncoder();

/**
 * Part contents: random bytes sprinkled with prefixes of "\r\n--boundary" (every length but the whole), each
 * followed by a byte that is not the boundary's next one, so that no prefix completes by chance.
 */
function content(rand: () => number, size: number): Uint8Array {
  const out = new Uint8Array(size);
  for (let i = 0; i < size; i++) out[i] = Math.floor(rand() * 256);
  const needle = enc.encode(`\r\n--${BOUNDARY}`);
  for (let k = 0; k < size / 200; k++) {
    const at = Math.floor(rand() * size);
    const len = 1 + Math.floor(rand() * (needle.length - 1));
    out.set(needle.subarray(0, Math.min(len, size - at)), at);
    if (at + len < size) out[at + len] = needle[len] ^ 0xff;
  }
  return out;
}

function body(parts: { name: string; filename?: string; data: Uint8Array }[]): Uint8Array {
  const pieces: Uint8Array[] = [];
  for (const p of parts) {
    const disposition = `form-data; name="${p.name}"${p.filename !== undefined ? `; filename="${p.filename}"` : ""}`;
    pieces.push(
      enc.encode(`--${BOUNDARY}\r\nContent-Disposition: ${disposition}\r\nContent-Type: application/octet-stream\r\n\r\n`),
      p.data,
      enc.encode("\r\n"),
    );
  }
  pieces.push(enc.encode(`--${BOUNDARY}--\r\n`));
  return Buffer.concat(pieces);
}

/** The body as a stream of chunks cut at random places (1 byte up to `max`). */
function chunked(bytes: Uint8Array, rand: () => number, max: number): ReadableStream<Uint8Array> {
  let at = 0;
  return new ReadableStream({
    pull(controller) {
      if (at >= bytes.length) return controller.close();
      const size = rand() < 0.2 ? 1 + Math.floor(rand() * 40) : 1 + Math.floor(rand() * max);
      controller.enqueue(bytes.slice(at, at + size));
      at += size;
    },
  });
}

const digest = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

async function parse(parser: Parser, stream: ReadableStream<Uint8Array>) {
  const out: { name: string; filename?: string; sha: string; length: number }[] = [];
  for await (const part of parser.iterateMultipart(stream, BOUNDARY))
    out.push({ name: part.name, filename: part.filename, length: part.data.length, sha: digest(part.data) });
  return out;
}

describe("patched multipart boundary search", () => {
  it("parses every body into the parts the unpatched build finds, however the body is cut", async () => {
    const unpatched = await reference();
    const outcome = (parser: Parser, stream: ReadableStream<Uint8Array>) => parse(parser, stream).catch((error: Error) => `error: ${error.message}`);
    let parsed = 0;
    for (let seed = 1; seed <= 60; seed++) {
      const rand = seededRandom(seed);
      const parts = Array.from({ length: 1 + Math.floor(rand() * 4) }, (_, i) => ({
        name: `f${i}`,
        filename: i % 2 ? undefined : `tep-${i}.pdf`,
        data: content(rand, Math.floor(rand() * (seed % 5 === 0 ? 300_000 : 6_000))),
      }));
      const bytes = body(parts);
      const max = [7, 64, 1_000, 65_536][seed % 4];
      const got = await outcome(patched, chunked(bytes, seededRandom(seed * 7), max));
      // Equal outcomes, errors included: the unpatched parser refuses a body cut one byte after a boundary
      // ("unexpected end of stream"), and the patch leaves that as it is.
      expect(got).toEqual(await outcome(unpatched, chunked(bytes, seededRandom(seed * 7), max)));
      if (typeof got === "string") continue;
      parsed++;
      // And the parts are those that were sent, byte for byte.
      expect(got.map((p) => p.length)).toEqual(parts.map((p) => p.data.length));
      expect(got.map((p) => p.sha)).toEqual(parts.map((p) => digest(p.data)));
    }
    expect(parsed).toBeGreaterThan(40);
  });

  it("keeps each part's bytes exactly, with the boundary's prefix at a chunk's end", async () => {
    const data = Buffer.concat([Buffer.from("abc"), enc.encode(`\r\n--${BOUNDARY.slice(0, 10)}`), Buffer.from("xyz")]);
    const bytes = body([{ name: "file", filename: "a.pdf", data }]);
    const cut = Buffer.from(bytes).indexOf(enc.encode(`\r\n--${BOUNDARY.slice(0, 10)}`)) + 5;
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(bytes.slice(0, cut));
        controller.enqueue(bytes.slice(cut));
        controller.close();
      },
    });
    const parts: Part[] = [];
    for await (const part of patched.iterateMultipart(stream, BOUNDARY)) parts.push(part);
    expect(parts).toHaveLength(1);
    expect(Buffer.from(parts[0].data).equals(data)).toBe(true);
  });
});
