// Secret outgoing documents (Mật, Tối mật, Tuyệt mật), DESIGN.md §4: register metadata only — no body,
// no PDF, no attachments; the review chain as usual; the intended signer records "Duyệt ký (bản giấy)";
// the clerk numbers and registers them in the secret book; no digital signature, seal or delivery.
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  approveOutgoingDocument,
  approveOutgoingOnPaper,
  buildExternalPackageMetadata,
  compareOutgoingRevisions,
  getOutgoingDocument,
  getOutgoingRegisterView,
  getOutgoingSignatures,
  issueOutgoingDocument,
  issueSecretOutgoingDocument,
  listOutgoingQueue,
  listOutgoingRegister,
  proposeIssue,
  readOutgoingFile,
  recallOutgoingDocument,
  returnOutgoingDocument,
  signOutgoingDocument,
  submitOutgoingDocument,
  updateOutgoingDraft,
  type OutgoingDraftInput,
} from "#app/features/outgoing/index";
import { verifyAuditChain } from "#app/platform/audit.server";
import { SECRET_NO_CONTENT_MESSAGE } from "#app/domain/outgoing/workflow";
import { AppErrorCode } from "#app/utils/errors";
import { makeUser } from "#tests/support/factories";
import { createOutgoingWorld, statusOf, toLeaderReview, type OutgoingWorld } from "#tests/support/outgoing-world";

let world: OutgoingWorld;
beforeAll(async () => {
  world = await createOutgoingWorld();
  // A second specialist of the drafting unit (not the drafter) and the office lead of another organisation.
  world.actors.chuyenvien2 = await makeUser(world.db, world.dataDir, {
    username: "chuyenvien2",
    unitId: world.actors.chuyenvien.unitId,
    roles: ["specialist"],
  });
}, 60_000);
afterAll(() => world.cleanup());

const YEAR = () => new Date().getFullYear();

/** Metadata-only input for a secret Báo cáo (no body, no file). */
const SECRET: Partial<OutgoingDraftInput> = {
  docTypeCode: "BC",
  summary: "Tình hình bảo đảm an ninh, trật tự trên địa bàn",
  confidentiality: "confidential",
  source: "paper",
  body: undefined,
  internalRecipientIds: [],
  externalRecipients: [{ name: "Công an tỉnh Cà Mau", address: "Gửi bản giấy" }],
  distributionList: ["TT. Tỉnh ủy (b/c)", "Công an tỉnh"],
};

async function expectCode(promise: Promise<unknown> | (() => unknown), code: string) {
  try {
    await (typeof promise === "function" ? promise() : promise);
  } catch (error) {
    expect((error as { code?: string }).code).toBe(code);
    return error as Error & { code: string; fieldErrors?: Record<string, string> };
  }
  throw new Error(`expected ${code}`);
}

function count(sql: string, ...params: unknown[]): number {
  return (world.db.$client.prepare(sql).get(...params) as { n: number }).n;
}

function blobCount(): number {
  const walk = (dir: string): number => {
    let n = 0;
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      n += statSync(path).isDirectory() ? walk(path) : 1;
    }
    return n;
  };
  try {
    return walk(join(world.dataDir, "files"));
  } catch {
    return 0;
  }
}

function snapshotCounts() {
  return {
    documents: count("select count(*) as n from outgoing_documents"),
    files: count("select count(*) as n from files"),
    attachments: count("select count(*) as n from outgoing_attachments"),
    revisions: count("select count(*) as n from outgoing_revisions"),
    audit: count("select count(*) as n from audit_events"),
    blobs: blobCount(),
  };
}

const PDF = new TextEncoder().encode("%PDF-1.7\n% a secret draft must never be stored\n");

