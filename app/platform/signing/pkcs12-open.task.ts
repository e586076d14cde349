// Opens a leader's or an organisation's PKCS#12 in the untrusted-file pool (ADR 0020). forge derives the MAC and
// decryption keys in JavaScript, as many iterations as the file's maker chose (2,048 take ≈ 60 ms, 200,000 ≈ 3 s):
// on the request thread every other user waited meanwhile. Only the key's PKCS#8 DER and the certificates' DER
// go back; the passphrase arrives by IPC, is used here and is never written, logged or returned.
import { readPkcs12, type Pkcs12Contents } from "#signing/index";

export type Pkcs12OpenInput = { bytes: Uint8Array; passphrase: string };

export default async function pkcs12Open(input: Pkcs12OpenInput): Promise<Pkcs12Contents> {
  return readPkcs12(input.bytes, input.passphrase);
}
