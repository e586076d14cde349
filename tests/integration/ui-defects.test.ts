// Issue 10 item 5 ("dates and numbers are what they say") and issue 9 ("handling page and lists"),
// through the real route modules and services on a real SQLite database.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";

// Route modules read DATA_DIR through env.server: set it before the first import.
const dataDir = mkdtempSync(join(tmpdir(), "vpdt-ui-defects-"));
process.env.DATA_DIR = dataDir;
process.env.SESSION_SECRET = "test-secret-0123456789abcdef";

const { getDb } = await import("#app/db.server");
const { responseOf, sessionCookie } = await import("#tests/support/route-calls");
const { and, eq } = await import("drizzle-orm");
const schema = await import("#db/schema/index");
const { seedDirectory, makeUser, contextFor } = await import("#tests/support/factories");
const { DEMO_ACCOUNTS } = await import("#app/features/demo/directory.server");
const incoming = await import("#app/features/incoming/index");
const { dateTimeInputValue } = await import("#app/domain/shared/form-input");
const incomingNewRoute = await import("#app/routes/incoming.new");
const tasksIndexRoute = await import("#app/routes/tasks._index");
const { listRoutingOptions, getIncomingDocument } = await import("#app/features/incoming/index");
const { seedDemoPlans } = await import("#app/features/demo/plans-demo.server");
const { generateReportSnapshot } = await import("#app/features/plans/index");

type Actor = Awaited<ReturnType<typeof makeUser>>;
const BASE = "http://127.0.0.1:3000";
const db = getDb();
const actors: Record<string, Actor> = {};
const cookies: Record<string, string> = {};
let units: Map<string, number>;
let serial = 0;
let planId = 0;

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
  planId = (await seedDemoPlans(db, dataDir)).planId;
  for (const username of ["vanthu", "chanhvanphong", "chuyenvien", "truongphong", "sonoivu"]) {
    cookies[username] = await sessionCookie(username, { ipAddress: "10.8.0.1" });
  }
}, 120_000);
afterAll(() => db.$client.close());

function post(path: string, username: string, fields: Record<string, string | string[]>) {
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) for (const x of Array.isArray(v) ? v : [v]) body.append(k, x);
  return new Request(`${BASE}${path}`, {
    method: "POST",
    body,
    headers: { Cookie: cookies[username], Origin: BASE, "Content-Type": "application/x-www-form-urlencoded" },
  });
}

/** The manual registration form as the clerk submits it. */
function registrationForm(overrides: Record<string, string> = {}) {
  return {
    intent: "register",
    channel: "postal",
    receivedAt: dateTimeInputValue(new Date(Date.now() - 60_000)),
    numberSymbol: `${++serial}/SNV-UI`,
    docTypeCode: "CV",
    issuedDate: "",
    issuerName: "Sở Nội vụ",
    summary: "Đôn đốc triển khai chuyển đổi số",
    urgency: "normal",
    confidentiality: "normal",
    ...overrides,
  };
}

async function register(fields: Record<string, string>) {
  const response = await responseOf(() =>
    incomingNewRoute.action({ request: post("/incoming/new", "vanthu", registrationForm(fields)), params: {}, context: {} }),
  );
  if (response.status === 302) return { status: 302, fieldErrors: {} as Record<string, string>, location: response.headers.get("Location") };
  const body = (await response.json()) as { fieldErrors?: Record<string, string>; formError?: string };
  return { status: response.status, fieldErrors: body.fieldErrors ?? {}, formError: body.formError, location: null };
}

function incomingBookYears(): number[] {
  return db
    .select({ year: schema.registerBooks.year })
    .from(schema.registerBooks)
    .where(and(eq(schema.registerBooks.direction, "incoming"), eq(schema.registerBooks.organizationId, actors.vanthu.organizationId)))
    .all()
    .map((b) => b.year);
}

