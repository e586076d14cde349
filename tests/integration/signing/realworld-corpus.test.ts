// Guard 3 of issue 9: PDFs nobody here wrote (other projects' test suites, real Vietnamese government documents;
// shared/corpus/realworld/MANIFEST.tsv says where each comes from). Each is signed as the leader, then as the
// organisation with number and date — the `cli sign` chain — and must either pass the independent checkers
// (sigcheck.py --expect 2 and revdiff.py), or be refused cleanly, in Vietnamese, when it really is unusable:
// a password is needed to open it, or qpdf cannot read it / poppler cannot render it. Anything else — a crash,
// a hang, an output a checker rejects, a refusal of a file qpdf and poppler read — is "broken" and fails.
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { createInterface } from "node:readline";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDemoPki } from "#signing/index";
import { revdiff, run, sigcheck } from "#tests/support/signature-check";
import type { WorkerAnswer } from "#tests/support/realworld-sign-worker";

const SHARED = process.env.SHARED_DIR ? resolve(process.env.SHARED_DIR) : resolve(process.cwd(), "../shared");
const CORPUS = join(SHARED, "corpus/realworld");
const ORGANIZATION = "Ủy ban nhân dân xã Đông Hưng";
const SIGNING_TIME = new Date("2025-06-15T02:15:00Z");
/** Two workers: the machine running the suite may have two cores shared with other work. */
const WORKERS = 2;
/** A file still signing after this long counts as a hang. */
const PER_FILE_MS = 60_000;
const VIETNAMESE = /[ăâđêôơưàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ]/i;

type Outcome = { file: string; source: string; verdict: "signed" | "refused" | "broken"; detail: string };

let dir: string;
let caPath: string;
let keysArg: string;
const workers: ChildProcessWithoutNullStreams[] = [];

function manifest(): Map<string, string> {
  const rows = readFileSync(join(CORPUS, "MANIFEST.tsv"), "utf8").split("\n").slice(1).filter(Boolean);
  return new Map(rows.map((r) => r.split("\t")).map(([file, source]) => [file, source]));
}

/** A worker process answering one request at a time; restarted after a hang. */
class Worker {
  private child!: ChildProcessWithoutNullStreams;
  private pending: ((answer: WorkerAnswer | { status: "hang" }) => void) | undefined;
  private ready!: Promise<void>;
  start() {
    this.child = spawn(process.execPath, ["--import", "tsx", "tests/support/realworld-sign-worker.ts", keysArg], { cwd: process.cwd() });
    workers.push(this.child);
    let stderr = "";
    this.child.stderr.on("data", (d) => (stderr = (stderr + d).slice(-4000)));
    const lines = createInterface({ input: this.child.stdout });
    this.ready = new Promise((ok, fail) => {
      this.child.once("exit", (code) => {
        fail(new Error(`worker exited (${code}): ${stderr}`));
        this.pending?.({ status: "crash", stage: "leader", error: `worker exited (${code}): ${stderr}` });
        this.pending = undefined;
      });
      lines.on("line", (line) => {
        const msg = JSON.parse(line);
        if (msg.ready) return ok();
        const done = this.pending;
        this.pending = undefined;
        done?.(msg);
      });
    });
    this.ready.catch(() => undefined);
  }
  async sign(input: string, out: string): Promise<WorkerAnswer | { status: "hang" }> {
    await this.ready;
    return new Promise((done) => {
      const timer = setTimeout(() => {
        this.pending = undefined;
        this.child.kill("SIGKILL");
        this.start();
        done({ status: "hang" });
      }, PER_FILE_MS);
      this.pending = (answer) => {
        clearTimeout(timer);
        done(answer);
      };
      this.child.stdin.write(JSON.stringify({ input, out }) + "\n");
    });
  }
}

/** Why a refused file really is unusable, or undefined when qpdf reads it and poppler renders it. */
async function unusable(file: string): Promise<string | undefined> {
  const password = await run("qpdf", ["--requires-password", file]);
  if (password.code === 0) return "needs a password";
  const check = await run("qpdf", ["--check", file]);
  if (check.code !== 0 && check.code !== 3) return `qpdf --check: ${check.output.trim().split("\n").slice(-1)[0]}`;
  const render = await run("pdftoppm", ["-r", "20", "-f", "1", "-l", "1", "-png", file, join(dir, "probe")]);
  if (render.code !== 0) return `pdftoppm: ${render.output.trim().split("\n")[0]}`;
  return undefined;
}

