import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import ts from "typescript";
import { describe, expect, test } from "vitest";

// Remix empties every *.server module in the browser bundle and drops loader, action and headers
// (and whatever only they use). A value imported from a *.server module and reached from the
// component, meta or ErrorBoundary is therefore `undefined` in the browser: the page renders on the
// server, then crashes at hydration (issue 9: KPI_DIRECTION_LABELS → "Đã xảy ra lỗi" on /plans/:id/kpis).
// This test computes, per route, the top-level declarations reachable from the browser exports and
// refuses any server import among them.

const ROUTES = join(process.cwd(), "app/routes");
const SERVER_ONLY_EXPORTS = new Set(["loader", "action", "headers"]);

type TopLevel = { name: string; node: ts.Node };

function isServerSpecifier(spec: string): boolean {
  // A feature's public index (app/features/<name>/index.ts) re-exports its *.server modules only.
  if (/^#app\/features\/[^/]+\/index$/.test(spec)) return true;
  return /\.server(\.[tj]sx?)?$/.test(spec) || spec.includes(".server/");
}

/** A name that refers to a binding, not `x.name`, `{ name: … }` or `<Form action=…>`. */
function isReference(id: ts.Identifier): boolean {
  const p = id.parent;
  if ((ts.isPropertyAccessExpression(p) || ts.isQualifiedName(p)) && (p as ts.PropertyAccessExpression).name === id) return false;
  if ((ts.isPropertyAssignment(p) || ts.isMethodDeclaration(p) || ts.isPropertyDeclaration(p) || ts.isJsxAttribute(p)) && p.name === id) return false;
  if (ts.isBindingElement(p) && p.propertyName === id) return false;
  return true;
}

function identifiersIn(node: ts.Node, out = new Set<string>()): Set<string> {
  const visit = (n: ts.Node) => {
    if (ts.isIdentifier(n) && isReference(n)) out.add(n.text);
    // Type positions never reach the bundle.
    if (ts.isTypeNode(n) || ts.isTypeAliasDeclaration(n) || ts.isInterfaceDeclaration(n)) return;
    n.forEachChild(visit);
  };
  visit(node);
  return out;
}

function serverValuesReachedByBrowser(fileName: string, text: string): string[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, fileName.endsWith("x") ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const serverImports = new Map<string, string>();
  const declarations: TopLevel[] = [];
  const roots: ts.Node[] = [];
  for (const statement of source.statements) {
    if (ts.isImportDeclaration(statement)) {
      const spec = (statement.moduleSpecifier as ts.StringLiteral).text;
      const clause = statement.importClause;
      if (!clause || clause.isTypeOnly || !isServerSpecifier(spec)) continue;
      if (clause.name) serverImports.set(clause.name.text, spec);
      const bindings = clause.namedBindings;
      if (bindings && ts.isNamedImports(bindings)) {
        for (const element of bindings.elements) if (!element.isTypeOnly) serverImports.set(element.name.text, spec);
      } else if (bindings && ts.isNamespaceImport(bindings)) serverImports.set(bindings.name.text, spec);
      continue;
    }
    const exported = ts.canHaveModifiers(statement) && (ts.getModifiers(statement) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
    const isDefault = ts.canHaveModifiers(statement) && (ts.getModifiers(statement) ?? []).some((m) => m.kind === ts.SyntaxKind.DefaultKeyword);
    const names: string[] = [];
    if ((ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement)) && statement.name) names.push(statement.name.text);
    else if (ts.isVariableStatement(statement)) {
      for (const d of statement.declarationList.declarations) if (ts.isIdentifier(d.name)) names.push(d.name.text);
    } else if (ts.isEnumDeclaration(statement)) names.push(statement.name.text);
    for (const name of names) declarations.push({ name, node: statement });
    if (ts.isExportAssignment(statement)) roots.push(statement);
    else if (exported && (isDefault || names.some((n) => !SERVER_ONLY_EXPORTS.has(n)))) roots.push(statement);
    else if (ts.isExpressionStatement(statement)) roots.push(statement);
    // A top-level constant whose initializer does anything but define a function runs when the module
    // loads in the browser (the bundler keeps calls and property reads): `const Schema = z.object({ label:
    // z.string().max(LIMITS.max) })` with LIMITS from a .server module crashed /admin/trust-anchors.
    else if (
      ts.isVariableStatement(statement) &&
      statement.declarationList.declarations.some((d) => d.initializer && !ts.isArrowFunction(d.initializer) && !ts.isFunctionExpression(d.initializer))
    )
      roots.push(statement);
  }
  const byName = new Map(declarations.map((d) => [d.name, d.node]));
  const seen = new Set<ts.Node>();
  const reached = new Set<string>();
  const queue = [...roots];
  while (queue.length) {
    const node = queue.pop()!;
    if (seen.has(node)) continue;
    seen.add(node);
    for (const id of identifiersIn(node)) {
      if (serverImports.has(id)) reached.add(`${id} (from ${serverImports.get(id)})`);
      const decl = byName.get(id);
      if (decl && !seen.has(decl)) queue.push(decl);
    }
  }
  return [...reached].sort();
}

describe("route modules in the browser bundle", () => {
  test("the detector sees a server constant used by the component (the KPI page defect)", () => {
    const before = `
      import { KPI_DIRECTION_LABELS, listPlanKpis } from "#app/features/plans/kpis.server";
      export async function loader() { return listPlanKpis(); }
      export default function Page() { return <p>{KPI_DIRECTION_LABELS.increase_by}</p>; }`;
    expect(serverValuesReachedByBrowser("x.tsx", before)).toEqual(["KPI_DIRECTION_LABELS (from #app/features/plans/kpis.server)"]);
    const helperOnlyForLoader = `
      import { listPlanKpis } from "#app/features/plans/kpis.server";
      function load(id) { return listPlanKpis(id); }
      export async function loader() { return load(1); }
      export default function Page() { return <form action="/x" method="post"><p title={{ loader: 1 }.loader} /></form>; }`;
    expect(serverValuesReachedByBrowser("x.tsx", helperOnlyForLoader)).toEqual([]);
    const schemaAtModuleLevel = `
      import { LIMITS, save } from "#app/platform/signing/trust-anchors.server";
      const Schema = z.object({ label: z.string().max(LIMITS.maxLabelLength) });
      export async function action() { return save(Schema.parse({})); }
      export default function Page() { return <p />; }`;
    expect(serverValuesReachedByBrowser("x.tsx", schemaAtModuleLevel)).toEqual(["LIMITS (from #app/platform/signing/trust-anchors.server)"]);
  });

  test("no route renders a value imported from a *.server module", () => {
    const offenders: string[] = [];
    for (const entry of readdirSync(ROUTES)) {
      if (!/\.tsx?$/.test(entry)) continue;
      const text = readFileSync(join(ROUTES, entry), "utf8");
      // Resource routes (no component) are never loaded by the browser.
      if (!/^export default /m.test(text)) continue;
      const found = serverValuesReachedByBrowser(entry, text);
      for (const f of found) offenders.push(`${entry}: ${f}`);
    }
    expect(offenders).toEqual([]);
  });
});
