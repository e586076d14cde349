// Multipart file names with `;` or `=` ("Công văn số 5; khẩn.pdf"). The multipart parser Remix uses
// (@web3-storage/multipart-parser) splits the Content-Disposition header on every `;` and `=`, even
// inside the quoted file name, and throws "malformed content-disposition header": every upload of such a
// file answered 500. Browsers send these names as-is (RFC 7578 §4.2), so the part headers are rewritten
// on the way in, with the troublesome characters percent-encoded, and the name is decoded again when the
// part reaches the upload handler. The body bytes are passed through untouched.

const ESCAPED = /[%;="\\]/g;
const ENCODED = /%(25|3B|3D|22|5C)/gi;

function escapeValue(value: string): string {
  return value.replace(ESCAPED, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")}`);
}

/** The inverse of the rewrite, for the file name the upload handler receives. */
export function decodePartFileName(name: string): string {
  return name.replace(ENCODED, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/** `form-data; name="file"; filename="a; b.pdf"` with its parameters parsed quote-aware and re-quoted safely. */
export function rewriteContentDisposition(value: string): string {
  const semicolon = value.indexOf(";");
  const type = (semicolon === -1 ? value : value.slice(0, semicolon)).trim();
  const params: string[] = [];
  const pattern = /;\s*([^\s=;]+)\s*=\s*("(?:[^"\\]|\\.)*"|[^;]*)/gy;
  pattern.lastIndex = semicolon === -1 ? value.length : semicolon;
  for (let m = pattern.exec(value); m; m = pattern.exec(value)) {
    const key = m[1];
    const raw = m[2].trim();
    const unquoted = raw.startsWith('"') && raw.endsWith('"') && raw.length >= 2 ? raw.slice(1, -1).replace(/\\(.)/g, "$1") : raw;
    params.push(`${key}="${key.toLowerCase() === "filename" ? escapeValue(unquoted) : unquoted.replace(/"/g, "%22")}"`);
  }
  return [type, ...params].join("; ");
}

function rewriteHeaderBlock(bytes: Uint8Array): Uint8Array {
  const text = new TextDecoder().decode(bytes);
  const lines = text.split("\r\n").map((line) => {
    const colon = line.indexOf(":");
    if (colon === -1 || line.slice(0, colon).trim().toLowerCase() !== "content-disposition") return line;
    return `Content-Disposition: ${rewriteContentDisposition(line.slice(colon + 1).trim())}`;
  });
  return new TextEncoder().encode(lines.join("\r\n"));
}

const HEADER_END = Buffer.from("\r\n\r\n");
const MAX_HEADER_BLOCK = 64 * 1024;

/** A copy of the request whose multipart part headers carry escaped file names (see the note above). */
export function withEscapedPartFileNames(request: Request): Request {
  const type = request.headers.get("content-type") ?? "";
  const boundary = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(type);
  if (!request.body || !/^multipart\/form-data/i.test(type) || !boundary) return request;
  const delimiter = Buffer.from(`--${boundary[1] ?? boundary[2]}`);
  let pending = Buffer.alloc(0);
  let inHeaders = false;
  const push = (controller: TransformStreamDefaultController<Uint8Array>, bytes: Uint8Array) => {
    if (bytes.byteLength) controller.enqueue(bytes);
  };
  const drain = (controller: TransformStreamDefaultController<Uint8Array>) => {
    for (;;) {
      if (!inHeaders) {
        const at = pending.indexOf(delimiter);
        if (at === -1) {
          // Keep a tail that could be the start of a delimiter split across chunks.
          const keep = Math.min(pending.length, delimiter.length - 1);
          push(controller, pending.subarray(0, pending.length - keep));
          pending = Buffer.from(pending.subarray(pending.length - keep));
          return;
        }
        push(controller, pending.subarray(0, at + delimiter.length));
        pending = Buffer.from(pending.subarray(at + delimiter.length));
        inHeaders = true;
      } else {
        const end = pending.indexOf(HEADER_END);
        if (end === -1) {
          if (pending.length > MAX_HEADER_BLOCK) {
            // Not a header block we understand: pass it on and let the parser judge it.
            push(controller, pending);
            pending = Buffer.alloc(0);
            inHeaders = false;
          }
          return;
        }
        push(controller, rewriteHeaderBlock(pending.subarray(0, end)));
        push(controller, HEADER_END);
        pending = Buffer.from(pending.subarray(end + HEADER_END.length));
        inHeaders = false;
      }
    }
  };
  const body = request.body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        pending = pending.length ? Buffer.concat([pending, chunk]) : Buffer.from(chunk);
        drain(controller);
      },
      flush(controller) {
        push(controller, pending);
      },
    }),
  );
  const headers = new Headers(request.headers);
  headers.delete("content-length"); // the rewritten body has another length
  return new Request(request.url, { method: request.method, headers, body, signal: request.signal, duplex: "half" } as RequestInit);
}