describe("dates and numbers are what they say (issue 10 item 5)", () => {
  test("an impossible arrival date is refused with a message, not moved to 3 March", async () => {
    const year = new Date().getFullYear();
    const r = await register({ receivedAt: `31/02/${year} 08:00` });
    expect(r.status).toBe(400);
    expect(r.fieldErrors.receivedAt).toBe(
      `Ngày 31/02/${year} không có thật: tháng 2/${year} chỉ có 28 ngày.`.replace("28", String(new Date(Date.UTC(year, 2, 0)).getUTCDate())),
    );
    const iso = await register({ receivedAt: `${year}-02-31T08:00` });
    expect(iso.status).toBe(400);
    expect(iso.fieldErrors.receivedAt).toMatch(/không có thật/);
  });

  test("page counts are decimal: 0x10, 1e1 and 16.0 are refused, 16 is kept", async () => {
    for (const pageCount of ["0x10", "1e1", "16.0", "-4"]) {
      const r = await register({ pageCount });
      expect(r.status, pageCount).toBe(400);
      expect(r.fieldErrors.pageCount, pageCount).toMatch(/không phải là số nguyên/);
    }
    const ok = await register({ pageCount: "16" });
    expect(ok.status).toBe(302);
    const id = Number(ok.location!.match(/\/incoming\/(\d+)/)![1]);
    expect(db.select().from(schema.incomingDocuments).where(eq(schema.incomingDocuments.id, id)).get()!.pageCount).toBe(16);
  });

  test("arrival dates in 1900 or 2099, or later today, open no register book", async () => {
    const before = incomingBookYears();
    const old = await register({ receivedAt: "01/06/1900 08:00" });
    expect(old.status).toBe(400);
    expect(old.fieldErrors.receivedAt).toMatch(/Sổ đăng ký văn bản đến năm 1900 đã khóa/);
    const future = await register({ receivedAt: "01/06/2099 08:00" });
    expect(future.status).toBe(400);
    expect(future.fieldErrors.receivedAt).toMatch(/không thể sau thời điểm hiện tại/);
    const inTwoHours = await register({ receivedAt: dateTimeInputValue(new Date(Date.now() + 2 * 3600_000)) });
    expect(inTwoHours.status).toBe(400);
    expect(inTwoHours.fieldErrors.receivedAt).toMatch(/không thể sau thời điểm hiện tại/);
    expect(incomingBookYears().sort()).toEqual(before.sort());
  });

  test("KPI values and paper copies are decimal too (0x10 and 1e3 refused)", async () => {
    const { KpiSchema } = await import("#app/routes/plans.$planId.kpis");
    const { PaperIssueSchema } = await import("#app/routes/outgoing.$documentId_.issue");
    const kpi = (targetValue: string) => KpiSchema.safeParse({ content: "Tỷ lệ hồ sơ đúng hạn", targetText: "Tối thiểu 96,5%", targetValue });
    expect(kpi("96,5").success && kpi("96,5").data?.targetValue).toBe(96.5);
    expect(kpi("96.5").success && kpi("96.5").data?.targetValue).toBe(96.5);
    for (const bad of ["0x10", "1e3", "Infinity"]) expect(kpi(bad).success, bad).toBe(false);
    expect(PaperIssueSchema.safeParse({ intent: "issue_paper", copies: "0x10" }).success).toBe(false);
    const ok = PaperIssueSchema.safeParse({ intent: "issue_paper", copies: "4" });
    expect(ok.success && ok.data.copies).toBe(4);
  });

  const NOW = new Date("2025-06-17T02:00:00Z"); // Tuesday 17/06/2025 09:00 in Vietnam
  const at = (text: string) => new Date(`${text}+07:00`);
  const options = (overrides: Partial<Parameters<typeof incoming.registerIncomingDocument>[1]> = {}) => ({
    channel: "postal" as const,
    receivedAt: NOW,
    numberSymbol: `${++serial}/SNV-UI`,
    docTypeCode: "CV",
    issuedDate: null,
    issuerName: "Sở Nội vụ",
    summary: "Đôn đốc triển khai chuyển đổi số",
    urgency: "normal" as const,
    confidentiality: "normal" as const,
    ...overrides,
  });
  const clerkAt = (now: Date) => contextFor(db, dataDir, actors.vanthu, () => now);
  const refusal = async (promise: Promise<unknown>) => {
    try {
      await promise;
    } catch (e) {
      return (e as { fieldErrors?: Record<string, string> }).fieldErrors ?? {};
    }
    throw new Error("registration was accepted");
  };

  test("registered on the arrival day or the next working day needs no reason (Decree 30 Art. 21)", async () => {
    await expect(incoming.registerIncomingDocument(clerkAt(NOW), options({ receivedAt: at("2025-06-16T16:45:00") }))).resolves.toMatchObject({ year: 2025 });
    // Arrived Friday afternoon, registered Monday morning: Monday is the next working day.
    await expect(
      incoming.registerIncomingDocument(clerkAt(at("2025-06-16T08:00:00")), options({ receivedAt: at("2025-06-13T17:00:00") })),
    ).resolves.toMatchObject({ year: 2025 });
  });

  test("back-dating further needs a reason, which is audited; into a closed year it is refused", async () => {
    const tenDaysAgo = at("2025-06-06T08:00:00");
    const fields = await refusal(incoming.registerIncomingDocument(clerkAt(NOW), options({ receivedAt: tenDaysAgo })));
    expect(fields.backdateReason).toMatch(/nhập lý do đăng ký muộn/);
    const done = await incoming.registerIncomingDocument(
      clerkAt(NOW),
      options({ receivedAt: tenDaysAgo, backdateReason: "Văn bản bị thất lạc ở bộ phận một cửa" }),
    );
    const audit = db
      .select()
      .from(schema.auditEvents)
      .where(and(eq(schema.auditEvents.action, "incoming.register"), eq(schema.auditEvents.entityId, String(done.id))))
      .get()!;
    expect(JSON.parse(audit.detail as string).backdateReason).toBe("Văn bản bị thất lạc ở bộ phận một cửa");

    const lastYear = await refusal(
      incoming.registerIncomingDocument(clerkAt(NOW), options({ receivedAt: at("2024-12-30T08:00:00"), backdateReason: "Đăng ký bổ sung cuối năm" })),
    );
    expect(lastYear.receivedAt).toBe("Sổ đăng ký văn bản đến năm 2024 đã khóa; chỉ đăng ký văn bản đến trong năm 2025.");
  });

  test("a handling deadline before the arrival date is refused at registration and at correction", async () => {
    const fields = await refusal(incoming.registerIncomingDocument(clerkAt(NOW), options({ handlingDeadline: "2025-06-16" })));
    expect(fields.handlingDeadline).toBe("Hạn xử lý (16/06/2025) không thể trước ngày đến (17/06/2025).");
    const ok = await incoming.registerIncomingDocument(clerkAt(NOW), options({ handlingDeadline: "2025-06-17" }));
    const row = db.select().from(schema.incomingDocuments).where(eq(schema.incomingDocuments.id, ok.id)).get()!;
    const correction = await refusal(
      Promise.resolve().then(() =>
        incoming.correctIncomingRegistration(clerkAt(NOW), {
          id: row.id,
          version: row.version,
          numberSymbol: row.numberSymbol,
          docTypeCode: row.docTypeCode,
          issuedDate: row.issuedDate,
          issuerName: row.issuerName,
          summary: row.summary,
          signerName: row.signerName,
          signerTitle: row.signerTitle,
          pageCount: row.pageCount,
          urgency: row.urgency,
          handlingDeadline: "2025-06-01",
          note: row.note,
        }),
      ),
    );
    expect(correction.handlingDeadline).toMatch(/không thể trước ngày đến/);
  });
});