describe("secret outgoing documents", () => {
  test("a secret draft with a PDF, an attachment or a composed body is refused and nothing is saved", async () => {
    const before = snapshotCounts();
    for (const level of ["confidential", "secret", "top_secret"] as const) {
      const upload = await expectCode(
        world.draft("chuyenvien", { ...SECRET, confidentiality: level, source: "uploaded", uploadedPdf: { bytes: PDF, name: "mat.pdf" } }),
        AppErrorCode.VALIDATION,
      );
      expect(upload.message).toBe(SECRET_NO_CONTENT_MESSAGE);
      expect(upload.fieldErrors?.mainPdf).toBe(SECRET_NO_CONTENT_MESSAGE);
    }
    const attachment = await expectCode(
      world.draft("chuyenvien", { ...SECRET, attachments: [{ bytes: PDF, name: "phu-luc.pdf", type: "application/pdf" }] }),
      AppErrorCode.VALIDATION,
    );
    expect(attachment.fieldErrors?.attachments).toBe(SECRET_NO_CONTENT_MESSAGE);
    const composed = await expectCode(
      world.draft("chuyenvien", { ...SECRET, source: "composed", body: "Nội dung mật không được lưu." }),
      AppErrorCode.VALIDATION,
    );
    expect(composed.fieldErrors?.body).toBe(SECRET_NO_CONTENT_MESSAGE);
    expect(snapshotCounts()).toEqual(before);
  });

  test("a metadata-only secret draft stores no file; a normal draft with a file cannot become secret", async () => {
    const { id } = await world.draft("chuyenvien", { ...SECRET, source: "composed" /* ignored: secret is always paper */ });
    const row = world.db.$client
      .prepare(
        "select source, file_id as fileId, draft_file_id as draftFileId, compose_input as composeInput, page_count as pageCount from outgoing_documents where id = ?",
      )
      .get(id);
    expect(row).toEqual({ source: "paper", fileId: null, draftFileId: null, composeInput: null, pageCount: null });
    expect(count("select count(*) as n from outgoing_revisions where document_id = ? and file_id is null", id)).toBe(1);

    // Revising a secret draft keeps metadata snapshots (compare works, no file).
    const current = getOutgoingDocument(world.ctx("chuyenvien"), id).document;
    await updateOutgoingDraft(world.ctx("chuyenvien"), {
      ...(SECRET as OutgoingDraftInput),
      signerId: world.actors.chutich.id,
      signingAuthority: "TM.",
      urgency: "urgent",
      confidentiality: "secret",
      documentId: id,
      version: current.version,
    });
    const comparison = compareOutgoingRevisions(world.ctx("chuyenvien"), { documentId: id, from: 1, to: 2 });
    expect(comparison.changes.map((c) => c.field).sort()).toEqual(["confidentiality", "urgency"]);
    expect(comparison.fileChanged).toBe(false);

    // A normal composed draft (it has a PDF) switched to Mật: refused, unchanged.
    const normal = await world.draft("chuyenvien");
    const doc = getOutgoingDocument(world.ctx("chuyenvien"), normal.id).document;
    const before = snapshotCounts();
    const refused = await expectCode(
      updateOutgoingDraft(world.ctx("chuyenvien"), {
        ...(SECRET as OutgoingDraftInput),
        signerId: world.actors.chutich.id,
        signingAuthority: "TM.",
        urgency: "normal",
        documentId: normal.id,
        version: doc.version,
      }),
      AppErrorCode.VALIDATION,
    );
    expect(refused.fieldErrors?.confidentiality).toMatch(/không thể chuyển thành văn bản mật/);
    expect(snapshotCounts()).toEqual(before);
    expect(getOutgoingDocument(world.ctx("chuyenvien"), normal.id).document).toMatchObject({ confidentiality: "normal", revision: 1, version: doc.version });
  });

  test("chain: draft → reviews (with a return) → paper approval → number 01 in the secret book; the normal book keeps its own series; no PDF, seal or delivery", async () => {
    const year = YEAR();
    const { id } = await world.draft("chuyenvien", SECRET);
    submitOutgoingDocument(world.ctx("chuyenvien"), { documentId: id });
    expect(statusOf(world.db, id)).toBe("dept_review");
    approveOutgoingDocument(world.ctx("truongphong"), { documentId: id, comment: "Nội dung đạt." });
    returnOutgoingDocument(world.ctx("chanhvanphong"), { documentId: id, comment: "Ghi rõ số lượng bản gửi Công an tỉnh." });
    expect(statusOf(world.db, id)).toBe("draft");
    // The office lead who returned it still sees it (the page reloads after the return).
    expect(getOutgoingDocument(world.ctx("chanhvanphong"), id).document.lastComment).toBe("Ghi rõ số lượng bản gửi Công an tỉnh.");
    const draft = getOutgoingDocument(world.ctx("chuyenvien"), id).document;
    await updateOutgoingDraft(world.ctx("chuyenvien"), {
      ...(SECRET as OutgoingDraftInput),
      summary: `${SECRET.summary} (quý II)`,
      signerId: world.actors.chutich.id,
      signingAuthority: "TM.",
      urgency: "normal",
      documentId: id,
      version: draft.version,
    });
    await toLeaderReview(world, id);
    expect(statusOf(world.db, id)).toBe("leader_review");
    expect(getOutgoingDocument(world.ctx("chutich"), id).document.officeInitialBy).toBe(world.actors.chanhvanphong.id);
    expect(listOutgoingQueue(world.ctx("chutich"), "sign").map((d) => d.id)).toContain(id);
    expect(getOutgoingDocument(world.ctx("chutich"), id).actions).toEqual(["return", "approve_paper"]);

    // Digital signing is refused; only the intended signer approves on paper.
    const sign = await expectCode(signOutgoingDocument(world.ctx("chutich"), { documentId: id, passphrase: "demo" }), AppErrorCode.INVALID_STATE);
    expect(sign.message).toMatch(/bản giấy/);
    await expectCode(() => approveOutgoingOnPaper(world.ctx("phochutich"), { documentId: id }), AppErrorCode.FORBIDDEN);
    await expectCode(() => approveOutgoingOnPaper(world.ctx("vanthu"), { documentId: id }), AppErrorCode.NOT_FOUND); // not visible to the clerk yet
    await expectCode(() => approveOutgoingOnPaper(world.ctx("chutich"), { documentId: id, version: 1 }), AppErrorCode.CONFLICT);
    expect(statusOf(world.db, id)).toBe("leader_review");
    approveOutgoingOnPaper(world.ctx("chutich"), { documentId: id, comment: "Đã ký bản gốc." });
    const signed = getOutgoingDocument(world.ctx("vanthu"), id).document;
    expect(signed).toMatchObject({
      status: "signed",
      signingMethod: "paper",
      signedBy: world.actors.chutich.id,
      fileId: null,
      leaderSignedFileId: null,
      leaderCertificateName: null,
    });
    expect(signed.signingMethodLabel).toBe("Duyệt ký (bản giấy)");
    expect(listOutgoingQueue(world.ctx("vanthu"), "issue").map((d) => d.id)).toContain(id);
    await expectCode(() => approveOutgoingOnPaper(world.ctx("chutich"), { documentId: id }), AppErrorCode.INVALID_STATE);

    // Digital issue (seal) is refused; the proposal is the secret book's next number.
    const seal = await expectCode(issueOutgoingDocument(world.ctx("vanthu"), { documentId: id, passphrase: "demo" }), AppErrorCode.INVALID_STATE);
    expect(seal.message).toMatch(/mật/);
    await expectCode(() => issueSecretOutgoingDocument(world.ctx("chuyenvien"), { documentId: id }), AppErrorCode.FORBIDDEN);
    const proposal = proposeIssue(world.ctx("vanthu"), id);
    expect(proposal).toMatchObject({ paper: true, number: 1, numberSymbol: "01/BC-UBND", hasOrganizationCertificate: false });
    expect(proposal.bookName).toMatch(/mật/);

    // A normal document of the same type is issued first: 01 in the normal book.
    const normal = await world.draft("chuyenvien", { docTypeCode: "BC" });
    await toLeaderReview(world, normal.id);
    await expectCode(() => approveOutgoingOnPaper(world.ctx("chutich"), { documentId: normal.id }), AppErrorCode.INVALID_STATE);
    await signOutgoingDocument(world.ctx("chutich"), { documentId: normal.id, passphrase: "demo" });
    await expectCode(() => issueSecretOutgoingDocument(world.ctx("vanthu"), { documentId: normal.id }), AppErrorCode.INVALID_STATE);
    const normalIssued = await issueOutgoingDocument(world.ctx("vanthu"), { documentId: normal.id, passphrase: "demo" });
    expect(normalIssued.numberSymbol).toBe("01/BC-UBND");
    expect(getOutgoingDocument(world.ctx("vanthu"), normal.id).document.signingMethod).toBe("digital");

    const issued = issueSecretOutgoingDocument(world.ctx("vanthu"), { documentId: id, copies: 4 });
    expect(issued).toMatchObject({ number: 1, numberSymbol: "01/BC-UBND" });
    expect(statusOf(world.db, id)).toBe("issued");
    await expectCode(() => issueSecretOutgoingDocument(world.ctx("vanthu"), { documentId: id }), AppErrorCode.INVALID_STATE);

    const books = world.db.$client
      .prepare(
        "select d.id, b.security, d.number, e.file_id as entryFileId from outgoing_documents d join register_books b on b.id = d.book_id join outgoing_register_entries e on e.document_id = d.id where d.id in (?, ?) order by d.id",
      )
      .all(id, normal.id) as Array<{ id: number; security: string; number: number; entryFileId: number | null }>;
    expect(books.find((b) => b.id === id)).toMatchObject({ security: "secret", number: 1, entryFileId: null });
    expect(books.find((b) => b.id === normal.id)).toMatchObject({ security: "normal", number: 1 });
    expect(books.find((b) => b.id === normal.id)!.entryFileId).not.toBeNull();

    // A second secret document continues the secret series.
    const second = await world.draft("chuyenvien", { ...SECRET, summary: "Kế hoạch bảo vệ bí mật nhà nước", docTypeCode: "BC" });
    await toLeaderReview(world, second.id);
    approveOutgoingOnPaper(world.ctx("chutich"), { documentId: second.id });
    expect(issueSecretOutgoingDocument(world.ctx("vanthu"), { documentId: second.id }).numberSymbol).toBe("02/BC-UBND");

    // No file anywhere, no signature panel, no package, no delivery.
    const detail = getOutgoingDocument(world.ctx("vanthu"), id);
    expect(detail.isSecret).toBe(true);
    expect(detail.document).toMatchObject({ fileId: null, issuedFileId: null, copies: 4, number: 1 });
    expect(detail.attachments).toEqual([]);
    expect(detail.revisions.every((r) => r.fileId === null)).toBe(true);
    expect(await getOutgoingSignatures(world.ctx("vanthu"), id)).toEqual([]);
    for (const kind of ["current", "issued", "signed", "draft"] as const) {
      await expectCode(() => readOutgoingFile(world.ctx("vanthu"), { documentId: id, kind }), AppErrorCode.NOT_FOUND);
    }
    await expectCode(() => buildExternalPackageMetadata(world.ctx("vanthu"), id), AppErrorCode.INVALID_STATE);
    expect(count("select count(*) as n from incoming_documents where outgoing_document_id = ?", id)).toBe(0);
    expect(count("select count(*) as n from outgoing_recipients where document_id = ? and delivered_at is not null", id)).toBe(0);

    // The register: the secret book lists the secret documents only, in order.
    const view = getOutgoingRegisterView(world.ctx("vanthu"), { year, bookId: detail.document.bookId });
    expect(view.book).toMatchObject({ security: "secret" });
    expect(view.rows.map((r) => r.numberSymbol)).toEqual(["01/BC-UBND", "02/BC-UBND"]);
    expect(view.rows[0]).toMatchObject({ documentId: id, copies: 4, recipients: "TT. Tỉnh ủy (b/c); Công an tỉnh", signerName: world.actors.chutich.fullName });
    expect(view.rows[0].note).toMatch(/Mật, bản giấy/);
    expect(view.books.map((b) => b.security)).toEqual(["normal", "secret"]);
    // The default view (no book chosen) is the ordinary book: no secret entry among its numbers (issue 9).
    const defaultView = getOutgoingRegisterView(world.ctx("vanthu"), { year });
    expect(defaultView.book).toMatchObject({ security: "normal" });
    expect(defaultView.rows.map((r) => r.documentId)).not.toContain(id);
    expect(defaultView.rows.every((r) => !/Mật, bản giấy/.test(r.note))).toBe(true);
    const all = listOutgoingRegister(world.ctx("vanthu"), { year });
    expect(all.filter((r) => r.numberSymbol === "01/BC-UBND")).toHaveLength(2);

    // A secret document can be recalled (paper recall); still nothing delivered.
    recallOutgoingDocument(world.ctx("vanthu"), { documentId: second.id, reason: "Thu hồi bản giấy để chỉnh sửa." });
    expect(statusOf(world.db, second.id)).toBe("recalled");

    // Audit: every step, and the chain verifies.
    const actions = (
      world.db.$client
        .prepare("select action from audit_events where entity_type = 'outgoing_document' and entity_id = ? order by id")
        .all(String(id)) as Array<{ action: string }>
    ).map((r) => r.action);
    expect(actions).toEqual([
      "outgoing.create",
      "outgoing.submit",
      "outgoing.approve",
      "outgoing.return",
      "outgoing.revise",
      "outgoing.submit",
      "outgoing.approve",
      "outgoing.approve",
      "outgoing.approve_paper",
      "outgoing.issue_paper",
    ]);
    const issueAudit = world.db.$client
      .prepare("select from_state as fromState, to_state as toState, detail from audit_events where action = 'outgoing.issue_paper' and entity_id = ?")
      .get(String(id)) as {
      fromState: string;
      toState: string;
      detail: string;
    };
    expect(issueAudit).toMatchObject({ fromState: "signed", toState: "issued" });
    expect(JSON.parse(issueAudit.detail)).toMatchObject({ number: 1, numberSymbol: "01/BC-UBND", security: "secret" });
    expect(verifyAuditChain(world.db)).toMatchObject({ ok: true });
  }, 60_000);

  test("visibility: drafter, chain reviewers, signer, leaders and (once approved) clerks; nobody else, and never another organisation", async () => {
    const { id } = await world.draft("chuyenvien", { ...SECRET, summary: "Phương án bảo vệ mục tiêu quan trọng" });
    const sees = (username: string) => {
      try {
        getOutgoingDocument(world.ctx(username), id);
        return true;
      } catch (error) {
        expect((error as { code?: string }).code).toBe(AppErrorCode.NOT_FOUND);
        return false;
      }
    };
    const visibleTo = () =>
      [
        "chuyenvien",
        "chuyenvien2",
        "truongphong",
        "truongphongnc",
        "chanhvanphong",
        "chutich",
        "phochutich",
        "vanthu",
        "vanthu.tanthanh",
        "chutich.tanthanh",
      ].filter(sees);

    // Draft: the drafter, the drafting unit's lead, the leaders.
    expect(visibleTo()).toEqual(["chuyenvien", "truongphong", "chutich", "phochutich"]);
    submitOutgoingDocument(world.ctx("chuyenvien"), { documentId: id });
    expect(visibleTo()).toEqual(["chuyenvien", "truongphong", "chutich", "phochutich"]);
    // Office review: the office reviewers join.
    approveOutgoingDocument(world.ctx("truongphong"), { documentId: id });
    expect(visibleTo()).toEqual(["chuyenvien", "truongphong", "chanhvanphong", "chutich", "phochutich"]);
    approveOutgoingDocument(world.ctx("chanhvanphong"), { documentId: id });
    // Approved on paper: the clerk joins (to number it).
    approveOutgoingOnPaper(world.ctx("chutich"), { documentId: id });
    expect(visibleTo()).toEqual(["chuyenvien", "truongphong", "chanhvanphong", "chutich", "phochutich", "vanthu"]);

    // Queues and counters follow the same rule.
    expect(listOutgoingQueue(world.ctx("chuyenvien2"), "mine").map((d) => d.id)).not.toContain(id);
    issueSecretOutgoingDocument(world.ctx("vanthu"), { documentId: id });
    expect(listOutgoingQueue(world.ctx("chuyenvien2"), "issued").map((d) => d.id)).not.toContain(id);
    expect(listOutgoingQueue(world.ctx("truongphongnc"), "issued").map((d) => d.id)).not.toContain(id);
    expect(listOutgoingQueue(world.ctx("vanthu"), "issued").map((d) => d.id)).toContain(id);
    // Another organisation: not found, even for its clerk and leader, and not in its register.
    await expectCode(() => issueSecretOutgoingDocument(world.ctx("vanthu.tanthanh"), { documentId: id }), AppErrorCode.NOT_FOUND);
    await expectCode(() => approveOutgoingOnPaper(world.ctx("chutich.tanthanh"), { documentId: id }), AppErrorCode.NOT_FOUND);
    expect(listOutgoingRegister(world.ctx("vanthu.tanthanh"), { year: YEAR() }).map((r) => r.documentId)).not.toContain(id);
  }, 60_000);
});
