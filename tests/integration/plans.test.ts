import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ExcelJS from "exceljs";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { eq, sql } from "drizzle-orm";
import { createTestDb, type TestDb } from "#tests/support/test-db";
import { assertRendersText } from "#tests/support/render-check";
import { pdfLibDocument } from "#tests/support/pdf-corpus";
import { contextFor, makeUser, seedDirectory } from "#tests/support/factories";
import { listNotifications } from "#app/features/notifications/index";
import { PAR_PLAN_2023_HEADERS, parPlan2023AsRows, parPlan2023TaskCount } from "#app/domain/plans/par-plan-2023";
import { toCsv } from "#app/features/demo/plans-demo.server";
import {
  commitPlanImport,
  previewPlanImport,
  listPlans,
  requirePlanAccess,
  attachEvidenceFile,
  attachEvidenceReference,
  changeTaskStatus,
  confirmTaskCompletion,
  getTaskDetail,
  sendBackTaskCompletion,
  setTaskAnchorDate,
  addTaskEntry,
  currentFigures,
  journalFigures,
  planFigures,
  generateReportSnapshot,
  getReportSnapshot,
  readReportFile,
  saveKpi,
  listPlanKpis,
} from "#app/features/plans/index";
import { plans, planTasks } from "#db/schema/index";
import type { Actor } from "#app/platform/auth/actor";
import type { ServiceContext } from "#app/platform/context.server";
import { CLI_ARGS } from "#tests/support/cli";
import { encodeCp1258 } from "#tests/support/text-encodings";

let t: TestDb;
let dir: Map<string, number>;
let manager: Actor;
let tuphap: Actor;
let tuphap2: Actor;
let taichinh: Actor;
let leader: Actor;
let communeLeader: Actor;

const at = (iso: string) => () => new Date(`${iso}T10:00:00+07:00`);
const ctx = (a: Actor, iso = "2023-06-01"): ServiceContext => contextFor(t.db, t.dataDir, a, at(iso));

beforeEach(async () => {
  t = createTestDb();
  dir = seedDirectory(t.db);
  manager = await makeUser(t.db, t.dataDir, { username: "nv", unitId: dir.get("Sở Nội vụ > Phòng Cải cách hành chính")!, roles: ["plan_manager"] });
  tuphap = await makeUser(t.db, t.dataDir, { username: "tp", unitId: dir.get("Sở Tư pháp > Phòng Kiểm soát thủ tục hành chính")!, roles: ["specialist"] });
  tuphap2 = await makeUser(t.db, t.dataDir, { username: "tp2", unitId: dir.get("Sở Tư pháp > Văn phòng Sở Tư pháp")!, roles: ["specialist"] });
  taichinh = await makeUser(t.db, t.dataDir, { username: "tc", unitId: dir.get("Sở Tài chính > Văn phòng Sở Tài chính")!, roles: ["specialist"] });
  leader = await makeUser(t.db, t.dataDir, { username: "ct", unitId: dir.get("Ủy ban nhân dân tỉnh Cà Mau")!, roles: ["leader"] });
  communeLeader = await makeUser(t.db, t.dataDir, { username: "ctx", unitId: dir.get("Ủy ban nhân dân phường Tân Thành")!, roles: ["leader", "specialist"] });
});
afterEach(() => t.cleanup());

async function importRows(rows: string[][], fileName = "phu-luc.csv", actor = manager) {
  const bytes = fileName.endsWith(".xlsx") ? await xlsxOf(rows) : new TextEncoder().encode(toCsv(rows));
  const preview = await previewPlanImport(ctx(actor), { bytes, fileName, year: 2023 });
  return {
    preview,
    result: preview.errors.length
      ? null
      : await commitPlanImport(ctx(actor), {
          sha256: preview.sha256,
          fileName,
          title: "Kế hoạch 123/KH-UBND",
          year: 2023,
          documentNumber: "123/KH-UBND",
          documentDate: "2023-05-29",
        }),
  };
}

