import { readFileSync } from "node:fs";
import { PdfReader } from "#signing/pdf/reader";
for (const f of process.argv.slice(2)) {
  try { const r = PdfReader.open(new Uint8Array(readFileSync(f))); console.log(f, "ok", r.pageCount()); }
  catch (e: any) { console.log(f, e.code, e.cause?.message ?? e.message); }
}
