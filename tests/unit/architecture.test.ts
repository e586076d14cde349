import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { type ImportGraph, importsOfSource, scanImports } from "../../scripts/lib/imports";

// The house rules (DESIGN.md §2, issue 11): dependencies point one way, and this test enforces them over the
// import graph that scripts/lib/imports.ts reads with the TypeScript compiler (static, re-export, dynamic
// import() and require()). Each rule is a pure function of a graph; the last block feeds each rule a fake
// graph with one violation, so a rule that silently matches nothing fails here.
//
//  1. A feature uses another feature only through its public `index` (app/features/<x>/index.ts). The rule is
//     strict for every feature that has an index; for a feature without one yet, the imports that would break
//     it are listed (console) so whoever adds the index sees what to route through it.
//  2. documents/, signing/ and edxml/ are libraries: they never import app/ or db/ (nor Remix/React).
//  3. Components render; they never import services: no *.server module, nothing from app/features/
//     (type-only imports are erased at build time and allowed).
//  4. Routes never import other routes (shared code goes to a component, a feature or app/utils).
//  5. app/domain is pure rules: nothing from app/features, app/platform, app/db.server or db/.
//  6. Routes are HTTP adapters: no database, signing, crypto or PDF library.
//  7. Only the request guards (app/platform/auth/auth.server.ts) and the server boot take the process's database
//     from app/db.server; services receive it in their ServiceContext, CLI commands from their CliContext.

const ROOT = process.cwd();
const FOLDERS = ["app", "db", "documents", "signing", "edxml", "scripts"];

type Violation = string;

const featureOf = (path: string): string | null => /^app\/features\/([^/]+)\//.exec(path)?.[1] ?? null;

function describeImport(file: string, imp: { specifier: string; line: number }): string {
  return `${file}:${imp.line} imports ${imp.specifier}`;
}

/** Rule 1. `strict`: breaks the rule for a feature that has an index; `pending`: target feature has none yet. */
function featureBoundaryViolations(graph: ImportGraph): { strict: Violation[]; pending: Violation[] } {
  const withIndex = new Set<string>();
  for (const file of graph.keys()) {
    const match = /^app\/features\/([^/]+)\/index\.tsx?$/.exec(file);
    if (match) withIndex.add(match[1]);
  }
  const strict: Violation[] = [];
  const pending: Violation[] = [];
  for (const [file, imports] of graph) {
    const from = featureOf(file);
    if (!from) continue;
    for (const imp of imports) {
      if (!imp.target) continue;
      const to = featureOf(`${imp.target}/`) ?? featureOf(imp.target);
      if (!to || to === from) continue;
      if (imp.target === `app/features/${to}/index` || imp.target === `app/features/${to}`) continue;
      (withIndex.has(to) ? strict : pending).push(describeImport(file, imp));
    }
  }
  return { strict, pending };
}

function violationsWhere(
  graph: ImportGraph,
  fileMatches: (file: string) => boolean,
  forbidden: (imp: { specifier: string; target: string | null; typeOnly: boolean }, file: string) => boolean,
): Violation[] {
  const out: Violation[] = [];
  for (const [file, imports] of graph) {
    if (!fileMatches(file)) continue;
    for (const imp of imports) if (forbidden(imp, file)) out.push(describeImport(file, imp));
  }
  return out;
}

