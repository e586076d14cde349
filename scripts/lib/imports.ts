// The import graph of the repository, read with the TypeScript compiler (not a regular expression, which
// misses multi-line imports, `export * from`, `import type` and dynamic `import()`, and matches text inside
// strings and comments). tests/unit/architecture.test.ts states the house rules over this graph; the rules
// are pure functions of a graph, so a test can feed them a fake one and prove each rule bites.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, posix, sep } from "node:path";
import ts from "typescript";

export type ImportKind = "import" | "export" | "dynamic" | "require" | "side-effect";

export type ModuleImport = {
  /** The specifier as written: "#app/platform/audit.server", "./x", "drizzle-orm". */
  specifier: string;
  /**
   * Repository-relative target without extension ("app/platform/audit.server") for our own modules
   * (alias or relative specifier), null for packages and node: builtins.
   */
  target: string | null;
  kind: ImportKind;
  /** `import type …` / `export type … from`, or every named binding type-only: erased at build time. */
  typeOnly: boolean;
  line: number;
};

/** Repository-relative path (posix separators, with extension) → what the module imports. */
export type ImportGraph = Map<string, ModuleImport[]>;

const ALIASES: Record<string, string> = {
  "#app/": "app/",
  "#db/": "db/",
  "#documents/": "documents/",
  "#edxml/": "edxml/",
  "#signing/": "signing/",
  "#tests/": "tests/",
};

const SOURCE = /\.(ts|tsx|js|jsx|mjs|cjs)$/;

/** "app/x/y.server.ts" → "app/x/y.server"; keeps ".server", strips the language extension. */
export function stripExtension(path: string): string {
  return path.replace(SOURCE, "");
}

/** Resolves a specifier written in `fromFile` (repository-relative) to a repository-relative target. */
export function resolveSpecifier(fromFile: string, specifier: string): string | null {
  for (const [alias, folder] of Object.entries(ALIASES)) {
    if (specifier.startsWith(alias)) return stripExtension(folder + specifier.slice(alias.length));
  }
  if (specifier.startsWith("./") || specifier.startsWith("../")) {
    return stripExtension(posix.normalize(posix.join(posix.dirname(fromFile), specifier)));
  }
  return null;
}

function lineOf(source: ts.SourceFile, node: ts.Node): number {
  return source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
}

/** Every import specifier of one module's text: static, re-export, dynamic `import()` and `require()`. */
export function importsOfSource(fileName: string, text: string): ModuleImport[] {
  const kind = fileName.endsWith("x") ? ts.ScriptKind.TSX : fileName.endsWith(".js") || fileName.endsWith(".mjs") ? ts.ScriptKind.JS : ts.ScriptKind.TS;
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, kind);
  const out: ModuleImport[] = [];
  const add = (specifier: string, node: ts.Node, importKind: ImportKind, typeOnly: boolean) =>
    out.push({ specifier, target: resolveSpecifier(fileName, specifier), kind: importKind, typeOnly, line: lineOf(source, node) });

  const visit = (node: ts.Node) => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.importClause;
      let typeOnly = false;
      if (clause) {
        const bindings = clause.namedBindings;
        typeOnly =
          clause.isTypeOnly ||
          (!clause.name && !!bindings && ts.isNamedImports(bindings) && bindings.elements.length > 0 && bindings.elements.every((e) => e.isTypeOnly));
      }
      add(node.moduleSpecifier.text, node, clause ? "import" : "side-effect", typeOnly);
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      add(node.moduleSpecifier.text, node, "export", node.isTypeOnly);
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      const expression = node.moduleReference.expression;
      if (ts.isStringLiteral(expression)) add(expression.text, node, "require", node.isTypeOnly);
    } else if (ts.isCallExpression(node)) {
      const [first] = node.arguments;
      const literal = first && (ts.isStringLiteral(first) || ts.isNoSubstitutionTemplateLiteral(first)) ? first.text : null;
      if (literal !== null && node.expression.kind === ts.SyntaxKind.ImportKeyword) add(literal, node, "dynamic", false);
      else if (literal !== null && ts.isIdentifier(node.expression) && node.expression.text === "require") add(literal, node, "require", false);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      // `typeof import("…")` in a type position.
      add(node.argument.literal.text, node, "import", true);
    }
    node.forEachChild(visit);
  };
  visit(source);
  return out;
}

function sourceFilesUnder(root: string, dir: string): string[] {
  const out: string[] = [];
  let entries: string[];
  try {
    entries = readdirSync(join(root, dir));
  } catch {
    return out;
  }
  for (const entry of entries) {
    if (entry === "node_modules" || entry === "build" || entry.startsWith(".")) continue;
    const path = join(dir, entry);
    if (statSync(join(root, path)).isDirectory()) out.push(...sourceFilesUnder(root, path));
    else if (SOURCE.test(entry) && !entry.endsWith(".d.ts")) out.push(path.split(sep).join("/"));
  }
  return out;
}

/** Scans the given top-level folders of `root` (repository root) into an import graph. */
export function scanImports(root: string, folders: string[]): ImportGraph {
  const graph: ImportGraph = new Map();
  for (const folder of folders) {
    for (const file of sourceFilesUnder(root, folder)) {
      graph.set(file, importsOfSource(file, readFileSync(join(root, file), "utf8")));
    }
  }
  return graph;
}
