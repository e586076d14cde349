import { describe, expect, test } from "vitest";
import {
  canDestroy,
  canEditRetention,
  decideDestruction,
  handoverOverdueThreshold,
  isDueForRetentionReview,
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
    for (const a of ["add_document", "remove_document", "edit", "close", "hand_over"] as const)
      expect(decideCaseFileTransition("handed_over", a).ok).toBe(false);
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

  test("destruction decision: permanent never, open or destroyed files not, not before the review date, never dated ahead", () => {
    const tenYears = { status: "handed_over" as const, retentionPermanent: false, retentionYears: 10, endDate: "2015-06-01", year: 2015 };
    expect(decideDestruction(tenYears, { today: "2026-03-01", decisionDate: "2026-02-15" })).toEqual({ ok: true, reviewDate: "2026-01-01" });
    expect(decideDestruction({ ...tenYears, status: "closed" }, { today: "2026-03-01", decisionDate: "2026-03-01" }).ok).toBe(true);
    expect(decideDestruction({ ...tenYears, retentionPermanent: true, retentionYears: null }, { today: "2100-01-01", decisionDate: "2100-01-01" })).toEqual({
      ok: false,
      reason: "permanent",
      reviewDate: null,
    });
    expect(decideDestruction({ ...tenYears, status: "open" }, { today: "2026-03-01", decisionDate: "2026-03-01" })).toMatchObject({
      ok: false,
      reason: "not_archived",
    });
    expect(decideDestruction({ ...tenYears, status: "destroyed" }, { today: "2026-03-01", decisionDate: "2026-03-01" })).toMatchObject({
      ok: false,
      reason: "not_archived",
    });
    expect(decideDestruction(tenYears, { today: "2025-12-31", decisionDate: "2025-12-31" })).toEqual({
      ok: false,
      reason: "not_due",
      reviewDate: "2026-01-01",
    });
    expect(decideDestruction(tenYears, { today: "2026-03-01", decisionDate: "2026-03-02" })).toMatchObject({ ok: false, reason: "decision_in_future" });
    expect(decideDestruction(tenYears, { today: "2026-03-01", decisionDate: "2025-12-30" })).toMatchObject({ ok: false, reason: "decision_before_due" });
    // Without an end date the file's year counts.
    expect(isDueForRetentionReview({ ...tenYears, endDate: null, year: 2014 }, "2025-01-01")).toBe(true);
    expect(isDueForRetentionReview({ ...tenYears, endDate: null, year: 2014 }, "2024-12-31")).toBe(false);
  });
  test("handover reminders: one threshold at a time, the largest reached, none before the due date", () => {
    // Closed 10/03/2024: due 10/03/2025.
    expect(handoverOverdueThreshold("2024-03-10", "2025-03-10")).toBeNull();
    expect(handoverOverdueThreshold("2024-03-10", "2025-03-11")).toBe(1);
    expect(handoverOverdueThreshold("2024-03-10", "2025-04-08")).toBe(1);
    expect(handoverOverdueThreshold("2024-03-10", "2025-04-09")).toBe(30);
    expect(handoverOverdueThreshold("2024-03-10", "2025-09-26")).toBe(180);
    expect(handoverOverdueThreshold("2024-03-10", "2031-01-01")).toBe(365);
  });
  test("only an open ad hoc file's retention may be corrected", () => {
    expect(canEditRetention({ adHoc: true, status: "open" })).toBe(true);
    expect(canEditRetention({ adHoc: false, status: "open" })).toBe(false);
    expect(canEditRetention({ adHoc: true, status: "closed" })).toBe(false);
  });
});
