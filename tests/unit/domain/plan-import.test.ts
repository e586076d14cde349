import { describe, expect, it } from "vitest";
import {
  COLUMN_HEADERS,
  createUnitResolver,
  excelSerialDate,
  IMPORT_COLUMN_LABELS,
  parseCriterionCodes,
  parseWeight,
  PlanImportError,
  romanNumeral,
  isUnitGroupText,
  matchHeader,
  parseCsv,
  parsePlanAppendix,
  parseTaskStatusVi,
  splitEvidence,
  splitUnitList,
  unitMatchKey,
} from "#app/domain/plans/plan-import";

const UNITS = [
  { id: 1, name: "Văn phòng Ủy ban nhân dân tỉnh" },
  { id: 2, name: "Sở Nội vụ", aliases: ["SNV"] },
  { id: 3, name: "Sở Tư pháp" },
  { id: 4, name: "Sở Tài chính" },
  { id: 5, name: "Sở Thông tin và Truyền thông" },
  { id: 6, name: "Sở Kế hoạch và Đầu tư" },
  { id: 7, name: "Trung tâm Giải quyết thủ tục hành chính tỉnh" },
  { id: 8, name: "Sở Tài nguyên và Môi trường" },
  { id: 9, name: "Sở Lao động - Thương binh và Xã hội" },
];

describe("parseCsv (RFC 4180)", () => {
  it("handles quotes, escaped quotes, embedded newlines and CRLF", () => {
    const text = 'a,b,c\r\n"x, y","say ""hi""","line1\r\nline2"\r\n';
    expect(parseCsv(text)).toEqual([
      ["a", "b", "c"],
      ["x, y", 'say "hi"', "line1\r\nline2"],
    ]);
  });
  it("strips the BOM and detects ';'", () => {
    expect(parseCsv("\uFEFFSTT;Nhiệm vụ cụ thể;Ghi chú\n1;Báo cáo, tổng hợp;86,21%\n")).toEqual([
      ["STT", "Nhiệm vụ cụ thể", "Ghi chú"],
      ["1", "Báo cáo, tổng hợp", "86,21%"],
    ]);
  });
  it("detects tabs, keeps empty fields and a last line without newline", () => {
    expect(parseCsv("a\t\tc\n1\t2\t")).toEqual([
      ["a", "", "c"],
      ["1", "2", ""],
    ]);
    expect(parseCsv("a,b\n\nc,d")).toEqual([["a", "b"], [""], ["c", "d"]]);
    expect(parseCsv("")).toEqual([]);
    expect(parseCsv("x;y", ",")).toEqual([["x;y"]]);
  });
  it("does not count delimiters inside quotes", () => {
    expect(parseCsv('"a;b;c",d\n')).toEqual([["a;b;c", "d"]]);
  });
  it("old Mac CR line ends", () => {
    expect(parseCsv("a,b\rc,d\r")).toEqual([
      ["a", "b"],
      ["c", "d"],
    ]);
  });
});

describe("headers and statuses", () => {
  it.each([
    ["Nhiệm vụ chung", "area"],
    ["NHIỆM VỤ CỤ THỂ", "title"],
    ["nhiem vu cu the", "title"],
    ["Tài liệu kiểm chứng phải chuẩn bị", "evidence"],
    ["Tài liệu  kiểm\nchứng", "evidence"],
    ["Sản phẩm", "evidence"],
    ["Thời gian thực hiện, hoàn thành", "deadline"],
    ["Thời hạn", "deadline"],
    ["Thời gian hoàn thành", "deadline"],
    ["Cơ quan chủ trì", "lead"],
    ["Cơ quan\n phối hợp", "coop"],
    ["Tình trạng", "status"],
    ["Ngày hoàn thành", "completedOn"],
    ["Ghi chú", "note"],
    ["STT", "stt"],
    ["Tài liệu kiểm chứng (bản điện tử)", "evidence"],
  ])("%j → %s", (cell, key) => {
    expect(matchHeader(cell)).toBe(key);
  });
  it("non-headers", () => {
    expect(matchHeader("1. Hoàn thành chất lượng")).toBeNull();
    expect(matchHeader("")).toBeNull();
  });
  it.each([
    ["Hoàn thành", "done"],
    ["Đã hoàn thành", "done"],
    ["Đang thực hiện", "in_progress"],
    ["chua thuc hien", "not_started"],
    ["Tạm dừng", "paused"],
    ["Chờ xác nhận", "awaiting_confirmation"],
    ["Không phát sinh", "not_applicable"],
    ["Không thực hiện", "cancelled"],
    ["Chuyển kỳ sau", "deferred"],
    ["???", null],
  ])("status %s → %s", (text, status) => {
    expect(parseTaskStatusVi(text)).toBe(status);
  });
});

