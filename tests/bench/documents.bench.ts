// Incoming-documents benchmark (`npm run -s bench:documents`): a throw-away database in os.tmpdir() with
// 1,000,000 incoming documents over several organisations, then p50/p95/p99 of the real service functions
// (list first/deep page, inbox, full-text search newest first, registration) next to the raw SQL of each,
// measured in the same run. Prints one JSON line. Goals: list p95 ≤ 20 ms, search p95 ≤ 50 ms, register
// p99 ≤ 15 ms. Search recall is checked against a brute-force scan (must be 100%, đ queries included).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openDb, startBackgroundCheckpointer, writeTransaction } from "#db/client";
import { migrateDatabase } from "#db/migrate";
import { insertDemoDirectory } from "#app/features/demo/directory.server";
import { createUser } from "#app/platform/users.server";
import { loadActor } from "#app/platform/auth/actor.server";
import { systemActor, type ServiceContext } from "#app/platform/context.server";
import { registerIncomingDocument } from "#app/features/incoming/index";
import { listIncomingDocuments } from "#app/features/incoming/index";
import { incomingSearchBody, toIncomingFtsQuery, toIncomingSearchTokens } from "#app/domain/incoming/incoming";
import { foldDiacritics } from "#app/domain/shared/text";

const TOTAL = Number(process.env.BENCH_DOCUMENTS ?? 1_000_000);
const dir = mkdtempSync(join(tmpdir(), "vpdt-bench-documents-"));
const db = openDb(join(dir, "app.db"));
db.$client.pragma("cache_size = -65536");
migrateDatabase(db);
const started = performance.now();

// --- Directory and actors --------------------------------------------------------------------------
const byPath = writeTransaction(db, (tx) => insertDemoDirectory(tx, new Date()));
const province = byPath.get("Ủy ban nhân dân tỉnh Cà Mau")!;
const orgs = [province, "Ủy ban nhân dân phường Tân Thành", "Sở Nội vụ", "Sở Tư pháp", "Ủy ban nhân dân xã Đầm Dơi"].map((x) =>
  typeof x === "number" ? x : byPath.get(x)!,
);
const sys: ServiceContext = { db, actor: systemActor(), dataDir: dir };
async function actor(username: string, unit: string, roles: Parameters<typeof createUser>[1]["roles"]) {
  const user = await createUser(sys, {
    username,
    fullName: username,
    title: null,
    unitId: byPath.get(unit)!,
    roles,
    password: "bench-password-1",
    allowWeakPassword: true,
  });
  return loadActor(db, user.id)!;
}
const clerk = await actor("vanthu", "Văn phòng UBND tỉnh", ["clerk"]);
const officeLead = await actor("cvp", "Văn phòng UBND tỉnh", ["office_lead"]);
const specialist = await actor("cv", "Văn phòng UBND tỉnh > Phòng Kinh tế", ["specialist"]);
const economy = byPath.get("Văn phòng UBND tỉnh > Phòng Kinh tế")!;

// --- Vocabulary (seed documents 000–004) -----------------------------------------------------------
const SUBJECTS = [
  "Đôn đốc triển khai nhiệm vụ cải cách hành chính",
  "Chuyển đổi số trong giải quyết thủ tục hành chính",
  "Bảo đảm an toàn thông tin mạng",
  "Tiếp nhận hồ sơ không phụ thuộc địa giới hành chính",
  "Vận hành thử nghiệm chính quyền địa phương 2 cấp",
  "Đào tạo, bồi dưỡng cán bộ, công chức",
  "Kiểm soát thủ tục hành chính",
  "Đẩy mạnh thanh toán trực tuyến",
  "Phòng, chống thiên tai và tìm kiếm cứu nạn",
  "Quản lý đất đai và tài nguyên",
  "Đánh giá chỉ số cải cách hành chính PAR INDEX",
  "Triển khai Đề án 06 về dữ liệu dân cư",
  "Sắp xếp tổ chức bộ máy",
  "Điều chỉnh dự toán ngân sách",
  "Bảo đảm trật tự an toàn giao thông",
  "Đầu tư xây dựng trường học",
  "Thực hiện chính sách đối với người có công",
  "Phát triển du lịch Đất Mũi",
];
const KINDS = ["Kế hoạch", "Báo cáo", "Công văn về việc", "Thông báo", "Tờ trình đề nghị", "Hướng dẫn", "Quyết định phê duyệt"];
const PLACES = ["tỉnh Cà Mau", "phường Tân Thành", "xã Đầm Dơi", "xã Đất Mũi", "phường An Xuyên", "xã Sông Đốc", "huyện Đầm Dơi", "xã Đá Bạc"];
const PERIODS = ["quý I năm 2024", "6 tháng đầu năm 2025", "năm 2025", "giai đoạn 2021 - 2025", "tháng 10 năm 2025", "đợt 2"];
const ISSUERS = [
  "Sở Nội vụ",
  "Sở Tư pháp",
  "Sở Tài chính",
  "Sở Giáo dục và Đào tạo",
  "Bộ Nội vụ",
  "Văn phòng Chính phủ",
  "Ủy ban nhân dân tỉnh Cà Mau",
  "Công an tỉnh",
  "Sở Xây dựng",
  "Đài Phát thanh và Truyền hình Cà Mau",
];
const TYPE_CODES = ["KH", "BC", "CV", "TB", "TTr", "HD", "QĐ"];
let seed = 42;
const rand = (n: number) => {
  seed = (seed * 1103515245 + 12345) & 0x7fffffff;
  return seed % n;
};

