import { describe, expect, it, test } from "vitest";
import { parseDeadline } from "#app/domain/shared/deadlines";
import {
  canTransition,
  computeProgress,
  isDoneAsOf,
  statusAsOf,
  TASK_STATUS_LABELS,
  TASK_STATUSES,
  taskTimeliness,
  unitTaskInList,
  type ProgressTask,
  type TaskStatus,
} from "#app/domain/plans/progress";
import { createWorkingCalendar } from "#app/domain/shared/working-days";

function task(id: number, status: TaskStatus, dueDate: string | null, completedOn: string | null, extra: Partial<ProgressTask> = {}): ProgressTask {
  return { id, statusAsOf: status, dueDate, completedOn, ...extra };
}

describe("statuses", () => {
  it("has the eight statuses with Vietnamese labels", () => {
    expect(TASK_STATUSES).toHaveLength(8);
    expect(TASK_STATUS_LABELS.not_applicable).toBe("Không phát sinh");
    expect(TASK_STATUS_LABELS.cancelled).toBe("Không thực hiện");
    expect(TASK_STATUS_LABELS.deferred).toBe("Chuyển kỳ sau");
    expect(TASK_STATUS_LABELS.done).toBe("Hoàn thành");
    expect(new Set(Object.values(TASK_STATUS_LABELS)).size).toBe(8);
  });
  it("transitions (tasks.md §4.4)", () => {
    expect(canTransition("not_started", "in_progress")).toBe(true);
    expect(canTransition("in_progress", "paused")).toBe(true);
    expect(canTransition("paused", "in_progress")).toBe(true);
    expect(canTransition("awaiting_confirmation", "in_progress")).toBe(true);
    expect(canTransition("cancelled", "in_progress")).toBe(false);
    expect(canTransition("done", "done")).toBe(false);
  });
});

describe("seed 002: Báo cáo 343/BC-UBND, 25/29 nhiệm vụ, 86,21%", () => {
  // 25 done tasks plus the four rows of Phụ lục 1 (deadlines parsed from their text).
  const unfinished: Array<[string, TaskStatus, string]> = [
    ["Trong năm 2020", "paused", "Các sở, ban, ngành tỉnh, UBND cấp huyện"],
    ["Quý IV năm 2020", "paused", "Sở Nội vụ"],
    ["Quý IV năm 2020", "in_progress", "Sở Tài chính"],
    ["Trong quý III năm 2020", "in_progress", "Sở Thông tin và Truyền thông"],
  ];
  const tasks: ProgressTask[] = [
    ...Array.from({ length: 25 }, (_, i) =>
      task(i + 1, "done", "2020-12-31", "2020-09-30", {
        leadUnitKey: i < 10 ? "snv" : "vp",
        leadUnitLabel: i < 10 ? "Sở Nội vụ" : "Văn phòng UBND tỉnh",
      }),
    ),
    ...unfinished.map(([text, status, unit], i) =>
      task(26 + i, status, parseDeadline(text, { planYear: 2020 }).dueDate, null, {
        leadUnitKey: unit === "Sở Nội vụ" ? "snv" : unit,
        leadUnitLabel: unit,
      }),
    ),
  ];
  const p = computeProgress(tasks, "2020-10-20");

  it("reproduces the summary line", () => {
    expect(p.countable).toBe(29);
    expect(p.done).toBe(25);
    expect(p.rateText).toBe("86,21%");
    expect(p.rate).toBeCloseTo(0.862069, 6);
    expect(p.unfinishedTaskIds).toEqual([26, 27, 28, 29]);
  });
  it("flags the 'Trong quý III năm 2020' row as overdue at the 20/10/2020 data date", () => {
    // The report calls all four "còn trong thời hạn"; by the rule (due < cut-off) the quý III row is overdue.
    expect(p.overdue).toBe(1);
    expect(p.overdueTaskIds).toEqual([29]);
    expect(p.open).toBe(3);
  });
  it("groups per lead unit", () => {
    const snv = p.byUnit.find((g) => g.key === "snv");
    expect(snv).toMatchObject({
      label: "Sở Nội vụ",
      countable: 11,
      done: 10,
      rateText: "90,91%",
      overdue: 0,
    });
    expect(p.byUnit.map((g) => g.key)).toEqual(["snv", "vp", "Các sở, ban, ngành tỉnh, UBND cấp huyện", "Sở Tài chính", "Sở Thông tin và Truyền thông"]);
    expect(p.byUnit.find((g) => g.key === "vp")?.rateText).toBe("100,00%");
  });
});

