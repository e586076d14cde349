// A real RFC 3161 time-stamping authority on loopback: OpenSSL's `openssl ts -reply` answers each request, behind
// a small HTTP wrapper (RFC 3161 §3.4: POST application/timestamp-query -> application/timestamp-reply). The TSA
// key and certificate (extendedKeyUsage critical timeStamping, RFC 3161 §2.3) are issued by a test CA made here
// with openssl, and the openssl config lives in the given directory (tests/.tmp/...).
import { execFile } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { join } from "node:path";
import { promisify } from "node:util";

const exec = promisify(execFile);

export type TsaServer = {
  url: string;
  /** PEM of the test CA that issued the TSA certificate (for `openssl ts -verify -CAfile`). */
  caPath: string;
  tsaCertPath: string;
  dir: string;
  /** Requests answered so far. */
  requests: () => number;
  close: () => Promise<void>;
};

export type TsaServerOptions = { dir: string; port: number; username?: string; password?: string };

async function openssl(args: string[], cwd: string) {
  return exec("openssl", args, { cwd, maxBuffer: 1 << 20 });
}

/** Creates the test CA, the TSA certificate and the `openssl ts` configuration in `dir`. */
export async function createTsaPki(dir: string): Promise<{ caPath: string; tsaCertPath: string; config: string }> {
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, "ext.cnf"),
    [
      "[tsa]",
      "basicConstraints = CA:FALSE",
      "keyUsage = critical,digitalSignature,nonRepudiation",
      "extendedKeyUsage = critical,timeStamping",
      "subjectKeyIdentifier = hash",
      "authorityKeyIdentifier = keyid",
      "",
    ].join("\n"),
  );
  await openssl(
    [
      "req",
      "-x509",
      "-newkey",
      "rsa:2048",
      "-nodes",
      "-keyout",
      "tsa-ca.key",
      "-out",
      "tsa-ca.pem",
      "-days",
      "3650",
      "-utf8",
      "-subj",
      "/C=VN/O=Thử nghiệm/CN=CA dấu thời gian thử nghiệm",
      "-addext",
      "basicConstraints=critical,CA:TRUE",
      "-addext",
      "keyUsage=critical,keyCertSign,cRLSign",
    ],
    dir,
  );
  await openssl(
    [
      "req",
      "-new",
      "-newkey",
      "rsa:2048",
      "-nodes",
      "-keyout",
      "tsa.key",
      "-out",
      "tsa.csr",
      "-utf8",
      "-subj",
      "/C=VN/O=Thử nghiệm/CN=Máy chủ dấu thời gian thử nghiệm",
    ],
    dir,
  );
  await openssl(
    [
      "x509",
      "-req",
      "-in",
      "tsa.csr",
      "-CA",
      "tsa-ca.pem",
      "-CAkey",
      "tsa-ca.key",
      "-set_serial",
      "0x1a2b3c",
      "-days",
      "730",
      "-sha256",
      "-extfile",
      "ext.cnf",
      "-extensions",
      "tsa",
      "-out",
      "tsa.pem",
    ],
    dir,
  );
  writeFileSync(join(dir, "tsaserial"), "01\n");
  const config = join(dir, "tsa.cnf");
  writeFileSync(
    config,
    [
      "[ tsa ]",
      "default_tsa = tsa_config1",
      "[ tsa_config1 ]",
      `dir = ${dir}`,
      "serial = $dir/tsaserial",
      "crypto_device = builtin",
      "signer_cert = $dir/tsa.pem",
      "certs = $dir/tsa-ca.pem",
      "signer_key = $dir/tsa.key",
      "signer_digest = sha256",
      "default_policy = 1.3.6.1.4.1.99999.3161.1",
      "digests = sha256, sha384, sha512",
      "other_policies = 1.3.6.1.4.1.99999.3161.2",
      "accuracy = secs:1",
      "ordering = no",
      "tsa_name = yes",
      "ess_cert_id_chain = no",
      "ess_cert_id_alg = sha256",
      "",
    ].join("\n"),
  );
  return { caPath: join(dir, "tsa-ca.pem"), tsaCertPath: join(dir, "tsa.pem"), config };
}

export async function startTsaServer(options: TsaServerOptions): Promise<TsaServer> {
  const { dir } = options;
  const { caPath, tsaCertPath, config } = await createTsaPki(dir);
  let count = 0;
  // `openssl ts -reply` increments the serial file: one request at a time.
  let queue: Promise<unknown> = Promise.resolve();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      if (options.username !== undefined) {
        const expected = `Basic ${Buffer.from(`${options.username}:${options.password ?? ""}`).toString("base64")}`;
        if (req.headers.authorization !== expected) {
          res.writeHead(401, { "WWW-Authenticate": 'Basic realm="tsa"' }).end();
          return;
        }
      }
      if (req.method !== "POST" || req.headers["content-type"] !== "application/timestamp-query") {
        res.writeHead(400).end();
        return;
      }
      const n = ++count;
      const query = join(dir, `q${n}.tsq`);
      const reply = join(dir, `r${n}.tsr`);
      writeFileSync(query, Buffer.concat(chunks));
      queue = queue.then(() =>
        openssl(["ts", "-reply", "-config", config, "-queryfile", query, "-out", reply], dir).then(
          () => res.writeHead(200, { "Content-Type": "application/timestamp-reply" }).end(readFileSync(reply)),
          (error: Error) => res.writeHead(500, { "Content-Type": "text/plain" }).end(error.message),
        ),
      );
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, "127.0.0.1", () => resolve());
  });
  // Port 0: the system picked one.
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : options.port;
  return {
    url: `http://127.0.0.1:${port}/tsa`,
    caPath,
    tsaCertPath,
    dir,
    requests: () => count,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
