// Outgoing-document timings through the real services (issue 5 "Measure"): the leader's click → signed
// PDF, and the clerk's click → issued (number, date, seal signature, register row) and delivered to
// Tân Thành's incoming queue, on a composed 10-page Kế hoạch. Prints JSON. Run: npx tsx tests/bench/outgoing.bench.ts
import { readPdfPageCount } from "./outgoing-bench-helpers";
import { DEMO_PLAN_BODY } from "#app/features/demo/outgoing-demo.server";
import { getOutgoingDocument, issueOutgoingDocument, readOutgoingFile, signOutgoingDocument } from "#app/features/outgoing/index";
import { createOutgoingWorld, toLeaderReview } from "#tests/support/outgoing-world";

const RUNS = Number(process.env.RUNS ?? 5);
const world = await createOutgoingWorld();
// About ten A4 pages of Decree 30 layout: the plan body repeated with numbered sections.
const body = [
  ...Array.from({ length: 8 }, (_, i) => `PHẦN ${i + 1}\n${DEMO_PLAN_BODY}`),
  "PHẦN 9",
  ...DEMO_PLAN_BODY.split("\n").slice(0, Number(process.env.EXTRA_LINES ?? 12)),
].join("\n");

const ms = (t0: number) => Math.round((performance.now() - t0) * 10) / 10;
const results: Array<{ pages: number; composeMs: number; signMs: number; issueMs: number; delivered: boolean }> = [];
for (let run = 0; run < RUNS; run++) {
  let t0 = performance.now();
  const { id } = await world.draft("chuyenvien", { summary: `Kế hoạch đo thời gian ${run + 1}`, body });
  const composeMs = ms(t0);
  await toLeaderReview(world, id);
  t0 = performance.now();
  await signOutgoingDocument(world.ctx("chutich"), { documentId: id, passphrase: "demo" });
  const signMs = ms(t0);
  t0 = performance.now();
  await issueOutgoingDocument(world.ctx("vanthu"), { documentId: id, passphrase: "demo" });
  const issueMs = ms(t0);
  const detail = getOutgoingDocument(world.ctx("vanthu"), id);
  const pages = await readPdfPageCount(readOutgoingFile(world.ctx("vanthu"), { documentId: id, kind: "issued" }).bytes);
  results.push({ pages, composeMs, signMs, issueMs, delivered: detail.deliveries.some((d) => d.status === "received") });
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(
  JSON.stringify(
    {
      bench: "outgoing",
      runs: RUNS,
      pages: results[0].pages,
      leaderSignMs: { median: median(results.map((r) => r.signMs)), max: Math.max(...results.map((r) => r.signMs)) },
      clerkIssueAndDeliverMs: { median: median(results.map((r) => r.issueMs)), max: Math.max(...results.map((r) => r.issueMs)) },
      composeMs: { median: median(results.map((r) => r.composeMs)) },
      allDelivered: results.every((r) => r.delivered),
      note: "service time per click (signing, verification of the leader signature, number allocation, register, delivery); first run includes warm-up",
    },
    null,
    2,
  ),
);
world.cleanup();
