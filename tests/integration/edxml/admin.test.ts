// The administrator's edXML page (/admin/edxml) through its real route module: only organisation
// managers may open it or post to it; a peer's token is never sent to the browser and an empty token on
// update keeps the stored one; "Gửi lại ngay" brings an owed packet forward, audited with the actor.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";

// Route modules read DATA_DIR through env.server: set it before the first import.
const dataDir = mkdtempSync(join(tmpdir(), "vpdt-edxml-admin-"));
process.env.DATA_DIR = dataDir;

const { getDb } = await import("#app/db.server");
const { responseOf, sessionCookie } = await import("#tests/support/route-calls");
const { eq } = await import("drizzle-orm");
const schema = await import("#db/schema/index");
const { seedDirectory, makeUser } = await import("#tests/support/factories");
const { writeTransaction } = await import("#db/client");
const { writeBlob } = await import("#app/platform/files/files.server");
const { enqueueEdxmlPacket } = await import("#app/features/exchange/outbox.server");
const route = await import("#app/routes/admin.edxml");

const BASE = "http://127.0.0.1:3000";
const db = getDb();
const cookies: Record<string, string> = {};
const TOKEN = "t0ken-for-lgsp-ca-mau-0123456789abcdef";

beforeAll(async () => {
  const units = seedDirectory(db);
  await makeUser(db, dataDir, { username: "admin", unitId: units.get("Văn phòng UBND tỉnh")!, roles: ["admin"] });
  await makeUser(db, dataDir, { username: "chuyenvien", unitId: units.get("Văn phòng UBND tỉnh")!, roles: ["specialist"] });
  for (const username of ["admin", "chuyenvien"]) {
    cookies[username] = await sessionCookie(username, { ipAddress: "10.8.0.2" });
  }
}, 120_000);
afterAll(() => db.$client.close());

const get = (username: string) => new Request(`${BASE}/admin/edxml`, { headers: { Cookie: cookies[username] } });
const post = (username: string, fields: Record<string, string>) =>
  new Request(`${BASE}/admin/edxml`, {
    method: "POST",
    headers: { Cookie: cookies[username], Origin: BASE, "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(fields),
  });
const call = (request: Request) => responseOf(() => route.action({ request, params: {}, context: {} }));

describe("/admin/edxml", () => {
  test("a specialist can neither open the page nor post to it", async () => {
    expect((await responseOf(() => route.loader({ request: get("chuyenvien"), params: {}, context: {} }))).status).toBe(404);
    expect((await call(post("chuyenvien", { intent: "peer", name: "X", transport: "directory", directory: "/tmp/x" }))).status).toBe(404);
    expect(db.select().from(schema.edxmlPeers).all()).toHaveLength(0);
  });

  test("peers: a short token is refused; the token never reaches the page; an empty token on update keeps it", async () => {
    const short = await call(
      post("admin", { intent: "peer", name: "LGSP tỉnh Cà Mau", transport: "http", url: "https://lgsp.example.gov.vn/api/edxml", token: "short" }),
    );
    expect(short.status).toBe(400);
    expect(JSON.stringify(await short.json())).toContain("32 ký tự");
    const saved = await call(
      post("admin", { intent: "peer", name: "LGSP tỉnh Cà Mau", transport: "http", url: "https://lgsp.example.gov.vn/api/edxml", token: TOKEN }),
    );
    expect(saved.status).toBe(200);
    const before = db.select().from(schema.edxmlPeers).get()!;
    const updated = await call(
      post("admin", { intent: "peer", name: "LGSP tỉnh Cà Mau", transport: "http", url: "https://lgsp2.example.gov.vn/api/edxml", token: "" }),
    );
    expect(updated.status).toBe(200);
    const after = db.select().from(schema.edxmlPeers).get()!;
    expect([after.url, after.tokenSha256]).toEqual(["https://lgsp2.example.gov.vn/api/edxml", before.tokenSha256]);
    const page = await (await responseOf(() => route.loader({ request: get("admin"), params: {}, context: {} }))).text();
    expect(page).toContain("lgsp2.example.gov.vn");
    expect(page).not.toContain(TOKEN);
    expect(page).not.toContain(before.tokenSha256!);
    const audit = db.select().from(schema.auditEvents).where(eq(schema.auditEvents.entityType, "edxml_peer")).all();
    expect(audit.map((a) => a.action)).toEqual(["edxml.peer_add", "edxml.peer_update"]);
    expect(JSON.stringify(audit)).not.toContain(TOKEN);
  });

  test("directory organisations: a malformed OrganId is refused; a valid one is listed under its peer", async () => {
    const bad = await call(post("admin", { intent: "organization", organId: "H05", name: "UBND tỉnh Bạc Liêu", peerName: "LGSP tỉnh Cà Mau" }));
    expect(bad.status).toBe(400);
    const ok = await call(post("admin", { intent: "organization", organId: "000.00.00.H05", name: "UBND tỉnh Bạc Liêu", peerName: "LGSP tỉnh Cà Mau" }));
    expect(ok.status).toBe(200);
    const overview = await (await responseOf(() => route.loader({ request: get("admin"), params: {}, context: {} }))).json();
    expect(overview.peers[0].organizations).toEqual([expect.objectContaining({ name: "UBND tỉnh Bạc Liêu", organId: "000.00.00.H05" })]);
  });

  test("an owed packet that failed is listed with its error and can be sent at the next tick", async () => {
    const peer = db.select().from(schema.edxmlPeers).get()!;
    const later = new Date(Date.now() + 60 * 60_000);
    const { outboxId } = writeTransaction(db, (tx) =>
      enqueueEdxmlPacket(tx, {
        peerId: peer.id,
        kind: "document",
        documentId: "000.00.00.H12,2026/12/05,58/KH-UBND",
        recipientOrganId: "000.00.00.H05",
        businessKey: "0",
        blob: writeBlob(dataDir, new TextEncoder().encode("<edXMLEnvelope/>")),
        at: new Date(),
      }),
    );
    db.update(schema.edxmlOutbox).set({ attempts: 3, lastError: "HTTP 503 từ LGSP", nextAttemptAt: later }).where(eq(schema.edxmlOutbox.id, outboxId)).run();
    const overview = await (await responseOf(() => route.loader({ request: get("admin"), params: {}, context: {} }))).json();
    expect(overview.problems).toEqual([expect.objectContaining({ id: outboxId, attempts: 3, lastError: "HTTP 503 từ LGSP", state: "pending" })]);
    expect((await call(post("chuyenvien", { intent: "retry", outboxId: String(outboxId) }))).status).toBe(404);
    expect((await call(post("admin", { intent: "retry", outboxId: String(outboxId) }))).status).toBe(200);
    const row = db.select().from(schema.edxmlOutbox).where(eq(schema.edxmlOutbox.id, outboxId)).get()!;
    expect(row.nextAttemptAt.getTime()).toBeLessThan(later.getTime());
    const audit = db.select().from(schema.auditEvents).where(eq(schema.auditEvents.action, "edxml.retry_now")).all();
    expect(audit).toHaveLength(1);
    expect(audit[0].actorId).not.toBeNull();
    // A packet that is no longer owed cannot be "retried".
    db.update(schema.edxmlOutbox).set({ state: "sent" }).where(eq(schema.edxmlOutbox.id, outboxId)).run();
    expect((await call(post("admin", { intent: "retry", outboxId: String(outboxId) }))).status).toBe(409);
  });
});
