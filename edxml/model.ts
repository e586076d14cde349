// edXML packet model (QCVN 102:2016/BTTTT and its amendment SĐ1:2022; shared/reference/domain.md §8.3–8.4).
// Pure data: no I/O, no app or database imports (tests/unit/architecture.test.ts).

/** Namespace of every edXML element (QCVN 102:2016 Phần 2). */
export const EDXML_NS = "http://www.mic.gov.vn/TBT/QCVN_102_2016";
export const XMLDSIG_NS = "http://www.w3.org/2000/09/xmldsig#";

/** Organ info (From, To): mã định danh + tên + liên hệ. */
export type OrganInfo = {
  organId: string;
  organName: string;
  organizationInCharge?: string | null;
  organAdd?: string | null;
  email?: string | null;
  telephone?: string | null;
  fax?: string | null;
  website?: string | null;
};

/** BussinessDocType (TraceHeaderList/Bussiness): 0 văn bản mới, 1 thu hồi, 2 cập nhật (3 thay thế: not emitted). */
export type BusinessDocType = 0 | 1 | 2;

export type PacketAttachment = {
  /** `cid:…` as referenced by the manifest. */
  contentId: string;
  name: string;
  contentType: string;
  description?: string | null;
  bytes: Uint8Array;
};

export type DocumentPacket = {
  businessDocType: BusinessDocType;
  /** BussinessDocReason: why a recall/update was sent. */
  businessReason?: string | null;
  from: OrganInfo;
  to: OrganInfo[];
  codeNumber: string;
  codeNotation: string;
  place: string;
  /** ISO YYYY-MM-DD; serialised yyyy/MM/dd. */
  promulgationDate: string;
  /** Type code from SĐ1:2022 (e.g. "18" Công văn) and its name. */
  docType: { type: string; typeName: string };
  subject: string;
  content?: string | null;
  signer: { competence: string | null; position: string | null; fullName: string };
  /** ISO YYYY-MM-DD or null. */
  dueDate: string | null;
  /** 0 thường, 1 khẩn, 2 thượng khẩn, 3 hỏa tốc (4 hỏa tốc hẹn giờ accepted on input only). */
  priority: number;
  pageAmount: number | null;
  promulgationAmount?: number | null;
  appendixes: string[];
  toPlaces: string[];
  steeringType?: string | null;
  /** `OrganId,yyyy/MM/dd,number/notation`. */
  documentId: string;
  traces: Array<{ organId: string; timestamp: Date }>;
  staff?: { department?: string | null; staff?: string | null; email?: string | null; mobile?: string | null } | null;
  attachments: PacketAttachment[];
};

/** Status codes of gói tin trạng thái (domain.md §8.4). */
export const STATUS_CODES = {
  "01": "Đã đến",
  "02": "Từ chối tiếp nhận",
  "03": "Đã tiếp nhận",
  "04": "Đã phân công",
  "05": "Đang xử lý",
  "06": "Hoàn thành",
  "13": "Thu hồi",
  "15": "Đồng ý thu hồi/cập nhật",
  "16": "Từ chối thu hồi/cập nhật",
} as const;
export type StatusCode = keyof typeof STATUS_CODES;
export const isStatusCode = (value: string): value is StatusCode => Object.hasOwn(STATUS_CODES, value);

export type StatusPacket = {
  responseFor: { organId: string; codeNumber: string; codeNotation: string; promulgationDate: string; documentId: string };
  from: OrganInfo;
  /** The organisation the status is addressed to (the sender of the document). */
  to: OrganInfo;
  statusCode: StatusCode;
  description: string;
  timestamp: Date;
  staff?: { department?: string | null; staff?: string | null; email?: string | null; mobile?: string | null } | null;
};

/** Mã định danh shape V1V2V3.Z1Z2.Y1Y2.H1H2H3 (domain.md §8.2). */
export const ORGAN_ID_PATTERN = /^\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2}$/;

