// Revocation data at issue (PAdES B-LT) for a PDF signed elsewhere before the leader, against real `openssl ocsp`
// responders on loopback (tests/support/ocsp-responder.ts): the foreign signer's responder answers, or is down. Only
// the leader's own signature is trusted at issue (assertLeaderSignature), so a foreign responder that is down is a
// warning in the issue's audit row and on the document page; a leader's responder that is down still refuses.
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createDemoCa, issueDemoCertificate, loadPkcs12, signPdf, type IssuedCertificate } from "#signing/index";
import { readDss } from "#signing/ltv/dss";
import { PdfReader } from "#signing/pdf/reader";
import { getOutgoingDocument, getOutgoingSignatures, issueOutgoingDocument, readOutgoingFile, signOutgoingDocument } from "#app/features/outgoing/index";
import { uploadSigningCredentials } from "#app/platform/signing/credentials.server";
import { DEMO_CERTIFICATE_PASSPHRASE, ensureDemoCa } from "#app/platform/signing/document-signing.server";
import { SignaturesCard } from "#app/components/outgoing/detail-sections";
import { AppErrorCode } from "#app/utils/errors";
import { pdfLibDocument } from "#tests/support/pdf-corpus";
import { startOcspResponder, type OcspResponder } from "#tests/support/ocsp-responder";
import { createOutgoingWorld, statusOf, toLeaderReview, type OutgoingWorld } from "#tests/support/outgoing-world";

// The foreign CA's responder, and next to it a port where no responder runs (TEST_OCSP_PORT moves both, for machines
// where the default is taken).
const FOREIGN_PORT = Number(process.env.TEST_OCSP_PORT ?? 4165);
const DOWN_PORT = FOREIGN_PORT + 1;
const FOREIGN_OCSP = `http://127.0.0.1:${FOREIGN_PORT}/ocsp`;