describe("unit matching", () => {
  const resolve = createUnitResolver(UNITS);
  it.each([
    ["Văn phòng UBND tỉnh", 1],
    ["Văn phòng  \nUBND tỉnh", 1],
    ["VĂN PHÒNG ỦY BAN NHÂN DÂN TỈNH", 1],
    ["van phong uy ban nhan dan tinh", 1],
    ["Sở Nội vụ", 2],
    ["Sở Nội vụ tỉnh", 2],
    ["SNV", 2],
    ["Sở Thông tin và truyền thông", 5],
    ["Sở TT&TT", 5],
    ["Sở Kế hoạch và Đầu tư", 6],
    ["Sở KH&ĐT", 6],
    ["Trung tâm Giải quyết TTHC tỉnh", 7],
    ["Sở Lao động – Thương binh và Xã hội", 9],
    ["Sở LĐ-TB&XH", 9],
    ["STC", 4],
  ])("%j → %i", (text, id) => {
    expect(resolve(text)).toBe(id);
  });
  it.each(["Các sở, ban, ngành tỉnh", "Sở Xây dựng", "", "SXD", "stc"])("%j → null", (text) => {
    expect(resolve(text)).toBeNull();
  });
  it("ambiguous names resolve to null", () => {
    const r = createUnitResolver([
      { id: 1, name: "Sở Tài chính" },
      { id: 2, name: "Sở Tư pháp" },
    ]);
    expect(r("STP")).toBe(2);
    const ambiguous = createUnitResolver([
      { id: 1, name: "Sở Tài chính" },
      { id: 2, name: "Sở Tài chính", aliases: [] },
    ]);
    expect(ambiguous("Sở Tài chính")).toBeNull();
  });
  it("unitMatchKey expands abbreviations", () => {
    expect(unitMatchKey("UBND cấp huyện")).toBe("uy ban nhan dan cap huyen");
    expect(unitMatchKey("HĐND tỉnh")).toBe("hoi dong nhan dan tinh");
  });
  it("group phrases", () => {
    expect(isUnitGroupText("Các sở, ban, ngành tỉnh")).toBe(true);
    expect(isUnitGroupText("UBND các huyện, thành phố")).toBe(true);
    expect(isUnitGroupText("Các đơn vị có liên quan")).toBe(true);
    expect(isUnitGroupText("Sở Tài chính")).toBe(false);
  });
});

describe("splitUnitList", () => {
  it.each([
    ["Các sở, ban, ngành tỉnh và UBND các huyện, thành phố", ["Các sở, ban, ngành tỉnh", "UBND các huyện, thành phố"]],
    ["Các sở, ban, ngành tỉnh; UBND các huyện, thành phố", ["Các sở, ban, ngành tỉnh", "UBND các huyện, thành phố"]],
    ["Các sở, ban, ngành tỉnh, UBND cấp huyện, cấp xã", ["Các sở, ban, ngành tỉnh", "UBND cấp huyện, cấp xã"]],
    ["Sở Thông tin và Truyền thông, Sở Tài chính", ["Sở Thông tin và Truyền thông", "Sở Tài chính"]],
    ["Sở Tài chính\nSở Nội vụ;", ["Sở Tài chính", "Sở Nội vụ"]],
    ["các cơ quan, đơn vị có liên quan", ["các cơ quan, đơn vị có liên quan"]],
    ["Cục Thuế, Hải quan, UBND cấp huyện", ["Cục Thuế", "Hải quan", "UBND cấp huyện"]],
    ["Sở, ngành tỉnh, UBND cấp huyện", ["Sở, ngành tỉnh", "UBND cấp huyện"]],
    ["Ban Dân tộc, Sở Lao động - Thương binh và Xã hội", ["Ban Dân tộc", "Sở Lao động - Thương binh và Xã hội"]],
    ["", []],
  ])("%j", (cell, expected) => {
    expect(splitUnitList(cell)).toEqual(expected);
  });
});

