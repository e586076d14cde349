// Signature status of a received PDF (Decree 30 Art. 21: the clerk verifies the authenticity and integrity
// of electronic documents), through the signing library's independent verifier and the same trust anchors
// as the outgoing flow (every certificate in DATA_DIR/keys: the demo CA in demo mode, the national roots in
// production).
import { verifySignatures } from "#app/services/document-signing.server";

export type IncomingSignatureStatus = {
  status: "unchecked" | "valid" | "untrusted" | "invalid" | "unsigned";
  label: string;
  signatures: Array<{ signerName: string | null; signedAt: string | null; isValid: boolean; isTrusted: boolean; problems: string[] }>;
};

export async function checkIncomingPdfSignatures(dataDir: string, pdf: Uint8Array | null): Promise<IncomingSignatureStatus> {
  if (!pdf) return { status: "unchecked", label: "Chưa kiểm tra chữ ký số", signatures: [] };
  try {
    const reports = await verifySignatures(dataDir, pdf);
    if (reports.length === 0) return { status: "unsigned", label: "Không có chữ ký số", signatures: [] };
    const signatures = reports.map((r) => ({
      signerName: r.signerName,
      signedAt: r.signedAt,
      isValid: r.valid && r.coversRevision && !r.modifiedAfter,
      isTrusted: r.trusted,
      problems: r.problems,
    }));
    const names = signatures.map((s) => s.signerName ?? "không rõ người ký").join(", ");
    if (!signatures.every((s) => s.isValid)) {
      return { status: "invalid", label: `Chữ ký số không hợp lệ hoặc văn bản bị sửa sau khi ký (${names})`, signatures };
    }
    if (!signatures.every((s) => s.isTrusted)) {
      return { status: "untrusted", label: `Chữ ký số toàn vẹn nhưng chứng thư số không thuộc danh sách tin cậy (${names})`, signatures };
    }
    return { status: "valid", label: `Chữ ký số hợp lệ, chứng thư số tin cậy (${names})`, signatures };
  } catch {
    return { status: "unchecked", label: "Chưa kiểm tra được chữ ký số", signatures: [] };
  }
}
