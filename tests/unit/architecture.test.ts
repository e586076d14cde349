import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, test } from "vitest";

// House style rules 1, 2 and 12 (DESIGN.md §2): dependencies point one way. Routes are HTTP
// adapters (no drizzle, SQLite, crypto or PDF libraries, no #db/, #documents/ or #signing/); signing/,
// documents/ and db/ never import the app, Remix or React. This test scans import specifiers so a violation breaks CI.

const ROOT = process.cwd();

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) out.push(...sourceFiles(path));
    else if (/\.(ts|tsx|js|mjs)$/.test(entry)) out.push(path);
  }
  return out;
}

function importsOf(file: string): string[] {
  const text = readFileSync(file, "utf8");
  const specifiers: string[] = [];
  const pattern = /(?:import|export)\s[^'"]*?from\s*["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)|^\s*import\s*["']([^"']+)["']/gm;
  for (const match of text.matchAll(pattern)) specifiers.push(match[1] ?? match[2] ?? match[3]);
  return specifiers;
}

const ROUTE_FORBIDDEN = [/^drizzle-orm/, /^better-sqlite3/, /^node-forge/, /^pdfjs-dist/, /^#db\//, /^#documents\//, /^#signing\//, /^#edxml\//, /^xml-crypto/, /^@xmldom\//, /^remix$/, /^pdf-lib/];
const LIBRARY_FORBIDDEN = [/^#app\//, /^@remix-run\//, /^react(-dom)?(\/|$)/, /^remix$/];

function violations(folder: string, forbidden: RegExp[]): string[] {
  return sourceFiles(join(ROOT, folder)).flatMap((file) =>
    importsOf(file)
      .filter((s) => forbidden.some((re) => re.test(s)))
      .map((s) => `${relative(ROOT, file)} imports ${s}`),
  );
}

describe("architecture boundaries", () => {
  test("routes import no database, signing, crypto or PDF library", () => {
    expect(violations("app/routes", ROUTE_FORBIDDEN)).toEqual([]);
  });

  test("signing/ imports neither the app, Remix, React nor the database", () => {
    expect(violations("signing", [...LIBRARY_FORBIDDEN, /^#db\//, /^drizzle-orm/, /^better-sqlite3/])).toEqual([]);
  });

  test("documents/ imports neither the app, Remix, React nor the database", () => {
    expect(violations("documents", [...LIBRARY_FORBIDDEN, /^#db\//, /^drizzle-orm/, /^better-sqlite3/])).toEqual([]);
  });

  test("edxml/ imports neither the app, Remix, React nor the database", () => {
    expect(violations("edxml", [...LIBRARY_FORBIDDEN, /^#db\//, /^#signing\//, /^drizzle-orm/, /^better-sqlite3/])).toEqual([]);
  });

  test("db/ imports neither the app, Remix nor React", () => {
    expect(violations("db", LIBRARY_FORBIDDEN)).toEqual([]);
  });

  test("no module imports the throwing `remix` stub package", () => {
    const all = ["app", "db", "documents", "signing", "edxml", "scripts"].flatMap((d) => violations(d, [/^remix$/]));
    expect(all).toEqual([]);
  });

  test("the scanner itself catches a forbidden import", () => {
    // Guards against a regex that silently matches nothing.
    const fake = 'import { db } from "#db/client";\nimport x from "drizzle-orm";';
    const pattern = /(?:import|export)\s[^'"]*?from\s*["']([^"']+)["']/gm;
    const found = [...fake.matchAll(pattern)].map((m) => m[1]);
    expect(found.filter((s) => ROUTE_FORBIDDEN.some((re) => re.test(s)))).toEqual(["#db/client", "drizzle-orm"]);
  });

  test("process.env is read only in app/env.server.ts within app/", () => {
    const offenders = sourceFiles(join(ROOT, "app"))
      .filter((f) => !f.endsWith(join("app", "env.server.ts")))
      .filter((f) => /process\.env/.test(readFileSync(f, "utf8")))
      .map((f) => relative(ROOT, f));
    expect(offenders).toEqual([]);
  });
});