async function judge(worker: Worker, file: string, source: string): Promise<Outcome> {
  const input = join(CORPUS, file);
  const out = join(dir, file.replace(/\.pdf$/i, "-signed.pdf"));
  const answer = await worker.sign(input, out);
  const outcome = (verdict: Outcome["verdict"], detail: string): Outcome => ({ file, source, verdict, detail });
  if (answer.status === "hang") return outcome("broken", `no answer within ${PER_FILE_MS / 1000} s`);
  if (answer.status === "crash") return outcome("broken", `crash while signing as ${answer.stage}: ${answer.error}`);
  if (answer.status === "refused") {
    if (!VIETNAMESE.test(answer.message)) return outcome("broken", `refusal without a Vietnamese message: ${answer.message}`);
    const reason = await unusable(input);
    return reason ? outcome("refused", `${answer.code} (${reason}): ${answer.message}`) : outcome("broken", `refused a usable file as ${answer.stage}: ${answer.code} ${answer.message}`);
  }
  const [sc, rd] = await Promise.all([sigcheck(out, caPath, 2), revdiff(out)]);
  if (sc.code !== 0) return outcome("broken", `sigcheck: ${sc.output.trim().split("\n").filter((l) => /FAIL|error|Error/.test(l)).slice(0, 4).join(" | ")}`);
  if (rd.code !== 0) return outcome("broken", `revdiff: ${rd.output.trim().split("\n").slice(-3).join(" | ")}`);
  return outcome("signed", `${answer.ms} ms`);
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "realworld-"));
  const pki = createDemoPki({ organizationName: ORGANIZATION, leaderName: "Nguyễn Văn Đông", leaderTitle: "Phó Chủ tịch", now: new Date("2025-01-01T00:00:00Z") });
  caPath = join(dir, "ca.pem");
  writeFileSync(caPath, pki.caCertPem);
  writeFileSync(join(dir, "leader.p12"), pki.leader.p12);
  writeFileSync(join(dir, "organization.p12"), pki.organization.p12);
  keysArg = JSON.stringify({
    leaderP12: join(dir, "leader.p12"),
    leaderPassword: pki.leader.password,
    organizationP12: join(dir, "organization.p12"),
    organizationPassword: pki.organization.password,
    at: SIGNING_TIME.toISOString(),
    organizationName: ORGANIZATION,
  });
}, 60_000);

afterAll(() => {
  for (const child of workers) if (child.exitCode === null) child.kill("SIGKILL");
});

describe("real-world PDFs (shared/corpus/realworld)", () => {
  it(
    "signs every file twice so that sigcheck.py --expect 2 and revdiff.py pass, or refuses an unusable file in Vietnamese",
    async () => {
      expect(existsSync(join(CORPUS, "MANIFEST.tsv")), `corpus missing at ${CORPUS} (set SHARED_DIR)`).toBe(true);
      const sources = manifest();
      const only = process.env.REALWORLD_ONLY; // a substring, to re-run a few files while fixing them
      const files = readdirSync(CORPUS)
        .filter((f) => f.toLowerCase().endsWith(".pdf"))
        .filter((f) => !only || f.includes(only))
        .sort();
      expect(files.length).toBeGreaterThan(0);
      const queue = [...files];
      const outcomes: Outcome[] = [];
      await Promise.all(
        Array.from({ length: Math.min(WORKERS, files.length) }, async () => {
          const worker = new Worker();
          worker.start();
          for (let file = queue.shift(); file; file = queue.shift()) outcomes.push(await judge(worker, file, sources.get(file) ?? "unknown"));
        }),
      );
      const counts: Record<string, { signed: number; refused: number; broken: number }> = {};
      for (const o of outcomes) (counts[o.source] ??= { signed: 0, refused: 0, broken: 0 })[o.verdict]++;
      const total = { signed: 0, refused: 0, broken: 0 };
      for (const o of outcomes) total[o.verdict]++;
      const refused = outcomes.filter((o) => o.verdict === "refused").map((o) => `${o.file}: ${o.detail}`);
      const broken = outcomes.filter((o) => o.verdict === "broken").map((o) => `${o.file}: ${o.detail}`);
      console.log(JSON.stringify({ realworld: { total, bySource: counts, refused, broken } }, null, 2));
      expect(outcomes).toHaveLength(files.length);
      expect(broken, broken.join("\n")).toEqual([]);
    },
    // ~125 files, two at a time, each signed twice and checked by two external tools: bounded, generous.
    600_000,
  );
});
