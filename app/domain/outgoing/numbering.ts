// Numbers and symbols of outgoing documents (Decree 30/2020 Art. 15 and Phụ lục I; domain.md §2).

/** Numbers under 10 take a leading zero (01 … 09, 10, 11, … 100): no padding beyond two digits. */
export function formatDocumentNumber(n: number): string {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`Số văn bản không hợp lệ: ${n}`);
  return n < 10 ? `0${n}` : String(n);
}

export type SymbolParts = {
  /** Type abbreviation (KH, QĐ, TTr…); null for công văn and thư công. Case is kept as defined. */
  typeAbbreviation: string | null;
  /** Issuing organisation's abbreviation (UBND, SNV). */
  issuerAbbreviation: string;
  /** Drafting unit's abbreviation (VP, KT): used by công văn only. */
  draftingUnitAbbreviation?: string | null;
};

/** Ký hiệu: `KH-UBND` for typed documents; công văn `UBND-VP` (issuer – drafting unit). */
export function formatSymbol(parts: SymbolParts): string {
  if (parts.typeAbbreviation) return `${parts.typeAbbreviation}-${parts.issuerAbbreviation}`;
  return parts.draftingUnitAbbreviation ? `${parts.issuerAbbreviation}-${parts.draftingUnitAbbreviation}` : parts.issuerAbbreviation;
}

/** `58/KH-UBND`, `05/QĐ-UBND`, `12/UBND-VP` (no spaces). */
export function formatNumberSymbol(n: number, parts: SymbolParts): string {
  return `${formatDocumentNumber(n)}/${formatSymbol(parts)}`;
}

/** Next number in a book: 1 on an empty book (numbers restart at 01 on 1 January), else max + 1. */
export function nextNumber(lastNumber: number | null | undefined): number {
  return (lastNumber ?? 0) + 1;
}

export type BookCandidate = { id: number; security: "normal" | "secret"; docTypeCode: string };

/**
 * The register book a document is numbered in: secret documents in the secret book; otherwise the
 * type's own series when the organisation configured one, else the shared series (docTypeCode "").
 * Returns null when no book fits (the service then creates the shared one).
 */
export function selectRegisterBook<B extends BookCandidate>(books: B[], docTypeCode: string, isSecret: boolean): B | null {
  const security = isSecret ? "secret" : "normal";
  const inSecurity = books.filter((b) => b.security === security);
  return inSecurity.find((b) => b.docTypeCode === docTypeCode) ?? inSecurity.find((b) => b.docTypeCode === "") ?? null;
}

/** Printed signer title from a job title: "Chủ tịch UBND tỉnh" → "CHỦ TỊCH", "Phó Chủ tịch UBND phường" → "PHÓ CHỦ TỊCH". */
export function printedSignerTitle(title: string | null | undefined): string {
  const t = (title ?? "").trim();
  if (!t) return "";
  const m = /^(Phó Chủ tịch|Chủ tịch|Chánh Văn phòng|Phó Chánh Văn phòng|Giám đốc|Phó Giám đốc|Trưởng phòng|Phó Trưởng phòng)\b/i.exec(t);
  return (m ? m[1] : t).toLocaleUpperCase("vi-VN");
}
