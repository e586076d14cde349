import { readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { execFileSync } from "node:child_process";
import { renderCheck } from "./tests/support/render-check";
const root = process.argv[2];
const walk = (d: string): string[] => readdirSync(d).flatMap((e) => { const p = join(d, e); return statSync(p).isDirectory() ? walk(p) : [p]; });
for (const f of walk(root)) {
  const b = readFileSync(f);
  if (b.subarray(0, 4).toString() !== "%PDF") continue;
  const info = execFileSync("pdfinfo", [f], { encoding: "utf8" });
  const producer = /Producer:\s*(.*)/.exec(info)?.[1] ?? "";
  const title = /Title:\s*(.*)/.exec(info)?.[1] ?? "";
  try { const r = renderCheck(b); console.log(r.score.toFixed(3), r.words.length, f.slice(root.length), producer, title, execFileSync("pdftotext", ["-l","1",f,"-"],{encoding:"utf8"}).replace(/\s+/g," ").slice(0,60)); }
  catch (e) { console.log("ERR", f, (e as Error).message.slice(0, 100)); }
}
