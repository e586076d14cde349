// Two running production servers (scripts/start.js, separate DATA_DIR and port) exchange edXML over HTTP
// with a shared per-peer token: A (demo Cà Mau) issues to UBND tỉnh Bạc Liêu hosted on B; B is down at
// first (A's packet waits and is retried), then arrives in B's queue; B registers, routes and completes
// it — with B restarted while its status messages are owed — and every status reaches A once.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import net from "node:net";
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { openDb, type Db } from "#db/client";
import { bootstrapApp } from "#app/platform/bootstrap.server";
import { loadActor } from "#app/platform/auth/actor.server";
import { findUserByUsername } from "#app/platform/users.server";
import type { ServiceContext } from "#app/platform/context.server";
import {
  approveOutgoingDocument,
  createOutgoingDraft,
  getOutgoingDocument,
  issueOutgoingDocument,
  signOutgoingDocument,
  submitOutgoingDocument,
} from "#app/features/outgoing/index";
import { completeIncomingDocument, registerIncomingDocument, routeIncomingDocuments, submitIncomingForRouting } from "#app/features/incoming/index";
import { addDirectoryOrganization, upsertEdxmlPeer } from "#app/features/exchange/peers.server";
import { CLI_ARGS } from "#tests/support/cli";

const ROOT = resolve(".");
const PORT_A = Number(process.env.EDXML_TEST_PORT_A ?? 3481);
const PORT_B = Number(process.env.EDXML_TEST_PORT_B ?? 3482);
const TOKEN = "edxml-test-token-3f9c2a8b7d6e5f4a3b2c1d0e9f8a7b6c";
const B_ORGAN = "000.00.00.H05";
const PASSWORD = "Bac-Lieu-2025-thu-nghiem";
let dirA: string;
let dirB: string;
let a: Db;
const servers: Record<string, ChildProcess | undefined> = {};

function env(dataDir: string, port: number): NodeJS.ProcessEnv {
  return {
    ...process.env,
    NODE_ENV: "production",
    DATA_DIR: dataDir,
    PORT: String(port),
    HOST: "127.0.0.1",
    EDXML_TICK_MS: "300",
    EDXML_RETRY_MAX_MS: "1500",
    SEED_DEMO: dataDir === dirA ? "1" : "0",
  };
}

