import { describe, expect, it } from "vitest";
import { parseDeadline, resolveRelativeDeadline, type DeadlineKind } from "#app/domain/shared/deadlines";
import { createWorkingCalendar } from "#app/domain/shared/working-days";

const P2023 = { planYear: 2023 };

type Case = [text: string, kind: DeadlineKind, dueDate: string | null];

function check([text, kind, dueDate]: Case, options = P2023) {
  const r = parseDeadline(text, options);
  expect({ kind: r.kind, dueDate: r.dueDate }).toEqual({ kind, dueDate });
  expect(r.text).toBe(text);
  expect(r.needsReview).toBe(kind === "unparsed");
  return r;
}

describe("rules from the issue", () => {
  it.each<Case>([
    ["Trước ngày 15/01/2024", "fixed_date", "2024-01-14"],
    ["Chậm nhất ngày 18/6/2025", "fixed_date", "2025-06-18"],
    ["Trước hoặc trong ngày 18/6/2025", "fixed_date", "2025-06-18"],
    ["Trong năm 2023", "end_of_period", "2023-12-31"],
    ["Quý IV năm 2020", "end_of_period", "2020-12-31"],
    ["Trong quý III", "end_of_period", "2023-09-30"],
    ["6 tháng đầu năm 2024", "end_of_period", "2024-06-30"],
    ["Trong tháng 7 năm 2023", "end_of_period", "2023-07-31"],
    ["05 ngày làm việc kể từ ngày ký quyết định công bố", "relative", null],
    ["Khi có trường hợp giải quyết trễ hạn", "event_triggered", null],
    ["Theo quy định của Bộ Nội vụ", "as_regulated", null],
    ["Theo Kế hoạch đã ban hành", "as_regulated", null],
    ["Thường xuyên", "none", null],
  ])("%s", (...c) => {
    check(c);
  });

  it("'Trước ngày' is strict and marked", () => {
    const r = parseDeadline("Trước ngày 01/01/2024", P2023);
    expect(r.dueDate).toBe("2023-12-31");
    expect(r.before).toBe(true);
    expect(parseDeadline("Chậm nhất ngày 01/01/2024", P2023).before).toBeUndefined();
  });

  it("a phrase without a year takes the plan's year", () => {
    expect(parseDeadline("Trong quý III", { planYear: 2025 }).dueDate).toBe("2025-09-30");
    expect(parseDeadline("Trong năm", { planYear: 2025 }).dueDate).toBe("2025-12-31");
    expect(parseDeadline("Trước ngày 15/12", { planYear: 2025 }).dueDate).toBe("2025-12-14");
    expect(parseDeadline("Tháng 6", { planYear: 2024 }).dueDate).toBe("2024-06-30");
    expect(parseDeadline("6 tháng cuối năm", { planYear: 2024 }).dueDate).toBe("2024-12-31");
  });
});

describe("relative deadlines (Civil Code 2015 Art. 147–148)", () => {
  const text = "05 ngày làm việc kể từ ngày ký quyết định công bố";
  it("has no due date until the anchor is known", () => {
    const r = parseDeadline(text, P2023);
    expect(r.relative).toEqual({
      workingDays: 5,
      anchor: "ngày ký quyết định công bố",
    });
    expect(parseDeadline("05 ngay lam viec ke tu ngay ky", P2023).relative?.anchor).toBe("ngay ky");
    expect(r.dueDate).toBeNull();
  });
  it("counts working days from the day after the anchor", () => {
    // Signed Thu 27/4/2023; 28/4 Fri; 29/4–3/5 holidays (2023 announced schedule); 4/5, 5/5, 8/5, 9/5.
    const cal = createWorkingCalendar(
      ["2023-04-29", "2023-04-30", "2023-05-01", "2023-05-02", "2023-05-03"].map((date) => ({ date, kind: "holiday" as const })),
    );
    const r = parseDeadline(text, {
      ...P2023,
      anchorDate: "2023-04-27",
      calendar: cal,
    });
    expect(r.dueDate).toBe("2023-05-09");
    expect(parseDeadline(text, { ...P2023, anchorDate: "2023-04-27" }).dueDate).toBe("2023-05-04");
    expect(resolveRelativeDeadline(parseDeadline(text, P2023), "2023-04-27", cal)).toBe("2023-05-09");
  });
  it("calendar-day phrases roll forward to a working day", () => {
    const r = parseDeadline("10 ngày kể từ ngày nhận được văn bản", {
      ...P2023,
      anchorDate: "2023-06-07",
    });
    expect(r.kind).toBe("relative");
    expect(r.relative?.calendarDays).toBe(10);
    expect(r.dueDate).toBe("2023-06-19"); // 17/6 is a Saturday → Monday 19/6
  });
  it("multi-line cell text as extracted from the PDF", () => {
    check(["05 ngày làm \nviệc kể từ \nngày ký quyết \nđịnh công bố", "relative", null]);
  });
});

