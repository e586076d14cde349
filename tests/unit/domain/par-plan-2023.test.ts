import { describe, expect, it } from "vitest";
import { parseDeadline, type DeadlineKind } from "#app/domain/shared/deadlines";
import { PAR_PLAN_2023, PAR_PLAN_2023_HEADERS, parPlan2023AsRows, parPlan2023TaskCount } from "#app/domain/plans/par-plan-2023";
import { parseKpiTarget } from "#app/domain/plans/kpi";
import { parsePlanAppendix } from "#app/domain/plans/plan-import";

// The Cà Mau directory of 2023 as the units service would provide it.
const UNITS = [
  { id: 1, name: "Văn phòng Ủy ban nhân dân tỉnh" },
  { id: 2, name: "Sở Nội vụ" },
  { id: 3, name: "Sở Tư pháp" },
  { id: 4, name: "Sở Tài chính" },
  { id: 5, name: "Sở Thông tin và Truyền thông" },
  { id: 6, name: "Sở Kế hoạch và Đầu tư" },
  { id: 7, name: "Trung tâm Giải quyết thủ tục hành chính tỉnh" },
];

describe("PAR_PLAN_2023 transcription (seed 001)", () => {
  it("identifies the plan", () => {
    expect(PAR_PLAN_2023).toMatchObject({
      documentNumber: "123/KH-UBND",
      issuedOn: "2023-05-29",
      year: 2023,
    });
  });
  it("has the eight areas I–VIII with their task counts", () => {
    expect(PAR_PLAN_2023.areas.map((a) => [a.code, a.tasks.length])).toEqual([
      ["I", 6],
      ["II", 4],
      ["III", 8],
      ["IV", 3],
      ["V", 5],
      ["VI", 4],
      ["VII", 7],
      ["VIII", 1],
    ]);
    expect(parPlan2023TaskCount()).toBe(38);
  });
  it("every task has a title, evidence, deadline and lead unit", () => {
    for (const a of PAR_PLAN_2023.areas) {
      for (const t of a.tasks) {
        expect(t.title.length, t.title).toBeGreaterThan(10);
        expect(t.evidence.length, t.title).toBeGreaterThan(0);
        expect(t.deadlineText, t.title).not.toBe("");
        expect(t.leadUnit, t.title).not.toBe("");
      }
    }
  });
  it("keeps the real wording", () => {
    const t = PAR_PLAN_2023.areas[2].tasks[2];
    expect(t.title).toBe(
      "Nhập, đăng tải công khai TTHC đầy đủ, kịp thời trên Cổng Dịch vụ công quốc gia, Cổng Dịch vụ công của tỉnh, Cổng Thông tin điện tử tỉnh",
    );
    expect(t.deadlineText).toBe("05 ngày làm việc kể từ ngày ký quyết định công bố");
    expect(t.cooperatingUnits).toBe("");
    expect(PAR_PLAN_2023.areas[1].tasks[0].evidence).toHaveLength(4);
  });
  it("deadline kinds over the whole appendix", () => {
    const kinds: Record<string, number> = {};
    for (const a of PAR_PLAN_2023.areas)
      for (const t of a.tasks) {
        const k = parseDeadline(t.deadlineText, { planYear: 2023 }).kind;
        kinds[k] = (kinds[k] ?? 0) + 1;
      }
    expect(kinds).toEqual({
      as_regulated: 5,
      end_of_period: 25,
      fixed_date: 3,
      relative: 1,
      recurring: 3,
      event_triggered: 1,
    } satisfies Partial<Record<DeadlineKind, number>>);
  });
  it("plan KPI targets parse", () => {
    for (const k of PAR_PLAN_2023.kpis) expect(parseKpiTarget(k.targetText).needsReview, k.targetText).toBe(false);
  });
});