describe("splitEvidence", () => {
  it.each([
    ["Báo cáo", ["Báo cáo"]],
    ["- Kế hoạch A;\n- Kế hoạch B;\n- Báo cáo C.", ["Kế hoạch A", "Kế hoạch B", "Báo cáo C"]],
    ["Báo cáo kết quả thực hiện; Danh mục các đơn vị", ["Báo cáo kết quả thực hiện", "Danh mục các đơn vị"]],
    ["- Báo cáo A - Báo cáo B", ["Báo cáo A", "Báo cáo B"]],
    ["Kế hoạch, biên bản kiểm tra...", ["Kế hoạch, biên bản kiểm tra..."]],
    ["Sở Lao động - Thương binh", ["Sở Lao động", "Thương binh"]],
    ["", []],
  ])("%j", (cell, expected) => {
    expect(splitEvidence(cell)).toEqual(expected);
  });
});

describe("parsePlanAppendix", () => {
  const header = [
    "STT",
    "Nhiệm vụ chung",
    "Nhiệm vụ cụ thể",
    "Tài liệu kiểm chứng",
    "Thời gian thực hiện, hoàn thành",
    "Cơ quan chủ trì",
    "Cơ quan phối hợp",
    "Tình trạng",
    "Ngày hoàn thành",
    "Ghi chú",
    "Tiêu chí",
  ];

  it("finds the header below title rows and follows merged area cells", () => {
    const rows = [
      ["Phụ lục"],
      ["KẾ HOẠCH TRIỂN KHAI"],
      [],
      header,
      ["(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)"],
      [
        "1",
        "I. Công tác chỉ đạo điều hành CCHC",
        "Hoàn thành nhiệm vụ",
        "Báo cáo",
        "Trong năm 2023",
        "Văn phòng UBND tỉnh",
        "Các sở, ban, ngành tỉnh",
        "Hoàn thành",
        "14/12/2023",
        "",
        "1.1",
      ],
      [
        "2",
        "",
        "Kiểm tra CCHC",
        "- Thông báo;\n- Báo cáo",
        "Trước ngày 15/12/2023",
        "SNV",
        "Sở Tư pháp, Sở Xây dựng",
        "Đang thực hiện",
        "",
        "Đợi văn bản",
        "7.3.1, 8.1",
      ],
      ["1", "II. Cải cách thể chế", "Theo dõi thi hành pháp luật", "", "Quý V năm 2023", "Sở Tư pháp", "", "", "", "", ""],
    ];
    const r = parsePlanAppendix(rows, { planYear: 2023, units: UNITS });
    expect(r.errors).toEqual([]);
    expect(r.headerRow).toBe(4);
    expect(r.areas.map((a) => [a.code, a.title, a.tasks.length])).toEqual([
      ["I", "Công tác chỉ đạo điều hành CCHC", 2],
      ["II", "Cải cách thể chế", 1],
    ]);
    const [t1, t2] = r.areas[0].tasks;
    expect(t1).toMatchObject({
      rowNumber: 6,
      ordinal: "1",
      title: "Hoàn thành nhiệm vụ",
      evidence: ["Báo cáo"],
      deadlineText: "Trong năm 2023",
      leadUnit: { text: "Văn phòng UBND tỉnh", unitId: 1 },
      cooperatingUnits: [{ text: "Các sở, ban, ngành tỉnh", unitId: null, isGroup: true }],
      status: "done",
      completedOn: "2023-12-14",
      parCriteria: ["1.1"],
    });
    expect(t1.deadline.dueDate).toBe("2023-12-31");
    expect(t2.deadline.dueDate).toBe("2023-12-14");
    expect(t2.evidence).toEqual(["Thông báo", "Báo cáo"]);
    expect(t2.leadUnit.unitId).toBe(2);
    expect(t2.cooperatingUnits).toEqual([
      { text: "Sở Tư pháp", unitId: 3 },
      { text: "Sở Xây dựng", unitId: null },
    ]);
    expect(t2).toMatchObject({
      status: "in_progress",
      note: "Đợi văn bản",
      parCriteria: ["7.3.1", "8.1"],
    });
    expect(r.areas[1].tasks[0].deadline).toMatchObject({
      kind: "unparsed",
      needsReview: true,
    });
    expect(r.unresolvedUnits).toEqual(["Sở Xây dựng"]);
    expect(r.unitGroups).toEqual(["Các sở, ban, ngành tỉnh"]);
  });

  it("reports every missing required column in Vietnamese, with no partial result", () => {
    const r = parsePlanAppendix(
      [
        ["STT", "Nhiệm vụ chung", "Tài liệu kiểm chứng", "Cơ quan phối hợp"],
        ["1", "I. A", "Báo cáo", "Sở Tư pháp"],
      ],
      { planYear: 2023, units: UNITS },
    );
    expect(r.areas).toEqual([]);
    expect(r.errors.map((e) => e.message)).toEqual([
      'Không tìm thấy cột "Nhiệm vụ cụ thể" trong tệp',
      'Không tìm thấy cột "Thời gian thực hiện, hoàn thành" trong tệp',
      'Không tìm thấy cột "Cơ quan chủ trì" trong tệp',
    ]);
  });

  it("no header at all", () => {
    const r = parsePlanAppendix(
      [
        ["a", "b"],
        ["c", "d"],
      ],
      { planYear: 2023, units: UNITS },
    );
    expect(r.areas).toEqual([]);
    expect(r.errors[0].message).toMatch(/Không tìm thấy dòng tiêu đề/);
  });

  it("the header must be within the first rows searched", () => {
    // A task row below the header: a table with no task at all is now an error of its own.
    const rows = [...Array.from({ length: 10 }, () => ["x"]), ["Nhiệm vụ cụ thể", "Thời hạn", "Cơ quan chủ trì"], ["Rà soát", "Quý II", "Sở Tư pháp"]];
    const outside = parsePlanAppendix(rows, { planYear: 2023, units: UNITS });
    expect(outside.areas).toEqual([]);
    expect(outside.readable).toBe(false);
    expect(
      parsePlanAppendix(rows, {
        planYear: 2023,
        units: UNITS,
        headerSearchRows: 11,
      }).errors,
    ).toEqual([]);
  });

  it("row-level errors keep the other rows", () => {
    const r = parsePlanAppendix(
      [
        ["Nhiệm vụ cụ thể", "Thời hạn", "Cơ quan chủ trì", "Tình trạng", "Ngày hoàn thành"],
        ["A", "Trong năm 2023", "", "Xong rồi", "31/02/2023"],
        ["B", "Quý I/2023", "Sở Tư pháp", "", "05/01/2023"],
      ],
      { planYear: 2023, units: UNITS },
    );
    expect(r.errors).toEqual([
      { row: 2, message: 'Dòng 2: thiếu "Cơ quan chủ trì"' },
      { row: 2, message: 'Dòng 2: tình trạng "Xong rồi" không hợp lệ' },
      {
        row: 2,
        message: 'Dòng 2: ngày hoàn thành "31/02/2023" không hợp lệ (dd/mm/yyyy)',
      },
    ]);
    expect(r.areas).toHaveLength(1);
    expect(r.areas[0].code).toBe("I");
    expect(r.areas[0].tasks.map((t) => t.title)).toEqual(["A", "B"]);
    // A completion date alone implies "Hoàn thành".
    expect(r.areas[0].tasks[1]).toMatchObject({
      status: "done",
      completedOn: "2023-01-05",
    });
  });

  it("a completion date typed into a General cell arrives as Excel's serial day and is read as that date", () => {
    const r = parsePlanAppendix(
      [
        ["Nhiệm vụ cụ thể", "Thời hạn", "Cơ quan chủ trì", "Tình trạng", "Ngày hoàn thành"],
        ["A", "Quý II/2024", "Sở Tư pháp", "Hoàn thành", "45458"],
        ["B", "Quý II/2024", "Sở Tư pháp", "Hoàn thành", "123"],
      ],
      { planYear: 2024, units: UNITS },
    );
    expect(r.areas[0].tasks[0]).toMatchObject({ status: "done", completedOn: "2024-06-15" });
    expect(r.errors).toEqual([{ row: 3, message: 'Dòng 3: ngày hoàn thành "123" không hợp lệ (dd/mm/yyyy)' }]);
    expect(excelSerialDate("36526")).toBe("2000-01-01");
    expect(excelSerialDate("25569")).toBeNull();
  });

  it("seed 002 Phụ lục 1 as CSV (no 'Nhiệm vụ chung' column, 'Sản phẩm' as evidence)", () => {
    const csv = [
      "STT\tNhiệm vụ cụ thể\tSản phẩm\tThời gian thực hiện, hoàn thành\tCơ quan chủ trì\tCơ quan phối hợp\tGhi chú",
      "1\tXây dựng và hoàn thiện bản mô tả công việc, khung năng lực vị trí việc làm\tQuyết định phê duyệt\tTrong năm 2020\tCác sở, ban, ngành tỉnh, UBND cấp huyện\tSở Nội vụ\tĐại văn bản hướng dẫn Trung ương",
      "2\tSửa đổi, bổ sung hoặc ban hành mới các quy định về phân cấp quản lý công chức, viên chức\tQuyết định\tQuý IV năm 2020\tSở Nội vụ\tCác sở, ban, ngành tỉnh, UBND cấp huyện, cấp xã\tĐại văn bản hướng dẫn Trung ương",
      "3\tĐánh giá tình hình thu – chi ngân sách nhà nước năm 2020\tBáo cáo kết quả thực hiện\tQuý IV năm 2020\tSở Tài chính\tCục Thuế, Hải quan, UBND cấp huyện\tĐang thực hiện",
      "4\tTriển khai Hệ thống thông tin phục vụ họp và xử lý công việc của Chính phủ tại HĐND, UBND cấp tỉnh, cấp huyện\tBáo cáo kết quả thực hiện\tTrong quý III năm 2020\tSở Thông tin và Truyền thông\tSở, ngành tỉnh, UBND cấp huyện\tĐang thực hiện",
      "",
      "Tổng cộng: 04 nhiệm vụ",
    ].join("\n");
    const r = parsePlanAppendix(parseCsv(csv), {
      planYear: 2020,
      units: UNITS,
    });
    const tasks = r.areas.flatMap((a) => a.tasks);
    expect(tasks).toHaveLength(4);
    expect(tasks.map((t) => t.deadline.dueDate)).toEqual(["2020-12-31", "2020-12-31", "2020-12-31", "2020-09-30"]);
    expect(tasks.map((t) => t.ordinal)).toEqual(["1", "2", "3", "4"]);
    expect(tasks[0].leadUnit).toEqual({
      text: "Các sở, ban, ngành tỉnh, UBND cấp huyện",
      unitId: null,
      isGroup: true,
    });
    expect(tasks[0].cooperatingUnits).toEqual([{ text: "Sở Nội vụ", unitId: 2 }]);
    expect(tasks[2].cooperatingUnits.map((u) => u.text)).toEqual(["Cục Thuế", "Hải quan", "UBND cấp huyện"]);
    expect(tasks[3].leadUnit.unitId).toBe(5);
    expect(tasks[2].note).toBe("Đang thực hiện");
    // The "Tổng cộng" line only fills the STT column: it is neither a task nor a continuation.
    expect(r.errors).toEqual([]);
  });

  it("skips repeated page headers and appends continuation rows", () => {
    const h = [
      "Nhiệm vụ chung",
      "Nhiệm vụ cụ thể",
      "Tài liệu kiểm chứng phải chuẩn bị",
      "Thời gian thực hiện, hoàn thành",
      "Cơ quan chủ trì",
      "Cơ quan phối hợp",
    ];
    const r = parsePlanAppendix(
      [
        h,
        ["V. Cải cách chế độ công vụ", "1. Chỉ đạo rà soát", "- Các văn bản", "Trong năm 2023", "Sở Nội vụ", "Các sở, ban, ngành tỉnh"],
        h,
        ["", "", "- Báo cáo kết quả", "", "", ""],
        ["", "2. Thực hiện đúng các quy định", "Báo cáo", "Theo quy định của Bộ Nội vụ", "Sở Nội vụ", ""],
      ],
      { planYear: 2023, units: UNITS },
    );
    expect(r.errors).toEqual([]);
    expect(r.areas).toHaveLength(1);
    expect(r.areas[0].tasks.map((t) => [t.ordinal, t.title, t.evidence])).toEqual([
      ["1", "Chỉ đạo rà soát", ["Các văn bản", "Báo cáo kết quả"]],
      ["2", "Thực hiện đúng các quy định", ["Báo cáo"]],
    ]);
  });

  it("area heading rows without an area column", () => {
    const r = parsePlanAppendix(
      [
        ["STT", "Nhiệm vụ cụ thể", "Thời hạn", "Cơ quan chủ trì"],
        ["I", "Cải cách thể chế", "", ""],
        ["1", "Rà soát văn bản", "Quý II", "Sở Tư pháp"],
        ["II", "Cải cách TTHC", "", ""],
        ["1", "Công bố TTHC", "Hằng quý", "Văn phòng UBND tỉnh"],
      ],
      { planYear: 2024, units: UNITS },
    );
    expect(r.errors).toEqual([]);
    expect(r.areas.map((a) => [a.code, a.title, a.tasks.map((t) => t.title)])).toEqual([
      ["I", "Cải cách thể chế", ["Rà soát văn bản"]],
      ["II", "Cải cách TTHC", ["Công bố TTHC"]],
    ]);
    expect(r.areas[0].tasks[0].deadline.dueDate).toBe("2024-06-30");
  });
});