// --- Bulk insert (prepared statements, 50k rows per transaction; not through the service) ------------
const insertDoc =
  db.$client.prepare(`insert into incoming_documents (id, organization_id, status, channel, received_at, book_id, year, arrival_number, registered_at,
  number_symbol, doc_type_code, issued_date, issuer_name, summary, urgency, urgency_rank, confidentiality, is_secret, handling_deadline, version, created_at, updated_at)
  values (?, ?, ?, 'postal', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'normal', 0, ?, 1, ?, ?)`);
const insertFts = db.$client.prepare("insert into incoming_documents_fts(rowid, body) values (?, ?)");
const insertAssignment = db.$client.prepare(
  "insert into incoming_assignments (document_id, kind, assignee_user_id, assignee_unit_id, deadline, status, assigned_at) values (?, 'main', ?, ?, ?, ?, ?)",
);
const insertBook = db.$client.prepare(
  "insert into register_books (organization_id, year, direction, security, doc_type_code, name, created_at) values (?, ?, 'incoming', 'normal', '', ?, ?) returning id",
);
const books = new Map<string, number>();
const bookOf = (org: number, year: number) => {
  const key = `${org}:${year}`;
  if (!books.has(key)) books.set(key, (insertBook.get(org, year, `Sổ văn bản đến năm ${year}`, Date.now()) as { id: number }).id);
  return books.get(key)!;
};
const START = Date.parse("2022-01-01T00:00:00+07:00");
const SPAN = Date.parse("2025-12-31T00:00:00+07:00") - START;
const counters = new Map<string, number>();
const STATUSES = ["completed", "completed", "completed", "completed", "in_progress", "awaiting_routing", "registered"] as const;
const summaries: string[] = new Array(TOTAL + 1);
const orgOf = new Int32Array(TOTAL + 1);
const insertStarted = performance.now();
const BATCH = 50_000;
for (let from = 1; from <= TOTAL; from += BATCH) {
  db.$client.transaction(() => {
    for (let id = from; id < Math.min(from + BATCH, TOTAL + 1); id++) {
      // Ids follow arrival time, as registration does.
      const receivedAt = START + Math.floor((SPAN * id) / TOTAL);
      const year = new Date(receivedAt + 7 * 3600_000).getUTCFullYear();
      const org = orgs[id % 7 < 3 ? 0 : 1 + (id % 4)];
      const key = `${org}:${year}`;
      const n = (counters.get(key) ?? 0) + 1;
      counters.set(key, n);
      const summary = `${KINDS[rand(KINDS.length)]} ${SUBJECTS[rand(SUBJECTS.length)]} trên địa bàn ${PLACES[rand(PLACES.length)]} ${PERIODS[rand(PERIODS.length)]}`;
      const typeCode = TYPE_CODES[rand(TYPE_CODES.length)];
      const numberSymbol = typeCode === "CV" ? `${rand(3000) + 1}/UBND-VP` : `${rand(3000) + 1}/${typeCode}-UBND`;
      const issuer = ISSUERS[rand(ISSUERS.length)];
      const status = STATUSES[rand(STATUSES.length)];
      const urgency = rand(10) === 0 ? "urgent" : "normal";
      const deadline = status === "in_progress" ? new Date(receivedAt + 10 * 86_400_000).toISOString().slice(0, 10) : null;
      insertDoc.run(
        id,
        org,
        status,
        receivedAt,
        bookOf(org, year),
        year,
        n,
        receivedAt,
        numberSymbol,
        typeCode,
        new Date(receivedAt - 2 * 86_400_000).toISOString().slice(0, 10),
        issuer,
        summary,
        urgency,
        urgency === "normal" ? 0 : 1,
        deadline,
        receivedAt,
        receivedAt,
      );
      insertFts.run(id, incomingSearchBody({ summary, numberSymbol, issuerName: issuer }));
      summaries[id] = incomingSearchBody({ summary, numberSymbol, issuerName: issuer });
      orgOf[id] = org;
      // The specialist (and their unit) hold a realistic inbox: pending work on recent in-progress documents.
      if (org === province && status === "in_progress" && id > TOTAL - 40_000 && rand(20) === 0)
        insertAssignment.run(id, rand(2) ? specialist.id : null, rand(2) ? null : economy, deadline, "pending", receivedAt);
    }
  })();
}
db.$client.exec("analyze");
// Bulk loading leaves a large WAL; checkpoint it so that the measurements do not pay for the setup.
db.$client.pragma("wal_checkpoint(TRUNCATE)");
const insertMs = performance.now() - insertStarted;

