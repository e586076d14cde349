// The signatures of a received PDF as the clerk checks them (Decree 30 Art. 21), on the registration form and the
// document page.
import type { IncomingSignatures } from "#app/components/incoming/document-types";
import { formatDateTimeVi } from "#app/domain/shared/dates";
import { SignatureValidationMessages } from "#app/messages/signature-validation";

/** Each signature as the clerk checks it (Decree 30 Art. 21): who, when, integrity, trust anchor, later changes. */
export function SignatureList({ signatures }: { signatures: IncomingSignatures["signatures"] }) {
  return (
    <ol className="signature-list">
      {signatures.map((s, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: the signatures of one file, in file order: never reordered or edited in place
        <li key={i}>
          <strong>{s.kind === "timestamp" ? "Dấu thời gian" : (s.signerName ?? "Không rõ người ký")}</strong>
          {s.signedAt ? `, ${formatDateTimeVi(new Date(s.signedAt))}` : null}
          <br />
          {s.integrity}. {s.isTrusted ? `Chứng thư tin cậy, gốc: ${s.trustAnchor ?? "không rõ"}` : "Chứng thư không thuộc danh sách tin cậy"}.
          <br />
          <span className={s.isValid ? "muted" : undefined}>{s.changes}</span>
          {s.timestamp || s.revocation ? <br /> : null}
          {s.timestamp ? `Dấu thời gian: ${SignatureValidationMessages.TIMESTAMP(formatDateTimeVi(new Date(s.timestamp.time)), s.timestamp.tsa)}. ` : null}
          {s.revocation ? `Tình trạng thu hồi: ${s.revocation}.` : null}
        </li>
      ))}
    </ol>
  );
}
