import { spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { PDFHexString } from "pdf-lib";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  approveOutgoingDocument,
  buildExternalPackageMetadata,
  compareOutgoingRevisions,
  countOutgoingWork,
  exportOutgoingRegisterXlsx,
  getOutgoingDocument,
  getOutgoingSignatures,
  issueOutgoingDocument,
  listOutgoingQueue,
  listOutgoingRegister,
  proposeIssue,
  readOutgoingFile,
  recallOutgoingDocument,
  returnOutgoingDocument,
  signOutgoingDocument,
  submitOutgoingDocument,
  updateOutgoingDraft,
} from "#app/features/outgoing/index";
import { getDashboard } from "#app/features/home/dashboard.server";
import { registerIncomingDocument, submitIncomingForRouting } from "#app/features/incoming/index";
import { AppErrorCode } from "#app/utils/errors";
import { listNotifications } from "#app/features/notifications/index";
import { revdiff, sigcheck } from "#tests/support/signature-check";
import { createOutgoingWorld, statusOf, toLeaderReview, type OutgoingWorld } from "#tests/support/outgoing-world";

let world: OutgoingWorld;
beforeAll(async () => {
  world = await createOutgoingWorld();
}, 60_000);
afterAll(() => world.cleanup());

async function expectCode(promise: Promise<unknown> | (() => unknown), code: string) {
  try {
    await (typeof promise === "function" ? promise() : promise);
  } catch (error) {
    expect((error as { code?: string }).code).toBe(code);
    return error as Error & { fieldErrors?: Record<string, string> };
  }
  throw new Error(`expected ${code}`);
}

/** Writes the PDF and runs both independent checkers (shared/tools/pdf-signature-check). */
async function checkPdf(bytes: Uint8Array, name: string, expected: number) {
  const file = join(world.dataDir, name);
  writeFileSync(file, bytes);
  const sig = await sigcheck(file, world.caPath, expected);
  expect(sig.output).toContain("PASS");
  expect(sig.code).toBe(0);
  const diff = await revdiff(file);
  expect(diff.code, diff.output).toBe(0);
}

