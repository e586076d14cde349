// Uploaded PDFs that other producers signed or certified before the leader (shared/corpus/realworld): the leader
// signs, the clerk issues, and the earlier signatures neither block the issue nor attract the seal.
import { readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  getOutgoingDocument,
  getOutgoingSignatures,
  issueOutgoingDocument,
  readOutgoingFile,
  returnOutgoingDocument,
  signOutgoingDocument,
} from "#app/features/outgoing/index";
import { AppErrorCode } from "#app/utils/errors";
import { assertLeaderSignature } from "#app/features/outgoing/issue.server";
import { loadVisible, readFileBytes } from "#app/features/outgoing/visibility.server";
import { revdiff, run } from "#tests/support/signature-check";
import { createOutgoingWorld, toLeaderReview, type OutgoingWorld } from "#tests/support/outgoing-world";

const SHARED = process.env.SHARED_DIR ? resolve(process.env.SHARED_DIR) : resolve(process.cwd(), "../shared");
const CORPUS = join(SHARED, "corpus/realworld");
const corpus = (name: string) => new Uint8Array(readFileSync(join(CORPUS, name)));

describe("uploaded PDFs signed elsewhere before the leader", () => {
  let world: OutgoingWorld;
  beforeAll(async () => {
    world = await createOutgoingWorld();
  }, 60_000);
  afterAll(() => world.cleanup());

  async function signAsLeader(name: string) {
    const { id } = await world.draft("chuyenvien", { source: "uploaded", body: "", uploadedPdf: { bytes: corpus(name), name }, docTypeCode: "CV" });
    await toLeaderReview(world, id);
    await signOutgoingDocument(world.ctx("chutich"), { documentId: id, passphrase: "demo" });
    return id;
  }

  test("vn__49-2026-ND-CP.pdf (signed by the Government's CA): only the leader's signature is checked before the seal", async () => {
    const id = await signAsLeader("vn__49-2026-ND-CP.pdf");
    const ctx = world.ctx("vanthu");
    const doc = loadVisible(ctx.db, ctx.actor, id);
    const { earlierSignatures } = await assertLeaderSignature(ctx, doc, readFileBytes(ctx, doc.fileId!));
    expect(earlierSignatures.length).toBeGreaterThan(0);
    expect(earlierSignatures.every((s) => !s.trusted)).toBe(true);
    // Its certificates (the signer's, its timestamp's) name ocsp.ca.gov.vn, which the test machine cannot reach: the
    // issue goes ahead and says so.
    const issued = await issueOutgoingDocument(ctx, { documentId: id, passphrase: "demo" });
    expect(issued.numberSymbol).toMatch(/UBND/);
    const warnings = getOutgoingDocument(ctx, id).revocationWarnings;
    for (const w of warnings) expect(w).toMatchObject({ file: null, url: "http://ocsp.ca.gov.vn", fieldNames: [earlierSignatures[0].fieldName] });
    const reports = await getOutgoingSignatures(ctx, id);
    expect(reports.slice(-2).map((r) => r.valid && r.trusted)).toEqual([true, true]);
    expect(reports[reports.length - 1].modifiedAfter).toBe(false);
  }, 60_000);

  test.each(["qpdf__digitally-signed.pdf", "pdfjs__signed_verified.pdf", "pyhanko__minimal-signed-twice-both-created.pdf"])(
    "%s: the leader's own signature is checked, the foreign ones do not block the issue",
    async (name) => {
      const id = await signAsLeader(name);
      const issued = await issueOutgoingDocument(world.ctx("vanthu"), { documentId: id, passphrase: "demo" });
      expect(issued.numberSymbol).toMatch(/UBND/);
      const bytes = readOutgoingFile(world.ctx("vanthu"), { documentId: id, kind: "issued" }).bytes;
      const reports = await getOutgoingSignatures(world.ctx("vanthu"), id);
      const ours = reports.slice(-2);
      expect(ours.map((r) => r.fieldName)).toEqual(["LanhDao", "CoQuan"].map((f) => expect.stringMatching(new RegExp(`^${f}`))));
      expect(ours.map((r) => r.valid && r.trusted && !r.modifiedAfter)).toEqual([true, true]);
      const file = join(world.dataDir, `issued-${name}`);
      writeFileSync(file, bytes);
      // The producer's own earlier revisions are theirs to answer for: our two revisions must be clean.
      const diff = await revdiff(file);
      const ourTransitions = diff.output
        .split("\n")
        .filter((l) => l.startsWith("revision "))
        .slice(-2);
      expect(ourTransitions.length, diff.output).toBe(2);
      for (const line of ourTransitions) expect(line, diff.output).toMatch(/; OK$/);
      expect((await run("qpdf", ["--check", file])).code).not.toBe(2);
    },
    120_000,
  );

  test("a signed document the seal step refuses is returned to the drafter with the draft's own file", async () => {
    const id = await signAsLeader("qpdf__digitally-signed.pdf");
    // The certificate recorded at signing no longer matches the file's signer (as when the leader's certificate was replaced).
    world.db.$client.prepare("update outgoing_documents set leader_certificate_name = 'Người khác' where id = ?").run(id);
    await expect(issueOutgoingDocument(world.ctx("vanthu"), { documentId: id, passphrase: "demo" })).rejects.toMatchObject({
      code: AppErrorCode.INVALID_STATE,
      message: expect.stringMatching(/trả lại/),
    });
    returnOutgoingDocument(world.ctx("vanthu"), { documentId: id, comment: "Chữ ký số không kiểm tra được, đề nghị ký lại." });
    const row = world.db.$client
      .prepare(
        "select status, file_id as fileId, draft_file_id as draftFileId, leader_signed_file_id as signedFileId, signed_by as signedBy from outgoing_documents where id = ?",
      )
      .get(id) as { status: string; fileId: number; draftFileId: number; signedFileId: number | null; signedBy: number | null };
    expect(row).toMatchObject({ status: "draft", fileId: row.draftFileId, signedFileId: null, signedBy: null });
    // And the chain runs again from the draft: signed and issued.
    await toLeaderReview(world, id);
    await signOutgoingDocument(world.ctx("chutich"), { documentId: id, passphrase: "demo" });
    await issueOutgoingDocument(world.ctx("vanthu"), { documentId: id, passphrase: "demo" });
    const reports = await getOutgoingSignatures(world.ctx("vanthu"), id);
    expect(reports.filter((r) => /^(LanhDao|CoQuan)/.test(r.fieldName)).length).toBe(2);
  }, 120_000);

  test("a PDF certified with no changes allowed (DocMDP P=1) is refused when attached to the draft", async () => {
    const name = "pyhanko__certified-with-indirect-refs-in-dir.pdf";
    const error = await world
      .draft("chuyenvien", { source: "uploaded", body: "", uploadedPdf: { bytes: corpus(name), name }, docTypeCode: "CV" })
      .catch((e) => e);
    expect(error.code).toBe(AppErrorCode.VALIDATION);
    expect(error.fieldErrors.mainPdf).toMatch(/chứng nhận không cho phép thay đổi/);
  });
});
