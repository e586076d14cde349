// The durable job queue (issue 14) on a real SQLite file: leases, retries with back-off, no double take.
import { afterAll, beforeAll, expect, test } from "vitest";
import { writeTransaction } from "#db/client";
import { createTestDb, type TestDb } from "#tests/support/test-db";
import { claimJob, completeJob, enqueueJob, failJob, getJob, heartbeatJob } from "#app/platform/jobs/jobs.server";
import { PermanentJobError, registerJobHandler, runOneJob } from "#app/platform/jobs/worker.server";

let t: TestDb;
beforeAll(() => {
  t = createTestDb();
});
afterAll(() => t.cleanup());

const at = (s: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, s));

test("a queued job is taken by one worker; an expired lease lets another take it, counting the attempt", () => {
  const job = writeTransaction(t.db, (tx) => enqueueJob(tx, { kind: "k1", payload: { a: 1 }, at: at(0) }));
  const a = claimJob(t.db, { worker: "A", kinds: ["k1"], now: at(1), leaseMs: 10_000 });
  expect(a).toMatchObject({ id: job.id, state: "running", lockedBy: "A", attempts: 1 });
  expect(claimJob(t.db, { worker: "B", kinds: ["k1"], now: at(5), leaseMs: 10_000 })).toBeNull();
  expect(heartbeatJob(t.db, { id: job.id, worker: "A", now: at(9), leaseMs: 10_000 })).toBe(true);
  expect(claimJob(t.db, { worker: "B", kinds: ["k1"], now: at(15), leaseMs: 10_000 })).toBeNull(); // renewed to 19 s
  const b = claimJob(t.db, { worker: "B", kinds: ["k1"], now: at(20), leaseMs: 10_000 });
  expect(b).toMatchObject({ lockedBy: "B", attempts: 2 });
  // The first worker wakes up late: it can neither renew nor complete a job that is no longer its own.
  expect(heartbeatJob(t.db, { id: job.id, worker: "A", now: at(21) })).toBe(false);
  expect(writeTransaction(t.db, (tx) => completeJob(tx, { id: job.id, worker: "A", now: at(21) }))).toBe(false);
  expect(writeTransaction(t.db, (tx) => completeJob(tx, { id: job.id, worker: "B", now: at(22) }))).toBe(true);
  expect(getJob(t.db, job.id)).toMatchObject({ state: "done", lockedBy: null });
});

test("a failed attempt is retried after a back-off, and fails for good after max attempts", () => {
  const job = writeTransaction(t.db, (tx) => enqueueJob(tx, { kind: "k2", payload: null, at: at(0), maxAttempts: 2 }));
  const first = claimJob(t.db, { worker: "A", kinds: ["k2"], now: at(1) })!;
  expect(failJob(t.db, { job: first, worker: "A", now: at(2), error: "boom" })).toBe("retry");
  expect(claimJob(t.db, { worker: "A", kinds: ["k2"], now: at(3) })).toBeNull(); // back-off: 10 s
  const second = claimJob(t.db, { worker: "A", kinds: ["k2"], now: at(13) })!;
  expect(second.attempts).toBe(2);
  expect(failJob(t.db, { job: second, worker: "A", now: at(14), error: "boom again" })).toBe("failed");
  expect(getJob(t.db, job.id)).toMatchObject({ state: "failed", lastError: "boom again", attempts: 2 });
});

test("a worker that died on the last allowed attempt leaves the job failed, not retried for ever", () => {
  const job = writeTransaction(t.db, (tx) => enqueueJob(tx, { kind: "k3", payload: null, at: at(0), maxAttempts: 1 }));
  claimJob(t.db, { worker: "A", kinds: ["k3"], now: at(1), leaseMs: 1000 });
  expect(claimJob(t.db, { worker: "B", kinds: ["k3"], now: at(10) })).toBeNull();
  expect(getJob(t.db, job.id)).toMatchObject({ state: "failed" });
});

test("the worker runs handlers; a permanent error is not retried", async () => {
  const seen: unknown[] = [];
  registerJobHandler("ok-kind", async (_ctx, payload) => {
    seen.push(payload);
  });
  registerJobHandler("bad-kind", async () => {
    throw new PermanentJobError("file gone");
  });
  const ok = writeTransaction(t.db, (tx) => enqueueJob(tx, { kind: "ok-kind", payload: { n: 7 }, at: new Date(0) }));
  const bad = writeTransaction(t.db, (tx) => enqueueJob(tx, { kind: "bad-kind", payload: null, at: new Date(0) }));
  await runOneJob({ db: t.db, dataDir: t.dataDir });
  await runOneJob({ db: t.db, dataDir: t.dataDir });
  expect(seen).toEqual([{ n: 7 }]);
  expect(getJob(t.db, ok.id)).toMatchObject({ state: "done" });
  expect(getJob(t.db, bad.id)).toMatchObject({ state: "failed", attempts: 1, lastError: "file gone" });
});