describe("handling page and lists (issue 9)", () => {
  const ctxOf = (username: string, now?: Date) => contextFor(db, dataDir, actors[username], now ? () => now : undefined);

  test("the clerk and the administrator are neither offered nor accepted as handlers", async () => {
    const options = listRoutingOptions(ctxOf("chanhvanphong"));
    const offered = options.people.map((p) => p.value);
    expect(offered).toContain(`u:${actors.chuyenvien.id}`);
    expect(offered).toContain(`u:${actors.chutich.id}`);
    expect(offered).not.toContain(`u:${actors.vanthu.id}`);
    expect(offered).not.toContain(`u:${actors.admin.id}`);
    const doc = await incoming.registerIncomingDocument(ctxOf("vanthu"), {
      channel: "postal",
      receivedAt: new Date(Date.now() - 60_000),
      numberSymbol: `${++serial}/SNV-UI`,
      docTypeCode: "CV",
      issuedDate: null,
      issuerName: "Sở Nội vụ",
      summary: "Phân phối thử",
      urgency: "normal",
      confidentiality: "normal",
      submitForRouting: true,
    });
    for (const who of ["vanthu", "admin"]) {
      for (const decision of [{ main: { userId: actors[who].id } }, { main: { userId: actors.chuyenvien.id }, info: [{ userId: actors[who].id }] }]) {
        expect(() => incoming.routeIncomingDocuments(ctxOf("chanhvanphong"), { documents: [{ id: doc.id }], workingDays: 3, ...decision })).toThrow(
          /không được giao xử lý/,
        );
      }
    }
    // The refused attempts changed nothing; a specialist is accepted.
    incoming.routeIncomingDocuments(ctxOf("chanhvanphong"), {
      documents: [{ id: doc.id }],
      workingDays: 3,
      main: { userId: actors.chuyenvien.id },
      cooperating: [{ unitId: units.get("Văn phòng UBND tỉnh > Phòng Kinh tế")! }],
      info: [{ userId: actors.chutich.id }],
    });
    incoming.completeIncomingDocument(ctxOf("chuyenvien"), { id: doc.id, result: "Đã xử lý xong." });
    const detail = getIncomingDocument(ctxOf("chanhvanphong"), doc.id) as unknown as { status: string; assignments: Array<{ kind: string; status: string }> };
    const { assignmentStatusLabel } = await import("#app/domain/incoming/incoming");
    const labels = detail.assignments.map((a) => `${a.kind}: ${assignmentStatusLabel(a, detail.status)}`);
    expect(labels).toEqual(expect.arrayContaining(["main: Đã xong", "cooperate: Kết thúc (không có ý kiến phối hợp)", "info: Chưa đọc"]));
    expect(labels.join("\n")).not.toContain("Đang xử lý");
  });

  test("a specialist's task page does not show configuration names (SMTP_URL)", async () => {
    const response = await tasksIndexRoute.loader({
      request: new Request(`${BASE}/tasks`, { headers: { Cookie: cookies.chuyenvien } }),
      params: {},
      context: {},
    });
    const text = await response!.text();
    expect(text).toContain("Nhắc việc chỉ hiển thị trong ứng dụng");
    expect(text).not.toContain("SMTP_URL");
  });

  test("a report for a cut-off still in the future is frozen only after confirmation, and audited as early", async () => {
    const early = new Date("2023-02-10T03:00:00Z"); // 10/02/2023: the first quarter's cut-off has not come
    let refused: { fieldErrors?: Record<string, string> } | null = null;
    try {
      await generateReportSnapshot(ctxOf("sonoivu", early), { planId, periodKey: "q1" });
    } catch (e) {
      refused = e as { fieldErrors?: Record<string, string> };
    }
    expect(refused?.fieldErrors?.confirmEarly).toMatch(/chưa đến/);
    expect(db.select().from(schema.reportSnapshots).where(eq(schema.reportSnapshots.planId, planId)).all()).toHaveLength(0);
    const { snapshotId } = await generateReportSnapshot(ctxOf("sonoivu", early), { planId, periodKey: "q1", confirmEarly: true });
    const audit = db
      .select()
      .from(schema.auditEvents)
      .where(and(eq(schema.auditEvents.action, "plan.report"), eq(schema.auditEvents.entityId, String(snapshotId))))
      .get()!;
    expect(JSON.parse(audit.detail as string).beforeCutOff).toBe("2023-02-10");
    // After the cut-off no confirmation is asked.
    await expect(generateReportSnapshot(ctxOf("sonoivu", new Date("2023-12-20T03:00:00Z")), { planId, periodKey: "q1" })).resolves.toHaveProperty("snapshotId");
  }, 60_000);
});

