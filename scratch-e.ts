import { readFileSync } from "node:fs";
import { extractDocumentFields } from "#app/domain/incoming/document-extraction";
import { readPdfText } from "#app/platform/pdf-text/pdf-text.server";
const t = await readPdfText(new Uint8Array(readFileSync(process.argv[2])));
const f = extractDocumentFields(t);
console.log(JSON.stringify({ ...f, confidence: undefined }, null, 0));
console.log(JSON.stringify(t.pages[0].items.slice(0, 12).map(i => [i.str, Math.round(i.x), Math.round(i.y), Math.round(i.height), i.fontName])));
process.exit(0);
