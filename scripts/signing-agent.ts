// The signing agent for "Ký bằng thiết bị của tôi" (issue 13): a small HTTP service on 127.0.0.1 that signs digests
// with the USB token plugged into this machine, through the vendor's PKCS#11 module. The web page (and only pages
// from --allow-origin) calls it; the PIN is typed on that page and sent here only, never to the server. The agent
// keeps nothing: it opens the token per request, logs in, signs, logs out and closes.
//
//   npm run signing-agent -- --module /usr/lib/x86_64-linux-gnu/opensc-pkcs11.so --token-label "VGCA" --key-label "Signature" \
//     [--key-id HEX] [--port 8731] [--allow-origin https://vanphong.example.gov.vn]
//
// Protocol (JSON, README "Ký bằng thiết bị của tôi — signing agent protocol"):
//   GET  /v1/status       → { agent, protocol: 1, tokenLabel, keyLabel }
//   GET  /v1/certificate  → { certificates: [base64 DER, signer first] }
//   POST /v1/sign { digest: base64 SHA-256, digestAlgorithm: "SHA-256", pin } → { signature, signatureAlgorithm, certificates }
//   errors               → { error: { code, message } } (401 PIN, 403 origin, 404 token/key, 400 request, 500 token)
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { parseArgs } from "node:util";
import { openPkcs11Signer, readPkcs11Certificate, SigningError } from "#signing/index";

export const AGENT_PROTOCOL = 1;
const MAX_BODY = 16 * 1024;

export type AgentOptions = { modulePath: string; tokenLabel?: string; keyLabel?: string; keyId?: string; port: number; host?: string; allowOrigins: string[] };

