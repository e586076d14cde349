// Issue 10, "each boundary closed": file references, per-organisation de-duplication, workflow gaps,
// removed evidence and private downloads, asset lookups and organisation-tree cycles, through the real
// services and route modules.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";

// Route modules read DATA_DIR through env.server: set it before the first import.
const dataDir = mkdtempSync(join(tmpdir(), "vpdt-boundaries-"));
process.env.DATA_DIR = dataDir;
process.env.SESSION_SECRET = "test-secret-0123456789abcdef";

const { getDb } = await import("#app/db.server");
const { responseOf, sessionCookie } = await import("#tests/support/route-calls");
const { eq } = await import("drizzle-orm");
const schema = await import("#db/schema/index");
const { seedDirectory, makeUser, contextFor } = await import("#tests/support/factories");
const { samplePdf, officialLetterSpec } = await import("#tests/support/incoming-fixtures");
const { insertOutgoingRow } = await import("#tests/support/outgoing-rows");
const { DEMO_ACCOUNTS } = await import("#app/features/demo/directory.server");
const { seedDemoPlans } = await import("#app/features/demo/plans-demo.server");
const incoming = await import("#app/features/incoming/index");
const { linkReplyDocument } = await import("#app/features/incoming/index");
const { getIncomingDocument } = await import("#app/features/incoming/index");
const tasks = await import("#app/features/plans/index");
const { generateReportSnapshot } = await import("#app/features/plans/index");
const orgs = await import("#app/platform/organizations.server");
const { createUser } = await import("#app/platform/users.server");
const { systemActor } = await import("#app/platform/context.server");
const evidenceRoute = await import("#app/routes/tasks.$taskId.evidence.$evidenceId");
const reportRoute = await import("#app/routes/reports.$snapshotId.$format");
const pdfjsRoute = await import("#app/routes/resources.pdfjs.$asset");
const tasksIndexRoute = await import("#app/routes/tasks._index");
const incomingNewRoute = await import("#app/routes/incoming.new");

type Actor = Awaited<ReturnType<typeof makeUser>>;
const BASE = "http://127.0.0.1:3000";
const db = getDb();
const actors: Record<string, Actor> = {};
const cookies: Record<string, string> = {};
let units: Map<string, number>;
const ctx = (username: string) => contextFor(db, dataDir, actors[username]);

beforeAll(async () => {
  units = seedDirectory(db);
  for (const a of DEMO_ACCOUNTS) {
    actors[a.username] = await makeUser(db, dataDir, {
      username: a.username,
      unitId: units.get(a.unit)!,
      roles: a.roles,
      fullName: a.fullName,
      title: a.title,
    });
  }
  // A second clerk and a second leader (Phó Chủ tịch) of UBND tỉnh.
  actors.vanthu2 = await makeUser(db, dataDir, { username: "vanthu2", unitId: units.get("Văn phòng UBND tỉnh")!, roles: ["clerk"] });
  actors["vanthu.snv"] = await makeUser(db, dataDir, { username: "vanthu.snv", unitId: units.get("Sở Nội vụ")!, roles: ["clerk"] });
  actors.phochutich = await makeUser(db, dataDir, { username: "phochutich", unitId: units.get("Ủy ban nhân dân tỉnh Cà Mau")!, roles: ["leader"] });
  await seedDemoPlans(db, dataDir);
  for (const username of ["sonoivu", "sotuphap", "vanthu"]) {
    cookies[username] = await sessionCookie(username, { ipAddress: "10.8.0.1" });
  }
}, 120_000);
afterAll(() => db.$client.close());

/** A task of the 2023 demo plan that is still open: the plan manager (Sở Nội vụ) may attach and remove evidence. */
function openTask() {
  const task = db
    .select()
    .from(schema.planTasks)
    .all()
    .find((t) => t.status === "in_progress" || t.status === "not_started");
  if (!task) throw new Error("no open task in the demo plan");
  return task;
}
const get = (path: string, username?: string) => new Request(`${BASE}${path}`, { headers: username ? { Cookie: cookies[username] } : {} });

function registration(fileId: number | undefined, n: number) {
  return {
    fileId,
    channel: "postal" as const,
    receivedAt: new Date(),
    numberSymbol: `${n}/SNV-CCHC`,
    docTypeCode: "CV",
    issuedDate: "2025-06-02",
    issuerName: "Sở Nội vụ",
    summary: "Đôn đốc triển khai chuyển đổi số",
    urgency: "normal" as const,
    confidentiality: "normal" as const,
  };
}

