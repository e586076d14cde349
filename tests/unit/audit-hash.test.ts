import { describe, expect, test } from "vitest";
import { computeAuditHash, GENESIS_HASH } from "#app/platform/audit.server";

const base = {
  at: 1_750_000_000_000,
  actorId: 3,
  organizationId: 1,
  action: "incoming.register",
  entityType: "incoming_document",
  entityId: "42",
  fromState: null,
  toState: "registered",
  comment: null,
  detail: null,
  ipAddress: "127.0.0.1",
};

describe("audit hash chain", () => {
  test("hash is SHA-256 hex over the previous hash and the canonical content", () => {
    const h = computeAuditHash(GENESIS_HASH, base);
    expect(h).toMatch(/^[0-9a-f]{64}$/);
    expect(computeAuditHash(GENESIS_HASH, { ...base })).toBe(h);
  });

  test("any change of content or predecessor changes the hash", () => {
    const h = computeAuditHash(GENESIS_HASH, base);
    expect(computeAuditHash(GENESIS_HASH, { ...base, toState: "returned" })).not.toBe(h);
    expect(computeAuditHash(GENESIS_HASH, { ...base, at: base.at + 1 })).not.toBe(h);
    expect(computeAuditHash(GENESIS_HASH, { ...base, comment: "" })).not.toBe(h);
    expect(computeAuditHash("1".repeat(64), base)).not.toBe(h);
  });

  test("key order of the input does not matter (canonical form)", () => {
    const reversed = Object.fromEntries(Object.entries(base).reverse()) as typeof base;
    expect(computeAuditHash(GENESIS_HASH, reversed)).toBe(computeAuditHash(GENESIS_HASH, base));
  });
});
