// CMS structure: attribute set per profile, DER order, ESS signing-certificate-v2, and an independent
// `openssl cms -verify` over the detached content.
import { execFileSync } from "node:child_process";
import { createHash, sign as nodeSign } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { assembleSignedData, buildSignedAttributes, createDemoPki, loadPkcs12, type LoadedSigner } from "#signing/index";
import { OID } from "#signing/cms/build";
import { children, compareBytes, content, decodeOid, readTlv, slice } from "#signing/cms/der";

let signer: LoadedSigner;
let caPem: string;
let dir: string;

beforeAll(() => {
  // Vietnamese names in both issuer and subject exercise forge's UTF-8 double-encoding bug (pitfall 19b).
  const pki = createDemoPki({ organizationName: "Ủy ban nhân dân phường Hồng Hà", leaderName: "Phạm Thị Ố" });
  signer = loadPkcs12(pki.leader.p12, pki.leader.password);
  caPem = pki.caCertPem;
  dir = mkdtempSync(join(tmpdir(), "signing-cms-"));
});

function attributeOids(der: Uint8Array): string[] {
  return children(der, readTlv(der, 0)).map((a) => decodeOid(content(der, children(der, a)[0])));
}

describe("signed attributes", () => {
  const digest = createHash("sha256").update("nội dung").digest();

  it("PAdES: contentType, messageDigest, ESS signing-certificate-v2, no signing-time, DER-sorted", () => {
    const der = buildSignedAttributes({
      messageDigest: digest,
      signerCertificateDer: signer.certificateChainDer[0],
      profile: "pades",
      signingTime: new Date(),
    });
    expect(der[0]).toBe(0x31);
    const oids = attributeOids(der);
    expect(new Set(oids)).toEqual(new Set([OID.contentType, OID.messageDigest, OID.signingCertificateV2]));
    const encoded = children(der, readTlv(der, 0)).map((t) => slice(der, t));
    expect([...encoded].sort(compareBytes)).toEqual(encoded);
    // ESSCertIDv2.certHash = SHA-256 of the signer certificate.
    const ess = children(der, readTlv(der, 0)).find((a) => decodeOid(content(der, children(der, a)[0])) === OID.signingCertificateV2)!;
    const certHash = Buffer.from(der.subarray(0)).includes(createHash("sha256").update(signer.certificateChainDer[0]).digest());
    expect(certHash).toBe(true);
    expect(ess).toBeDefined();
  });

  it("adbe: adds signing-time, still DER-sorted", () => {
    const der = buildSignedAttributes({
      messageDigest: digest,
      signerCertificateDer: signer.certificateChainDer[0],
      profile: "adbe",
      signingTime: new Date("2025-06-15T02:15:00Z"),
    });
    expect(attributeOids(der)).toContain(OID.signingTime);
    const encoded = children(der, readTlv(der, 0)).map((t) => slice(der, t));
    expect([...encoded].sort(compareBytes)).toEqual(encoded);
  });
});

describe("SignedData", () => {
  it.each(["pades", "adbe"] as const)("%s: openssl cms -verify accepts it over the detached content", (profile) => {
    const payload = Buffer.from("Nội dung văn bản cần ký — ".repeat(50));
    const attrs = buildSignedAttributes({
      messageDigest: createHash("sha256").update(payload).digest(),
      signerCertificateDer: signer.certificateChainDer[0],
      profile,
      signingTime: new Date(),
    });
    const cms = assembleSignedData({
      signedAttributesDer: attrs,
      signatureValue: nodeSign("sha256", attrs, signer.privateKey),
      certificateChainDer: signer.certificateChainDer,
    });
    writeFileSync(join(dir, `${profile}.der`), cms);
    writeFileSync(join(dir, "content.bin"), payload);
    writeFileSync(join(dir, "ca.pem"), caPem);
    const verify = execFileSync(
      "openssl",
      [
        "cms",
        "-verify",
        "-binary",
        "-inform",
        "DER",
        "-in",
        join(dir, `${profile}.der`),
        "-content",
        join(dir, "content.bin"),
        "-CAfile",
        join(dir, "ca.pem"),
        "-purpose",
        "any",
        "-out",
        "/dev/null",
      ],
      { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] },
    );
    void verify;
    const dump = execFileSync("openssl", ["cms", "-cmsout", "-print", "-inform", "DER", "-in", join(dir, `${profile}.der`)], { encoding: "utf8" });
    expect(dump).toContain("id-smime-aa-signingCertificateV2");
    expect(dump.includes("signingTime")).toBe(profile === "adbe");
    // A tampered payload must fail.
    writeFileSync(join(dir, "content.bin"), Buffer.concat([payload, Buffer.from("x")]));
    expect(() =>
      execFileSync(
        "openssl",
        [
          "cms",
          "-verify",
          "-binary",
          "-inform",
          "DER",
          "-in",
          join(dir, `${profile}.der`),
          "-content",
          join(dir, "content.bin"),
          "-CAfile",
          join(dir, "ca.pem"),
          "-purpose",
          "any",
          "-out",
          "/dev/null",
        ],
        { stdio: "ignore" },
      ),
    ).toThrow();
  });

  it("issuerAndSerialNumber carries the certificate's issuer bytes unchanged (no UTF-8 double encoding)", () => {
    const attrs = buildSignedAttributes({ messageDigest: new Uint8Array(32), signerCertificateDer: signer.certificateChainDer[0], profile: "pades" });
    const cms = assembleSignedData({ signedAttributesDer: attrs, signatureValue: new Uint8Array(256), certificateChainDer: signer.certificateChainDer });
    const issuerUtf8 = Buffer.from("CA thử nghiệm", "utf8");
    expect(Buffer.from(cms).includes(issuerUtf8)).toBe(true);
    expect(Buffer.from(cms).includes(Buffer.from(Buffer.from("thử", "utf8").toString("latin1"), "utf8"))).toBe(false);
  });
});