describe("every deadline phrase of seed 001 (123/KH-UBND, plan year 2023)", () => {
  it.each<Case>([
    ["Theo Kế \nhoạch đã ban \nhành", "as_regulated", null],
    ["Theo quy định \ncủa Bộ Nội vụ", "as_regulated", null],
    ["Trong năm \n2023", "end_of_period", "2023-12-31"],
    ["Theo quy định \ntại kết luận \nkiểm tra", "as_regulated", null],
    ["Trước ngày \n15/12/2023", "fixed_date", "2023-12-14"],
    ["Trước ngày \n15/01/2024", "fixed_date", "2024-01-14"],
    ["Thực hiện \ntheo Công văn \nsố \n1420/UBND-\nCCHC ngày \n06/3/2023 và \nCông văn số \n3279/UBND-\nCCHC ngày \n08/5/2023", "as_regulated", null],
    ["05 ngày làm \nviệc kể từ \nngày ký quyết \nđịnh công bố", "relative", null],
    ["Cùng với báo \ncáo định kỳ về \ncông tác \nCCHC", "recurring", "2023-12-20"],
    ["Khi có trường \nhợp giải quyết \ntrễ hạn", "event_triggered", null],
    ["Thể hiện tại \nbáo cáo \nCCHC định \nkỳ theo quy \nđịnh", "recurring", "2023-12-20"],
    ["Trong tháng 7 \nnăm 2023", "end_of_period", "2023-07-31"],
    ["Trong tháng \n6 năm 2023", "end_of_period", "2023-06-30"],
    // Body text: "gửi kế hoạch về Ủy ban nhân dân tỉnh chậm nhất ngày 05/6/2023".
    ["chậm nhất ngày 05/6/2023", "fixed_date", "2023-06-05"],
  ])("%j", (...c) => {
    check(c);
  });

  it("periodic-report rows recur on the BNV reporting schedule", () => {
    const r = parseDeadline("Cùng với báo cáo định kỳ về công tác CCHC", P2023);
    expect(r.recurrence).toEqual({
      frequency: "reporting_period",
      occurrences: ["2023-03-20", "2023-06-20", "2023-09-20", "2023-12-20"],
    });
  });
  it("event-triggered keeps the event text", () => {
    expect(parseDeadline("Khi có trường hợp giải quyết trễ hạn", P2023).reference).toBe("Khi có trường hợp giải quyết trễ hạn");
  });
  it("a referenced document's date is not mistaken for the deadline", () => {
    expect(parseDeadline("Thực hiện theo Công văn số 1420/UBND-CCHC ngày 06/3/2023", P2023).dueDate).toBeNull();
  });
});

describe("seed 000 / 003 (plans of 2025: start dates, not deadlines)", () => {
  it.each([
    ["Thời gian thực hiện: Từ ngày 15/8/2025.", "2025-08-15"],
    ["Thời gian thực hiện: Từ ngày 01/11/2025.", "2025-11-01"],
    ["Từ ngày 15/8/2025", "2025-08-15"],
    ["Thời gian thực hiện bắt đầu ngày 01/10/2025.", "2025-10-01"],
  ])("%j", (text, start) => {
    const r = parseDeadline(text, { planYear: 2025 });
    expect(r.kind).toBe("none");
    expect(r.dueDate).toBeNull();
    expect(r.startDate).toBe(start);
    expect(r.needsReview).toBe(false);
  });
});

describe("seed 002 Phụ lục 1 (plan year 2020)", () => {
  it.each<Case>([
    ["Trong năm 2020", "end_of_period", "2020-12-31"],
    ["Quý IV năm 2020", "end_of_period", "2020-12-31"],
    ["Trong quý III năm 2020", "end_of_period", "2020-09-30"],
  ])("%s", (...c) => {
    check(c, { planYear: 2020 });
  });
});