describe("file references and de-duplication", () => {
  test("a clerk cannot register another clerk's upload by posting its id; their own unregistered upload only once", async () => {
    const upload = await incoming.prepareIncomingUpload(ctx("vanthu"), { bytes: await samplePdf(officialLetterSpec(31)), originalName: "31.pdf" });
    const refused = incoming.registerIncomingDocument(ctx("vanthu2"), registration(upload.fileId, 31));
    await expect(refused).rejects.toMatchObject({ code: "VALIDATION", fieldErrors: { file: "Tải lại tệp PDF" } });
    const mine = await incoming.registerIncomingDocument(ctx("vanthu"), registration(upload.fileId, 31));
    expect(getIncomingDocument(ctx("vanthu"), mine.id).file?.id).toBe(upload.fileId);
    // The same id again (already registered) is refused too: one upload, one document.
    await expect(incoming.registerIncomingDocument(ctx("vanthu"), { ...registration(upload.fileId, 32), confirmDuplicate: true })).rejects.toMatchObject({
      code: "VALIDATION",
    });
  });

  test("a colleague's task evidence cannot be registered as an incoming document", async () => {
    const evidenceTask = openTask();
    // The plan manager and the clerk are both of Sở Nội vụ: same organisation, not the same uploader.
    const evidenceId = await tasks.attachEvidenceFile(ctx("sonoivu"), {
      taskId: evidenceTask.id,
      bytes: await samplePdf(officialLetterSpec(33)),
      fileName: "kiem-chung.pdf",
    });
    const fileId = db.select({ fileId: schema.taskEvidence.fileId }).from(schema.taskEvidence).where(eq(schema.taskEvidence.id, evidenceId)).get()!.fileId!;
    await expect(incoming.registerIncomingDocument(ctx("vanthu.snv"), registration(fileId, 33))).rejects.toMatchObject({ code: "VALIDATION" });
  });

  test("the same bytes uploaded in two organisations are two uploads: no id leaks across, each registers", async () => {
    const bytes = await samplePdf(officialLetterSpec(41));
    const province = await incoming.prepareIncomingUpload(ctx("vanthu"), { bytes, originalName: "41.pdf" });
    const ward = await incoming.prepareIncomingUpload(ctx("vanthu.tanthanh"), { bytes, originalName: "cong-van-41.pdf" });
    expect(ward.fileId).not.toBe(province.fileId);
    expect(ward.sha256).toBe(province.sha256); // the blob on disk is shared
    const wardDoc = await incoming.registerIncomingDocument(ctx("vanthu.tanthanh"), registration(ward.fileId, 41));
    expect(getIncomingDocument(ctx("vanthu.tanthanh"), wardDoc.id).file).toMatchObject({ id: ward.fileId, name: "cong-van-41.pdf" });
    await incoming.registerIncomingDocument(ctx("vanthu"), registration(province.fileId, 41));
  });

  test("the MIME type and name belong to each upload, not to the first uploader of the bytes", async () => {
    const bytes = await samplePdf(officialLetterSpec(35));
    const sotuphapTask = openTask();
    const a = await tasks.attachEvidenceFile(ctx("sonoivu"), { taskId: sotuphapTask.id, bytes, fileName: "a.pdf" });
    const b = await tasks.attachEvidenceFile(ctx("sonoivu"), { taskId: sotuphapTask.id, bytes, fileName: "b.pdf" });
    const fileOf = (id: number) =>
      db.select({ fileId: schema.taskEvidence.fileId }).from(schema.taskEvidence).where(eq(schema.taskEvidence.id, id)).get()!.fileId;
    expect(fileOf(a)).not.toBe(fileOf(b));
    expect(tasks.readEvidenceFile(ctx("sonoivu"), { taskId: sotuphapTask.id, evidenceId: b }).fileName).toBe("b.pdf");
  });
});

