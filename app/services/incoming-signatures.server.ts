// Signature status of a received PDF (Decree 30 Art. 21: the clerk verifies authenticity and integrity of
// electronic documents). The verification library (`verifyPdfSignatures` from #signing/index) is being built
// on the `signing` branch; wire it here, in this one function, when it lands.
export type IncomingSignatureStatus = {
  status: "unchecked" | "valid" | "invalid" | "unsigned";
  label: string;
  signatures: Array<{ signerName: string; signedAt: string | null; isValid: boolean; detail: string | null }>;
};

export function checkIncomingPdfSignatures(_pdf: Uint8Array | null): IncomingSignatureStatus {
  return { status: "unchecked", label: "Chưa kiểm tra chữ ký số", signatures: [] };
}
