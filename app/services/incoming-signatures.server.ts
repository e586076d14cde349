// Signature status of a received PDF (Decree 30 Art. 21: the clerk verifies the authenticity and integrity
// of electronic documents), through the signing library's independent verifier. The one place to change
// when trust anchors (the national root CA list) become configurable.
import { verifyPdfSignatures } from "#signing/index";

export type IncomingSignatureStatus = {
  status: "unchecked" | "valid" | "invalid" | "unsigned";
  label: string;
  signatures: Array<{ signerName: string | null; signedAt: string | null; isValid: boolean; problems: string[] }>;
};

export async function checkIncomingPdfSignatures(pdf: Uint8Array | null): Promise<IncomingSignatureStatus> {
  if (!pdf) return { status: "unchecked", label: "Chưa kiểm tra chữ ký số", signatures: [] };
  try {
    const reports = await verifyPdfSignatures(pdf);
    if (reports.length === 0) return { status: "unsigned", label: "Không có chữ ký số", signatures: [] };
    const signatures = reports.map((r) => ({ signerName: r.signerName, signedAt: r.signedAt, isValid: r.valid && !r.modifiedAfter, problems: r.problems }));
    const isValid = signatures.every((s) => s.isValid);
    const names = signatures.map((s) => s.signerName ?? "không rõ người ký").join(", ");
    return {
      status: isValid ? "valid" : "invalid",
      label: isValid ? `Chữ ký số hợp lệ (${names}); chưa đối chiếu chứng thư gốc` : `Chữ ký số không hợp lệ hoặc văn bản bị sửa sau khi ký (${names})`,
      signatures,
    };
  } catch {
    return { status: "unchecked", label: "Chưa kiểm tra được chữ ký số", signatures: [] };
  }
}
