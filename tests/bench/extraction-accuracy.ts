// Extraction accuracy over the generated corpus: `npx tsx tests/bench/extraction-accuracy.ts [--verbose]`.
// Prints JSON { fields: { field: { correct, total } }, documents, misses, millisecondsPerDocument }.
import { readFile } from "node:fs/promises";
import { extractDocumentFields, type ExtractedFields } from "#app/domain/incoming/document-extraction";
import { readPdfText, PdfReadError } from "#app/platform/pdf-text/pdf-text.server";
import { removeDocumentFixtures, renderDocumentFixtures, type ExpectedFields, type RenderedFixture } from "#tests/support/document-fixtures";

export type AccuracyReport = {
  fields: Record<string, { correct: number; total: number }>;
  errors: { correct: number; total: number };
  documents: number;
  misses: Array<{ fixture: string; field: string; expected: unknown; actual: unknown }>;
  millisecondsPerDocument: number;
};

export const SCORED_FIELDS: Array<keyof ExpectedFields> = [
  "numberSymbol",
  "docTypeName",
  "issuedDate",
  "place",
  "issuer",
  "parentIssuer",
  "summary",
  "signerName",
  "signerTitle",
  "signingAuthority",
  "pageCount",
  "hasTextLayer",
];

export async function measureExtractionAccuracy(fixtures: RenderedFixture[]): Promise<AccuracyReport> {
  const report: AccuracyReport = { fields: {}, errors: { correct: 0, total: 0 }, documents: 0, misses: [], millisecondsPerDocument: 0 };
  for (const field of SCORED_FIELDS) report.fields[field] = { correct: 0, total: 0 };
  let elapsed = 0;
  for (const fixture of fixtures) {
    const data = new Uint8Array(await readFile(fixture.path));
    const started = performance.now();
    let actual: ExtractedFields | null = null;
    let errorCode: string | null = null;
    try {
      actual = extractDocumentFields(await readPdfText(data));
    } catch (error) {
      if (!(error instanceof PdfReadError)) throw error;
      errorCode = error.code;
    }
    elapsed += performance.now() - started;
    report.documents++;
    if (fixture.expectedError) {
      report.errors.total++;
      if (errorCode === fixture.expectedError) report.errors.correct++;
      else report.misses.push({ fixture: fixture.id, field: "error", expected: fixture.expectedError, actual: errorCode });
      continue;
    }
    for (const field of SCORED_FIELDS) {
      const expected = fixture.expected![field];
      const value = actual ? actual[field] : undefined;
      report.fields[field].total++;
      if (value === expected) report.fields[field].correct++;
      else report.misses.push({ fixture: fixture.id, field, expected, actual: value ?? null });
    }
  }
  report.millisecondsPerDocument = Math.round(elapsed / Math.max(1, report.documents));
  return report;
}

const isMain = process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/^.*\/tests\//, "/tests/"));
if (isMain) {
  const fixtures = await renderDocumentFixtures();
  const report = await measureExtractionAccuracy(fixtures);
  await removeDocumentFixtures(fixtures);
  const output = process.argv.includes("--verbose") ? report : { ...report, misses: report.misses.length };
  process.stdout.write(`${JSON.stringify(output, null, 2)}\n`);
}
