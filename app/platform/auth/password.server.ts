import { hash, verify } from "@node-rs/argon2";
import { AuthMessages } from "#app/messages/auth";

// OWASP Password Storage Cheat Sheet: argon2id with m=19 MiB, t=2, p=1 (measured here: ~8 ms per
// verification, reliability.md §0).
const ARGON2_OPTIONS = {
  algorithm: 2 /* Algorithm.Argon2id: a const enum, unusable under isolatedModules */,
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
} as const;

export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 128;

// ASVS 6.2.4 / 6.2.11: refuse the most common and context-specific passwords.
const BLOCKED_PASSWORDS = new Set([
  "12345678",
  "123456789",
  "1234567890",
  "password",
  "password1",
  "matkhau",
  "matkhau1",
  "matkhau123",
  "123456a@",
  "abc12345",
  "qwerty123",
  "11111111",
  "00000000",
  "88888888",
  "ubnd1234",
  "ubndtinh",
  "camau123",
  "camau1234",
  "ubndcamau",
  "admin123",
  "vanthu123",
  "iloveyou",
  "abcd1234",
]);

export async function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2_OPTIONS);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

// A valid hash of a random string: unknown users are verified against it so that the response time
// does not reveal whether the account exists.
let dummyHash: Promise<string> | undefined;
export function getDummyHash(): Promise<string> {
  dummyHash ??= hashPassword(`dummy-${Math.random()}`);
  return dummyHash;
}

/** Returns a Vietnamese message when the new password is not acceptable (ASVS 6.2.1–6.2.11). */
export function checkNewPassword(password: string, context: { username?: string } = {}): string | null {
  if (password.length < PASSWORD_MIN_LENGTH) return AuthMessages.PASSWORD_TOO_SHORT(PASSWORD_MIN_LENGTH);
  if (password.length > PASSWORD_MAX_LENGTH) return AuthMessages.PASSWORD_TOO_LONG(PASSWORD_MAX_LENGTH);
  const lower = password.toLowerCase();
  if (BLOCKED_PASSWORDS.has(lower)) return AuthMessages.PASSWORD_TOO_COMMON;
  if (context.username && lower.includes(context.username.toLowerCase())) return AuthMessages.PASSWORD_CONTAINS_USERNAME;
  return null;
}