describe("workflow gaps", () => {
  async function awaitingDirection(n: number) {
    const r = await incoming.registerIncomingDocument(ctx("vanthu"), { ...registration(undefined, n), submitForRouting: true });
    incoming.forwardIncomingDocument(ctx("chanhvanphong"), { id: r.id, leaderUserId: actors.chutich.id, note: "Kính trình Chủ tịch" });
    return r.id;
  }

  test("a leader the document was not forwarded to cannot give the direction", async () => {
    const id = await awaitingDirection(51);
    expect(() => incoming.directIncomingDocument(ctx("phochutich"), { id, note: "Giao Phòng Kinh tế" })).toThrow(
      expect.objectContaining({ code: "FORBIDDEN" }),
    );
    expect(getIncomingDocument(ctx("phochutich"), id).actions).not.toContain("direct");
    incoming.directIncomingDocument(ctx("chutich"), { id, note: "Giao Văn phòng phân phối" });
    expect(getIncomingDocument(ctx("chutich"), id).status).toBe("awaiting_routing");
  });

  test("the reply link: only the main handler, only an issued outgoing document of the same organisation", async () => {
    const r = await incoming.registerIncomingDocument(ctx("vanthu"), { ...registration(undefined, 52), submitForRouting: true });
    incoming.routeIncomingDocuments(ctx("chanhvanphong"), { documents: [{ id: r.id }], main: { userId: actors.chuyenvien.id } });
    const doc = getIncomingDocument(ctx("chuyenvien"), r.id);
    incoming.completeIncomingDocument(ctx("chuyenvien"), { id: r.id, version: doc.version, result: "Đã tham mưu văn bản trả lời" });
    const issuedHere = insertOutgoingRow(db, actors.chuyenvien, "issued");
    const draftHere = insertOutgoingRow(db, actors.chuyenvien, "draft");
    const issuedElsewhere = insertOutgoingRow(db, actors["chuyenvien.tanthanh"], "issued");
    // A leader sees every document of the organisation but did not handle this one.
    expect(getIncomingDocument(ctx("chutich"), r.id).can.linkReply).toBe(false);
    expect(() => linkReplyDocument(ctx("chutich"), { incomingDocumentId: r.id, outgoingDocumentId: issuedHere })).toThrow(
      expect.objectContaining({ code: "FORBIDDEN" }),
    );
    for (const outgoingDocumentId of [issuedElsewhere, draftHere, 999_999]) {
      expect(() => linkReplyDocument(ctx("chuyenvien"), { incomingDocumentId: r.id, outgoingDocumentId })).toThrow(
        expect.objectContaining({ code: "VALIDATION" }),
      );
    }
    expect(getIncomingDocument(ctx("chuyenvien"), r.id).can.linkReply).toBe(true);
    linkReplyDocument(ctx("chuyenvien"), { incomingDocumentId: r.id, outgoingDocumentId: issuedHere });
    expect(getIncomingDocument(ctx("chuyenvien"), r.id).replyOutgoingDocumentId).toBe(issuedHere);
  });
});

describe("downloads", () => {
  test("removed evidence is no longer downloadable (404); live evidence and reports are no-store", async () => {
    const task = openTask();
    const evidenceId = await tasks.attachEvidenceFile(ctx("sonoivu"), {
      taskId: task.id,
      bytes: await samplePdf(officialLetterSpec(61)),
      fileName: "Báo cáo kết quả.pdf",
    });
    const params = { taskId: String(task.id), evidenceId: String(evidenceId) };
    const live = await responseOf(() => evidenceRoute.loader({ request: get(`/tasks/${task.id}/evidence/${evidenceId}`, "sonoivu"), params, context: {} }));
    expect(live.status).toBe(200);
    expect(live.headers.get("cache-control")).toMatch(/no-store/);
    tasks.removeEvidence(ctx("sonoivu"), { taskId: task.id, evidenceId });
    const removed = await responseOf(() => evidenceRoute.loader({ request: get(`/tasks/${task.id}/evidence/${evidenceId}`, "sonoivu"), params, context: {} }));
    expect(removed.status).toBe(404);

    const { snapshotId } = await generateReportSnapshot(ctx("sonoivu"), { planId: task.planId, periodKey: "h1" });
    for (const format of ["pdf", "xlsx"]) {
      const report = await responseOf(() =>
        reportRoute.loader({ request: get(`/reports/${snapshotId}/${format}`, "sonoivu"), params: { snapshotId: String(snapshotId), format }, context: {} }),
      );
      expect(report.status).toBe(200);
      expect(report.headers.get("cache-control")).toMatch(/no-store/);
    }
  });

  test("asset and filter names are looked up as own properties: constructor, __proto__, toString are 404 / ignored", async () => {
    for (const asset of ["constructor", "__proto__", "toString", "hasOwnProperty"]) {
      const response = await responseOf(() => pdfjsRoute.loader({ request: get(`/resources/pdfjs/${asset}`), params: { asset }, context: {} }));
      expect(response.status).toBe(404);
    }
    const ok = await responseOf(() => pdfjsRoute.loader({ request: get("/resources/pdfjs/pdf.mjs"), params: { asset: "pdf.mjs" }, context: {} }));
    expect(ok.status).toBe(200);
    const list = await responseOf(() => tasksIndexRoute.loader({ request: get("/tasks?filter=constructor", "sotuphap"), params: {}, context: {} }));
    expect(list.status).toBe(200);
    expect((await list.json()).filter).toBe("open");
  });
});

