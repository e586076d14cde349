// The package patches of ADR 0014 (patches/, applied by postinstall) change what the server's CommonJS builds do
// per request, never what they answer. The browser's ESM build of @remix-run/router is not patched, so it is the
// reference the patched matchRoutes is compared with.
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";

const require = createRequire(import.meta.url);
type Match = { params: Record<string, string | undefined>; pathname: string; pathnameBase: string; route: { id: string } };
type MatchRoutes = (routes: unknown[], location: string, basename?: string) => Match[] | null;
const patched = require("@remix-run/router") as {
  matchRoutes: MatchRoutes;
  json: (data: unknown, init?: ResponseInit) => Response;
  createStaticHandler: (routes: unknown[]) => { query: (request: Request) => Promise<{ loaderData: Record<string, unknown> } | Response> };
};
const data = require("@remix-run/server-runtime/dist/data.js") as {
  callRouteLoader: (args: {
    loader: (a: { request: Request }) => unknown;
    request: Request;
    params: object;
    loadContext: unknown;
    routeId: string;
    singleFetch: boolean;
  }) => Promise<unknown>;
};

async function reference(): Promise<MatchRoutes> {
  const esm = path.join(path.dirname(require.resolve("@remix-run/router")), "router.js");
  return ((await import(pathToFileURL(esm).href)) as { matchRoutes: MatchRoutes }).matchRoutes;
}

// The shapes the app's routes have: index routes, pathless layouts, dynamic segments, optional and splat routes.
const routes = [
  {
    id: "root",
    path: "",
    children: [
      { id: "routes/_index", index: true },
      { id: "routes/incoming._index", path: "incoming", index: true },
      { id: "routes/incoming.$documentId", path: "incoming/:documentId" },
      { id: "routes/incoming.routing", path: "incoming/routing" },
      { id: "routes/outgoing.$documentId_.edit", path: "outgoing/:documentId/edit" },
      {
        id: "routes/plans.$planId",
        path: "plans/:planId",
        children: [
          { id: "routes/plans.$planId._index", index: true },
          { id: "routes/plans.$planId.kpis", path: "kpis" },
        ],
      },
      { id: "routes/reports.$snapshotId.$format", path: "reports/:snapshotId/:format?" },
      { id: "routes/$", path: "*" },
    ],
  },
];

const paths = [
  "/",
  "/incoming",
  "/incoming/",
  "/incoming/12",
  "/incoming/routing",
  "/INCOMING/Routing",
  "/outgoing/7/edit",
  "/plans/3",
  "/plans/3/kpis",
  "/reports/5",
  "/reports/5/xlsx",
  "/tasks/1/x",
  "/incoming/%C4%91%E1%BA%BFn",
  "/nowhere/at/all",
];

describe("patched matchRoutes (per-pathname cache)", () => {
  it("answers as the unpatched build, on the first and on later calls", async () => {
    const unpatched = await reference();
    for (let round = 0; round < 3; round++)
      for (const p of paths) {
        const expected = unpatched(routes, p);
        const got = patched.matchRoutes(routes, p);
        expect(got === null ? null : got.map((m) => ({ id: m.route.id, params: m.params, pathname: m.pathname, base: m.pathnameBase }))).toEqual(
          expected === null ? null : expected.map((m) => ({ id: m.route.id, params: m.params, pathname: m.pathname, base: m.pathnameBase })),
        );
      }
  });

  it("gives each caller its own matches: a change to one answer does not reach the next", () => {
    const first = patched.matchRoutes(routes, "/incoming/41");
    expect(first?.at(-1)?.params.documentId).toBe("41");
    if (!first) throw new Error("no match");
    first[1].params.documentId = "changed";
    first.pop();
    const second = patched.matchRoutes(routes, "/incoming/41");
    expect(second?.map((m) => m.route.id)).toEqual(["root", "routes/incoming.$documentId"]);
    expect(second?.[1].params.documentId).toBe("41");
    // As unpatched: the matches of one answer share their params object.
    expect(second?.[0].params).toBe(second?.[1].params);
  });

  it("keeps a separate answer per routes array and per basename-stripped pathname", () => {
    const other = [{ id: "only", path: "incoming/:id" }];
    expect(patched.matchRoutes(other, "/incoming/5")?.map((m) => m.route.id)).toEqual(["only"]);
    expect(patched.matchRoutes(routes, "/incoming/5")?.map((m) => m.route.id)).toEqual(["root", "routes/incoming.$documentId"]);
    expect(patched.matchRoutes(routes, "/app/incoming/5", "/app")?.map((m) => m.pathname)).toEqual(["/", "/incoming/5"]);
    expect(patched.matchRoutes(routes, "/other/incoming/5", "/app")).toBeNull();
  });
});

describe("patched loader request (no copy without a Remix parameter)", () => {
  const seen = async (url: string) => {
    const request = new Request(url);
    let received: Request | undefined;
    await data.callRouteLoader({
      loader: ({ request: r }) => {
        received = r;
        return null;
      },
      request,
      params: {},
      loadContext: {},
      routeId: "routes/x",
      singleFetch: false,
    });
    if (!received) throw new Error("the loader was not called");
    return { request, received };
  };

  it("passes the request on as it is when the URL has no index or _data parameter", async () => {
    for (const url of ["http://x/incoming", "http://x/incoming?box=all&page=2", "http://x/incoming?indexed=1#index"]) {
      const { request, received } = await seen(url);
      expect(received).toBe(request);
    }
  });

  it("still strips them when they are there", async () => {
    expect((await seen("http://x/plans?index&y=1")).received.url).toBe("http://x/plans?y=1");
    expect((await seen("http://x/plans?index=keep")).received.url).toBe("http://x/plans?index=keep");
    expect((await seen("http://x/incoming?_data=routes%2Fincoming&box=all")).received.url).toBe("http://x/incoming?box=all");
  });
});

describe("patched loader data (json() parsed from its text, not its body stream)", () => {
  it("gives the page the same data as a JSON round trip, without reading the body", async () => {
    const data = { when: new Date(Date.UTC(2026, 11, 7)), nested: [{ a: 1, gone: undefined }], text: "Văn bản đến" };
    let made: Response | undefined;
    const handler = patched.createStaticHandler([
      {
        id: "root",
        path: "/",
        loader: () => {
          made = patched.json(data, { headers: { "X-Test": "1" } });
          return made;
        },
      },
    ]);
    const context = await handler.query(new Request("http://x/"));
    if (context instanceof Response) throw new Error("unexpected response");
    expect(context.loaderData.root).toEqual(JSON.parse(JSON.stringify(data)));
    expect(made?.bodyUsed).toBe(false);
  });

  it("still reads a response whose body another party consumed or made", async () => {
    const handler = patched.createStaticHandler([
      { id: "a", path: "/a", loader: () => new Response(JSON.stringify({ own: true }), { headers: { "Content-Type": "application/json" } }) },
      { id: "b", path: "/b", loader: () => patched.json(undefined) },
    ]);
    const a = await handler.query(new Request("http://x/a"));
    const b = await handler.query(new Request("http://x/b"));
    if (a instanceof Response || b instanceof Response) throw new Error("unexpected response");
    expect(a.loaderData.a).toEqual({ own: true });
    expect(b.loaderData.b).toBeNull();
  });
});