describe("demo seed early in the morning (Vietnam time)", () => {
  test("seeded at 06:10, no demo event lies in the future and today's registrations stay today", async () => {
    const { createTestDb } = await import("#tests/support/test-db");
    const { seedDemoData } = await import("#app/features/demo/seed-demo.server");
    const { toVietnamDate } = await import("#app/domain/shared/dates");
    const t = createTestDb();
    try {
      const now = new Date(`${toVietnamDate(new Date())}T06:10:00+07:00`);
      await seedDemoData(t.db, t.dataDir, now);
      const docs = t.db.select().from(schema.incomingDocuments).all();
      expect(docs.length).toBeGreaterThan(5);
      for (const d of docs) {
        expect(d.receivedAt.getTime(), d.numberSymbol).toBeLessThanOrEqual(now.getTime());
        if (d.registeredAt) expect(d.registeredAt.getTime(), d.numberSymbol).toBeLessThanOrEqual(now.getTime());
      }
      expect(docs.filter((d) => toVietnamDate(d.receivedAt) === toVietnamDate(now)).length).toBeGreaterThan(0);
      const late = t.db
        .select()
        .from(schema.auditEvents)
        .all()
        .filter((e) => e.at.getTime() > now.getTime());
      expect(late.map((e) => e.action)).toEqual([]);
    } finally {
      t.cleanup();
    }
  }, 180_000);
});