describe("parseCsv errors", () => {
  it("an unterminated quoted field throws PlanImportError (Vietnamese)", () => {
    expect(() => parseCsv('a,b\n"x,y\n1,2\n')).toThrow(PlanImportError);
    expect(() => parseCsv('"a')).toThrow(/thiếu dấu ngoặc kép đóng/);
  });
});

describe("column labels, statuses, criteria, weights, numerals", () => {
  it("IMPORT_COLUMN_LABELS gives the canonical name of every column", () => {
    expect(Object.keys(IMPORT_COLUMN_LABELS).sort()).toEqual(Object.keys(COLUMN_HEADERS).sort());
    expect(IMPORT_COLUMN_LABELS).toMatchObject({
      title: "Nhiệm vụ cụ thể",
      deadline: "Thời gian thực hiện, hoàn thành",
      lead: "Cơ quan chủ trì",
      parCriteria: "Tiêu chí",
      weight: "Trọng số",
    });
  });
  it.each([
    ["Trọng số", "weight"],
    ["Tiêu chí Chỉ số CCHC", "parCriteria"],
    ["Nội dung", "title"],
  ])("header %j → %s", (cell, key) => {
    expect(matchHeader(cell)).toBe(key);
  });
  it.each([
    ["Chưa hoàn thành", "in_progress"],
    ["Tạm ngưng", "paused"],
    ["Chuyển năm sau", "deferred"],
    ["CHỜ XÁC NHẬN", "awaiting_confirmation"],
  ])("status %s → %s", (text, status) => {
    expect(parseTaskStatusVi(text)).toBe(status);
  });
  it("every app status label reads back as its status", () => {
    for (const [status, label] of Object.entries({
      not_started: "Chưa thực hiện",
      in_progress: "Đang thực hiện",
      paused: "Tạm dừng",
      awaiting_confirmation: "Chờ xác nhận",
      done: "Hoàn thành",
      not_applicable: "Không phát sinh",
      cancelled: "Không thực hiện",
      deferred: "Chuyển kỳ sau",
    }))
      expect(parseTaskStatusVi(label)).toBe(status);
  });
  it("parseCriterionCodes", () => {
    expect(parseCriterionCodes("7.3.1, 8.1; 7.3.1")).toEqual(["7.3.1", "8.1"]);
    expect(parseCriterionCodes("Tiêu chí 2")).toEqual(["2"]);
    expect(parseCriterionCodes("")).toEqual([]);
  });
  it.each([
    ["1", 1],
    ["0,5", 0.5],
    ["2.25", 2.25],
    ["0", 0],
    ["-1", null],
    ["hai", null],
    ["1,5,2", null],
  ])("parseWeight(%j) → %j", (cell, w) => {
    expect(parseWeight(cell)).toBe(w);
  });
  it("romanNumeral", () => {
    expect([1, 4, 8, 9, 20].map(romanNumeral)).toEqual(["I", "IV", "VIII", "IX", "XX"]);
    expect(romanNumeral(21)).toBe("21");
  });
});