/** `OrganId,yyyy/MM/dd,number/notation` (domain.md §8.3). */
export function formatDocumentId(organId: string, promulgationDate: string, codeNumber: string, codeNotation: string): string {
  return `${organId},${promulgationDate.replace(/-/g, "/")},${codeNumber}/${codeNotation}`;
}

/** Splits "58/KH-UBND" into number and notation. */
export function splitNumberSymbol(numberSymbol: string): { codeNumber: string; codeNotation: string } {
  const slash = numberSymbol.indexOf("/");
  if (slash < 0) return { codeNumber: numberSymbol.trim(), codeNotation: "" };
  return { codeNumber: numberSymbol.slice(0, slash).trim(), codeNotation: numberSymbol.slice(slash + 1).trim() };
}

// SĐ1:2022, table B (administrative documents). Items 1–9 and 18–26 as published; 10–17 and 27–31 follow the
// order of Decree 30 Art. 7, which the table mirrors (domain.md §8.3: "items 10–17 not visible — verify").
const SD1_TYPES: Array<[string, string, string]> = [
  ["1", "NQ", "Nghị quyết"],
  ["2", "QĐ", "Quyết định"],
  ["3", "CT", "Chỉ thị"],
  ["4", "QC", "Quy chế"],
  ["5", "QyĐ", "Quy định"],
  ["6", "TC", "Thông cáo"],
  ["7", "TB", "Thông báo"],
  ["8", "HD", "Hướng dẫn"],
  ["9", "CTr", "Chương trình"],
  ["10", "KH", "Kế hoạch"],
  ["11", "PA", "Phương án"],
  ["12", "ĐA", "Đề án"],
  ["13", "DA", "Dự án"],
  ["14", "BC", "Báo cáo"],
  ["15", "BB", "Biên bản"],
  ["16", "TTr", "Tờ trình"],
  ["17", "HĐ", "Hợp đồng"],
  ["18", "CV", "Công văn"],
  ["19", "CĐ", "Công điện"],
  ["20", "BGN", "Bản ghi nhớ"],
  ["22", "BTT", "Bản thỏa thuận"],
  ["24", "GUQ", "Giấy ủy quyền"],
  ["25", "GM", "Giấy mời"],
  ["26", "GGT", "Giấy giới thiệu"],
  ["27", "GNP", "Giấy nghỉ phép"],
  ["28", "PG", "Phiếu gửi"],
  ["29", "PC", "Phiếu chuyển"],
  ["30", "PB", "Phiếu báo"],
  ["31", "THC", "Thư công"],
];

/** Our document type code (e.g. "KH", "CV") → SĐ1:2022 type code and name. */
export function edxmlTypeOf(docTypeCode: string, fallbackName?: string): { type: string; typeName: string } {
  const hit = SD1_TYPES.find(([, code]) => code === docTypeCode);
  return hit ? { type: hit[0], typeName: hit[2] } : { type: "18", typeName: fallbackName ?? "Công văn" };
}

const fold = (s: string) =>
  s
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/đ/g, "d")
    .replace(/Đ/g, "D")
    .toLowerCase()
    .replace(/\s+/g, " ")
    .trim();

/** SĐ1:2022 type code or name (implementations disagree) → our type code; "CV" when unknown. */
export function docTypeCodeOf(type: string, typeName: string): string {
  const byName = SD1_TYPES.find(([, , name]) => fold(name) === fold(typeName) || fold(typeName).startsWith(`${fold(name)} `));
  if (byName) return byName[1];
  const byCode = SD1_TYPES.find(([n, code]) => n === type.trim() || code === type.trim());
  return byCode ? byCode[1] : "CV";
}

