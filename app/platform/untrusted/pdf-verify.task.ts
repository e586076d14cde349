// Verifies the signatures of a received PDF in the untrusted-file pool: the file comes from another agency's
// system, so its xref chains, object streams and CMS blobs are parsed where a hostile one can only waste a child.
import { verifyPdfSignatures, type SignatureReport } from "#signing/index";

export type PdfVerifyInput = { bytes: Uint8Array; trustAnchorsPem: string[] };

export default async function pdfVerify(input: PdfVerifyInput): Promise<SignatureReport[]> {
  return verifyPdfSignatures(input.bytes, { trustAnchorsPem: input.trustAnchorsPem });
}