describe("computeProgress rules", () => {
  const cutOff = "2023-12-14";

  it("excludes not_applicable and cancelled from the denominator", () => {
    const p = computeProgress(
      [
        task(1, "done", "2023-12-31", "2023-06-01"),
        task(2, "not_applicable", null, null),
        task(3, "cancelled", "2023-06-30", null),
        task(4, "in_progress", "2023-12-31", null),
      ],
      cutOff,
    );
    expect(p.countable).toBe(2);
    expect(p.excluded).toBe(2);
    expect(p.done).toBe(1);
    expect(p.rateText).toBe("50,00%");
    expect(p.overdue).toBe(0); // the cancelled task past its due date is not overdue
  });

  it("a completion after the cut-off does not count", () => {
    const p = computeProgress([task(1, "done", "2023-12-31", "2023-12-15"), task(2, "done", "2023-12-31", "2023-12-14")], cutOff);
    expect(p.done).toBe(1);
    expect(p.unfinishedTaskIds).toEqual([1]);
  });

  it("on time vs late; a done task without a due date is neither (tasks.md §4.5: Hoàn thành (không hạn))", () => {
    const p = computeProgress(
      [
        task(1, "done", "2023-06-30", "2023-06-30"),
        task(2, "done", "2023-06-30", "2023-07-01"),
        task(3, "done", null, "2023-03-01"),
        task(4, "done", "2023-01-14", "2023-01-20"),
      ],
      cutOff,
    );
    expect(p.onTime).toBe(1);
    expect(p.late).toBe(2);
    expect(p.doneNoDeadline).toBe(1);
    expect(p.done).toBe(4);
  });

  it("the breakdown adds up: on time + late + no deadline = done; overdue + open = countable − done", () => {
    const p = computeProgress(
      [
        task(1, "done", "2023-06-30", "2023-06-30"),
        task(2, "awaiting_confirmation", "2023-06-30", "2023-07-01"),
        task(3, "done", null, "2023-03-01"),
        task(4, "awaiting_confirmation", null, null),
        task(5, "in_progress", "2023-12-13", null),
        task(6, "not_started", null, null),
        task(7, "in_progress", "2023-12-20", null),
        task(8, "not_applicable", null, null),
      ],
      cutOff,
    );
    expect(p).toMatchObject({ countable: 7, done: 4, onTime: 1, late: 1, doneNoDeadline: 2, overdue: 1, open: 2, excluded: 1 });
    expect(p.onTime + p.late + p.doneNoDeadline).toBe(p.done);
    expect(p.overdue + p.open).toBe(p.countable - p.done);
    for (const g of [...p.byArea, ...p.byUnit]) expect(g.onTime + g.late + g.doneNoDeadline, g.label).toBe(g.done);
  });

  it("overdue = not done with due date strictly before the cut-off", () => {
    const p = computeProgress(
      [
        task(1, "in_progress", "2023-12-13", null),
        task(2, "in_progress", "2023-12-14", null),
        task(3, "not_started", null, null),
        task(4, "deferred", "2023-07-31", null),
      ],
      cutOff,
    );
    expect(p.overdue).toBe(2);
    expect(p.overdueTaskIds).toEqual([1, 4]);
    expect(p.open).toBe(2);
    expect(p.due).toBe(3);
    expect(p.dueDone).toBe(0);
  });

  it("due soon within N working days", () => {
    const cal = createWorkingCalendar([{ date: "2023-12-18", kind: "holiday" }]);
    const tasks = [task(1, "in_progress", "2023-12-21", null), task(2, "in_progress", "2023-12-22", null), task(3, "in_progress", "2023-12-14", null)];
    // 14/12/2023 is a Thursday: 15, 19, 20, 21 (18 is a holiday) → 21/12 is 4 working days away, 22/12 is 5.
    expect(computeProgress(tasks, cutOff, { dueSoonWorkingDays: 4, calendar: cal }).dueSoon).toBe(2);
    expect(computeProgress(tasks, cutOff, { dueSoonWorkingDays: 5, calendar: cal }).dueSoon).toBe(3);
    expect(computeProgress(tasks, cutOff, { dueSoonWorkingDays: 0, calendar: cal }).dueSoon).toBe(1);
  });

  it("awaiting confirmation counts as done (tasks.md §5.4); done without a date counts", () => {
    const p = computeProgress([task(1, "awaiting_confirmation", "2023-12-31", "2023-12-01"), task(2, "done", "2023-12-31", null)], cutOff);
    expect(p.done).toBe(2);
    expect(p.awaitingConfirmation).toBe(1);
  });

  it("empty plan: rate null and '—'", () => {
    const p = computeProgress([], cutOff);
    expect(p).toMatchObject({
      countable: 0,
      done: 0,
      rate: null,
      rateText: "—",
      byArea: [],
      byUnit: [],
    });
    expect(p.weightedRate).toBeUndefined();
    const onlyExcluded = computeProgress([task(1, "not_applicable", null, null)], cutOff);
    expect(onlyExcluded.rateText).toBe("—");
  });

  it("weighted view only when weights are given", () => {
    const p = computeProgress(
      [task(1, "done", null, "2023-01-01", { weight: 3 }), task(2, "in_progress", null, null, { weight: 1 }), task(3, "in_progress", null, null)],
      cutOff,
    );
    expect(p.weightedRate).toBeCloseTo(3 / 5);
    expect(p.weightedRateText).toBe("60,00%");
    expect(p.rateText).toBe("33,33%");
    expect(computeProgress([task(1, "done", null, "2023-01-01")], cutOff).weightedRate).toBeUndefined();
    expect(computeProgress([task(1, "in_progress", null, null, { weight: 0 })], cutOff).weightedRateText).toBe("—");
  });

  it("groups by area in order of appearance, with a fallback group", () => {
    const p = computeProgress(
      [
        task(1, "done", null, "2023-01-01", {
          areaKey: "II",
          areaLabel: "Cải cách thể chế",
        }),
        task(2, "in_progress", null, null, {
          areaKey: "I",
          areaLabel: "Công tác chỉ đạo điều hành CCHC",
        }),
        task(3, "done", null, "2023-01-01", {
          areaKey: "II",
          areaLabel: "Cải cách thể chế",
        }),
        task(4, "done", null, "2023-01-01"),
      ],
      cutOff,
    );
    expect(p.byArea.map((g) => [g.key, g.label, g.done, g.countable])).toEqual([
      ["II", "Cải cách thể chế", 2, 2],
      ["I", "Công tác chỉ đạo điều hành CCHC", 0, 1],
      ["", "Chưa phân lĩnh vực", 1, 1],
    ]);
    expect(p.byUnit).toHaveLength(1);
    expect(p.byUnit[0].key).toBe("");
  });

  it("validates input", () => {
    expect(() => computeProgress([], "14/12/2023")).toThrow(RangeError);
    expect(() => computeProgress([task(1, "finished" as TaskStatus, null, null)], cutOff)).toThrow(RangeError);
    expect(() => computeProgress([task(1, "done", "2023-02-30", null)], cutOff)).toThrow(RangeError);
    expect(() => computeProgress([task(1, "done", null, null, { weight: -1 })], cutOff)).toThrow(RangeError);
  });
});