describe("revocation data at issue for signatures made before the leader's", () => {
  let world: OutgoingWorld;
  let foreign: IssuedCertificate;
  let responder: OcspResponder;
  let foreignSigned: Uint8Array;

  beforeAll(async () => {
    world = await createOutgoingWorld();
    // Another body's CA (not a trust anchor here), whose certificate names its OCSP responder.
    const foreignCa = createDemoCa({ commonName: "CA thử nghiệm của cơ quan khác", organization: "Cơ quan khác" });
    foreign = issueDemoCertificate(foreignCa, { commonName: "Sở Xây dựng tỉnh Bạc Liêu", kind: "organization", ocspUrl: FOREIGN_OCSP });
    const signed = await signPdf(await pdfLibDocument({ objectStreams: true }), {
      signer: loadPkcs12(foreign.p12, foreign.password),
      role: "organization",
      fieldName: "CoQuanGui",
    });
    foreignSigned = signed.pdf;
    responder = await startOcspResponder({
      dir: `${world.dataDir}/foreign-ocsp`,
      port: FOREIGN_PORT,
      caCertPem: foreignCa.certPem,
      caKeyPem: foreignCa.keyPem,
      entries: [{ certPem: foreign.certPem }],
    });
  }, 60_000);

  afterAll(async () => {
    await responder?.close();
    world?.cleanup();
  });

  async function signedByLeader(name: string) {
    const { id } = await world.draft("chuyenvien", { source: "uploaded", body: "", uploadedPdf: { bytes: foreignSigned, name }, docTypeCode: "CV" });
    await toLeaderReview(world, id);
    await signOutgoingDocument(world.ctx("chutich"), { documentId: id, passphrase: "demo" });
    return id;
  }

  function issueAudit(id: number): Record<string, unknown> | null {
    const row = world.db.$client.prepare("select detail from audit_events where action = 'outgoing.issue' and entity_id = ?").get(String(id)) as
      | { detail: string }
      | undefined;
    return row ? (JSON.parse(row.detail) as Record<string, unknown>) : null;
  }

  test("the foreign responder answers: its response goes into the DSS, no warning", async () => {
    const id = await signedByLeader("da-ky-truoc.pdf");
    await issueOutgoingDocument(world.ctx("vanthu"), { documentId: id, passphrase: "demo" });
    const issued = readOutgoingFile(world.ctx("vanthu"), { documentId: id, kind: "issued" }).bytes;
    expect(readDss(PdfReader.open(issued)).ocsps).toHaveLength(1);
    expect(issueAudit(id)).not.toHaveProperty("revocationWarnings");
    expect(getOutgoingDocument(world.ctx("vanthu"), id).revocationWarnings).toEqual([]);
    const foreignReport = (await getOutgoingSignatures(world.ctx("vanthu"), id)).find((r) => r.fieldName === "CoQuanGui");
    expect(foreignReport?.revocation?.status).toBe("good");
  }, 90_000);

  test("the foreign responder is down: issued, the warning audited and shown on the document page", async () => {
    const id = await signedByLeader("da-ky-truoc-2.pdf");
    await responder.close();
    const result = await issueOutgoingDocument(world.ctx("vanthu"), { documentId: id, passphrase: "demo" });
    expect(result.numberSymbol).toMatch(/UBND/);
    expect(statusOf(world.db, id)).toBe("issued");

    const warning = {
      file: null,
      subject: "Sở Xây dựng tỉnh Bạc Liêu",
      url: FOREIGN_OCSP,
      fieldNames: ["CoQuanGui"],
      reason: expect.stringMatching(new RegExp(`^Không lấy được thông tin thu hồi chứng thư số từ ${FOREIGN_OCSP}: không kết nối được`)),
    };
    expect(issueAudit(id)).toMatchObject({ revocationWarnings: [warning] });
    const detail = getOutgoingDocument(world.ctx("vanthu"), id);
    expect(detail.revocationWarnings).toEqual([warning]);

    // The leader's and the seal's signatures are still ours and clean; the foreign one has no revocation data.
    const signatures = await getOutgoingSignatures(world.ctx("vanthu"), id);
    expect(signatures.map((s) => s.fieldName)).toEqual(["CoQuanGui", expect.stringMatching(/^LanhDao/), expect.stringMatching(/^CoQuan\d*$/)]);
    expect(signatures.slice(1).every((s) => s.valid && s.trusted && !s.modifiedAfter)).toBe(true);
    expect(signatures[0].revocation).toBeNull();

    // The page's signature card (as the route renders it from the loader's JSON).
    const html = renderToStaticMarkup(createElement(SignaturesCard, JSON.parse(JSON.stringify({ detail, signatures }))));
    expect(html).toContain('data-testid="revocation-warnings"');
    expect(html).toContain("Cảnh báo khi phát hành: không lấy được thông tin thu hồi của chữ ký số có trước");
    expect(html).toContain(`Chứng thư số “Sở Xây dựng tỉnh Bạc Liêu”: Không lấy được thông tin thu hồi chứng thư số từ ${FOREIGN_OCSP}`);
    expect(html).toContain("Không lấy được khi phát hành (chữ ký có trước)");
  }, 90_000);

  test("the leader's own responder is down: the issue is refused as before, nothing recorded", async () => {
    // The foreign responder is down too (previous test): the leader's failure must not be taken for a warning.
    // The leader's certificate now names a responder that does not run.
    const ca = ensureDemoCa(world.dataDir);
    const leader = issueDemoCertificate(ca, {
      commonName: "Nguyễn Văn An",
      organization: "Ủy ban nhân dân tỉnh Cà Mau",
      kind: "person",
      ocspUrl: `http://127.0.0.1:${DOWN_PORT}/ocsp`,
      password: DEMO_CERTIFICATE_PASSPHRASE,
    });
    await uploadSigningCredentials(world.ctx("chutich"), {
      certificate: { bytes: leader.p12, name: "chutich-ocsp.p12" },
      passphrase: DEMO_CERTIFICATE_PASSPHRASE,
    });
    const id = await signedByLeader("da-ky-truoc-3.pdf");
    const error = await issueOutgoingDocument(world.ctx("vanthu"), { documentId: id, passphrase: "demo" }).catch((e) => e);
    expect(error).toMatchObject({
      code: AppErrorCode.VALIDATION,
      message: expect.stringMatching(new RegExp(`^Không lấy được thông tin thu hồi chứng thư số từ http://127\\.0\\.0\\.1:${DOWN_PORT}/ocsp`)),
    });
    expect(statusOf(world.db, id)).toBe("signed");
    expect(issueAudit(id)).toBeNull();
  }, 90_000);
});
