// One demo PKI per test file (key generation is the slow part), plus the bundled font.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { createDemoPki, loadPkcs12, type DemoPki, type LoadedSigner } from "#signing/index";
import { loadVietnameseFont } from "../../scripts/commands/signing-assets";
import { SIGNER_NAME } from "./pdf-corpus";

export const ORGANIZATION = "Ủy ban nhân dân xã Đông Hưng";
export const SIGNING_TIME = new Date("2025-06-15T02:15:00Z"); // 09:15 in Hà Nội

export type SigningFixtures = { pki: DemoPki; leader: LoadedSigner; organization: LoadedSigner; caPath: string; font: Uint8Array };

export function signingFixtures(dir: string): SigningFixtures {
  const pki = createDemoPki({ organizationName: ORGANIZATION, leaderName: SIGNER_NAME, leaderTitle: "Phó Chủ tịch", now: new Date("2025-01-01T00:00:00Z") });
  const caPath = join(dir, "ca.pem");
  writeFileSync(caPath, pki.caCertPem);
  return {
    pki,
    leader: loadPkcs12(pki.leader.p12, pki.leader.password, { at: SIGNING_TIME }),
    organization: loadPkcs12(pki.organization.p12, pki.organization.password, { at: SIGNING_TIME }),
    caPath,
    font: loadVietnameseFont(),
  };
}