/** Urgency vocabulary (app/domain/shared/document-marks.ts) ↔ edXML Priority (domain.md §3.1). */
export const PRIORITY_OF_URGENCY = { normal: 0, urgent: 1, very_urgent: 2, flash: 3 } as const;
export type UrgencyKey = keyof typeof PRIORITY_OF_URGENCY;
export function urgencyOfPriority(priority: number): UrgencyKey {
  // 4 "hỏa tốc hẹn giờ" is legacy: accepted as the highest level (Decree 30 has three).
  if (priority >= 3) return "flash";
  if (priority === 2) return "very_urgent";
  if (priority === 1) return "urgent";
  return "normal";
}

/** Both yyyy/MM/dd (QCVN implementations) and dd/MM/yyyy occur in the wild; returns ISO or null. */
export function parseEdxmlDate(text: string | null | undefined): string | null {
  const t = (text ?? "").trim();
  if (!t) return null;
  let y: number, m: number, d: number;
  let match = /^(\d{4})[/-](\d{1,2})[/-](\d{1,2})(?:[ T].*)?$/.exec(t);
  if (match) [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  else {
    match = /^(\d{1,2})[/-](\d{1,2})[/-](\d{4})(?:[ T].*)?$/.exec(t);
    if (!match) return null;
    [d, m, y] = [Number(match[1]), Number(match[2]), Number(match[3])];
  }
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return `${String(y).padStart(4, "0")}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
}

/** ISO date → yyyy/MM/dd. */
export function formatEdxmlDate(iso: string): string {
  return iso.replace(/-/g, "/");
}

/** `yyyy/MM/dd HH:mm:ss` in Asia/Ho_Chi_Minh (UTC+7, no DST). */
export function formatEdxmlTimestamp(at: Date): string {
  const local = new Date(at.getTime() + 7 * 3600_000);
  const p = (n: number) => String(n).padStart(2, "0");
  return `${local.getUTCFullYear()}/${p(local.getUTCMonth() + 1)}/${p(local.getUTCDate())} ${p(local.getUTCHours())}:${p(local.getUTCMinutes())}:${p(local.getUTCSeconds())}`;
}

/**
 * `yyyy/MM/dd HH:mm:ss` (QCVN implementations), and the other forms peers send: ISO-8601 (`2025-06-16T08:30:00`,
 * with a fraction, `Z` or an offset), `yyyy-MM-dd HH:mm[:ss]`, `dd/MM/yyyy HH:mm[:ss]`. Without an offset the time is
 * Asia/Ho_Chi_Minh (UTC+7). A date alone is its midnight; anything else is null. (Reading only the first form put
 * every ISO time at midnight, and two updates of one day got the same key: the second was dropped as a duplicate.)
 */
export function parseEdxmlTimestamp(text: string | null | undefined): Date | null {
  const t = (text ?? "").trim();
  const match =
    /^(\d{4})[/-](\d{1,2})[/-](\d{1,2})[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i.exec(t) ??
    /^(\d{1,2})[/-](\d{1,2})[/-](\d{4})[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i.exec(t);
  if (!match) {
    const iso = parseEdxmlDate(t);
    return iso ? new Date(`${iso}T00:00:00+07:00`) : null;
  }
  const dayFirst = match[1].length !== 4;
  const [y, mo, d] = dayFirst ? [match[3], match[2], match[1]].map(Number) : [match[1], match[2], match[3]].map(Number);
  const [h, mi, s] = [Number(match[4]), Number(match[5]), Number(match[6] ?? 0)];
  const ms = match[7] ? Number(match[7].slice(0, 3).padEnd(3, "0")) : 0;
  if (!parseEdxmlDate(`${y}/${mo}/${d}`) || h > 23 || mi > 59 || s > 59) return null;
  const zone = match[8]?.toUpperCase();
  const offsetMinutes = zone === undefined ? 7 * 60 : zone === "Z" ? 0 : (zone[0] === "-" ? -1 : 1) * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(-2)));
  return new Date(Date.UTC(y, mo - 1, d, h, mi, s, ms) - offsetMinutes * 60_000);
}