describe("parPlan2023AsRows → parsePlanAppendix round trip", () => {
  const rows = parPlan2023AsRows();
  const r = parsePlanAppendix(rows, { planYear: 2023, units: UNITS });

  it("uses the appendix headers", () => {
    expect(rows).toContainEqual([...PAR_PLAN_2023_HEADERS]);
    expect(r.headerRow).toBe(5);
  });
  it("yields the same areas and tasks", () => {
    expect(r.errors).toEqual([]);
    expect(r.areas.map((a) => [a.code, a.title, a.tasks.length])).toEqual(PAR_PLAN_2023.areas.map((a) => [a.code, a.title, a.tasks.length]));
    for (const [i, a] of r.areas.entries()) {
      for (const [j, t] of a.tasks.entries()) {
        const src = PAR_PLAN_2023.areas[i].tasks[j];
        expect(t.title).toBe(src.title);
        expect(t.ordinal).toBe(String(j + 1));
        expect(t.evidence).toEqual(src.evidence);
        expect(t.deadlineText).toBe(src.deadlineText);
      }
    }
  });
  it("parses or flags every deadline as expected", () => {
    const tasks = r.areas.flatMap((a) => a.tasks);
    expect(tasks.filter((t) => t.deadline.needsReview)).toEqual([]);
    const byText = Object.fromEntries(tasks.map((t) => [t.deadlineText, [t.deadline.kind, t.deadline.dueDate]]));
    expect(byText).toEqual({
      "Theo Kế hoạch đã ban hành": ["as_regulated", null],
      "Theo quy định của Bộ Nội vụ": ["as_regulated", null],
      "Trong năm 2023": ["end_of_period", "2023-12-31"],
      "Theo quy định tại kết luận kiểm tra": ["as_regulated", null],
      "Trước ngày 15/12/2023": ["fixed_date", "2023-12-14"],
      "Trước ngày 15/01/2024": ["fixed_date", "2024-01-14"],
      "Thực hiện theo Công văn số 1420/UBND-CCHC ngày 06/3/2023 và Công văn số 3279/UBND-CCHC ngày 08/5/2023": ["as_regulated", null],
      "05 ngày làm việc kể từ ngày ký quyết định công bố": ["relative", null],
      "Cùng với báo cáo định kỳ về công tác CCHC": ["recurring", "2023-12-20"],
      "Khi có trường hợp giải quyết trễ hạn": ["event_triggered", null],
      "Thể hiện tại báo cáo CCHC định kỳ theo quy định": ["recurring", "2023-12-20"],
      "Trong tháng 7 năm 2023": ["end_of_period", "2023-07-31"],
      "Trong tháng 6 năm 2023": ["end_of_period", "2023-06-30"],
    });
  });
  it("resolves the lead units of the directory and keeps groups as text", () => {
    const tasks = r.areas.flatMap((a) => a.tasks);
    const leadIds = tasks.map((t) => t.leadUnit.unitId);
    expect(leadIds.filter((id) => id !== null)).toHaveLength(32);
    expect(tasks[0].leadUnit).toEqual({
      text: "Văn phòng UBND tỉnh",
      unitId: 1,
    });
    expect(tasks[0].cooperatingUnits).toEqual([
      { text: "Các sở, ban, ngành tỉnh", unitId: null, isGroup: true },
      { text: "UBND các huyện, thành phố", unitId: null, isGroup: true },
    ]);
    // "Sở Thông tin và truyền thông" (lower-case t in the appendix) still matches.
    expect(r.areas[6].tasks[0].leadUnit.unitId).toBe(5);
    expect(r.unitGroups).toContain("Các cơ quan, đơn vị được kiểm tra");
    expect(r.unitGroups).toContain("Các đơn vị có liên quan");
    // Only the multi-unit lead cell of IV.3 is left unresolved.
    expect(r.unresolvedUnits).toHaveLength(1);
    expect(r.unresolvedUnits[0]).toMatch(/^- Sở Nội vụ kiểm tra/);
  });
});
