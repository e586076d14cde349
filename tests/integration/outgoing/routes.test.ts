import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";

// Route modules read DATA_DIR through env.server: set it before the first import.
const dataDir = mkdtempSync(join(tmpdir(), "vpdt-outgoing-routes-"));
process.env.DATA_DIR = dataDir;
process.env.SESSION_SECRET = "test-secret-0123456789abcdef";

const { getDb } = await import("#app/db.server");
const { seedDirectory, makeUser, contextFor } = await import("#tests/support/factories");
const { signIn } = await import("#app/platform/auth/sign-in.server");
const { provisionDemoSigning } = await import("#app/features/demo/outgoing-demo.server");
const { systemActor } = await import("#app/platform/context.server");
const { DEMO_ACCOUNTS } = await import("#app/features/demo/directory.server");
const outgoing = await import("#app/features/outgoing/index");
const signRoute = await import("#app/routes/outgoing.$documentId_.sign");
const detailRoute = await import("#app/routes/outgoing.$documentId");
const fileRoute = await import("#app/routes/resources.outgoing.$documentId.file");
const xlsxRoute = await import("#app/routes/resources.outgoing.register[.xlsx]");
const accountRoute = await import("#app/routes/account");
const newRoute = await import("#app/routes/outgoing.new");
const issueRoute = await import("#app/routes/outgoing.$documentId_.issue");
const packageRoute = await import("#app/routes/resources.outgoing.$documentId.package");
const { SECRET_NO_CONTENT_MESSAGE } = await import("#app/domain/outgoing/workflow");

const BASE = "http://127.0.0.1:3000";
const db = getDb();
const actors: Record<string, Awaited<ReturnType<typeof makeUser>>> = {};
const cookies: Record<string, string> = {};
let documentId = 0;

beforeAll(async () => {
  const units = seedDirectory(db);
  for (const username of ["chuyenvien", "truongphong", "chanhvanphong", "chutich", "vanthu", "vanthu.tanthanh"]) {
    const a = DEMO_ACCOUNTS.find((x) => x.username === username)!;
    actors[username] = await makeUser(db, dataDir, { username, unitId: units.get(a.unit)!, roles: a.roles, fullName: a.fullName, title: a.title });
    const result = await signIn({ request: new Request(`${BASE}/login`, { method: "POST" }), username, password: "demo", ipAddress: "10.0.0.1" });
    if (!result.ok) throw new Error("sign-in failed");
    cookies[username] = result.cookie.split(";")[0];
  }
  const now = new Date();
  await provisionDemoSigning(db, dataDir, now, { db, dataDir, actor: systemActor(), now: () => now });
  const ctx = (u: string) => contextFor(db, dataDir, actors[u]);
  const { id } = await outgoing.createOutgoingDraft(ctx("chuyenvien"), {
    docTypeCode: "TB",
    summary: "Thông báo kiểm thử tuyến đường",
    signerId: actors.chutich.id,
    signingAuthority: "TM.",
    urgency: "normal",
    confidentiality: "normal",
    internalRecipientIds: [actors["vanthu.tanthanh"].organizationId],
    externalRecipients: [],
    source: "composed",
    body: "Nội dung thông báo./.",
  });
  documentId = id;
  outgoing.submitOutgoingDocument(ctx("chuyenvien"), { documentId });
  outgoing.approveOutgoingDocument(ctx("truongphong"), { documentId });
  outgoing.approveOutgoingDocument(ctx("chanhvanphong"), { documentId });
}, 60_000);

afterAll(() => db.$client.close());

function post(path: string, username: string, body: BodyInit) {
  return new Request(`${BASE}${path}`, { method: "POST", body, headers: { Cookie: cookies[username], Origin: BASE } });
}
function get(path: string, username: string) {
  return new Request(`${BASE}${path}`, { headers: { Cookie: cookies[username] } });
}
async function caught(fn: () => Promise<unknown>): Promise<Response> {
  try {
    const r = await fn();
    return r as Response;
  } catch (e) {
    if (e instanceof Response) return e;
    throw e;
  }
}