/** An XLSX like a real appendix: area cells merged down over their tasks. */
async function xlsxOf(rows: string[][]): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("Phụ lục");
  rows.forEach((r) => {
    ws.addRow(r);
  });
  const header = rows.findIndex((r) => r[0] === "Nhiệm vụ chung");
  let start = -1;
  for (let i = header + 1; i <= rows.length; i++) {
    const blank = i < rows.length && rows[i][0] === "";
    if (!blank) {
      if (start >= 0 && i - 1 > start) ws.mergeCells(start + 1, 1, i, 1);
      start = i;
    }
  }
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

const countPlans = () => t.db.select({ n: sql<number>`count(*)` }).from(plans).get()!.n;

function taskByTitle(planId: number, start: string) {
  return t.db
    .select()
    .from(planTasks)
    .where(eq(planTasks.planId, planId))
    .all()
    .find((x) => x.title.startsWith(start))!;
}

describe("plan import", () => {
  test("imports the seed 001 appendix from CSV with every task, deadline and resolvable unit", async () => {
    const { preview, result } = await importRows(parPlan2023AsRows());
    expect(preview.errors).toEqual([]);
    expect(result!.tasks).toBe(parPlan2023TaskCount());
    expect(result!.areas).toBe(8);
    const tasks = t.db.select().from(planTasks).where(eq(planTasks.planId, result!.planId)).all();
    const tp = tasks.filter((x) => x.leadUnitText === "Sở Tư pháp");
    expect(tp.length).toBe(4);
    expect(tp.every((x) => x.leadUnitId === dir.get("Sở Tư pháp"))).toBe(true);
    // "Văn phòng UBND tỉnh" and "Trung tâm Giải quyết TTHC tỉnh" resolve tolerantly.
    expect(taskByTitle(result!.planId, "Hoàn thành chất lượng").leadUnitId).toBe(dir.get("Văn phòng UBND tỉnh"));
    expect(tasks.filter((x) => x.leadUnitText === "Trung tâm Giải quyết TTHC tỉnh").every((x) => x.leadUnitId !== null)).toBe(true);
    expect(result!.unresolvedUnits).toContain("Các cơ quan, đơn vị được kiểm tra");
    // Deadlines: "Trước ngày 15/01/2024" is strict; relative ones wait for their anchor.
    expect(tasks.find((x) => x.deadlineText === "Trước ngày 15/01/2024")!.dueDate).toBe("2024-01-14");
    const relative = tasks.find((x) => x.deadlineKind === "relative")!;
    expect(relative.dueDate).toBeNull();
    expect(relative.dueDateNeedsInput).toBe(true);
    expect(preview.areas[1].tasks[0].evidence.length).toBeGreaterThan(0);
  });

  test("imports the same appendix from a CSV that Excel saved on a Vietnamese Windows (Windows-1258) or as Unicode Text", async () => {
    const csv = toCsv(parPlan2023AsRows());
    const expected = await previewPlanImport(ctx(manager), { bytes: new TextEncoder().encode(csv), fileName: "phu-luc.csv", year: 2023 });
    const unicodeText = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(csv, "utf16le")]);
    for (const bytes of [encodeCp1258(csv), unicodeText]) {
      const preview = await previewPlanImport(ctx(manager), { bytes, fileName: "phu-luc.csv", year: 2023 });
      expect(preview.errors).toEqual([]);
      expect(preview.areas).toEqual(expected.areas);
    }
  });

  test("imports the same appendix from XLSX with merged area cells", async () => {
    const { preview, result } = await importRows(parPlan2023AsRows(), "phu-luc.xlsx");
    expect(preview.errors).toEqual([]);
    expect(result!.areas).toBe(8);
    expect(result!.tasks).toBe(parPlan2023TaskCount());
    expect(preview.areas.map((a) => a.code)).toEqual(["I", "II", "III", "IV", "V", "VI", "VII", "VIII"]);
  });

  test("a spreadsheet with statuses brings a plan in mid-year", async () => {
    const rows = [
      ["Nhiem vu chung", "NHIỆM VỤ CỤ THỂ", "Sản phẩm", "Thời hạn", "Cơ quan chủ trì", "Cơ quan phối hợp", "Tình trạng", "Ngày hoàn thành", "Ghi chú"],
      [
        "I. Cải cách thể chế",
        "1. Rà soát văn bản",
        "Báo cáo rà soát",
        "Trong quý I năm 2023",
        "Sở Tư pháp",
        "Sở Nội vụ, Sở Tài chính",
        "Hoàn thành",
        "10/03/2023",
        "",
      ],
      ["", "2. Kiểm tra văn bản", "Kết luận", "Trước ngày 01/05/2023", "So Tu phap", "", "Đang thực hiện", "", "Đang tổng hợp"],
      ["", "3. Ban hành quy chế", "Quyết định", "Khi phát sinh", "Sở Tư pháp", "", "Không phát sinh", "", ""],
    ];
    const { result } = await importRows(rows);
    expect(result!.tasks).toBe(3);
    const f = planFigures(ctx(manager), result!.planId, "2023-06-14", { today: "2023-06-01" });
    expect(f).toMatchObject({ countable: 2, done: 1, rateText: "50,00%", overdue: 1, excluded: 1 });
    const first = taskByTitle(result!.planId, "Rà soát");
    expect(first.completedOn).toBe("2023-03-10");
    expect(
      getTaskDetail(ctx(manager), first.id)
        .cooperators.map((c) => c.name)
        .sort(),
    ).toEqual(["Sở Nội vụ", "Sở Tài chính"]);
  });

  test("a bad file gets a clear message and changes nothing", async () => {
    const before = countPlans();
    await expect(previewPlanImport(ctx(manager), { bytes: new TextEncoder().encode("a,b,c\n1,2,3\n"), fileName: "x.csv", year: 2023 })).rejects.toMatchObject({
      code: "VALIDATION",
      message: expect.stringContaining("Không tìm thấy dòng tiêu đề"),
    });
    await expect(previewPlanImport(ctx(manager), { bytes: new Uint8Array([0x50, 0x4b, 3, 4, 9, 9]), fileName: "x.xlsx", year: 2023 })).rejects.toMatchObject({
      code: "VALIDATION",
    });
    const bad = [
      [...PAR_PLAN_2023_HEADERS, "Tình trạng", "Ngày hoàn thành"],
      ["I. A", "1. B", "C", "Trong năm 2023", "Sở Tư pháp", "", "Xong rồi", "31/02/2023"],
    ];
    const { preview, result } = await importRows(bad);
    expect(result).toBeNull();
    expect(preview.errors.length).toBe(2);
    await expect(commitPlanImport(ctx(manager), { sha256: preview.sha256, fileName: "x.csv", title: "X", year: 2023 })).rejects.toMatchObject({
      code: "VALIDATION",
    });
    expect(countPlans()).toBe(before);
  });
});