describe("outgoing chain", () => {
  test("draft → return with comment → revise → review → sign → issue → deliver → recall", async () => {
    const { id } = await world.draft("chuyenvien");
    expect(statusOf(world.db, id)).toBe("draft");
    submitOutgoingDocument(world.ctx("chuyenvien"), { documentId: id });
    approveOutgoingDocument(world.ctx("truongphong"), { documentId: id, comment: "Nội dung đạt." });
    expect(statusOf(world.db, id)).toBe("office_review");
    returnOutgoingDocument(world.ctx("chanhvanphong"), { documentId: id, comment: "Sửa trích yếu cho đúng thể thức." });
    expect(statusOf(world.db, id)).toBe("draft");
    expect(countOutgoingWork(world.ctx("chuyenvien")).returnedToMe).toBe(1);
    // Each step tells whoever holds the draft next (notification outbox, same transaction).
    const titles = (user: string) =>
      listNotifications(world.ctx(user), { limit: 100 })
        .filter((n) => n.entityType === "outgoing_document" && n.entityId === id)
        .map((n) => n.title);
    expect(titles("truongphong")).toEqual(["Dự thảo chờ bạn cho ý kiến"]);
    expect(titles("chanhvanphong")).toEqual(["Dự thảo chờ bạn cho ý kiến"]);
    expect(titles("chuyenvien")).toEqual(["Dự thảo của bạn bị trả lại"]);

    const before = getOutgoingDocument(world.ctx("chuyenvien"), id).document;
    await updateOutgoingDraft(world.ctx("chuyenvien"), {
      documentId: id,
      version: before.version,
      docTypeCode: "KH",
      summary: "Vận hành thử nghiệm tổ chức chính quyền cấp xã sau sắp xếp",
      signerId: world.actors.chutich.id,
      signingAuthority: "TM.",
      urgency: "urgent",
      confidentiality: "normal",
      internalRecipientIds: [world.tanThanhId],
      externalRecipients: [{ name: "Báo Cà Mau", address: "toasoan@baocamau.vn" }],
      source: "composed",
      body: "I. MỤC ĐÍCH\n- Đánh giá khả năng vận hành.\nII. TỔ CHỨC THỰC HIỆN\nGiao Sở Nội vụ chủ trì thực hiện./.",
    });
    const comparison = compareOutgoingRevisions(world.ctx("chuyenvien"), { documentId: id, from: 1, to: 2 });
    expect(comparison.from.returnComment).toBe("Sửa trích yếu cho đúng thể thức.");
    expect(comparison.changes.map((c) => c.field).sort()).toEqual(["summary", "urgency"]);
    expect(comparison.fileChanged).toBe(true);

    submitOutgoingDocument(world.ctx("chuyenvien"), { documentId: id });
    approveOutgoingDocument(world.ctx("truongphong"), { documentId: id });
    approveOutgoingDocument(world.ctx("chanhvanphong"), { documentId: id });
    expect(statusOf(world.db, id)).toBe("leader_review");
    expect(listOutgoingQueue(world.ctx("chutich"), "sign").map((d) => d.id)).toContain(id);
    expect(titles("chutich")).toEqual(["Văn bản chờ bạn ký"]);

    const wrong = await expectCode(signOutgoingDocument(world.ctx("chutich"), { documentId: id, passphrase: "sai" }), AppErrorCode.VALIDATION);
    expect(wrong.fieldErrors?.passphrase).toMatch(/Mật khẩu/);
    expect(JSON.stringify(wrong)).not.toContain('sai"');
    expect(statusOf(world.db, id)).toBe("leader_review");

    await signOutgoingDocument(world.ctx("chutich"), { documentId: id, passphrase: "demo" });
    expect(statusOf(world.db, id)).toBe("signed");
    await checkPdf(readOutgoingFile(world.ctx("vanthu"), { documentId: id, kind: "signed" }).bytes, "signed.pdf", 1);

    const proposal = proposeIssue(world.ctx("vanthu"), id);
    expect(proposal.numberSymbol).toBe("01/KH-UBND");
    expect(proposal.dateLine).toMatch(/^Cà Mau, ngày \d{2} tháng \d{1,2} năm \d{4}$/);
    await expectCode(issueOutgoingDocument(world.ctx("vanthu"), { documentId: id, passphrase: "sai" }), AppErrorCode.VALIDATION);
    expect(listOutgoingRegister(world.ctx("vanthu"), { year: new Date().getFullYear() })).toHaveLength(0);

    const issued = await issueOutgoingDocument(world.ctx("vanthu"), { documentId: id, passphrase: "demo" });
    expect(issued.numberSymbol).toBe("01/KH-UBND");
    expect(statusOf(world.db, id)).toBe("issued");
    const issuedPdf = readOutgoingFile(world.ctx("vanthu"), { documentId: id, kind: "issued" }).bytes;
    await checkPdf(issuedPdf, "issued.pdf", 2);
    expect(Buffer.from(issuedPdf).toString("latin1")).toContain("/T (so_ky_hieu)");

    const signatures = await getOutgoingSignatures(world.ctx("vanthu"), id);
    expect(signatures).toHaveLength(2);
    expect(signatures.every((s) => s.valid && s.trusted)).toBe(true);
    expect(signatures.map((s) => s.signerName)).toEqual([world.actors.chutich.fullName, "Ủy ban nhân dân tỉnh Cà Mau"]);

    const detail = getOutgoingDocument(world.ctx("vanthu"), id);
    const internal = detail.recipients.find((r) => r.kind === "internal")!;
    expect(internal.deliveredAt).not.toBeNull();
    expect(internal.incomingDocumentId).toBeGreaterThan(0);
    // Liên thông: the item waits in Tân Thành's incoming queue with the signed PDF; the sender sees its progress.
    expect(detail.deliveries).toEqual([
      expect.objectContaining({ recipientOrganizationId: world.tanThanhId, status: "received", incomingDocumentId: internal.incomingDocumentId }),
    ]);
    const incoming = world.db.$client
      .prepare("select status, channel, file_id as fileId, number_symbol as numberSymbol from incoming_documents where id = ?")
      .get(internal.incomingDocumentId) as Record<string, unknown>;
    expect(incoming).toMatchObject({ status: "received", channel: "electronic", fileId: issued.fileId, numberSymbol: "01/KH-UBND" });
    await registerIncomingDocument(world.ctx("vanthu.tanthanh"), {
      incomingDocumentId: internal.incomingDocumentId!,
      channel: "electronic",
      receivedAt: new Date(),
      numberSymbol: "01/KH-UBND",
      docTypeCode: "KH",
      issuedDate: issued.issuedDate,
      issuerName: "Ủy ban nhân dân tỉnh Cà Mau",
      summary: "Vận hành thử nghiệm tổ chức chính quyền cấp xã sau sắp xếp",
      urgency: "urgent",
      confidentiality: "normal",
      extractedText: null,
    });
    const receipts = getOutgoingDocument(world.ctx("vanthu"), id).deliveries;
    expect(receipts[0]).toMatchObject({ status: "registered", arrivalNumber: 1 });
    expect(detail.revisions).toHaveLength(2);
    expect(detail.trail.map((t) => t.action)).toEqual([
      "outgoing.create",
      "outgoing.submit",
      "outgoing.approve",
      "outgoing.return",
      "outgoing.revise",
      "outgoing.submit",
      "outgoing.approve",
      "outgoing.approve",
      "outgoing.sign",
      "outgoing.issue",
    ]);
    const register = listOutgoingRegister(world.ctx("vanthu"), { year: new Date().getFullYear() });
    expect(register.map((r) => r.numberSymbol)).toEqual(["01/KH-UBND"]);
    expect(register[0].signerName).toBe(world.actors.chutich.fullName);
    const xlsx = await exportOutgoingRegisterXlsx(world.ctx("vanthu"), { year: new Date().getFullYear() });
    expect(xlsx.subarray(0, 2).toString()).toBe("PK");
    expect(buildExternalPackageMetadata(world.ctx("vanthu"), id)).toMatchObject({
      NumberSymbol: "01/KH-UBND",
      CodeNotation: "KH-UBND",
      OrganId: "000.00.00.H12",
    });

    await expectCode(() => recallOutgoingDocument(world.ctx("vanthu"), { documentId: id, reason: " " }), AppErrorCode.VALIDATION);
    recallOutgoingDocument(world.ctx("vanthu"), { documentId: id, reason: "Sai thời gian thực hiện." });
    expect(statusOf(world.db, id)).toBe("recalled");
    // The recipient's copy is marked recalled and can no longer be routed.
    const recalledCopy = world.db.$client.prepare("select recall_reason as reason from incoming_documents where id = ?").get(internal.incomingDocumentId) as {
      reason: string;
    };
    expect(recalledCopy.reason).toBe("Sai thời gian thực hiện.");
    await expectCode(() => submitIncomingForRouting(world.ctx("vanthu.tanthanh"), { id: internal.incomingDocumentId! }), AppErrorCode.INVALID_STATE);
    await expectCode(() => recallOutgoingDocument(world.ctx("vanthu"), { documentId: id, reason: "lần hai" }), AppErrorCode.INVALID_STATE);

    // A corrected document replaces the recalled one.
    const corrected = await world.draft("chuyenvien", { replacesDocumentId: id });
    expect(getOutgoingDocument(world.ctx("chuyenvien"), corrected.id).replaces?.id).toBe(id);
  }, 60_000);

  test("refused transitions: wrong organisation → NOT_FOUND, wrong role → FORBIDDEN, wrong state → INVALID_STATE", async () => {
    const { id } = await world.draft("chuyenvien");
    // Another organisation's clerk and leader do not even see it.
    await expectCode(() => getOutgoingDocument(world.ctx("vanthu.tanthanh"), id), AppErrorCode.NOT_FOUND);
    await expectCode(() => submitOutgoingDocument(world.ctx("vanthu.tanthanh"), { documentId: id }), AppErrorCode.NOT_FOUND);
    // The lead of another unit does not see the unit's drafts.
    await expectCode(() => approveOutgoingDocument(world.ctx("truongphongnc"), { documentId: id }), AppErrorCode.NOT_FOUND);
    // Wrong state.
    await expectCode(() => approveOutgoingDocument(world.ctx("truongphong"), { documentId: id }), AppErrorCode.INVALID_STATE);
    await expectCode(issueOutgoingDocument(world.ctx("vanthu"), { documentId: id, passphrase: "demo" }), AppErrorCode.INVALID_STATE);
    await expectCode(signOutgoingDocument(world.ctx("chutich"), { documentId: id, passphrase: "demo" }), AppErrorCode.INVALID_STATE);
    // Wrong role.
    await expectCode(() => submitOutgoingDocument(world.ctx("truongphong"), { documentId: id }), AppErrorCode.FORBIDDEN);
    submitOutgoingDocument(world.ctx("chuyenvien"), { documentId: id });
    await expectCode(() => approveOutgoingDocument(world.ctx("chanhvanphong"), { documentId: id }), AppErrorCode.FORBIDDEN);
    await expectCode(() => approveOutgoingDocument(world.ctx("vanthu"), { documentId: id }), AppErrorCode.FORBIDDEN);
    await expectCode(() => returnOutgoingDocument(world.ctx("truongphong"), { documentId: id, comment: "" }), AppErrorCode.VALIDATION);
    approveOutgoingDocument(world.ctx("truongphong"), { documentId: id });
    approveOutgoingDocument(world.ctx("chanhvanphong"), { documentId: id });
    // Only the intended signer signs.
    await expectCode(signOutgoingDocument(world.ctx("phochutich"), { documentId: id, passphrase: "demo" }), AppErrorCode.FORBIDDEN);
    await expectCode(() => approveOutgoingDocument(world.ctx("chutich"), { documentId: id }), AppErrorCode.INVALID_STATE);
    await expectCode(issueOutgoingDocument(world.ctx("vanthu"), { documentId: id, passphrase: "demo" }), AppErrorCode.INVALID_STATE);
    await signOutgoingDocument(world.ctx("chutich"), { documentId: id, passphrase: "demo" });
    await expectCode(issueOutgoingDocument(world.ctx("chuyenvien"), { documentId: id, passphrase: "demo" }), AppErrorCode.FORBIDDEN);
    await expectCode(issueOutgoingDocument(world.ctx("vanthu.tanthanh"), { documentId: id, passphrase: "demo" }), AppErrorCode.NOT_FOUND);
    await expectCode(() => recallOutgoingDocument(world.ctx("vanthu"), { documentId: id, reason: "x" }), AppErrorCode.INVALID_STATE);
    await expectCode(
      () => readOutgoingFile(world.ctx("chuyenvien.tanthanh" in world.actors ? "chuyenvien.tanthanh" : "vanthu.tanthanh"), { documentId: id, kind: "current" }),
      AppErrorCode.NOT_FOUND,
    );
  }, 60_000);

  test("a department lead drafting submits straight to office review", async () => {
    const { id } = await world.draft("truongphong");
    expect(submitOutgoingDocument(world.ctx("truongphong"), { documentId: id }).status).toBe("office_review");
  });

  test("a draft from a unit without a department lead (the office lead's own) skips department review", async () => {
    const { id } = await world.draft("chanhvanphong");
    expect(submitOutgoingDocument(world.ctx("chanhvanphong"), { documentId: id }).status).toBe("office_review");
  });

  test("leader and clerk at once: the sign wins, the concurrent issue is refused cleanly", async () => {
    const { id } = await world.draft("chuyenvien");
    await toLeaderReview(world, id);
    const [sign, issue] = await Promise.allSettled([
      signOutgoingDocument(world.ctx("chutich"), { documentId: id, passphrase: "demo" }),
      issueOutgoingDocument(world.ctx("vanthu"), { documentId: id, passphrase: "demo" }),
    ]);
    expect(sign.status).toBe("fulfilled");
    expect(issue.status).toBe("rejected");
    expect((issue as PromiseRejectedResult).reason.code).toBe(AppErrorCode.INVALID_STATE);
    expect(statusOf(world.db, id)).toBe("signed");
  }, 60_000);

  test("two signatures of the same draft at once: one wins, the other gets CONFLICT, one signed file", async () => {
    const { id } = await world.draft("chuyenvien");
    await toLeaderReview(world, id);
    const results = await Promise.allSettled([
      signOutgoingDocument(world.ctx("chutich"), { documentId: id, passphrase: "demo" }),
      signOutgoingDocument(world.ctx("chutich"), { documentId: id, passphrase: "demo" }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const failure = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect([AppErrorCode.CONFLICT, AppErrorCode.INVALID_STATE]).toContain(failure.reason.code);
    await checkPdf(readOutgoingFile(world.ctx("vanthu"), { documentId: id, kind: "current" }).bytes, `one-sign-${id}.pdf`, 1);
  }, 60_000);

  test("concurrent issues in one process get distinct consecutive numbers, each PDF carries its own", async () => {
    // Each round issues four signed drafts at once. Whether two of them take the same proposal (and one retries)
    // depends on how the seal's PKCS#12 opens and the signatures interleave in the file pool, so a round is
    // repeated (at most six: under a loaded machine three rounds once passed without a retry) until one retried:
    // every round must number correctly, and the retry path must have been taken at least once.
    let retried = false;
    for (let round = 0; round < 6 && !retried; round++) {
      const ids: number[] = [];
      for (let i = 0; i < 4; i++) {
        const { id } = await world.draft("chuyenvien", { docTypeCode: "TB", summary: `Thông báo số ${round * 4 + i + 1}` });
        await toLeaderReview(world, id);
        await signOutgoingDocument(world.ctx("chutich"), { documentId: id, passphrase: "demo" });
        ids.push(id);
      }
      const results = await Promise.all(ids.map((id) => issueOutgoingDocument(world.ctx("vanthu"), { documentId: id, passphrase: "demo" })));
      const numbers = results.map((r) => r.number).sort((a, b) => a - b);
      const first = numbers[0];
      expect(numbers).toEqual([first, first + 1, first + 2, first + 3]);
      retried = results.some((r) => r.attempts > 1);
      for (const [i, id] of ids.entries()) {
        const pdf = readOutgoingFile(world.ctx("vanthu"), { documentId: id, kind: "issued" }).bytes;
        const symbol = results[i].numberSymbol;
        expect(Buffer.from(pdf).toString("latin1")).toContain(PDFHexString.fromText(symbol).toString());
        if (round === 0) await checkPdf(pdf, `concurrent-${id}.pdf`, 2);
      }
    }
    expect(retried).toBe(true);
  }, 180_000);

  test("several processes issuing against the same DATA_DIR get distinct consecutive numbers", async () => {
    const ids: number[] = [];
    for (let i = 0; i < 4; i++) {
      const { id } = await world.draft("chuyenvien", { docTypeCode: "BC", summary: `Báo cáo ${i + 1}` });
      await toLeaderReview(world, id);
      await signOutgoingDocument(world.ctx("chutich"), { documentId: id, passphrase: "demo" });
      ids.push(id);
    }
    const run = (id: number) =>
      new Promise<{ ok: boolean; number: number; numberSymbol: string }>((resolve, reject) => {
        const child = spawn(process.execPath, ["--import", "tsx", "tests/support/outgoing-issue-child.ts", world.dataDir, "vanthu", String(id)], {
          cwd: process.cwd(),
        });
        let out = "";
        let err = "";
        child.stdout.on("data", (d) => (out += d));
        child.stderr.on("data", (d) => (err += d));
        child.on("close", () => {
          try {
            resolve(JSON.parse(out));
          } catch {
            reject(new Error(`child failed: ${out} ${err}`));
          }
        });
      });
    const results = await Promise.all(ids.map(run));
    expect(results.every((r) => r.ok)).toBe(true);
    const numbers = results.map((r) => r.number).sort((a, b) => a - b);
    expect(numbers).toEqual(numbers.map((_, i) => numbers[0] + i));
    const register = listOutgoingRegister(world.ctx("vanthu"), { year: new Date().getFullYear() });
    const all = register.map((r) => r.number);
    expect(new Set(all).size).toBe(all.length);
  }, 120_000);

  test("dashboard counters by role", async () => {
    const sections = getDashboard(world.ctx("vanthu"));
    expect(sections.find((s) => s.title === "Văn bản đi")?.counters.map((c) => c.key)).toContain("outgoing-awaiting-number");
  });
});