describe("registering a document received electronically", () => {
  test("the sender's deadline (edXML DueDate) is pre-filled and kept, not erased by registration", async () => {
    const { writeBlob, insertFileRow } = await import("#app/platform/files/files.server");
    const { samplePdf, officialLetterSpec } = await import("#tests/support/incoming-fixtures");
    const blob = writeBlob(dataDir, await samplePdf(officialLetterSpec(5)));
    const { incomingDocumentId: receivedId } = db.transaction((tx) =>
      incoming.deliverToIncomingQueue(tx, {
        recipientOrganizationId: actors.vanthu.organizationId,
        senderOrganizationId: actors["vanthu.tanthanh"].organizationId,
        outgoingDocumentId: 9_000_001,
        numberSymbol: `${++serial}/UBND-VP`,
        docTypeCode: "CV",
        issuedDate: "2026-12-01",
        issuerName: "Ủy ban nhân dân tỉnh Bạc Liêu",
        summary: "V/v báo cáo kết quả cải cách hành chính",
        signerName: "Phạm Văn Thiều",
        signerTitle: "CHỦ TỊCH",
        urgency: "normal",
        confidentiality: "normal",
        fileId: insertFileRow(tx, { blob, mimeType: "application/pdf", originalName: "05-UBND-VP.pdf", at: new Date() }).id,
        pageCount: 1,
        extractedText: null,
        at: new Date(Date.now() - 60_000),
        actorId: null,
      }),
    );
    // What the edXML inbox writes for a packet's DueDate.
    db.update(schema.incomingDocuments).set({ handlingDeadline: "2099-01-15" }).where(eq(schema.incomingDocuments.id, receivedId)).run();
    const page = await incomingNewRoute.loader({
      request: new Request(`${BASE}/incoming/new?from=${receivedId}`, { headers: { Cookie: cookies.vanthu } }),
      params: {},
      context: {},
    });
    const data = (await page.json()) as { delivered: { handlingDeadline: string; version: number } };
    expect(data.delivered.handlingDeadline).toBe("15/01/2099");
    const saved = await register({
      incomingDocumentId: String(receivedId),
      version: String(data.delivered.version),
      channel: "electronic",
      numberSymbol: `${serial}/UBND-VP`,
      issuerName: "Ủy ban nhân dân tỉnh Bạc Liêu",
      issuedDate: "01/12/2026",
      handlingDeadline: data.delivered.handlingDeadline,
    });
    expect(saved.status).toBe(302);
    expect(getIncomingDocument(contextFor(db, dataDir, actors.vanthu), receivedId)).toMatchObject({ status: "registered", handlingDeadline: "2099-01-15" });
  });
});

// QA pass: a filter or form the user got wrong answers with the app's Vietnamese reason beside it, keeps what was
// typed, and shows no figures for another question; lists are in the order they claim.
const statisticsRoute = await import("#app/routes/statistics._index");
const trackingRoute = await import("#app/routes/statistics.tracking-register");
const indicatorsRoute = await import("#app/routes/statistics.indicators");
const planRoute = await import("#app/routes/plans.$planId._index");
const incomingListRoute = await import("#app/routes/incoming._index");
const routingRoute = await import("#app/routes/incoming.routing");
const issueRoute = await import("#app/routes/outgoing.$documentId_.issue");
const caseFilesRoute = await import("#app/routes/case-files._index");
const outgoingSearchRoute = await import("#app/routes/outgoing.search");
const registerBookRoute = await import("#app/routes/incoming.register-book");
const registerBookXlsxRoute = await import("#app/routes/resources.incoming.register-book[.]xlsx");
const outgoing = await import("#app/features/outgoing/index");
const { StatisticsMessages } = await import("#app/messages/statistics");
const { IncomingMessages } = await import("#app/messages/incoming");
const { OutgoingMessages } = await import("#app/messages/outgoing");
const { CaseFileMessages } = await import("#app/messages/casefiles");