describe("taskTimeliness", () => {
  it.each<[TaskStatus, string | null, string | null, string]>([
    ["done", "2023-06-30", "2023-06-30", "done_on_time"],
    ["done", "2023-06-30", "2023-07-01", "done_late"],
    ["done", null, "2023-07-01", "done_no_deadline"],
    ["in_progress", "2023-06-30", null, "open_overdue"],
    ["in_progress", "2023-12-31", null, "open_in_time"],
    ["in_progress", "2023-07-05", null, "open_due_soon"],
    ["not_started", null, null, "open_no_deadline"],
    ["not_applicable", "2023-01-01", null, "excluded"],
    ["done", "2023-12-31", "2023-07-10", "open_in_time"], // completed after the as-of date
  ])("%s due %s completed %s → %s", (status, due, completed, expected) => {
    expect(taskTimeliness({ statusAsOf: status, dueDate: due, completedOn: completed }, "2023-07-01")).toBe(expected);
  });
});

describe("statusAsOf (journal reconstruction)", () => {
  const journal = [
    { at: "2023-06-01T09:00:00+07:00", toStatus: "in_progress" as const },
    { at: "2023-09-10", toStatus: "paused" as const },
    {
      at: "2023-11-20T17:30:00Z",
      toStatus: "done" as const,
      completedOn: "2023-11-20",
    },
    { at: "2023-12-20T01:00:00Z", toStatus: "in_progress" as const },
  ];
  it.each([
    ["2023-05-31", "not_started", null],
    ["2023-06-01", "in_progress", null],
    ["2023-09-14", "paused", null],
    ["2023-11-20", "paused", null], // 17:30Z on 20/11 is 00:30 on 21/11 in Vietnam
    ["2023-11-21", "done", "2023-11-20"],
    ["2023-12-14", "done", "2023-11-20"],
    ["2023-12-20", "in_progress", null],
  ])("as of %s → %s", (cutOff, status, completedOn) => {
    expect(statusAsOf(journal, cutOff)).toEqual({ status, completedOn });
  });
  it("orders unsorted entries and uses the entry date when no completion date is given", () => {
    const j = [
      { at: "2023-03-02", toStatus: "done" as const },
      { at: "2023-03-01", toStatus: "in_progress" as const },
    ];
    expect(statusAsOf(j, "2023-03-31")).toEqual({
      status: "done",
      completedOn: "2023-03-02",
    });
  });
  it("same-day entries keep instant order, then journal order", () => {
    const j = [
      { at: "2023-03-01T10:00:00+07:00", toStatus: "done" as const },
      { at: "2023-03-01T08:00:00+07:00", toStatus: "in_progress" as const },
    ];
    expect(statusAsOf(j, "2023-03-01").status).toBe("done");
    expect(statusAsOf([], "2023-03-01")).toEqual({
      status: "not_started",
      completedOn: null,
    });
  });
  it("rejects bad timestamps", () => {
    expect(() => statusAsOf([{ at: "yesterday", toStatus: "done" }], "2023-03-01")).toThrow(RangeError);
    expect(() => statusAsOf([], "2023-3-1")).toThrow(RangeError);
  });
});