function cli(dataDir: string, ...args: string[]) {
  const r = spawnSync(process.execPath, [...CLI_ARGS, ...args], {
    cwd: ROOT,
    env: env(dataDir, PORT_B),
    encoding: "utf8",
    timeout: 60_000,
  });
  if (r.status !== 0) throw new Error(`cli ${args[0]} failed: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

async function start(name: "A" | "B") {
  const [dataDir, port] = name === "A" ? [dirA, PORT_A] : [dirB, PORT_B];
  const child = spawn(process.execPath, ["scripts/start.js"], {
    cwd: ROOT,
    env: { ...env(dataDir, port), SKIP_BUILD: name === "A" ? "" : "1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let log = "";
  child.stdout!.on("data", (d) => (log += d));
  child.stderr!.on("data", (d) => (log += d));
  servers[name] = child;
  const deadline = Date.now() + 240_000; // the first start may build the app
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${name} exited: ${log}`);
    try {
      if ((await fetch(`http://127.0.0.1:${port}/healthcheck`)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`${name} did not start: ${log}`);
}

async function stop(name: "A" | "B") {
  const child = servers[name];
  if (!child || child.exitCode !== null) return;
  const exited = new Promise((r) => child.once("exit", r));
  child.kill("SIGTERM");
  await exited;
  servers[name] = undefined;
}

async function waitFor<T>(what: string, fn: () => T | undefined | null | false, ms = 30_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = fn();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

function ctxOf(db: Db, dataDir: string, username: string): ServiceContext {
  const user = findUserByUsername(db, username);
  return { db, dataDir, actor: loadActor(db, user!.id)!, ipAddress: "test" };
}

beforeAll(async () => {
  dirA = mkdtempSync(join(tmpdir(), "edxml-A-"));
  dirB = mkdtempSync(join(tmpdir(), "edxml-B-"));
  // A: the demo province, with B's province as a remote organisation behind the HTTP peer.
  a = (await bootstrapApp({ dataDir: dirA, seedDemo: true })).db;
  upsertEdxmlPeer(a, { name: "Bạc Liêu", transport: "http", url: `http://127.0.0.1:${PORT_B}/api/edxml`, token: TOKEN });
  addDirectoryOrganization(a, { organId: B_ORGAN, name: "Ủy ban nhân dân tỉnh Bạc Liêu", peerName: "Bạc Liêu" });
  // B: another directory, configured through the CLI as an operator would.
  cli(dirB, "edxml:org:add", "--organ-id", B_ORGAN, "--name", "Ủy ban nhân dân tỉnh Bạc Liêu", "--place", "Bạc Liêu");
  cli(dirB, "edxml:peer:add", "--name", "Cà Mau", "--url", `http://127.0.0.1:${PORT_A}/api/edxml`, "--token", TOKEN);
  cli(dirB, "edxml:org:add", "--organ-id", "000.00.00.H12", "--name", "Ủy ban nhân dân tỉnh Cà Mau", "--peer", "Cà Mau");
  for (const [username, role] of [
    ["vanthu.bl", "clerk"],
    ["cvp.bl", "office_lead"],
    ["cv.bl", "specialist"],
  ]) {
    cli(
      dirB,
      "user:add",
      "--username",
      username,
      "--name",
      `Cán bộ ${username}`,
      "--unit",
      "Ủy ban nhân dân tỉnh Bạc Liêu",
      "--role",
      role,
      "--password",
      PASSWORD,
    );
  }
  mkdirSync(join(dirB, "keys"), { recursive: true });
  copyFileSync(join(dirA, "keys", "demo-ca.pem"), join(dirB, "keys", "demo-ca.pem"));
}, 300_000);

afterAll(async () => {
  await stop("A");
  await stop("B");
  a?.$client.close();
  rmSync(dirA, { recursive: true, force: true });
  rmSync(dirB, { recursive: true, force: true });
});

test("A issues to an organisation hosted on B; B down, then up, registers, routes, completes (restarted meanwhile); statuses reach A once", async () => {
  await start("A");
  const remoteId = (a.$client.prepare("select id from organizations where identifier = ?").get(B_ORGAN) as { id: number }).id;
  const signer = findUserByUsername(a, "chutich")!;
  const { id } = await createOutgoingDraft(ctxOf(a, dirA, "chuyenvien"), {
    docTypeCode: "CV",
    summary: "V/v phối hợp liên thông văn bản điện tử giữa hai tỉnh",
    signerId: signer.id,
    signingAuthority: "TM.",
    urgency: "urgent",
    confidentiality: "normal",
    internalRecipientIds: [remoteId],
    externalRecipients: [],
    source: "composed",
    body: "Kính gửi: Ủy ban nhân dân tỉnh Bạc Liêu\nĐề nghị phối hợp thử nghiệm liên thông văn bản điện tử./.",
  });
  submitOutgoingDocument(ctxOf(a, dirA, "chuyenvien"), { documentId: id });
  approveOutgoingDocument(ctxOf(a, dirA, "truongphong"), { documentId: id });
  approveOutgoingDocument(ctxOf(a, dirA, "chanhvanphong"), { documentId: id });
  await signOutgoingDocument(ctxOf(a, dirA, "chutich"), { documentId: id, passphrase: "demo" });
  const issued = await issueOutgoingDocument(ctxOf(a, dirA, "vanthu"), { documentId: id, passphrase: "demo" });

  // B is not running: A's sender fails, keeps the packet pending and backs off.
  const failing = await waitFor(
    "a failed attempt",
    () =>
      a.$client.prepare("select attempts, state, last_error e from edxml_outbox where outgoing_document_id = ? and attempts >= 2").get(id) as
        | { attempts: number; state: string; e: string }
        | undefined,
  );
  expect(failing.state).toBe("pending");
  expect(failing.e).toMatch(/Không kết nối được/);

  await start("B");
  const b = openDb(join(dirB, "app.db"));
  try {
    const arrived = await waitFor("the document in B's queue", () => {
      const rows = b.$client.prepare("select * from incoming_documents").all() as Array<Record<string, unknown>>;
      return rows.length ? rows : null;
    });
    expect(arrived).toHaveLength(1);
    expect(arrived[0]).toMatchObject({
      status: "received",
      channel: "electronic",
      number_symbol: issued.numberSymbol,
      urgency: "urgent",
      issuer_name: "Ủy ban nhân dân tỉnh Cà Mau",
    });
    const incomingId = arrived[0].id as number;
    await waitFor(
      "01 at A",
      () => (a.$client.prepare("select status_code c from edxml_deliveries where outgoing_document_id = ?").get(id) as { c: string | null }).c === "01",
    );

    // Register with the packet's fields (the one-click registration pre-fills exactly these).
    const clerk = ctxOf(b, dirB, "vanthu.bl");
    await registerIncomingDocument(clerk, {
      incomingDocumentId: incomingId,
      channel: "electronic",
      receivedAt: new Date(),
      numberSymbol: String(arrived[0].number_symbol),
      docTypeCode: String(arrived[0].doc_type_code),
      issuedDate: String(arrived[0].issued_date),
      issuerName: String(arrived[0].issuer_name),
      summary: String(arrived[0].summary),
      urgency: "urgent",
      confidentiality: "normal",
      extractedText: null,
    });
    await waitFor(
      "03 at A",
      () => (a.$client.prepare("select status_code c from edxml_deliveries where outgoing_document_id = ?").get(id) as { c: string | null }).c === "03",
    );

    // B goes down; its workflow moves on (routing, completion) while the statuses it owes A wait.
    await stop("B");
    submitIncomingForRouting(clerk, { id: incomingId });
    const specialist = findUserByUsername(b, "cv.bl")!;
    routeIncomingDocuments(ctxOf(b, dirB, "cvp.bl"), { documents: [{ id: incomingId }], main: { userId: specialist.id } });
    completeIncomingDocument(ctxOf(b, dirB, "cv.bl"), { id: incomingId, result: "Đã phối hợp, gửi văn bản trả lời" });
    await start("B");
    await waitFor(
      "06 at A",
      () => (a.$client.prepare("select status_code c from edxml_deliveries where outgoing_document_id = ?").get(id) as { c: string | null }).c === "06",
      30_000,
    );

    const deliveries = getOutgoingDocument(ctxOf(a, dirA, "vanthu"), id).deliveries;
    expect(deliveries).toEqual([expect.objectContaining({ recipientOrganizationId: remoteId, status: "completed" })]);
    // Nothing lost, nothing doubled: one document packet sent; one copy at B; each status code sent once and applied once.
    expect(a.$client.prepare("select count(*) n, sum(state = 'sent') s from edxml_outbox where outgoing_document_id = ?").get(id)).toEqual({ n: 1, s: 1 });
    expect((b.$client.prepare("select count(*) n from incoming_documents").get() as { n: number }).n).toBe(1);
    const codes = b.$client.prepare("select business_key k, state from edxml_outbox where kind = 'status' order by id").all() as Array<{
      k: string;
      state: string;
    }>;
    expect(codes).toEqual(["01", "03", "04", "05", "06"].map((c) => ({ k: `status:${c}`, state: "sent" })));
    const applied = a.$client
      .prepare("select status_code c, count(*) n from edxml_inbox where kind = 'status' and state = 'accepted' group by status_code order by status_code")
      .all();
    expect(applied).toEqual(["01", "03", "04", "05", "06"].map((c) => ({ c, n: 1 })));
  } finally {
    b.$client.close();
  }
}, 420_000);

/**
 * Posts `size` bytes chunked to B's endpoint on a raw connection and writes all of them whatever comes back
 * meanwhile (as a client that reads the answer only when done writing), collecting what the server sends; then
 * the answer's status and body, or the write/socket error. (Node's http client cannot be used here: once a response
 * has ended it no longer passes the socket's `drain` on to a request still being written, so it would stall.)
 */
function postWholeChunked(size: number): Promise<{ status: number; body: string } | { error: string }> {
  return new Promise((resolvePost) => {
    const socket = net.connect(PORT_B, "127.0.0.1");
    let received = "";
    socket.setEncoding("utf8");
    socket.on("data", (d: string) => (received += d));
    socket.on("error", (error) => resolvePost({ error: (error as NodeJS.ErrnoException).code ?? String(error) }));
    socket.setTimeout(60_000, () => socket.destroy(new Error("no progress in 60 s")));
    const write = (data: string | Buffer) => new Promise<void>((ok) => (socket.write(data) ? ok() : socket.once("drain", () => ok())));
    const piece = Buffer.alloc(1024 * 1024, 0x20);
    const chunk = Buffer.concat([Buffer.from(`${piece.length.toString(16)}\r\n`), piece, Buffer.from("\r\n")]);
    (async () => {
      await write(
        `POST /api/edxml HTTP/1.1\r\nHost: 127.0.0.1:${PORT_B}\r\nAuthorization: Bearer ${TOKEN}\r\nContent-Type: application/xml\r\nTransfer-Encoding: chunked\r\n\r\n`,
      );
      for (let sent = 0; sent < size && !socket.destroyed; sent += piece.length) await write(chunk);
      if (socket.destroyed) return;
      await write("0\r\n\r\n");
      // Written in full: now the answer (already received, or on its way).
      for (let i = 0; i < 200 && !/\r\n\r\n[\s\S]*\}/.test(received); i++) await new Promise((r) => setTimeout(r, 50));
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(received)?.[1] ?? 0);
      const body = received.slice(received.indexOf("\r\n\r\n") + 4);
      socket.destroy();
      resolvePost({ status, body: body.slice(body.indexOf("{"), body.lastIndexOf("}") + 1) });
    })().catch(() => undefined);
  });
}

test("a packet over the size limit, sent in full before the answer is read, gets its 413 and reason", async () => {
  if (!servers.B) await start("B");
  // 100 MB against EDXML_MAX_PACKET_MB = 96: refused at 96 MB, the other 4 MB read away, so the peer
  // reads why (a closed socket would look like a network error and be retried for ever).
  const answer = await postWholeChunked(100 * 1024 * 1024);
  expect(answer).toMatchObject({ status: 413 });
  expect(JSON.parse((answer as { body: string }).body)).toMatchObject({ state: "refused", reason: expect.stringMatching(/96 MB/) });
  // B still answers.
  expect((await fetch(`http://127.0.0.1:${PORT_B}/healthcheck`)).status).toBe(200);
}, 120_000);
