// Verifies the signatures of a received PDF in the untrusted-file pool: the file comes from another agency's
// system, so its xref chains, object streams and CMS blobs are parsed where a hostile one can only waste a child.
import { verifyPdfSignatures, type SignatureReport } from "#signing/index";
import { taskInputBytes, type TaskFileInput } from "./task-input";

export type PdfVerifyInput = TaskFileInput & { trustAnchorsPem: string[] };

export default async function pdfVerify(input: PdfVerifyInput): Promise<SignatureReport[]> {
  return verifyPdfSignatures(taskInputBytes(input), { trustAnchorsPem: input.trustAnchorsPem });
}
