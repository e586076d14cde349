// PKCS#11 signing against a real SoftHSM2 token: the key stays on the token, the PDF verifies independently.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openPkcs11Signer, readPkcs11Certificate, signPdf, SigningError, withPkcs11Signer } from "#signing/index";
import { createSoftHsmToken, softHsmKeyFromP12, type SoftHsmToken } from "#tests/support/softhsm";
import { signingFixtures, type SigningFixtures } from "#tests/support/signing-fixtures";
import { revdiff, sigcheck } from "#tests/support/signature-check";
import { pdfLibDocument } from "#tests/support/pdf-corpus";

let dir: string;
let fx: SigningFixtures;
let token: SoftHsmToken;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "pkcs11-"));
  fx = signingFixtures(dir);
  token = createSoftHsmToken({
    keys: [
      softHsmKeyFromP12(fx.pki.leader.p12, fx.pki.leader.password, "leader", "01"),
      softHsmKeyFromP12(fx.pki.organization.p12, fx.pki.organization.password, "seal", "02"),
    ],
  });
});
afterAll(() => {
  token?.cleanup();
  rmSync(dir, { recursive: true, force: true });
});

const where = () => ({ modulePath: token.modulePath, tokenLabel: token.tokenLabel });

describe("PKCS#11 signer (SoftHSM2)", () => {
  it("reads the certificate chain from the token without a PIN, matched by key label", async () => {
    const chain = await readPkcs11Certificate({ ...where(), keyLabel: "leader" });
    expect(Buffer.from(chain[0]).equals(Buffer.from(fx.leader.certificateChainDer[0]))).toBe(true);
    expect(chain).toHaveLength(2); // leader + the demo CA written on the token
  });

  it("signs leader then organisation; both signatures verify with sigcheck and revdiff", async () => {
    const pdf = await pdfLibDocument({ pages: 1 });
    const leader = await withPkcs11Signer({ ...where(), keyLabel: "leader", pin: token.pin }, (signer) =>
      signPdf(pdf, { signer, role: "leader", appearance: { visible: true, fontBytes: fx.font, signerName: "Nguyễn Văn An" } }),
    );
    const both = await withPkcs11Signer({ ...where(), keyId: "02", pin: token.pin }, async (signer) => {
      expect(signer.mechanism).toBe("CKM_SHA256_RSA_PKCS");
      return signPdf(leader.pdf, { signer, role: "organization", appearance: { visible: true, fontBytes: fx.font, organizationName: "UBND" } });
    });
    const file = join(dir, "pkcs11-two.pdf");
    writeFileSync(file, both.pdf);
    const check = await sigcheck(file, fx.caPath, 2);
    expect(check.code, check.output).toBe(0);
    const diff = await revdiff(file);
    expect(diff.code, diff.output).toBe(0);
  });

  it("a wrong PIN is PKCS11_PIN_INCORRECT with a Vietnamese message that does not contain the PIN", async () => {
    const error = await openPkcs11Signer({ ...where(), keyLabel: "leader", pin: "999999" }).catch((e) => e);
    expect(error).toBeInstanceOf(SigningError);
    expect(error.code).toBe("PKCS11_PIN_INCORRECT");
    expect(error.message).toMatch(/Mã PIN .* không đúng/);
    expect(error.message).not.toContain("999999");
    // The token is released after the failure: the right PIN works at once.
    await withPkcs11Signer({ ...where(), keyLabel: "leader", pin: token.pin }, (s) => expect(s.certificateChainDer.length).toBe(2));
  });

  it("an unknown token label or key label is refused with its own code", async () => {
    await expect(openPkcs11Signer({ modulePath: token.modulePath, tokenLabel: "Không có", keyLabel: "leader", pin: token.pin })).rejects.toMatchObject({
      code: "PKCS11_TOKEN_NOT_FOUND",
    });
    await expect(openPkcs11Signer({ ...where(), keyLabel: "nobody", pin: token.pin })).rejects.toMatchObject({ code: "PKCS11_KEY_NOT_FOUND" });
    await expect(openPkcs11Signer({ modulePath: "/nonexistent/libpkcs11.so", keyLabel: "leader", pin: token.pin })).rejects.toMatchObject({
      code: "PKCS11_MODULE",
    });
  });

  it("two overlapping operations on one token are serialised: the second cannot ride on the first's login", async () => {
    const first = await openPkcs11Signer({ ...where(), keyLabel: "leader", pin: token.pin });
    const second = openPkcs11Signer({ ...where(), keyLabel: "leader", pin: "000000" });
    const data = new Uint8Array([1, 2, 3]);
    expect((await first.sign(data)).length).toBe(256);
    first.close();
    await expect(second).rejects.toMatchObject({ code: "PKCS11_PIN_INCORRECT" });
  });
});