// --- Measurement helpers ---------------------------------------------------------------------------
function percentiles(samples: number[]) {
  const s = [...samples].sort((a, b) => a - b);
  const at = (p: number) => Number(s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))].toFixed(3));
  return { p50: at(50), p95: at(95), p99: at(99), n: s.length };
}
function measure(n: number, fn: (i: number) => unknown) {
  for (let i = 0; i < Math.min(20, n); i++) fn(i);
  const samples: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    fn(i);
    samples.push(performance.now() - t0);
  }
  return percentiles(samples);
}
async function measureAsync(n: number, fn: (i: number) => Promise<unknown>) {
  const samples: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await fn(i);
    samples.push(performance.now() - t0);
  }
  return percentiles(samples);
}
const ctxOf = (a: typeof clerk): ServiceContext => ({ db, actor: a, dataDir: dir, now: () => new Date("2025-12-31T03:00:00Z") });

// --- Lists -----------------------------------------------------------------------------------------
const deepCursors = Array.from({ length: 300 }, () => {
  const row = db.$client
    .prepare("select received_at r, id from incoming_documents where organization_id = ? and id <= ? order by id desc limit 1")
    .get(province, 1 + rand(TOTAL)) as { r: number; id: number };
  return { service: Buffer.from(`${row.r}.${row.id}`).toString("base64url"), row };
});
const rawFirst = db.$client.prepare(
  "select id, arrival_number, received_at, number_symbol, doc_type_code, issued_date, issuer_name, summary, status, urgency from incoming_documents where organization_id = ? order by received_at desc, id desc limit 21",
);
const rawDeep = db.$client.prepare(
  "select id, arrival_number, received_at, number_symbol, doc_type_code, issued_date, issuer_name, summary, status, urgency from incoming_documents where organization_id = ? and (received_at, id) < (?, ?) order by received_at desc, id desc limit 21",
);
const rawInbox = db.$client.prepare(
  "select d.id from incoming_documents d where d.id in (select document_id from incoming_assignments where status = 'pending' and assignee_user_id = ? union select document_id from incoming_assignments where status = 'pending' and assignee_user_id is null and assignee_unit_id = ?) order by d.urgency_rank desc, d.received_at desc, d.id desc limit 21",
);
const lists = {
  firstPage: measure(500, () => listIncomingDocuments(ctxOf(officeLead), {})),
  firstPageRawSql: measure(500, () => rawFirst.all(province)),
  deepPage: measure(300, (i) => listIncomingDocuments(ctxOf(officeLead), { cursor: deepCursors[i].service })),
  deepPageRawSql: measure(300, (i) => rawDeep.all(province, deepCursors[i].row.r, deepCursors[i].row.id)),
  inbox: measure(300, () => listIncomingDocuments(ctxOf(specialist), { box: "inbox" })),
  inboxRawSql: measure(300, () => rawInbox.all(specialist.id, specialist.unitId)),
  inboxSize: (rawInbox.all(specialist.id, specialist.unitId) as unknown[]).length,
};

// --- Search: 200 accent-free queries, newest first, recall vs brute force --------------------------
const queries: string[] = [];
for (const s of SUBJECTS) {
  const words = foldDiacritics(s).split(" ");
  queries.push(words.slice(0, 2).join(" "), words.slice(1, 4).join(" "), words.slice(-2).join(" "));
}
for (const p of PLACES) queries.push(foldDiacritics(p));
for (const i of ISSUERS) queries.push(foldDiacritics(i));
for (const k of PERIODS) queries.push(`${foldDiacritics(SUBJECTS[rand(SUBJECTS.length)]).split(" ").slice(0, 2).join(" ")} ${foldDiacritics(k)}`);
while (queries.length < 200)
  queries.push(
    `${foldDiacritics(KINDS[rand(KINDS.length)]).split(" ")[0]} ${foldDiacritics(SUBJECTS[rand(SUBJECTS.length)]).split(" ").slice(0, 2).join(" ")}`,
  );
