// Signature status of a received PDF (Decree 30 Art. 21: the clerk verifies the authenticity and integrity
// of electronic documents), through the signing library's independent verifier, run in the untrusted-file pool,
// and the same trust anchors as the outgoing flow (DATA_DIR/keys plus the anchors added on /admin/trust-anchors).
import type { SignatureReport } from "#signing/index";
import { storedPdfSignatureReports } from "#app/platform/signing/stored-signatures.server";
import { sha256Hex } from "#app/platform/files/files.server";
import { SignatureValidationMessages } from "#app/messages/signature-validation";

export type IncomingSignature = {
  signerName: string | null;
  signedAt: string | null;
  kind: "signature" | "timestamp";
  /** Integrity holds and no forbidden change follows that a later signature has not signed over. */
  isValid: boolean;
  isTrusted: boolean;
  /** Name of the trust anchor the certificate chains to. */
  trustAnchor: string | null;
  /** What the clerk reads about integrity ("Toàn vẹn", "Không kiểm tra được thuật toán …"). */
  integrity: string;
  /** What later revisions changed, in the clerk's words. */
  changes: string;
  /** "dd/mm/yyyy hh:mm (TSA)" of the signature timestamp (PAdES B-T), null without one. */
  timestamp: { time: string; tsa: string | null } | null;
  /** Worded OCSP status from the document's DSS (PAdES B-LT), null without revocation data. */
  revocation: string | null;
  problems: string[];
};

export type IncomingSignatureStatus = {
  status: "unchecked" | "valid" | "untrusted" | "invalid" | "unsigned";
  label: string;
  signatures: IncomingSignature[];
};

const VERDICT_WORDS: Record<SignatureReport["verdict"], string> = {
  valid: "Toàn vẹn: nội dung được ký không bị thay đổi",
  invalid: "Không hợp lệ: giá trị chữ ký không khớp với nội dung được ký",
  unsupported: "Không kiểm tra được: thuật toán ký chưa được hỗ trợ",
  malformed: "Không đọc được chữ ký",
};

export function describeReports(reports: SignatureReport[]): IncomingSignatureStatus {
  if (reports.length === 0) return { status: "unsigned", label: "Không có chữ ký số", signatures: [] };
  const signatures: IncomingSignature[] = reports.map((r) => ({
    signerName: r.signerName,
    signedAt: r.signedAt,
    kind: r.kind,
    isValid: r.valid && r.coversRevision && (!r.modifiedAfter || r.changesCoveredBy !== null),
    isTrusted: r.trusted,
    trustAnchor: r.trustAnchor,
    integrity: r.valid && !r.coversRevision ? "Chữ ký chỉ bao trùm một phần tệp" : VERDICT_WORDS[r.verdict],
    changes: r.changeSummary,
    timestamp: r.timestamp,
    revocation: r.revocation ? SignatureValidationMessages.REVOCATION[r.revocation.status] : null,
    problems: r.problems,
  }));
  const names = signatures.map((s) => s.signerName ?? "không rõ người ký").join(", ");
  if (!signatures.every((s) => s.isValid)) {
    return { status: "invalid", label: `Chữ ký số không hợp lệ hoặc văn bản bị sửa sau khi ký (${names})`, signatures };
  }
  if (!signatures.every((s) => s.isTrusted)) {
    return { status: "untrusted", label: `Chữ ký số toàn vẹn nhưng chứng thư số không thuộc danh sách tin cậy (${names})`, signatures };
  }
  const anchors = [...new Set(signatures.map((s) => s.trustAnchor).filter((a): a is string => !!a))].join(", ");
  return { status: "valid", label: `Chữ ký số hợp lệ, chứng thư số tin cậy (${names}; gốc tin cậy: ${anchors})`, signatures };
}

const UNCHECKED: IncomingSignatureStatus = { status: "unchecked", label: "Chưa kiểm tra chữ ký số", signatures: [] };

/**
 * The signature status of PDF bytes in hand (an update packet's corrected PDF, a test): hashed here to find a cached
 * verdict, in slices with turns of the event loop between them when large (sha256Hex: a 45 MB PDF in one piece held
 * the loop ~25 ms).
 */
export async function checkIncomingPdfSignatures(dataDir: string, pdf: Uint8Array | null): Promise<IncomingSignatureStatus> {
  if (!pdf) return UNCHECKED;
  return checkStoredPdfSignatures(dataDir, await sha256Hex(pdf), () => pdf);
}

/**
 * The signature status of a stored PDF, named by the SHA-256 the file store keeps it under (`read` for bytes not
 * stored). The pool child reads the file, only when no verdict is cached: a page view reads no file and hashes
 * nothing (issue 18: no file reads on the request path; a 10 MB PDF cost ~30 ms a view to read and hash). A file
 * that cannot be read is reported unchecked, not as a failed page.
 */
export async function checkStoredPdfSignatures(dataDir: string, sha256: string, read?: () => Uint8Array): Promise<IncomingSignatureStatus> {
  try {
    return describeReports(await storedPdfSignatureReports(dataDir, sha256, read));
  } catch (error) {
    const reason = error instanceof Error && /mã hóa|mật khẩu/.test(error.message) ? `: ${error.message}` : "";
    return { status: "unchecked", label: `Chưa kiểm tra được chữ ký số${reason}`, signatures: [] };
  }
}
