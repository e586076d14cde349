import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, test } from "vitest";
import { incomingBoxesFor } from "#app/domain/incoming/incoming";
import { correctedFields } from "#app/domain/incoming/trail";
import { parseIdParam } from "#app/utils/params";

// Issue 11: the incoming feature is reached through its index only, its files stay small, and ids are
// parsed one way.

const ROOT = process.cwd();

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) return entry === "node_modules" || entry.startsWith(".") ? [] : sourceFiles(path);
    return /\.(ts|tsx)$/.test(entry) ? [path] : [];
  });
}

const lines = (file: string) => readFileSync(file, "utf8").split("\n").length;

describe("incoming feature structure", () => {
  test("outside app/features/incoming, code imports the feature only through its index", () => {
    const offenders = ["app", "scripts", "tests"].flatMap((folder) =>
      sourceFiles(join(ROOT, folder))
        .filter((file) => !file.startsWith(join(ROOT, "app/features/incoming/")))
        .flatMap((file) =>
          [...readFileSync(file, "utf8").matchAll(/["']#app\/features\/incoming\/([^"']+)["']/g)]
            .filter((m) => m[1] !== "index")
            .map((m) => `${relative(ROOT, file)} imports #app/features/incoming/${m[1]}`),
        ),
    );
    expect(offenders).toEqual([]);
  });

  test("service files stay under 400 lines and incoming route modules under 250", () => {
    const services = sourceFiles(join(ROOT, "app/features/incoming")).filter((f) => lines(f) > 400);
    const routes = readdirSync(join(ROOT, "app/routes"))
      .filter((f) => f.startsWith("incoming."))
      .map((f) => join(ROOT, "app/routes", f))
      .filter((f) => lines(f) > 250);
    expect([...services, ...routes].map((f) => relative(ROOT, f))).toEqual([]);
  });
});

describe("parseIdParam", () => {
  test("a positive decimal integer is the id", () => {
    expect(parseIdParam({ documentId: "12" }, "documentId")).toBe(12);
    expect(parseIdParam({ documentId: "9007199254740991" }, "documentId")).toBe(9007199254740991);
  });

  test.each(["", "0", "-1", "1.5", "1e3", "0x10", " 7", "12abc", "007", "9007199254740993"])("%j is a 404", async (raw) => {
    let thrown: unknown;
    try {
      parseIdParam({ documentId: raw }, "documentId", "văn bản đến");
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(Response);
    expect((thrown as Response).status).toBe(404);
    expect(await (thrown as Response).text()).toBe("Không tìm thấy văn bản đến.");
  });

  test("a missing parameter is a 404", () => {
    expect(() => parseIdParam({}, "documentId")).toThrow(Response);
  });
});

describe("incoming boxes and trail labels", () => {
  test("each role starts from its own queue; everyone has the full list last", () => {
    expect(incomingBoxesFor(["handle:incoming"])).toEqual(["inbox", "all"]);
    expect(incomingBoxesFor(["register:incoming", "view:register"])).toEqual(["registration", "returned", "all"]);
    expect(incomingBoxesFor(["route:incoming", "handle:incoming"])).toEqual(["inbox", "routing", "direction", "returned", "all"]);
    expect(incomingBoxesFor(["direct:incoming", "handle:incoming"])).toEqual(["inbox", "direction", "all"]);
    expect(incomingBoxesFor(["view:incoming:all"])).toEqual(["all"]);
  });

  test("a correction names the changed fields as the form labels them", () => {
    expect(correctedFields({ before: {}, after: { summary: "x", signerName: "y" } })).toBe("Đã sửa: trích yếu, người ký");
    expect(correctedFields({ after: {} })).toBeNull();
    expect(correctedFields(null)).toBeNull();
  });
});
