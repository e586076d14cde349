import { renderToString } from "react-dom/server";
import { createElement } from "react";
import { describe, expect, test } from "vitest";
import { withQuery } from "#app/utils/url";
import { PdfViewer } from "#app/components/ui/pdf-viewer";

describe("withQuery", () => {
  test("adds to a URL that already has a query with &, never a second ?", () => {
    expect(withQuery("/resources/outgoing/7/file?kind=current", { download: 1 })).toBe("/resources/outgoing/7/file?kind=current&download=1");
  });
  test("adds to a bare path with ?", () => {
    expect(withQuery("/resources/incoming/3/file", { download: 1 })).toBe("/resources/incoming/3/file?download=1");
  });
  test("leaves out null and undefined, replaces an existing value, keeps the fragment, encodes", () => {
    expect(withQuery("/f?kind=revision&n=2#p", { n: undefined, kind: "signed", q: "a&b c" })).toBe("/f?kind=signed&q=a%26b+c#p");
    expect(withQuery("/f", { kind: "revision", n: 0 })).toBe("/f?kind=revision&n=0");
  });
});

describe("PdfViewer", () => {
  test("the download link of a URL with a query is well formed (the outgoing page's dead link)", () => {
    const html = renderToString(createElement(PdfViewer, { url: "/resources/outgoing/7/file?kind=current", title: "Văn bản" }));
    const hrefs = [...html.matchAll(/href="([^"]+)"/g)].map((m) => m[1].replace(/&amp;/g, "&"));
    expect(hrefs).toEqual(["/resources/outgoing/7/file?kind=current&download=1"]);
  });
});
