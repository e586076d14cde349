import { describe, expect, test } from "vitest";
import {
  canDestroy,
  decideCaseFileTransition,
  fileDateRange,
  formatDocumentCode,
  formatFileCode,
  handoverDueDate,
  parseCaseFileList,
  parseRetention,
  retentionReviewDate,
} from "#app/domain/casefiles/casefiles";

describe("case-file rules", () => {
  test("retention: years or Vĩnh viễn", () => {
    expect(parseRetention("Vĩnh viễn")).toEqual({ permanent: true, years: null });
    expect(parseRetention("VĨNH VIỄN")).toEqual({ permanent: true, years: null });
    expect(parseRetention("10 năm")).toEqual({ permanent: false, years: 10 });
    expect(parseRetention("70")).toEqual({ permanent: false, years: 70 });
    expect(parseRetention("hai mươi")).toBeNull();
    expect(parseRetention("0 năm")).toBeNull();
  });
  test("codes: FileCode = OrganId.Year.FileNotation, document code adds the 3-digit ordinal", () => {
    const code = formatFileCode("000.00.00.H12", 2025, "01.TCCB");
    expect(code).toBe("000.00.00.H12.2025.01.TCCB");
    expect(formatDocumentCode(code, 7)).toBe("000.00.00.H12.2025.01.TCCB.007");
  });
  test("state machine: only an open file changes; closing freezes; handed-over is read-only", () => {
    expect(decideCaseFileTransition("open", "add_document")).toEqual({ ok: true, to: "open" });
    expect(decideCaseFileTransition("closed", "add_document")).toEqual({ ok: false });
    expect(decideCaseFileTransition("closed", "hand_over")).toEqual({ ok: true, to: "handed_over" });
    for (const a of ["add_document", "remove_document", "edit", "close", "hand_over"] as const) expect(decideCaseFileTransition("handed_over", a).ok).toBe(false);
  });
  test("dates, handover due, retention review; permanent files are never destroyed", () => {
    expect(fileDateRange(["2025-03-02", null, "2025-01-20", "2025-05-11"])).toEqual({ startDate: "2025-01-20", endDate: "2025-05-11" });
    expect(handoverDueDate("2024-02-29")).toBe("2025-02-28");
    expect(retentionReviewDate({ retentionPermanent: false, retentionYears: 10, endDate: "2015-06-01", year: 2015 })).toBe("2026-01-01");
    expect(canDestroy({ status: "handed_over", retentionPermanent: false, retentionYears: 10, endDate: "2015-06-01", year: 2015 }, "2026-01-01")).toBe(true);
    expect(canDestroy({ status: "handed_over", retentionPermanent: false, retentionYears: 10, endDate: "2015-06-01", year: 2015 }, "2025-12-31")).toBe(false);
    expect(canDestroy({ status: "handed_over", retentionPermanent: true, retentionYears: null, endDate: "1990-01-01", year: 1990 }, "2100-01-01")).toBe(false);
  });
  test("danh mục: Phụ lục V header found below a title, headings kept, an unquoted split header joined, problems named", () => {
    const r = parseCaseFileList([
      ["DANH MỤC HỒ SƠ NĂM 2025"],
      ["Số", " ký hiệu hồ sơ", "Tên đề mục và tiêu đề hồ sơ", "Thời hạn bảo quản", "Đơn vị/người lập hồ sơ", "Ghi chú"],
      ["(1)", "(2)", "(3)", "(4)", "(5)"],
      ["", "I. TỔNG HỢP", "", "", ""],
      ["01.TH", "Hồ sơ A", "Vĩnh viễn", "Văn thư", ""],
      ["01.TH", "Hồ sơ B", "10 năm", "", ""],
      ["02.TH", "Hồ sơ C", "mười", "", ""],
    ]);
    expect(r.headerFound).toBe(true);
    expect(r.entries.map((e) => [e.code, e.isHeading])).toEqual([
      ["", true],
      ["01.TH", false],
    ]);
    expect(r.problems.map((p) => p.rowNumber)).toEqual([6, 7]);
  });
});
