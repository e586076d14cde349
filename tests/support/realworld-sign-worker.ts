// Child process of the real-world corpus test: signs PDFs as the leader, then as the organisation with number and
// date (the same calls as `cli sign`), one request per stdin line, one JSON answer per stdout line. Running in a
// child lets the test kill a file that hangs without losing the rest of the run.
// Input line: {"input": "...pdf", "out": "...pdf"}; first argv: JSON {leaderP12, organizationP12, passwords}.
import { readFileSync, writeFileSync } from "node:fs";
import { createInterface } from "node:readline";
import { SigningError, generateSealPng, generateSignaturePng, loadPkcs12, planNumberAndDate, signPdf } from "#signing/index";
import { loadVietnameseFont } from "../../scripts/commands/signing-assets";

type Keys = { leaderP12: string; leaderPassword: string; organizationP12: string; organizationPassword: string; at: string; organizationName: string };
const keys = JSON.parse(process.argv[2]) as Keys;
const at = new Date(keys.at);
const leader = loadPkcs12(readFileSync(keys.leaderP12), keys.leaderPassword, { at });
const organization = loadPkcs12(readFileSync(keys.organizationP12), keys.organizationPassword, { at });
const font = loadVietnameseFont();
const signatureImage = generateSignaturePng("Nguyễn Văn Đông");
const sealImage = generateSealPng(keys.organizationName);

export type WorkerAnswer =
  | { status: "signed"; ms: number }
  | { status: "refused"; stage: "leader" | "organization"; code: string; message: string }
  | { status: "crash"; stage: "leader" | "organization"; error: string };

async function signChain(input: string, out: string): Promise<WorkerAnswer> {
  const started = performance.now();
  let stage: "leader" | "organization" = "leader";
  try {
    const base = new Uint8Array(readFileSync(input));
    const first = await signPdf(base, {
      signer: leader,
      role: "leader",
      signingTime: at,
      appearance: { visible: true, fontBytes: font, signerName: "Nguyễn Văn Đông", signerTitle: "PHÓ CHỦ TỊCH", signatureImagePng: signatureImage },
    });
    stage = "organization";
    const plan = planNumberAndDate(first.pdf, { number: "58/KH-UBND", date: { year: 2025, month: 6, day: 15 }, place: "Đông Hưng" });
    const second = await signPdf(first.pdf, {
      signer: organization,
      role: "organization",
      signingTime: new Date(at.getTime() + 60_000),
      appearance: { visible: true, fontBytes: font, organizationName: keys.organizationName, sealImagePng: sealImage },
      ...plan,
    });
    writeFileSync(out, second.pdf);
    return { status: "signed", ms: Math.round(performance.now() - started) };
  } catch (error) {
    if (error instanceof SigningError) return { status: "refused", stage, code: error.code, message: error.message };
    return {
      status: "crash",
      stage,
      error: error instanceof Error ? `${error.name}: ${error.message}\n${error.stack?.split("\n").slice(1, 4).join("\n")}` : String(error),
    };
  }
}

const lines = createInterface({ input: process.stdin });
lines.on("line", async (line) => {
  const { input, out } = JSON.parse(line) as { input: string; out: string };
  process.stdout.write(`${JSON.stringify(await signChain(input, out))}\n`);
});
process.stdout.write(`${JSON.stringify({ ready: true })}\n`);
