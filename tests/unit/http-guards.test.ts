import { describe, expect, test } from "vitest";
import { clientAddressFrom, crossSiteRefusal, parseTrustedProxyHops, CROSS_SITE_MESSAGE } from "../../scripts/http-guards.js";

describe("client address behind TRUST_PROXY (scripts/start.js)", () => {
  test("without a trusted proxy X-Forwarded-For is ignored", () => {
    expect(clientAddressFrom("203.0.113.9", "1.2.3.4", 0)).toBe("203.0.113.9");
  });

  test("with one proxy the client is the right-most forwarded entry, not what the client wrote on the left", () => {
    // The client sent "X-Forwarded-For: 1.2.3.4"; nginx appended the real peer 198.51.100.7.
    expect(clientAddressFrom("10.0.0.2", "1.2.3.4, 198.51.100.7", 1)).toBe("198.51.100.7");
    expect(clientAddressFrom("10.0.0.2", "198.51.100.7", 1)).toBe("198.51.100.7");
  });

  test("with two proxies the entry left of both is taken", () => {
    expect(clientAddressFrom("10.0.0.3", "9.9.9.9, 198.51.100.7, 10.0.0.2", 2)).toBe("198.51.100.7");
    // A repeated header is one list.
    expect(clientAddressFrom("10.0.0.3", ["9.9.9.9", "198.51.100.7, 10.0.0.2"], 2)).toBe("198.51.100.7");
  });

  test("a request that did not pass all proxies gets the farthest address seen", () => {
    expect(clientAddressFrom("10.0.0.3", undefined, 2)).toBe("10.0.0.3");
  });

  test("TRUST_PROXY is a small number; `1` still means one proxy", () => {
    expect(parseTrustedProxyHops(undefined)).toBe(0);
    expect(parseTrustedProxyHops("1")).toBe(1);
    expect(parseTrustedProxyHops("3")).toBe(3);
    expect(() => parseTrustedProxyHops("true")).toThrow(/TRUST_PROXY/);
    expect(() => parseTrustedProxyHops("99")).toThrow(/TRUST_PROXY/);
  });
});

describe("cross-site refusal before Remix", () => {
  const post = (headers: Record<string, string>) => ({ method: "POST", headers: { host: "vpdt.example:3000", ...headers } });
  test("same origin passes; another site, Origin: null and garbage are refused", () => {
    expect(crossSiteRefusal(post({ origin: "http://vpdt.example:3000" }), 0)).toBeNull();
    expect(crossSiteRefusal(post({ origin: "https://evil.example" }), 0)).toBe(CROSS_SITE_MESSAGE);
    expect(crossSiteRefusal(post({ origin: "null" }), 0)).toBe(CROSS_SITE_MESSAGE);
    expect(crossSiteRefusal(post({ origin: "::::" }), 0)).toBe(CROSS_SITE_MESSAGE);
    expect(crossSiteRefusal(post({ "sec-fetch-site": "cross-site" }), 0)).toBe(CROSS_SITE_MESSAGE);
    expect(crossSiteRefusal({ method: "GET", headers: { origin: "https://evil.example" } }, 0)).toBeNull();
  });

  test("X-Forwarded-Host counts only behind a trusted proxy", () => {
    expect(crossSiteRefusal(post({ origin: "https://evil.example", "x-forwarded-host": "evil.example" }), 0)).toBe(CROSS_SITE_MESSAGE);
    expect(crossSiteRefusal(post({ origin: "https://vpdt.camau.gov.vn", "x-forwarded-host": "vpdt.camau.gov.vn" }), 1)).toBeNull();
  });
});
