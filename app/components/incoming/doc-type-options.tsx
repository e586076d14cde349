import { DOCUMENT_TYPES, LEGAL_NORMATIVE_DOCUMENT_TYPES } from "#app/domain/shared/document-types";

/**
 * The types an incoming document may have: the 29 administrative types of Decree 30 Art. 7, and the legal
 * normative documents (Nghị định, Thông tư…) that also arrive at a People's Committee — the same set the
 * registration service accepts, so a type read from the PDF ("49/2026/NĐ-CP") can be chosen.
 */
const GROUPS = [
  { label: "Văn bản hành chính", types: DOCUMENT_TYPES },
  { label: "Văn bản quy phạm pháp luật", types: LEGAL_NORMATIVE_DOCUMENT_TYPES },
];

export function IncomingDocTypeOptions() {
  return GROUPS.map((g) => (
    <optgroup key={g.label} label={g.label}>
      {g.types.map((t) => (
        <option key={t.code} value={t.code}>
          {t.name}
        </option>
      ))}
    </optgroup>
  ));
}