function send(res: ServerResponse, status: number, body: unknown, origin?: string) {
  const headers: Record<string, string> = { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" };
  if (origin) {
    headers["access-control-allow-origin"] = origin;
    headers.vary = "Origin";
  }
  res.writeHead(status, headers);
  res.end(JSON.stringify(body));
}

const fail = (res: ServerResponse, status: number, code: string, message: string, origin?: string) => send(res, status, { error: { code, message } }, origin);

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((done, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        reject(new Error("too large"));
        req.destroy();
      } else chunks.push(c);
    });
    req.on("end", () => done(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

const STATUS_OF: Partial<Record<string, number>> = {
  PKCS11_PIN_INCORRECT: 401,
  PKCS11_PIN_LOCKED: 423,
  PKCS11_PIN_EXPIRED: 401,
  PKCS11_TOKEN_NOT_FOUND: 404,
  PKCS11_KEY_NOT_FOUND: 404,
  PKCS11_CERT_NOT_FOUND: 404,
  INVALID_OPTIONS: 400,
};

export function startSigningAgent(options: AgentOptions): Promise<{ port: number; close: () => Promise<void> }> {
  const where = { modulePath: options.modulePath, tokenLabel: options.tokenLabel, keyLabel: options.keyLabel, keyId: options.keyId };
  const allowed = new Set(options.allowOrigins);
  const server = createServer(async (req, res) => {
    // Origin check: browsers always send Origin on cross-origin fetches; a page from elsewhere (or a request without
    // Origin, e.g. a script on this machine pretending to be the page) gets nothing, not even the certificate.
    const origin = req.headers.origin;
    if (!origin || !allowed.has(origin)) return fail(res, 403, "ORIGIN", "Trang web này không được phép dùng chương trình ký");
    // DNS rebinding: only loopback Host names.
    if (!/^(127\.0\.0\.1|localhost)(:\d+)?$/.test(req.headers.host ?? "")) return fail(res, 403, "HOST", "Host không hợp lệ");
    if (req.method === "OPTIONS") {
      res.writeHead(204, {
        "access-control-allow-origin": origin,
        "access-control-allow-methods": "GET, POST",
        "access-control-allow-headers": "content-type",
        // Chrome's Private Network Access preflight for a public page calling 127.0.0.1.
        "access-control-allow-private-network": "true",
        "access-control-max-age": "600",
        vary: "Origin",
      });
      return res.end();
    }
    try {
      const url = new URL(req.url ?? "/", "http://127.0.0.1");
      if (req.method === "GET" && url.pathname === "/v1/status")
        return send(
          res,
          200,
          { agent: "vpdt-signing-agent", protocol: AGENT_PROTOCOL, tokenLabel: options.tokenLabel ?? null, keyLabel: options.keyLabel ?? null },
          origin,
        );
      if (req.method === "GET" && url.pathname === "/v1/certificate") {
        const chain = await readPkcs11Certificate(where);
        return send(res, 200, { certificates: chain.map((d) => Buffer.from(d).toString("base64")) }, origin);
      }
      if (req.method === "POST" && url.pathname === "/v1/sign") {
        if (!/^application\/json/.test(req.headers["content-type"] ?? "")) return fail(res, 400, "REQUEST", "Yêu cầu phải là JSON", origin);
        let body: { digest?: unknown; digestAlgorithm?: unknown; pin?: unknown };
        try {
          body = JSON.parse(await readBody(req));
        } catch {
          return fail(res, 400, "REQUEST", "Yêu cầu không hợp lệ", origin);
        }
        if (body.digestAlgorithm !== "SHA-256" || typeof body.digest !== "string" || typeof body.pin !== "string")
          return fail(res, 400, "REQUEST", "Thiếu digest (SHA-256, base64) hoặc mã PIN", origin);
        const digest = new Uint8Array(Buffer.from(body.digest, "base64"));
        if (digest.length !== 32) return fail(res, 400, "REQUEST", "Giá trị băm phải là SHA-256 (32 byte)", origin);
        const signer = await openPkcs11Signer({ ...where, pin: body.pin });
        try {
          const signature = signer.signDigestSync(digest);
          return send(
            res,
            200,
            {
              signature: Buffer.from(signature).toString("base64"),
              signatureAlgorithm: signer.keyType === "ec" ? "ECDSA" : "RSASSA-PKCS1-v1_5",
              certificates: signer.certificateChainDer.map((d) => Buffer.from(d).toString("base64")),
            },
            origin,
          );
        } finally {
          signer.close();
        }
      }
      return fail(res, 404, "NOT_FOUND", "Không có chức năng này", origin);
    } catch (error) {
      if (error instanceof SigningError) return fail(res, STATUS_OF[error.code] ?? 500, error.code, error.message, origin);
      // Never echo request data (it may hold the PIN).
      return fail(res, 500, "AGENT", "Chương trình ký gặp lỗi", origin);
    }
  });
  return new Promise((done, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host ?? "127.0.0.1", () => {
      const address = server.address();
      done({ port: typeof address === "object" && address ? address.port : options.port, close: () => new Promise((r) => server.close(() => r())) });
    });
  });
}

async function main() {
  const { values } = parseArgs({
    options: {
      module: { type: "string" },
      "token-label": { type: "string" },
      "key-label": { type: "string" },
      "key-id": { type: "string" },
      port: { type: "string", default: "8731" },
      "allow-origin": { type: "string", multiple: true },
    },
  });
  if (!values.module || (!values["key-label"] && !values["key-id"])) {
    console.error("Dùng: npm run signing-agent -- --module PATH [--token-label L] --key-label K [--key-id HEX] [--port 8731] [--allow-origin URL ...]");
    process.exit(2);
  }
  const allowOrigins = values["allow-origin"]?.length ? values["allow-origin"] : ["http://localhost:3000", "http://127.0.0.1:3000"];
  const agent = await startSigningAgent({
    modulePath: values.module,
    tokenLabel: values["token-label"],
    keyLabel: values["key-label"],
    keyId: values["key-id"],
    port: Number(values.port),
    allowOrigins,
  });
  console.log(JSON.stringify({ listening: `http://127.0.0.1:${agent.port}`, allowOrigins }));
  const stop = () => agent.close().then(() => process.exit(0));
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

if (process.argv[1] && /signing-agent\.ts$/.test(process.argv[1])) void main();