describe("filters and forms say what is wrong and keep what was typed (QA pass)", () => {
  type Loader = (args: { request: Request; params: Record<string, string>; context: object }) => Promise<unknown>;
  async function get(loader: Loader, path: string, username: string, params: Record<string, string> = {}) {
    const response = await responseOf(() =>
      loader({ request: new Request(`${BASE}${path}`, { headers: { Cookie: cookies[username] } }), params, context: {} }),
    );
    expect(response.headers.get("Content-Type"), `${path}: a page with the form, not the error page`).toMatch(/json/);
    // biome-ignore lint/suspicious/noExplicitAny: loader bodies differ per route; each test reads its own fields
    return { status: response.status, body: (await response.json()) as Record<string, any> };
  }

  test("statistics with 'Từ ngày' after 'Đến ngày' keep the page and the form, with the reason and no figures", async () => {
    const query = "?from=31%2F12%2F2026&to=01%2F12%2F2026&period=custom";
    for (const [loader, path] of [
      [statisticsRoute.loader, "/statistics"],
      [trackingRoute.loader, "/statistics/tracking-register"],
      [indicatorsRoute.loader, "/statistics/indicators"],
    ] as const) {
      const { status, body } = await get(loader as Loader, `${path}${query}`, "chanhvanphong");
      expect(status, path).toBe(400);
      expect(body.failure.message, path).toBe(StatisticsMessages.PERIOD_INVALID);
      expect(body.typed, path).toMatchObject({ from: "31/12/2026", to: "01/12/2026" });
      for (const figures of ["view", "register", "report"]) expect(body[figures] ?? null, `${path} ${figures}`).toBeNull();
    }
    const { body } = await get(statisticsRoute.loader as Loader, `/statistics${query}`, "chanhvanphong");
    expect(body.options.units.length).toBeGreaterThan(0); // the unit select is still filled
  });

  test("a date that is not one is refused with the forms' message, kept as typed, never replaced by another date", async () => {
    const stats = await get(statisticsRoute.loader as Loader, "/statistics?from=32%2F13%2F2026&to=&period=custom", "chanhvanphong");
    expect(stats.status).toBe(400);
    expect(stats.body.failure.message).toBe("Ngày 32/13/2026 không có thật: tháng phải từ 1 đến 12.");
    expect(stats.body.typed.from).toBe("32/13/2026");
    expect(stats.body.view).toBeNull();

    const plan = await get(planRoute.loader as Loader, `/plans/${planId}?asOf=31%2F02%2F2023`, "sonoivu", { planId: String(planId) });
    expect(plan.status).toBe(400);
    expect(plan.body.failure.message).toBe("Ngày 31/02/2023 không có thật: tháng 2/2023 chỉ có 28 ngày.");
    expect(plan.body.typedAsOf).toBe("31/02/2023");
    expect(plan.body.dashboard).toBeNull();
    expect(plan.body.heading.plan.id).toBe(planId);
    const planOk = await get(planRoute.loader as Loader, `/plans/${planId}?asOf=31%2F03%2F2023`, "sonoivu", { planId: String(planId) });
    expect(planOk.status).toBe(200);
    expect(planOk.body.dashboard.cutOff).toBe("2023-03-31");

    const list = await get(incomingListRoute.loader as Loader, "/incoming?box=all&from=32%2F13%2F2026", "chanhvanphong");
    expect(list.status).toBe(400);
    expect(list.body.failure.fieldErrors.from).toBe("Ngày 32/13/2026 không có thật: tháng phải từ 1 đến 12.");
    expect(list.body.typed.from).toBe("32/13/2026");
    expect(list.body.page).toBeNull();
  });

  test("the outgoing search and the incoming register book refuse a date that is not one, with no results", async () => {
    // Something each would list if the date were dropped.
    expect((await register({ summary: "Sổ đến kiểm tra ngày lọc" })).status).toBe(302);
    await outgoing.createOutgoingDraft(contextFor(db, dataDir, actors.chuyenvien), {
      docTypeCode: "TB",
      summary: "Thông báo kiểm tra ngày lọc",
      signerId: actors.chutich.id,
      signingAuthority: "TM.",
      urgency: "normal",
      confidentiality: "normal",
      internalRecipientIds: [],
      externalRecipients: [],
      source: "composed",
      body: "Nội dung thông báo./.",
    });
    const year = new Date().getFullYear();

    const book = await get(registerBookRoute.loader as Loader, `/incoming/register-book?from=01%2F01%2F${year}`, "vanthu");
    expect(book.status).toBe(200);
    expect(book.body.view.rows.length).toBeGreaterThan(0);
    const refusedBook = await get(registerBookRoute.loader as Loader, `/incoming/register-book?from=01%2F01%2F${year}&to=31%2F02%2F${year}`, "vanthu");
    expect(refusedBook.status).toBe(400);
    expect(refusedBook.body.failure.fieldErrors).toEqual({
      to: expect.stringMatching(new RegExp(`^Ngày 31/02/${year} không có thật: tháng 2/${year} chỉ có 2[89] ngày\\.$`)),
    });
    expect(refusedBook.body.typed).toEqual({ from: `01/01/${year}`, to: `31/02/${year}` });
    expect(refusedBook.body.view.rows).toEqual([]);
    expect(refusedBook.body.view.books.length).toBeGreaterThan(0); // the form keeps its book select
    const xlsx = await responseOf(() =>
      registerBookXlsxRoute.loader({
        request: new Request(`${BASE}/resources/incoming/register-book.xlsx?from=32%2F13%2F${year}`, { headers: { Cookie: cookies.vanthu } }),
        params: {},
        context: {},
      }),
    );
    expect(xlsx.status).toBe(400);
    expect(await xlsx.text()).toBe(`Ngày 32/13/${year} không có thật: tháng phải từ 1 đến 12.`);

    const found = await get(outgoingSearchRoute.loader as Loader, "/outgoing/search?q=kiem+tra+ngay+loc", "chuyenvien");
    expect(found.status).toBe(200);
    expect(found.body.result.items.length).toBe(1);
    const refused = await get(outgoingSearchRoute.loader as Loader, "/outgoing/search?q=kiem+tra+ngay+loc&from=32%2F13%2F2026", "chuyenvien");
    expect(refused.status).toBe(400);
    expect(refused.body.failure.fieldErrors.from).toBe("Ngày 32/13/2026 không có thật: tháng phải từ 1 đến 12.");
    expect(refused.body.typed.from).toBe("32/13/2026");
    expect(refused.body.result).toBeNull();
    expect(refused.body.query.q).toBe("kiem tra ngay loc"); // the other filters are kept
  });

  test("bulk routing with no document ticked says to choose documents and keeps the other choices", async () => {
    const main = `o:${units.get("Văn phòng UBND tỉnh > Phòng Kinh tế")}`;
    const response = await responseOf(() =>
      routingRoute.action({ request: post("/incoming/routing", "chanhvanphong", { main, workingDays: "3", note: "Đề nghị xử lý" }), params: {}, context: {} }),
    );
    expect(response.status).toBe(400);
    const body = (await response.json()) as { fieldErrors: Record<string, string>; values: Record<string, string> };
    expect(body.fieldErrors.documents).toBe(IncomingMessages.CHOOSE_DOCUMENTS);
    expect(body.values).toMatchObject({ main, workingDays: "3", note: "Đề nghị xử lý" });
  });

  test("a refused issue keeps 'Số lượng bản' and never echoes the passphrase", async () => {
    const response = await responseOf(() =>
      issueRoute.action({ request: post("/outgoing/999999/issue", "vanthu", { passphrase: "", copies: "3" }), params: { documentId: "999999" }, context: {} }),
    );
    expect(response.status).toBe(400);
    const body = (await response.json()) as { fieldErrors: Record<string, string>; values: Record<string, string> };
    expect(body.fieldErrors.passphrase).toBe(OutgoingMessages.ORGANIZATION_PASSPHRASE_REQUIRED);
    expect(body.values).toEqual({ copies: "3" });
    const wrongCopies = await responseOf(() =>
      issueRoute.action({
        request: post("/outgoing/999999/issue", "vanthu", { passphrase: "sai", copies: "0" }),
        params: { documentId: "999999" },
        context: {},
      }),
    );
    const refused = (await wrongCopies.json()) as { fieldErrors: Record<string, string>; values: Record<string, string> };
    expect(refused.fieldErrors.copies).toMatch(/\S/);
    expect(refused.values).toEqual({ copies: "0" });
  });

  test("an ad hoc case file without title answers with the field's message (not a 404) and keeps the code", async () => {
    const year = String(new Date().getFullYear());
    const response = await responseOf(() =>
      caseFilesRoute.action({
        request: post(`/case-files?year=${year}`, "vanthu", { intent: "open", year, code: "HS.QA-01", title: "", retention: "" }),
        params: {},
        context: {},
      }),
    );
    expect(response.status).toBe(400);
    const body = (await response.json()) as { fieldErrors: Record<string, string>; values: Record<string, string> };
    expect(body.fieldErrors.title).toBe(CaseFileMessages.TITLE_REQUIRED);
    expect(body.values.code).toBe("HS.QA-01");
  });

  test("notifications are listed newest first by their time, and the pages neither skip nor repeat", async () => {
    const { listNotifications } = await import("#app/features/notifications/index");
    const me = actors.chanhvanphong;
    const at = (iso: string) => new Date(iso);
    // Written out of time order, as the demo's scripted history and a catch-up run write them.
    const times = ["2026-12-07T09:00:00+07:00", "2026-12-05T09:30:00+07:00", "2026-12-07T09:00:00+07:00", "2026-12-06T15:00:00+07:00"];
    for (const [i, t] of times.entries()) {
      db.insert(schema.notifications)
        .values({
          userId: me.id,
          eventType: "routed",
          eventKey: `qa-order-${i}`,
          entityType: "incoming_document",
          entityId: i + 1,
          title: `QA ${i}`,
          body: "",
          link: "/",
          isSecret: false,
          createdAt: at(t),
        })
        .run();
    }
    const ctx = contextFor(db, dataDir, me);
    const all = listNotifications(ctx, { limit: 100 }).filter((n) => n.title.startsWith("QA "));
    const shown = all.map((n) => n.createdAt.getTime());
    expect(shown).toEqual([...shown].sort((a, b) => b - a));
    expect(all[all.length - 1].title).toBe("QA 1"); // 05/12 09:30 last
    const pages: string[] = [];
    let before: number | null = null;
    for (;;) {
      const page: Array<{ id: number; title: string }> = listNotifications(ctx, { limit: 1, before }).filter((n) => n.title.startsWith("QA "));
      if (!page.length) break;
      pages.push(page[0].title);
      before = page[0].id;
    }
    expect(pages).toEqual(all.map((n) => n.title));
  });
});