describe("other phrases found in plans", () => {
  it.each<Case>([
    ["Hằng quý", "recurring", "2023-12-31"],
    ["Định kỳ hằng quý", "recurring", "2023-12-31"],
    ["Hàng quý", "recurring", "2023-12-31"],
    ["Hằng tháng", "recurring", "2023-12-31"],
    ["Định kỳ 6 tháng", "recurring", "2023-12-31"],
    ["Hằng năm", "recurring", "2023-12-31"],
    ["Năm 2023", "end_of_period", "2023-12-31"],
    ["2023", "end_of_period", "2023-12-31"],
    ["Cuối năm 2023", "end_of_period", "2023-12-31"],
    ["Giữa năm 2023", "end_of_period", "2023-06-30"],
    ["Tháng 12/2023", "end_of_period", "2023-12-31"],
    ["12/2023", "end_of_period", "2023-12-31"],
    ["Tháng 2 năm 2024", "end_of_period", "2024-02-29"],
    ["Quý I/2024", "end_of_period", "2024-03-31"],
    ["Quý 2 năm 2024", "end_of_period", "2024-06-30"],
    ["Quý II", "end_of_period", "2023-06-30"],
    ["Trước 15/12/2023", "fixed_date", "2023-12-14"],
    ["Trước ngày 30 tháng 6 năm 2023", "fixed_date", "2023-06-29"],
    ["Trước ngày 01/3/2024", "fixed_date", "2024-02-29"],
    ["Ngày 30/6/2023", "fixed_date", "2023-06-30"],
    ["30/6/2023", "fixed_date", "2023-06-30"],
    ["Hoàn thành trước ngày 31/10/2023", "fixed_date", "2023-10-30"],
    ["Trong ngày 05/6/2023", "fixed_date", "2023-06-05"],
    ["Chậm nhất là ngày 20/12/2023", "fixed_date", "2023-12-20"],
    ["Từ ngày 01/3/2023 đến ngày 30/6/2023", "fixed_date", "2023-06-30"],
    ["Từ tháng 3 đến tháng 6 năm 2023", "end_of_period", "2023-06-30"],
    ["Từ tháng 11/2023 đến tháng 02/2024", "end_of_period", "2024-02-29"],
    ["6 tháng cuối năm", "end_of_period", "2023-12-31"],
    ["Trong 6 tháng đầu năm 2024", "end_of_period", "2024-06-30"],
    ["Trước quý III/2023", "fixed_date", "2023-06-30"],
    ["Trước tháng 6/2023", "fixed_date", "2023-05-31"],
    ["Thời hạn: Quý IV/2023", "end_of_period", "2023-12-31"],
    ["Thực hiện thường xuyên", "none", null],
    ["Theo hướng dẫn của Bộ Nội vụ", "as_regulated", null],
    ["Khi phát sinh", "event_triggered", null],
    ["Sau khi có hướng dẫn của Trung ương", "event_triggered", null],
    ["", "none", null],
  ])("%j", (...c) => {
    check(c);
  });

  it("Năm 2023 và các năm tiếp theo: recurring yearly, due at the end of the plan year", () => {
    const r = check(["Năm 2023 và các năm tiếp theo", "recurring", "2023-12-31"]);
    expect(r.recurrence?.frequency).toBe("yearly");
    expect(r.recurrence?.continuesAfterPlanYear).toBe(true);
  });

  it("monthly recurrence lists twelve month-ends", () => {
    const r = parseDeadline("Hằng tháng", { planYear: 2024 });
    expect(r.recurrence?.occurrences).toHaveLength(12);
    expect(r.recurrence?.occurrences[1]).toBe("2024-02-29");
  });

  it("is tolerant to case and missing diacritics", () => {
    for (const t of ["TRƯỚC NGÀY 15/01/2024", "truoc ngay 15/01/2024", "Truoc ngay 15-01-2024", "trước ngày 15.1.2024"]) {
      expect(parseDeadline(t, P2023).dueDate).toBe("2024-01-14");
    }
    expect(parseDeadline("QUY IV NAM 2020", P2023).dueDate).toBe("2020-12-31");
    expect(parseDeadline("trong nam 2023", P2023).dueDate).toBe("2023-12-31");
    expect(parseDeadline("hang quy", P2023).kind).toBe("recurring");
  });

  it("records the period", () => {
    expect(parseDeadline("Quý IV năm 2020", P2023).period).toEqual({
      type: "quarter",
      year: 2020,
      index: 4,
    });
    expect(parseDeadline("6 tháng đầu năm 2024", P2023).period).toEqual({
      type: "half",
      year: 2024,
      index: 1,
    });
  });
});

describe("unparsed text stays verbatim and is flagged", () => {
  it.each<Case>([
    ["Tùy tình hình thực tế", "unparsed", null],
    ["Quý II và quý IV năm 2023", "unparsed", null],
    ["Trước ngày 31/02/2023", "unparsed", null],
    ["Trước ngày 00/01/2023", "unparsed", null],
    ["Trước ngày 15/01/24", "unparsed", null],
    ["Tháng 13/2023", "unparsed", null],
    ["Từ tháng 6 đến tháng 3 năm 2023", "unparsed", null],
    ["Từ ngày 30/6/2023 đến ngày 01/3/2023", "unparsed", null],
    ["Đầu năm 2023 (cập nhật)", "unparsed", null],
    ["Quý V năm 2023", "unparsed", null],
  ])("%j", (...c) => {
    const r = check(c);
    expect(r.text).toBe(c[0]);
  });

  it("rejects an invalid plan year", () => {
    expect(() => parseDeadline("Trong năm", { planYear: 23 })).toThrow(RangeError);
  });
});