describe("task work", () => {
  async function plan() {
    const { result } = await importRows(parPlan2023AsRows());
    return result!.planId;
  }

  test("completion is refused without evidence or explanation; manager confirms, the date is the department's", async () => {
    const planId = await plan();
    const task = t.db
      .select()
      .from(planTasks)
      .where(eq(planTasks.planId, planId))
      .all()
      .find((x) => x.leadUnitText === "Sở Tư pháp")!;
    const c = ctx(tuphap, "2023-07-10");
    changeTaskStatus(c, { taskId: task.id, toStatus: "in_progress" });
    expect(() => changeTaskStatus(c, { taskId: task.id, toStatus: "done", completedOn: "2023-07-05" })).toThrow(/Chưa có tài liệu kiểm chứng/);
    expect(() => changeTaskStatus(c, { taskId: task.id, toStatus: "paused" })).toThrow(/lý do/);
    const detail = getTaskDetail(c, task.id);
    for (const item of detail.items)
      attachEvidenceReference(c, { taskId: task.id, itemId: item.id, documentNumber: "12/BC-STP", documentDate: "2023-07-05", title: item.description });
    expect(changeTaskStatus(c, { taskId: task.id, toStatus: "done", completedOn: "2023-07-05" }).status).toBe("awaiting_confirmation");
    expect(() => confirmTaskCompletion(c, { taskId: task.id })).toThrow(/Sở Nội vụ/);
    confirmTaskCompletion(ctx(manager, "2023-07-20"), { taskId: task.id });
    const after = getTaskDetail(ctx(manager), task.id).task;
    expect(after.status).toBe("done");
    expect(after.completedOn).toBe("2023-07-05");
  });

  test("an explanation (giải trình) stands in for missing evidence; the manager can send back", async () => {
    const planId = await plan();
    const task = t.db
      .select()
      .from(planTasks)
      .where(eq(planTasks.planId, planId))
      .all()
      .find((x) => x.leadUnitText === "Sở Tư pháp")!;
    const c = ctx(tuphap2, "2023-07-10");
    changeTaskStatus(c, { taskId: task.id, toStatus: "done", completedOn: "2023-07-09", explanation: "Báo cáo gửi qua trục liên thông, đang chờ số" });
    sendBackTaskCompletion(ctx(manager, "2023-07-12"), { taskId: task.id, reason: "Thiếu báo cáo" });
    const d = getTaskDetail(ctx(manager), task.id).task;
    expect(d.status).toBe("in_progress");
    expect(d.completedOn).toBeNull();
    expect(() => sendBackTaskCompletion(ctx(manager), { taskId: task.id, reason: "x" })).toThrow(/chờ xác nhận/);
    // The lead organisation's task officers learn it was sent back (notification outbox, same transaction).
    expect(
      listNotifications(ctx(tuphap), { limit: 50 })
        .filter((n) => n.entityId === task.id)
        .map((n) => n.title),
    ).toEqual(["Kết quả nhiệm vụ bị trả lại, cần bổ sung"]);
  });

  test("evidence upload accepts PDF and refuses other types", async () => {
    const planId = await plan();
    const task = t.db
      .select()
      .from(planTasks)
      .where(eq(planTasks.planId, planId))
      .all()
      .find((x) => x.leadUnitText === "Sở Tư pháp")!;
    const pdf = await pdfLibDocument({ pages: 1 });
    const id = await attachEvidenceFile(ctx(tuphap), { taskId: task.id, bytes: pdf, fileName: "bao-cao.pdf" });
    expect(id).toBeGreaterThan(0);
    await expect(attachEvidenceFile(ctx(tuphap), { taskId: task.id, bytes: new TextEncoder().encode("MZ..."), fileName: "x.exe" })).rejects.toThrow(
      /PDF, DOCX/,
    );
    // Only "%PDF" at the start used to be checked: a header and an end-of-file marker are not a PDF.
    await expect(
      attachEvidenceFile(ctx(tuphap), { taskId: task.id, bytes: new TextEncoder().encode("%PDF-1.4\n%%EOF\n"), fileName: "rong.pdf" }),
    ).rejects.toThrow(/PDF/);
  });

  test("permission and scope refusals", async () => {
    const planId = await plan();
    const task = t.db
      .select()
      .from(planTasks)
      .where(eq(planTasks.planId, planId))
      .all()
      .find((x) => x.leadUnitText === "Sở Tư pháp")!;
    // Another department that neither leads nor cooperates: the task does not exist for it.
    const other = t.db
      .select()
      .from(planTasks)
      .where(eq(planTasks.planId, planId))
      .all()
      .find((x) => x.leadUnitText === "Sở Nội vụ" && !x.cooperatingText.includes("Tài chính") && !x.cooperatingText.includes("sở"))!;
    if (other)
      expect(() => changeTaskStatus(ctx(taichinh), { taskId: other.id, toStatus: "in_progress" })).toThrow(expect.objectContaining({ code: "NOT_FOUND" }));
    expect(() => changeTaskStatus(ctx(taichinh), { taskId: task.id, toStatus: "in_progress" })).toThrow(expect.objectContaining({ code: "NOT_FOUND" }));
    // A leader sees everything but cannot update.
    expect(getTaskDetail(ctx(leader), task.id).perms.canUpdate).toBe(false);
    expect(() => changeTaskStatus(ctx(leader), { taskId: task.id, toStatus: "in_progress" })).toThrow(expect.objectContaining({ code: "FORBIDDEN" }));
    expect(() => addTaskEntry(ctx(leader), { taskId: task.id, kind: "comment", text: "Đề nghị đẩy nhanh" })).not.toThrow();
    // A commune leader does not see the province plan.
    expect(() => requirePlanAccess(ctx(communeLeader), planId)).toThrow(expect.objectContaining({ code: "NOT_FOUND" }));
    expect(listPlans(ctx(communeLeader))).toEqual([]);
    expect(listPlans(ctx(leader)).map((p) => p.id)).toEqual([planId]);
    // Only the manager imports.
    await expect(previewPlanImport(ctx(tuphap), { bytes: new TextEncoder().encode("x"), fileName: "x.csv", year: 2023 })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
  });

  test("relative deadlines get a due date once the anchor date is entered (working days)", async () => {
    const planId = await plan();
    const task = t.db
      .select()
      .from(planTasks)
      .where(eq(planTasks.planId, planId))
      .all()
      .find((x) => x.deadlineKind === "relative")!;
    const r = setTaskAnchorDate(ctx(manager), { taskId: task.id, anchorDate: "2023-06-09" });
    expect(r.dueDate).toBe("2023-06-16");
  });
});

describe("figures, reconstruction and snapshots", () => {
  test("status as of a past date is reconstructed from the journal; both paths agree on today", async () => {
    const { result } = await importRows(parPlan2023AsRows());
    const planId = result!.planId;
    const tasks = t.db.select().from(planTasks).where(eq(planTasks.planId, planId)).all();
    const m = (iso: string) => ctx(manager, iso);
    changeTaskStatus(m("2023-03-01"), { taskId: tasks[0].id, toStatus: "done", completedOn: "2023-03-01", explanation: "x" });
    changeTaskStatus(m("2023-05-02"), { taskId: tasks[1].id, toStatus: "done", completedOn: "2023-04-30", explanation: "x" });
    changeTaskStatus(m("2023-09-20"), { taskId: tasks[2].id, toStatus: "done", completedOn: "2023-09-20", explanation: "x" });
    changeTaskStatus(m("2023-09-21"), { taskId: tasks[3].id, toStatus: "cancelled", document: "QĐ 99/QĐ-UBND" });
    const n = tasks.length;
    expect(planFigures(ctx(manager), planId, "2023-03-14", { today: "2023-10-01" })).toMatchObject({ method: "journal", done: 1, countable: n });
    expect(planFigures(ctx(manager), planId, "2023-06-14", { today: "2023-10-01" })).toMatchObject({ done: 2, countable: n });
    expect(planFigures(ctx(manager), planId, "2023-09-30", { today: "2023-10-01" })).toMatchObject({ done: 3, countable: n - 1 });
    const a = currentFigures(ctx(manager), planId, "2023-10-01", { today: "2023-10-01" });
    const b = journalFigures(ctx(manager), planId, "2023-10-01", { today: "2023-10-01" });
    const strip = (f: typeof a) => ({ ...f, method: "", byUnit: f.byUnit.map((u) => ({ ...u })).sort((x, y) => x.key.localeCompare(y.key)) });
    expect(strip(a)).toEqual(strip(b));
  });

  test("statuses imported from a spreadsheet reproduce its own figures at past cut-offs (13 tasks, 46,15%)", async () => {
    // Issue 9: imported late in the year (20/12/2023), a report as of 14/12/2023 counted the "Không phát sinh"
    // task (14 countable, 42,86%) because its status was journaled on the import date; the spreadsheet itself
    // says 6 of 13 done. Statuses without a completion date hold from the plan's start (importedStatusSince).
    const header = [
      "Nhiệm vụ chung",
      "NHIỆM VỤ CỤ THỂ",
      "Sản phẩm",
      "Thời hạn",
      "Cơ quan chủ trì",
      "Cơ quan phối hợp",
      "Tình trạng",
      "Ngày hoàn thành",
      "Ghi chú",
    ];
    const row = (title: string, deadline: string, status: string, completed = ""): string[] => [
      "",
      title,
      "Báo cáo",
      deadline,
      "Sở Tư pháp",
      "",
      status,
      completed,
      "",
    ];
    const rows = [
      header,
      ["I. Cải cách thể chế", ...row("1. Rà soát văn bản", "Trong quý I năm 2023", "Hoàn thành", "10/03/2023").slice(1)],
      row("2. Kiểm tra văn bản", "Trước ngày 01/05/2023", "Hoàn thành", "20/04/2023"),
      row("3. Hệ thống hóa văn bản", "Trong quý II năm 2023", "Hoàn thành", "15/07/2023"), // late
      row("4. Theo dõi thi hành pháp luật", "Trong quý III năm 2023", "Hoàn thành", "30/09/2023"),
      row("5. Phổ biến pháp luật", "Trong năm 2023", "Hoàn thành", "05/11/2023"),
      row("6. Xử lý văn bản trái pháp luật", "Khi phát sinh", "Hoàn thành", "12/12/2023"), // no due date
      row("7. Ban hành quy chế", "Khi phát sinh", "Không phát sinh"),
      ...[8, 9, 10, 11, 12, 13, 14].map((n) => row(`${n}. Nhiệm vụ thường xuyên số ${n}`, "Trong năm 2023", n % 2 ? "Đang thực hiện" : "Chưa thực hiện")),
    ];
    const importedOn = "2023-12-20";
    const bytes = new TextEncoder().encode(toCsv(rows));
    const preview = await previewPlanImport(ctx(manager, importedOn), { bytes, fileName: "phu-luc-tinh-trang.csv", year: 2023 });
    expect(preview.errors).toEqual([]);
    const { planId } = await commitPlanImport(ctx(manager, importedOn), {
      sha256: preview.sha256,
      fileName: "phu-luc-tinh-trang.csv",
      title: "Kế hoạch 123/KH-UBND",
      year: 2023,
      documentNumber: "123/KH-UBND",
      documentDate: "2023-05-29",
    });
    const options = { today: importedOn };

    // Any cut-off on or after the file's last completion date (12/12/2023): exactly the spreadsheet's figures.
    for (const cutOff of ["2023-12-12", "2023-12-14", "2023-12-19"]) {
      expect(planFigures(ctx(manager), planId, cutOff, options), cutOff).toMatchObject({
        method: "journal",
        countable: 13,
        excluded: 1,
        done: 6,
        rateText: "46,15%",
        onTime: 4,
        late: 1,
      });
    }
    // A done task without a due date is neither on time nor late, on both paths; and both paths agree today.
    const a = currentFigures(ctx(manager), planId, importedOn, options);
    const b = journalFigures(ctx(manager), planId, importedOn, options);
    expect(a).toMatchObject({ countable: 13, done: 6, rateText: "46,15%", onTime: 4, late: 1, doneNoDeadline: 1 });
    // The dashboard's breakdown adds up to its totals on both paths, overall and per group.
    for (const f of [a, b, planFigures(ctx(manager), planId, "2023-10-01", options)]) {
      for (const g of [f, ...f.byArea, ...f.byUnit]) {
        expect(g.onTime + g.late + g.doneNoDeadline, `${f.method} ${"label" in g ? g.label : "plan"}`).toBe(g.done);
        expect(g.overdue + g.open, `${f.method} ${"label" in g ? g.label : "plan"}`).toBe(g.countable - g.done);
      }
    }
    const strip = (f: typeof a) => ({ ...f, method: "", byUnit: f.byUnit.map((u) => ({ ...u })).sort((x, y) => x.key.localeCompare(y.key)) });
    expect(strip(b)).toEqual(strip(a));
    // Before some completion dates, those completions do not count yet; the excluded task stays excluded.
    expect(planFigures(ctx(manager), planId, "2023-10-01", options)).toMatchObject({
      countable: 13,
      excluded: 1,
      done: 4,
      rateText: "30,77%",
      onTime: 3,
      late: 1,
    });
    expect(planFigures(ctx(manager), planId, "2023-06-14", options)).toMatchObject({ countable: 13, excluded: 1, done: 2, rateText: "15,38%" });
  });

  test("a report snapshot is frozen: later edits do not change it; XLSX and PDF are stored", async () => {
    const { result } = await importRows(parPlan2023AsRows());
    const planId = result!.planId;
    const tasks = t.db.select().from(planTasks).where(eq(planTasks.planId, planId)).all();
    changeTaskStatus(ctx(manager, "2023-03-01"), { taskId: tasks[0].id, toStatus: "done", completedOn: "2023-03-01", explanation: "x" });
    const { kpis } = listPlanKpis(ctx(manager), planId);
    expect(kpis).toEqual([]);
    saveKpi(ctx(manager), { planId, content: "Hồ sơ giải quyết đúng hạn", targetText: "100%", result: 98.5 });
    const { snapshotId } = await generateReportSnapshot(ctx(manager, "2023-03-16"), { planId, periodKey: "q1" });
    const before = getReportSnapshot(ctx(manager), snapshotId);
    expect(before.figures.summary.done).toBe(1);
    expect(before.figures.summaryLine).toContain(`1/${tasks.length}`);
    expect(before.figures.kpis[0].evaluation).toBe("Chưa đánh giá");
    changeTaskStatus(ctx(manager, "2023-03-17"), { taskId: tasks[1].id, toStatus: "done", completedOn: "2023-03-10", explanation: "x" });
    const after = getReportSnapshot(ctx(manager), snapshotId);
    expect(after.figures).toEqual(before.figures);
    const xlsx = readReportFile(ctx(manager), snapshotId, "xlsx");
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.bytes as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(["Kết quả thực hiện", "Theo cơ quan chủ trì", "Chưa hoàn thành", "Chỉ tiêu"]);
    // The report goes to the superior body: its page must show its words, not just parse (render check).
    assertRendersText(readReportFile(ctx(manager), snapshotId, "pdf").bytes, "periodic report PDF");
    // A new report with the same period reflects the edit (backdated completion within Q1).
    const second = await generateReportSnapshot(ctx(manager, "2023-03-18"), { planId, periodKey: "q1" });
    expect(getReportSnapshot(ctx(manager), second.snapshotId).figures.summary.done).toBe(2);
  });
});

describe("CLI", () => {
  test("deadline:parse, plan:import and plan:progress", () => {
    const dataDir = mkdtempSync(join(tmpdir(), "vpdt-cli-plans-"));
    try {
      const env = { ...process.env, DATA_DIR: dataDir, SEED_DEMO: "1" };
      const run = (...args: string[]) => JSON.parse(execFileSync(process.execPath, [...CLI_ARGS, ...args], { env, encoding: "utf8" }));
      expect(run("deadline:parse", "--text", "Trước ngày 15/01/2024", "--year", "2023")).toMatchObject({ kind: "fixed_date", dueDate: "2024-01-14" });
      expect(run("deadline:parse", "--text", "05 ngày làm việc kể từ ngày ký quyết định công bố", "--year", "2023")).toMatchObject({
        kind: "relative",
        dueDate: null,
      });
      expect(run("deadline:parse", "--text", "05 ngày làm việc kể từ ngày ký quyết định công bố", "--year", "2023", "--anchor", "2023-06-09")).toMatchObject({
        dueDate: "2023-06-16",
      });
      const file = join(dataDir, "phu-luc.csv");
      writeFileSync(file, toCsv(parPlan2023AsRows()));
      const imported = run("plan:import", "--file", file, "--title", "Kế hoạch CCHC 2023", "--year", "2023", "--as", "sonoivu");
      expect(imported).toMatchObject({ areas: 8, tasks: parPlan2023TaskCount() });
      expect(imported.unresolvedUnits).toContain("Các cơ quan, đơn vị được kiểm tra");
      const progress = run("plan:progress", "--plan", String(imported.planId), "--as-of", "2023-12-14");
      expect(progress).toMatchObject({ countable: parPlan2023TaskCount(), done: 0, rateText: "0,00%" });
      expect(progress.byArea).toHaveLength(8);
      expect(progress.byUnit[0]).toHaveProperty("unit");
      // The demo plan (id 1) is a living plan.
      const demo = run("plan:progress", "--plan", "1", "--as-of", "2023-12-14");
      expect(demo.done).toBeGreaterThan(0);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
    // Five CLI processes, the first of which migrates and seeds the demo: minutes on a loaded 2-core machine.
  }, 240_000);
});