describe("texts read as printed (QA pass)", () => {
  test("a relative deadline's date label does not say 'Ngày ngày'", async () => {
    const { TaskMessages } = await import("#app/messages/plans");
    expect(TaskMessages.ANCHOR_DATE_LABEL("ngày ký quyết định công bố")).toBe("Ngày ký quyết định công bố");
    expect(TaskMessages.ANCHOR_DATE_LABEL("Hội nghị triển khai")).toBe("Ngày Hội nghị triển khai");
    expect(TaskMessages.ANCHOR_DATE_LABEL(null)).toBe("Ngày của sự kiện mốc");
  });

  test("the draft page's 'Người ký' shows the PDF's authority block (TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH)", async () => {
    const { createOutgoingWorld } = await import("#tests/support/outgoing-world");
    const { getOutgoingDocument } = await import("#app/features/outgoing/index");
    const world = await createOutgoingWorld();
    try {
      const tm = await world.draft("chuyenvien", { docTypeCode: "CV", summary: "Về việc tăng cường quản lý" });
      expect(getOutgoingDocument(world.ctx("chuyenvien"), tm.id).signerTitleLines).toEqual(["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"]);
      const kt = await world.draft("chuyenvien", { signerId: world.actors.phochutich.id, signingAuthority: "KT." });
      expect(getOutgoingDocument(world.ctx("chuyenvien"), kt.id).signerTitleLines).toEqual(["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]);
    } finally {
      world.cleanup();
    }
  }, 120_000);
});