describe("unit matching by depth", () => {
  it("the shallowest unit wins; a tie at the same depth stays ambiguous", () => {
    const resolve = createUnitResolver([
      { id: 1, name: "Ủy ban nhân dân tỉnh Cà Mau", depth: 0 },
      { id: 2, name: "Văn phòng", depth: 2 },
      { id: 3, name: "Văn phòng", depth: 1 },
      { id: 4, name: "Phòng Tổng hợp", depth: 2 },
      { id: 5, name: "Phòng Tổng hợp", depth: 2 },
    ]);
    expect(resolve("Văn phòng")).toBe(3);
    expect(resolve("Phòng Tổng hợp")).toBeNull();
    expect(resolve("UBND tỉnh")).toBe(1);
  });
});

describe("parsePlanAppendix: merged cells, weights, warnings", () => {
  const header = ["Nhiệm vụ chung", "Nhiệm vụ cụ thể", "Tài liệu kiểm chứng", "Thời hạn", "Cơ quan chủ trì", "Tình trạng", "Ngày hoàn thành", "Trọng số"];

  it("an area cell repeated on every row (merged cells from XLSX) stays one area", () => {
    const r = parsePlanAppendix(
      [
        header,
        ["I. Cải cách thể chế", "1. Rà soát", "Báo cáo", "Quý I/2023", "Sở Tư pháp", "", "", "2"],
        ["I. Cải cách thể chế", "", "- Danh mục", "", "", "", "", ""],
        ["I. Cải cách thể chế", "2. Kiểm tra", "Kết luận", "Quý II/2023", "Sở Tư pháp", "", "", "0,5"],
        ["II.Cải cách TTHC", "1. Công bố", "Quyết định", "Quý III/2023", "Sở Tư pháp", "", "", ""],
        ["II.Cải cách TTHC", "2. Niêm yết", "Báo cáo", "Quý IV/2023", "Sở Tư pháp", "", "", ""],
      ],
      { planYear: 2023, units: UNITS },
    );
    expect(r.errors).toEqual([]);
    expect(r.readable).toBe(true);
    expect(r.areas.map((a) => [a.code, a.title, a.tasks.length])).toEqual([
      ["I", "Cải cách thể chế", 2],
      ["II", "Cải cách TTHC", 2],
    ]);
    // The merged row continues task 1 instead of opening a new area.
    expect(r.areas[0].tasks[0].evidence).toEqual(["Báo cáo", "Danh mục"]);
    expect(r.areas[0].tasks.map((t) => t.weight)).toEqual([2, 0.5]);
    expect(r.areas[1].tasks[0].weight).toBeUndefined();
  });

  it("a bad weight is a row error", () => {
    const r = parsePlanAppendix([header, ["I. A", "B", "", "Quý I/2023", "Sở Tư pháp", "", "", "nhiều"]], { planYear: 2023, units: UNITS });
    expect(r.errors).toEqual([{ row: 2, message: 'Dòng 2: trọng số "nhiều" không hợp lệ' }]);
  });

  it("warns about a done task without a date and drops a date on an unfinished task", () => {
    const r = parsePlanAppendix(
      [
        header,
        ["I. A", "B", "", "Quý I/2023", "Sở Tư pháp", "Hoàn thành", "", ""],
        ["", "C", "", "Quý I/2023", "Sở Tư pháp", "Đang thực hiện", "05/01/2023", ""],
        ["", "D", "", "Quý I/2023", "Sở Tư pháp", "Chờ xác nhận", "06/01/2023", ""],
      ],
      { planYear: 2023, units: UNITS },
    );
    expect(r.errors).toEqual([]);
    expect(r.warnings).toEqual([
      { row: 2, message: "Dòng 2: hoàn thành nhưng chưa ghi ngày hoàn thành" },
      {
        row: 3,
        message: 'Dòng 3: có ngày hoàn thành nhưng tình trạng là "Đang thực hiện"; ngày hoàn thành bị bỏ qua',
      },
    ]);
    const [b, c, d] = r.areas[0].tasks;
    expect(b).toMatchObject({ status: "done" });
    expect(b.completedOn).toBeUndefined();
    expect(c).toMatchObject({ status: "in_progress" });
    expect(c.completedOn).toBeUndefined();
    expect(d).toMatchObject({
      status: "awaiting_confirmation",
      completedOn: "2023-01-06",
    });
  });

  it("drops an area without tasks with a warning; no task at all is an error", () => {
    const r = parsePlanAppendix([header, ["I. Trống", "", "", "", "", "", "", ""], ["II. Có việc", "Rà soát", "", "Quý I/2023", "Sở Tư pháp", "", "", ""]], {
      planYear: 2023,
      units: UNITS,
    });
    expect(r.areas.map((a) => a.code)).toEqual(["II"]);
    expect(r.warnings.map((w) => w.message)).toEqual(['Nhiệm vụ chung "I. Trống" không có nhiệm vụ cụ thể nào']);
    const empty = parsePlanAppendix([header], { planYear: 2023, units: UNITS });
    expect(empty.readable).toBe(true);
    expect(empty.errors.map((e) => e.message)).toEqual(["Tệp không có nhiệm vụ cụ thể nào dưới dòng tiêu đề"]);
  });

  it("a file without a header is unreadable and names the required columns", () => {
    const r = parsePlanAppendix(
      [
        ["a", "b", "c"],
        ["1", "2", "3"],
      ],
      {
        planYear: 2023,
        units: UNITS,
        headerSearchRows: 30,
      },
    );
    expect(r.readable).toBe(false);
    expect(r.errors[0].message).toBe(
      "Không tìm thấy dòng tiêu đề cột trong 30 dòng đầu của tệp. Tệp cần có các cột “Nhiệm vụ cụ thể”, “Thời gian thực hiện, hoàn thành”, “Cơ quan chủ trì”",
    );
  });
});

describe("parsePlanAppendix: the cooperating cell as written", () => {
  it("keeps the cell text next to the split units, continuation rows appended", () => {
    const r = parsePlanAppendix(
      [
        ["Nhiệm vụ cụ thể", "Thời hạn", "Cơ quan chủ trì", "Cơ quan phối hợp"],
        ["Rà soát", "Quý I/2023", "Sở Tư pháp", "Sở Nội vụ, Sở Tài chính"],
        ["", "", "", "Các sở, ban, ngành tỉnh"],
      ],
      { planYear: 2023, units: UNITS },
    );
    const [t] = r.areas[0].tasks;
    expect(t.cooperatingText).toBe("Sở Nội vụ, Sở Tài chính\nCác sở, ban, ngành tỉnh");
    expect(t.cooperatingUnits.map((u) => u.unitId)).toEqual([2, 4, null]);
  });
});