queries.length = 200;
const withD = queries.filter((q) => /\bd/.test(q)).length;
const rawSearch = db.$client.prepare(
  "select d.id from incoming_documents_fts f cross join incoming_documents d on d.id = f.rowid where incoming_documents_fts match ? and d.organization_id = ? order by f.rowid desc limit 21",
);
const searchResults: number[][] = [];
const search = measure(200, (i) => {
  searchResults[i] = listIncomingDocuments(ctxOf(officeLead), { q: queries[i] }).items.map((x) => x.id);
});
const searchRawSql = measure(200, (i) => rawSearch.all(toIncomingFtsQuery(queries[i]), province));
// Brute force: the 20 newest documents of the organisation whose folded text contains every query word,
// scanning from the newest row until each query has its 20.
const queryTokens = queries.map((q) => toIncomingSearchTokens(q));
const expected: number[][] = queries.map(() => []);
let open = queries.length;
for (let id = TOTAL; id >= 1 && open > 0; id--) {
  if (orgOf[id] !== province) continue;
  const words = new Set(summaries[id].split(/[^\p{L}\p{N}]+/u));
  for (let q = 0; q < queries.length; q++) {
    if (expected[q].length >= 20) continue;
    if (queryTokens[q].every((w) => words.has(w))) {
      expected[q].push(id);
      if (expected[q].length === 20) open--;
    }
  }
}
let recalled = 0;
let wanted = 0;
let zeroHitQueries = 0;
for (let q = 0; q < queries.length; q++) {
  wanted += expected[q].length;
  recalled += expected[q].filter((id) => searchResults[q].includes(id)).length;
  if (searchResults[q].length === 0) zeroHitQueries++;
}

summaries.length = 0;
db.$client.pragma("wal_checkpoint(TRUNCATE)");
// As in the server (app/db.server.ts): WAL checkpoints run in a background thread, off the request path.
const stopCheckpointer = startBackgroundCheckpointer(db, join(dir, "app.db"));

// --- Registration through the real service ------------------------------------------------------------
const registerCtx: ServiceContext = { db, actor: clerk, dataDir: dir };
const register = await measureAsync(300, (i) =>
  registerIncomingDocument(registerCtx, {
    channel: "postal",
    receivedAt: new Date(),
    numberSymbol: `${i + 1}/BENCH-UBND`,
    docTypeCode: "CV",
    issuedDate: "2025-12-01",
    issuerName: ISSUERS[i % ISSUERS.length],
    summary: `Đôn đốc ${SUBJECTS[i % SUBJECTS.length]}`,
    urgency: "normal",
    confidentiality: "normal",
    extractedText: null,
  }),
);
const rawRegisterInsert =
  db.$client.prepare(`insert into incoming_documents (organization_id, status, channel, received_at, book_id, year, arrival_number, number_symbol, doc_type_code, issuer_name, summary, created_at, updated_at)
  values (?, 'registered', 'postal', ?, ?, 2099, (select coalesce(max(arrival_number), 0) + 1 from incoming_documents where organization_id = ? and book_id = ? and year = 2099), ?, 'CV', 'Sở Nội vụ', ?, ?, ?)`);
const rawBook = bookOf(province, 2099);
const registerRawSql = measure(300, (i) =>
  db.$client
    .transaction(() => {
      const r = rawRegisterInsert.run(
        province,
        Date.now(),
        rawBook,
        province,
        rawBook,
        `${i}/RAW`,
        `Đôn đốc ${SUBJECTS[i % SUBJECTS.length]}`,
        Date.now(),
        Date.now(),
      );
      insertFts.run(r.lastInsertRowid, foldDiacritics(`Đôn đốc ${SUBJECTS[i % SUBJECTS.length]}`));
    })
    .immediate(),
);

const result = {
  bench: "documents",
  documents: TOTAL,
  organizations: orgs.length,
  insertSeconds: Number((insertMs / 1000).toFixed(1)),
  dbMiB: Number(
    ((db.$client.prepare("select page_count * page_size s from pragma_page_count(), pragma_page_size()").get() as { s: number }).s / 1048576).toFixed(1),
  ),
  listMs: lists,
  searchMs: {
    newest20: search,
    newest20RawSql: searchRawSql,
    queries: queries.length,
    queriesWithD: withD,
    zeroHitQueries,
    recall: wanted ? Number((recalled / wanted).toFixed(4)) : 1,
    bruteForceHits: wanted,
  },
  registerMs: { service: register, rawSql: registerRawSql },
  goals: {
    listP95: lists.deepPage.p95 <= 20 && lists.firstPage.p95 <= 20 && lists.inbox.p95 <= 20,
    searchP95: search.p95 <= 50,
    registerP99: register.p99 <= 15,
    recall100: recalled === wanted,
  },
  totalSeconds: Number(((performance.now() - started) / 1000).toFixed(1)),
};
console.log(JSON.stringify(result));
await stopCheckpointer();
db.$client.close();
rmSync(dir, { recursive: true, force: true });