describe("statusAsOfRecorded (backdated completions)", () => {
  test("a completion recorded after an in-progress entry but dated earlier stays done", async () => {
    const { statusAsOfRecorded } = await import("#app/domain/plans/progress");
    const journal = [
      { effectiveOn: "2023-06-20", toStatus: "in_progress" as const },
      { effectiveOn: "2023-06-10", toStatus: "awaiting_confirmation" as const, completedOn: "2023-06-10" },
    ];
    expect(statusAsOfRecorded(journal, "2023-06-30")).toEqual({ status: "awaiting_confirmation", completedOn: "2023-06-10" });
    expect(statusAsOfRecorded(journal, "2023-06-14")).toEqual({ status: "awaiting_confirmation", completedOn: "2023-06-10" });
    expect(statusAsOfRecorded(journal, "2023-06-09")).toEqual({ status: "not_started", completedOn: null });
  });
  test("a send-back after the completion reopens the task from its own date", async () => {
    const { statusAsOfRecorded } = await import("#app/domain/plans/progress");
    const journal = [
      { effectiveOn: "2023-06-10", toStatus: "awaiting_confirmation" as const, completedOn: "2023-06-10" },
      { effectiveOn: "2023-06-25", toStatus: "in_progress" as const },
      { effectiveOn: "2023-06-28", toStatus: "done" as const, completedOn: "2023-06-28" },
    ];
    expect(statusAsOfRecorded(journal, "2023-06-26").status).toBe("in_progress");
    expect(statusAsOfRecorded(journal, "2023-06-15").status).toBe("awaiting_confirmation");
    expect(statusAsOfRecorded(journal, "2023-07-01")).toEqual({ status: "done", completedOn: "2023-06-28" });
  });
});

describe("isDoneAsOf", () => {
  it.each([
    ["done", "2023-03-10", "2023-03-14", true],
    ["done", "2023-03-15", "2023-03-14", false],
    ["done", null, "2023-03-14", true],
    ["awaiting_confirmation", "2023-03-14", "2023-03-14", true],
    ["in_progress", null, "2023-03-14", false],
    ["cancelled", "2023-03-01", "2023-03-14", false],
  ] as const)("%s completed %s, cut-off %s → %s", (statusAsOf, completedOn, cutOff, done) => {
    expect(isDoneAsOf({ statusAsOf, completedOn }, cutOff)).toBe(done);
  });
});

describe("unitTaskInList (the lists of the unit's tasks page)", () => {
  const tasks = [
    { id: 1, timeliness: "open_overdue", status: "in_progress", role: "lead" },
    { id: 2, timeliness: "open_due_soon", status: "in_progress", role: "cooperating" },
    { id: 3, timeliness: "open_in_time", status: "awaiting_confirmation", role: "lead" },
    { id: 4, timeliness: "done_on_time", status: "done", role: "lead" },
    { id: 5, timeliness: "excluded", status: "cancelled", role: "cooperating" },
    { id: 6, timeliness: "open_no_deadline", status: "not_started", role: "cooperating" },
  ] as const;
  const ids = (options: Parameters<typeof unitTaskInList>[1]) => tasks.filter((t) => unitTaskInList(t, options)).map((t) => t.id);

  test("by filter: open (the default) is every open_* timeliness; all is everything", () => {
    expect(ids({})).toEqual([1, 2, 3, 6]);
    expect(ids({ filter: "open" })).toEqual([1, 2, 3, 6]);
    expect(ids({ filter: "all" })).toEqual([1, 2, 3, 4, 5, 6]);
    expect(ids({ filter: "overdue" })).toEqual([1]);
    expect(ids({ filter: "due_soon" })).toEqual([2]);
    expect(ids({ filter: "awaiting" })).toEqual([3]);
  });

  test("by role, combined with the filter (the home tiles open role=lead)", () => {
    expect(ids({ filter: "all", role: "lead" })).toEqual([1, 3, 4]);
    expect(ids({ filter: "open", role: "cooperating" })).toEqual([2, 6]);
    expect(ids({ filter: "due_soon", role: "lead" })).toEqual([]);
    expect(ids({ filter: "overdue", role: null })).toEqual([1]);
  });
});