describe("outgoing routes", () => {
  test("a wrong passphrase is refused without echoing it; the right one signs and redirects", async () => {
    const wrong = await caught(() =>
      signRoute.action({
        request: post(`/outgoing/${documentId}/sign`, "chutich", new URLSearchParams({ passphrase: "bi-mat-sai-123" })),
        params: { documentId: String(documentId) },
        context: {},
      }),
    );
    expect(wrong.status).toBe(400);
    const text = await wrong.text();
    expect(text).not.toContain("bi-mat-sai-123");
    expect(JSON.parse(text).fieldErrors.passphrase).toMatch(/Mật khẩu/);
    const ok = await caught(() =>
      signRoute.action({
        request: post(`/outgoing/${documentId}/sign`, "chutich", new URLSearchParams({ passphrase: "demo" })),
        params: { documentId: String(documentId) },
        context: {},
      }),
    );
    expect(ok.status).toBe(302);
    expect(ok.headers.get("Location")).toBe(`/outgoing/${documentId}?signed=1`);
  });

  test("another organisation gets 404 on the page and the file; the drafter downloads the signed PDF", async () => {
    const page = await caught(() =>
      detailRoute.loader({ request: get(`/outgoing/${documentId}`, "vanthu.tanthanh"), params: { documentId: String(documentId) }, context: {} }),
    );
    expect(page.status).toBe(404);
    const file = await caught(() =>
      fileRoute.loader({
        request: get(`/resources/outgoing/${documentId}/file?kind=current`, "vanthu.tanthanh"),
        params: { documentId: String(documentId) },
        context: {},
      }),
    );
    expect(file.status).toBe(404);
    const mine = await caught(() =>
      fileRoute.loader({
        request: get(`/resources/outgoing/${documentId}/file?kind=signed`, "chuyenvien"),
        params: { documentId: String(documentId) },
        context: {},
      }),
    );
    expect(mine.status).toBe(200);
    expect(mine.headers.get("Content-Type")).toBe("application/pdf");
    expect(
      Buffer.from(await mine.arrayBuffer())
        .subarray(0, 5)
        .toString(),
    ).toBe("%PDF-");
  });

  test("the register exports XLSX for the clerk and is not found for the specialist", async () => {
    const xlsx = await caught(() => xlsxRoute.loader({ request: get(`/resources/outgoing/register.xlsx`, "vanthu"), params: {}, context: {} }));
    expect(xlsx.status).toBe(200);
    expect(
      Buffer.from(await xlsx.arrayBuffer())
        .subarray(0, 2)
        .toString(),
    ).toBe("PK");
    const refused = await caught(() => xlsxRoute.loader({ request: get(`/resources/outgoing/register.xlsx`, "chuyenvien"), params: {}, context: {} }));
    expect(refused.status).toBe(404);
  });

  test("/account certificate upload: a wrong passphrase is refused and never echoed", async () => {
    const form = new FormData();
    form.set("intent", "signing-credentials");
    form.set("passphrase", "khong-dung-456");
    form.set("certificate", new File([new Uint8Array([0x30, 0x82, 0x01, 0x00, 1, 2, 3])], "x.p12", { type: "application/x-pkcs12" }));
    const response = await caught(() => accountRoute.action({ request: post("/account", "chutich", form), params: {}, context: {} }));
    expect(response.status).toBe(400);
    const text = await response.text();
    expect(text).not.toContain("khong-dung-456");
    expect(JSON.parse(text)).toMatchObject({ ok: false, signing: true });
  });
});