describe("organisation tree", () => {
  test("making a child the parent is refused at write time, in Vietnamese", () => {
    const province = db
      .select()
      .from(schema.organizations)
      .where(eq(schema.organizations.id, units.get("Ủy ban nhân dân tỉnh Cà Mau")!))
      .get()!;
    const office = units.get("Văn phòng UBND tỉnh")!;
    const grandchild = units.get("Văn phòng UBND tỉnh > Phòng Kinh tế")!;
    for (const parentId of [office, grandchild]) {
      expect(() => orgs.saveOrganization(ctx("admin"), { ...province, id: province.id, version: province.version, parentId })).toThrow(
        expect.objectContaining({ code: "VALIDATION", fieldErrors: { parentId: expect.stringMatching(/vòng lặp/) } }),
      );
    }
    expect(db.select().from(schema.organizations).where(eq(schema.organizations.id, province.id)).get()!.parentId).toBeNull();
  });

  test("a cycle already in the data does not hang the walks that follow it", async () => {
    // Two internal units pointing at each other (as an old database could hold).
    const a = units.get("Sở Tư pháp > Văn phòng Sở Tư pháp")!;
    const b = units.get("Sở Tư pháp > Phòng Kiểm soát thủ tục hành chính")!;
    const original = db.select({ parentId: schema.organizations.parentId }).from(schema.organizations).where(eq(schema.organizations.id, a)).get()!.parentId;
    db.$client.prepare("update organizations set parent_id = ? where id = ?").run(b, a);
    db.$client.prepare("update organizations set parent_id = ? where id = ?").run(a, b);
    try {
      expect(() => orgs.findIssuerOf(db, a)).toThrow(/vòng lặp/);
      await expect(
        createUser(
          { db, actor: systemActor(), dataDir },
          { username: "cycle.user", fullName: "X", title: null, unitId: a, roles: ["specialist"], password: "demo", allowWeakPassword: true },
        ),
      ).rejects.toMatchObject({ code: "INVALID_STATE" });
      const tree = orgs.listOrganizationTree(db, a);
      expect(tree.map((n) => n.id)).toEqual([a, b]);
    } finally {
      db.$client.prepare("update organizations set parent_id = ? where id = ?").run(original, b);
      db.$client.prepare("update organizations set parent_id = ? where id = ?").run(original, a);
    }
  });
});

describe("input that used to answer 500", () => {
  test.each(["Công văn số 5; khẩn.pdf", "a=b.pdf", "Tờ trình 100%; v=2 (bản chính).pdf"])("an upload named %j is read, and keeps its name", async (name) => {
    const form = new FormData();
    form.append("file", new File([new Uint8Array(await samplePdf(officialLetterSpec(71)))], name, { type: "application/pdf" }));
    const request = new Request(`${BASE}/incoming/new`, { method: "POST", body: form, headers: { Cookie: cookies.vanthu, Origin: BASE } });
    const response = await responseOf(() => incomingNewRoute.action({ request, params: {}, context: {} }));
    expect(response.status).toBe(200);
    const body = (await response.json()) as { ok: boolean; upload: { fileId: number; originalName: string } };
    expect(body.upload.originalName).toBe(name);
    expect(db.select().from(schema.files).where(eq(schema.files.id, body.upload.fileId)).get()?.originalName).toBe(name);
  });
});
