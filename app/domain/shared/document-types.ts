// Administrative document types (văn bản hành chính) of Decree 30/2020/NĐ-CP Art. 7 and their
// abbreviations from Appendix III, table I (shared/reference/domain.md §1). Pure data + lookups, no I/O.

import { foldDiacritics } from "#app/domain/shared/text";

export type DocumentType = {
  /**
   * Stable identifier stored in the database (e.g. register_books.doc_type_code). Equal to the
   * abbreviation when the type has one; công văn and thư công have no abbreviation in Appendix III, so
   * they get the codes "CV" and "THC", which never appear inside a ký hiệu.
   */
  code: string;
  /** Name as written in running text, sentence case ("Kế hoạch"). */
  name: string;
  /**
   * Abbreviation used in the ký hiệu ("KH" in "172/KH-UBND"). Case-sensitive and may contain Đ (U+0110):
   * QĐ, QyĐ, CTr, TTr, ĐA. Null for công văn and thư công (Appendix III lists none for them).
   */
  abbreviation: string | null;
};

export const DOCUMENT_TYPES: DocumentType[] = [
  { code: "NQ", name: "Nghị quyết", abbreviation: "NQ" },
  { code: "QĐ", name: "Quyết định", abbreviation: "QĐ" },
  { code: "CT", name: "Chỉ thị", abbreviation: "CT" },
  { code: "QC", name: "Quy chế", abbreviation: "QC" },
  { code: "QyĐ", name: "Quy định", abbreviation: "QyĐ" },
  { code: "TC", name: "Thông cáo", abbreviation: "TC" },
  { code: "TB", name: "Thông báo", abbreviation: "TB" },
  { code: "HD", name: "Hướng dẫn", abbreviation: "HD" },
  { code: "CTr", name: "Chương trình", abbreviation: "CTr" },
  { code: "KH", name: "Kế hoạch", abbreviation: "KH" },
  { code: "PA", name: "Phương án", abbreviation: "PA" },
  { code: "ĐA", name: "Đề án", abbreviation: "ĐA" },
  { code: "DA", name: "Dự án", abbreviation: "DA" },
  { code: "BC", name: "Báo cáo", abbreviation: "BC" },
  { code: "BB", name: "Biên bản", abbreviation: "BB" },
  { code: "TTr", name: "Tờ trình", abbreviation: "TTr" },
  { code: "HĐ", name: "Hợp đồng", abbreviation: "HĐ" },
  { code: "CV", name: "Công văn", abbreviation: null },
  { code: "CĐ", name: "Công điện", abbreviation: "CĐ" },
  { code: "BGN", name: "Bản ghi nhớ", abbreviation: "BGN" },
  { code: "BTT", name: "Bản thỏa thuận", abbreviation: "BTT" },
  { code: "GUQ", name: "Giấy ủy quyền", abbreviation: "GUQ" },
  { code: "GM", name: "Giấy mời", abbreviation: "GM" },
  { code: "GGT", name: "Giấy giới thiệu", abbreviation: "GGT" },
  { code: "GNP", name: "Giấy nghỉ phép", abbreviation: "GNP" },
  { code: "PG", name: "Phiếu gửi", abbreviation: "PG" },
  { code: "PC", name: "Phiếu chuyển", abbreviation: "PC" },
  { code: "PB", name: "Phiếu báo", abbreviation: "PB" },
  { code: "THC", name: "Thư công", abbreviation: null },
];

/**
 * Legal normative document types (VBQPPL) that also reach a People's Committee as incoming documents.
 * They are a separate family (Law on Promulgation of Legal Documents), not among the 29 of Art. 7, so they
 * are only consulted when explicitly asked for (e.g. reading "30/2020/NĐ-CP" on an incoming file).
 */
export const LEGAL_NORMATIVE_DOCUMENT_TYPES: DocumentType[] = [
  { code: "NĐ", name: "Nghị định", abbreviation: "NĐ" },
  { code: "TT", name: "Thông tư", abbreviation: "TT" },
  { code: "TTLT", name: "Thông tư liên tịch", abbreviation: "TTLT" },
  { code: "NQLT", name: "Nghị quyết liên tịch", abbreviation: "NQLT" },
];

export type FindDocumentTypeOptions = {
  /** Also search LEGAL_NORMATIVE_DOCUMENT_TYPES (after the 29 administrative types). */
  includeLegalNormative?: boolean;
};

function searchableTypes(options: FindDocumentTypeOptions): DocumentType[] {
  return options.includeLegalNormative ? [...DOCUMENT_TYPES, ...LEGAL_NORMATIVE_DOCUMENT_TYPES] : DOCUMENT_TYPES;
}

/** Code of the công văn type: the type of any numbered document whose ký hiệu starts with no type abbreviation. */
export const OFFICIAL_LETTER_CODE = "CV";

// Abbreviations of the superseded Circular 01/2011/TT-BNV that still appear on incoming documents
// numbered before Decree 30/2020 took effect (domain.md §1 "Changes vs the old TT 01/2011").
const LEGACY_ABBREVIATIONS: Record<string, string> = { GN: "BGN", TTh: "BTT", UQ: "GUQ", NP: "GNP" };

/** Upper-case fold (đ/Đ → D) for tolerant comparisons: the shared `foldDiacritics`, upper-cased. */
export function foldVietnamese(text: string): string {
  return foldDiacritics(text).toUpperCase();
}

/**
 * Finds a type by the abbreviation printed in a ký hiệu. Exact (case-sensitive) match first, because
 * "HD" (Hướng dẫn) and "HĐ" (Hợp đồng), "DA" (Dự án) and "ĐA" (Đề án) differ only by Đ. Falls back to a
 * case-insensitive match, then to an accent-insensitive match when it is unambiguous (senders' software
 * sometimes prints "QD" or "TTR"), then to the legacy 2011 abbreviations.
 */
export function findDocumentTypeByAbbreviation(abbreviation: string, options: FindDocumentTypeOptions = {}): DocumentType | null {
  const wanted = abbreviation.trim();
  if (!wanted) return null;
  const typed = searchableTypes(options).filter((t) => t.abbreviation !== null);
  const exact = typed.find((t) => t.abbreviation === wanted);
  if (exact) return exact;
  const upper = wanted.toUpperCase();
  const caseless = typed.filter((t) => t.abbreviation!.toUpperCase() === upper);
  if (caseless.length === 1) return caseless[0];
  const folded = foldVietnamese(wanted);
  const accentless = typed.filter((t) => foldVietnamese(t.abbreviation!) === folded);
  if (accentless.length === 1) return accentless[0];
  const legacy = LEGACY_ABBREVIATIONS[wanted];
  if (legacy) return DOCUMENT_TYPES.find((t) => t.code === legacy) ?? null;
  return null;
}

/** Finds a type by its name, ignoring case and accents ("KẾ HOẠCH", "ke hoach", "Kế hoạch"). */
export function findDocumentTypeByName(name: string, options: FindDocumentTypeOptions = {}): DocumentType | null {
  const wanted = foldVietnamese(name)
    // Decree 30 Art. 7 writes "Nghị quyết (cá biệt)", "Quyết định (cá biệt)".
    .replace(/\s*\(CA BIET\)$/, "")
    // Older typesetting spelled "thỏa/ủy" as "thoả/uỷ"; folding already removes that difference.
    .trim();
  if (!wanted) return null;
  return searchableTypes(options).find((t) => foldVietnamese(t.name) === wanted) ?? null;
}

export function findDocumentTypeByCode(code: string, options: FindDocumentTypeOptions = {}): DocumentType | null {
  return searchableTypes(options).find((t) => t.code === code) ?? null;
}