describe("secret outgoing documents through the routes", () => {
  const secretForm = (over: Record<string, string> = {}) => {
    const form = new FormData();
    const fields: Record<string, string> = {
      source: "uploaded",
      docTypeCode: "BC",
      summary: "Báo cáo mật kiểm thử tuyến đường",
      signerId: String(actors.chutich.id),
      signingAuthority: "TM.",
      urgency: "normal",
      confidentiality: "top_secret",
      externalRecipients: "Công an tỉnh Cà Mau; gửi bản giấy",
      ...over,
    };
    for (const [k, v] of Object.entries(fields)) form.set(k, v);
    return form;
  };
  const countDocs = () => (db.$client.prepare("select count(*) as n from outgoing_documents").get() as { n: number }).n;

  test("the draft form refuses a file for a secret level (400, Vietnamese message) and saves nothing", async () => {
    const before = countDocs();
    const form = secretForm();
    form.set("mainPdf", new File([new TextEncoder().encode("%PDF-1.7\n")], "mat.pdf", { type: "application/pdf" }));
    const response = await caught(() => newRoute.action({ request: post("/outgoing/new", "chuyenvien", form), params: {}, context: {} }));
    expect(response.status).toBe(400);
    const body = (await response.json()) as { formError: string; fieldErrors: Record<string, string> };
    expect(body.formError).toBe(SECRET_NO_CONTENT_MESSAGE);
    expect(body.fieldErrors.mainPdf).toBe(SECRET_NO_CONTENT_MESSAGE);
    expect(countDocs()).toBe(before);
  });

  test("metadata only: draft without source or body → paper approval on the detail page → number and register on the issue page", async () => {
    const form = secretForm();
    form.delete("source"); // the page disables the file part for secret levels
    const created = await caught(() => newRoute.action({ request: post("/outgoing/new", "chuyenvien", form), params: {}, context: {} }));
    expect(created.status).toBe(302);
    const id = Number(/\/outgoing\/(\d+)/.exec(created.headers.get("Location")!)![1]);
    const ctx = (u: string) => contextFor(db, dataDir, actors[u]);
    outgoing.submitOutgoingDocument(ctx("chuyenvien"), { documentId: id });
    outgoing.approveOutgoingDocument(ctx("truongphong"), { documentId: id });
    outgoing.approveOutgoingDocument(ctx("chanhvanphong"), { documentId: id });
    const params = { documentId: String(id) };

    const digital = await caught(() =>
      signRoute.action({ request: post(`/outgoing/${id}/sign`, "chutich", new URLSearchParams({ passphrase: "demo" })), params, context: {} }),
    );
    expect(digital.status).toBe(409);
    const version = outgoing.getOutgoingDocument(ctx("chutich"), id).document.version;
    const approved = await caught(() =>
      detailRoute.action({
        request: post(`/outgoing/${id}`, "chutich", new URLSearchParams({ intent: "approve_paper", version: String(version) })),
        params,
        context: {},
      }),
    );
    expect(approved.status).toBe(200);
    expect(outgoing.getOutgoingDocument(ctx("vanthu"), id).document).toMatchObject({ status: "signed", signingMethod: "paper" });

    const sealed = await caught(() =>
      issueRoute.action({ request: post(`/outgoing/${id}/issue`, "vanthu", new URLSearchParams({ passphrase: "demo" })), params, context: {} }),
    );
    expect(sealed.status).toBe(409);
    const issued = await caught(() =>
      issueRoute.action({ request: post(`/outgoing/${id}/issue`, "vanthu", new URLSearchParams({ intent: "issue_paper", copies: "2" })), params, context: {} }),
    );
    expect(issued.status).toBe(302);
    expect(outgoing.getOutgoingDocument(ctx("vanthu"), id).document).toMatchObject({ status: "issued", numberSymbol: "01/BC-UBND", copies: 2, fileId: null });
    const pkg = await caught(() => packageRoute.loader({ request: get(`/resources/outgoing/${id}/package`, "vanthu"), params, context: {} }));
    expect(pkg.status).toBe(409);
    const file = await caught(() => fileRoute.loader({ request: get(`/resources/outgoing/${id}/file?kind=current`, "vanthu"), params, context: {} }));
    expect(file.status).toBe(404);
  });
});