const UI_FRAMEWORK = [/^@remix-run\//, /^react(-dom)?(\/|$)/, /^remix$/];

/** Rule 2. */
function libraryViolations(graph: ImportGraph): Violation[] {
  return violationsWhere(
    graph,
    (f) => /^(documents|signing|edxml)\//.test(f),
    (imp) => (imp.target !== null && /^(app|db)\//.test(imp.target)) || UI_FRAMEWORK.some((re) => re.test(imp.specifier)),
  );
}

const isServerModule = (target: string) => /\.server$/.test(target) || target.includes(".server/");

/** Rule 3. */
function componentViolations(graph: ImportGraph): Violation[] {
  return violationsWhere(
    graph,
    (f) => f.startsWith("app/components/"),
    (imp) => !imp.typeOnly && imp.target !== null && (isServerModule(imp.target) || imp.target.startsWith("app/features/")),
  );
}

/** Rule 4. */
function routeToRouteViolations(graph: ImportGraph): Violation[] {
  return violationsWhere(
    graph,
    (f) => f.startsWith("app/routes/"),
    (imp) => imp.target?.startsWith("app/routes/") ?? false,
  );
}

/** Rule 5. */
function domainViolations(graph: ImportGraph): Violation[] {
  return violationsWhere(
    graph,
    (f) => f.startsWith("app/domain/"),
    (imp) => imp.target !== null && /^(app\/features\/|app\/platform\/|app\/db\.server$|db\/)/.test(imp.target),
  );
}

const ROUTE_FORBIDDEN = [
  /^drizzle-orm/,
  /^better-sqlite3/,
  /^node-forge/,
  /^pdfjs-dist/,
  /^#db\//,
  /^#documents\//,
  /^#signing\//,
  /^#edxml\//,
  /^xml-crypto/,
  /^@xmldom\//,
  /^remix$/,
  /^pdf-lib/,
];

/** Rule 6. */
function routeLibraryViolations(graph: ImportGraph): Violation[] {
  return violationsWhere(
    graph,
    (f) => f.startsWith("app/routes/"),
    (imp) => ROUTE_FORBIDDEN.some((re) => re.test(imp.specifier)),
  );
}

/**
 * Issue 11: route files that still import another route, owned by the helpers restructuring those areas
 * (SnapshotTable now lives in app/components/plans/snapshot-table.tsx; OUTGOING_PERMISSIONS belongs in the
 * outgoing feature). The lead empties this list after merging; it may only shrink.
 */
const ROUTE_IMPORTS_BEING_MOVED: string[] = [];

/** The edges that may take the process's database from app/db.server (everything else receives a ServiceContext). */
const DATABASE_EDGES = ["app/platform/auth/auth.server.ts", "app/platform/bootstrap.server.ts"];

/** Rule 7. A value import of app/db.server (getDb, appServices) outside the edges; type imports are fine. */
function globalDatabaseViolations(graph: ImportGraph): Violation[] {
  return violationsWhere(
    graph,
    (f) => !DATABASE_EDGES.includes(f) && f !== "app/db.server.ts",
    (imp) => !imp.typeOnly && imp.target === "app/db.server",
  );
}

function explain(rule: string, violations: Violation[]): string {
  return violations.length === 0 ? "" : `${rule}: ${violations.length} violation(s)\n  ${violations.join("\n  ")}`;
}

describe("architecture: the house rules over the real import graph", () => {
  const graph = scanImports(ROOT, FOLDERS);

  test("the scanner read the tree (guards against an empty graph passing every rule)", () => {
    expect(graph.size).toBeGreaterThan(200);
    const routeImports = [...graph].filter(([f]) => f.startsWith("app/routes/")).flatMap(([, i]) => i);
    expect(routeImports.length).toBeGreaterThan(100);
  });

  test("1. features import other features only through their public index", () => {
    const { strict, pending } = featureBoundaryViolations(graph);
    if (pending.length > 0) {
      console.info(
        `${pending.length} cross-feature import(s) into features without an index.ts yet; they become violations once the index exists:\n  ${pending.join("\n  ")}`,
      );
    }
    expect(explain("a feature reaches into another feature's internals (import its index instead)", strict)).toBe("");
  });

  test("2. documents/, signing/ and edxml/ import neither app/, db/, Remix nor React", () => {
    expect(explain("library imports the app", libraryViolations(graph))).toBe("");
  });

  test("3. components import no service (*.server, features)", () => {
    expect(explain("component imports a service", componentViolations(graph))).toBe("");
  });

  test("4. routes never import routes", () => {
    const offenders = routeToRouteViolations(graph).filter((v) => !ROUTE_IMPORTS_BEING_MOVED.some((file) => v.startsWith(`${file}:`)));
    expect(explain("route imports a route", offenders)).toBe("");
  });

  test("4. the allow-list of route-to-route imports only shrinks (remove a file once it is clean)", () => {
    const stillOffending = new Set(routeToRouteViolations(graph).map((v) => v.slice(0, v.indexOf(":"))));
    expect(ROUTE_IMPORTS_BEING_MOVED.filter((file) => !stillOffending.has(file))).toEqual([]);
  });

  test("5. app/domain imports nothing from features, platform or the database", () => {
    expect(explain("domain imports an impure module", domainViolations(graph))).toBe("");
  });

  test("6. routes import no database, signing, crypto or PDF library", () => {
    expect(explain("route imports a library", routeLibraryViolations(graph))).toBe("");
  });

  test("7. only the request guards and the server boot take the database from app/db.server", () => {
    expect(explain("module reaches for the global database (take a ServiceContext instead)", globalDatabaseViolations(graph))).toBe("");
  });

  test("db/ imports neither the app, Remix nor React", () => {
    const offenders = violationsWhere(
      graph,
      (f) => f.startsWith("db/"),
      (imp) => (imp.target?.startsWith("app/") ?? false) || UI_FRAMEWORK.some((re) => re.test(imp.specifier)),
    );
    expect(explain("db imports the app", offenders)).toBe("");
  });

  test("no module imports the throwing `remix` stub package", () => {
    expect(
      violationsWhere(
        graph,
        () => true,
        (imp) => imp.specifier === "remix",
      ),
    ).toEqual([]);
  });

  test("process.env is read only in app/env.server.ts within app/", () => {
    const offenders = [...graph.keys()]
      .filter((f) => f.startsWith("app/") && f !== "app/env.server.ts")
      .filter((f) => /process\.env/.test(readFileSync(join(ROOT, f), "utf8")));
    expect(offenders).toEqual([]);
  });
});

describe("architecture: each rule catches a violation in a fake graph", () => {
  /** A graph from { file: source text }, read by the same scanner as the real tree. */
  const fake = (modules: Record<string, string>): ImportGraph => new Map(Object.entries(modules).map(([file, text]) => [file, importsOfSource(file, text)]));

  test("the scanner sees static, multi-line, re-export, type-only, dynamic and require imports, not strings", () => {
    const imports = importsOfSource(
      "app/features/a/x.server.ts",
      [
        'import {\n  one,\n  two,\n} from "#app/features/b/y.server";',
        'export * from "../c/z.server";',
        'import type { T } from "#db/schema";',
        'const lazy = await import("#signing/pades");',
        'const old = require("node:fs");',
        'const text = "import x from \\"#app/not-an-import\\"";',
        '// import y from "#app/comment";',
      ].join("\n"),
    );
    expect(imports.map((i) => [i.target ?? i.specifier, i.kind, i.typeOnly])).toEqual([
      ["app/features/b/y.server", "import", false],
      ["app/features/c/z.server", "export", false],
      ["db/schema", "import", true],
      ["signing/pades", "dynamic", false],
      ["node:fs", "require", false],
    ]);
  });

  test("rule 1: strict once the target feature has an index, pending before", () => {
    const before = fake({
      "app/features/a/x.server.ts": 'import { y } from "#app/features/b/y.server";\nimport { z } from "../a/z.server";',
      "app/features/b/y.server.ts": "export const y = 1;",
    });
    expect(featureBoundaryViolations(before)).toEqual({ strict: [], pending: ["app/features/a/x.server.ts:1 imports #app/features/b/y.server"] });
    const after = fake({
      "app/features/a/x.server.ts": 'import { y } from "#app/features/b/y.server";\nconst m = await import("../b/index");',
      "app/features/b/index.ts": 'export { y } from "./y.server";',
      "app/features/b/y.server.ts": "export const y = 1;",
    });
    expect(featureBoundaryViolations(after)).toEqual({ strict: ["app/features/a/x.server.ts:1 imports #app/features/b/y.server"], pending: [] });
  });

  test("rule 2: a library importing the app (alias or relative) or db", () => {
    const graph = fake({
      "signing/a.ts": 'import { x } from "#app/utils/errors";',
      "documents/b.ts": 'import { y } from "../db/schema";',
      "edxml/c.ts": 'import { z } from "./local";',
    });
    expect(libraryViolations(graph)).toEqual(["signing/a.ts:1 imports #app/utils/errors", "documents/b.ts:1 imports ../db/schema"]);
  });

  test("rule 3: a component importing a service; a type-only import is fine", () => {
    const graph = fake({
      "app/components/ui/a.tsx": 'import { list } from "#app/platform/users.server";',
      "app/components/ui/b.tsx": 'import { f } from "#app/features/home/index";',
      "app/components/ui/c.tsx": 'import type { Row } from "#app/platform/users.server";\nimport { cx } from "#app/utils/url";',
    });
    expect(componentViolations(graph)).toEqual([
      "app/components/ui/a.tsx:1 imports #app/platform/users.server",
      "app/components/ui/b.tsx:1 imports #app/features/home/index",
    ]);
  });

  test("rule 4: a route importing a route", () => {
    const graph = fake({ "app/routes/a.tsx": 'import { loader } from "./b";', "app/routes/b.tsx": "" });
    expect(routeToRouteViolations(graph)).toEqual(["app/routes/a.tsx:1 imports ./b"]);
  });

  test("rule 5: domain importing platform, features or the database", () => {
    const graph = fake({
      "app/domain/shared/a.ts": 'import { audit } from "#app/platform/audit.server";\nimport type { Db } from "#db/client";\nimport { t } from "./text";',
      "app/domain/plans/b.ts": 'import { getDb } from "../../db.server";',
    });
    expect(domainViolations(graph)).toEqual([
      "app/domain/shared/a.ts:1 imports #app/platform/audit.server",
      "app/domain/shared/a.ts:2 imports #db/client",
      "app/domain/plans/b.ts:1 imports ../../db.server",
    ]);
  });

  test("rule 7: a service importing getDb; a type import and the guards are fine", () => {
    const graph = fake({
      "app/features/a/x.server.ts": 'import { getDb } from "#app/db.server";',
      "app/platform/health.server.ts": 'import type { AppServices } from "#app/db.server";',
      "app/platform/auth/auth.server.ts": 'import { appServices } from "#app/db.server";',
      "scripts/cli-db.ts": 'import { appServices } from "../app/db.server";',
    });
    expect(globalDatabaseViolations(graph)).toEqual(["app/features/a/x.server.ts:1 imports #app/db.server", "scripts/cli-db.ts:1 imports ../app/db.server"]);
  });

  test("rule 6: a route importing drizzle", () => {
    const graph = fake({ "app/routes/a.tsx": 'import { eq } from "drizzle-orm";' });
    expect(routeLibraryViolations(graph)).toEqual(["app/routes/a.tsx:1 imports drizzle-orm"]);
  });
});
