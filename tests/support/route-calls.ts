// Calling route modules (loader/action) directly in integration tests, as Remix does: a thrown Response
// (404 from requirePermission, a redirect) is an answer like a returned one; a session cookie comes from the
// real sign-in service.
export const TEST_ORIGIN = "http://127.0.0.1:3000";

/** The Response a loader or action returns or throws; anything else thrown is rethrown. */
export async function responseOf(fn: () => Promise<unknown>): Promise<Response> {
  try {
    return (await fn()) as Response;
  } catch (e) {
    if (e instanceof Response) return e;
    throw e;
  }
}

/** "name=value" of a fresh session for a user whose password is "demo" (or `password`). */
export async function sessionCookie(username: string, options: { password?: string; ipAddress?: string } = {}): Promise<string> {
  // Imported here, not at the top: test files set DATA_DIR before the first app import.
  const { signIn } = await import("#app/platform/auth/sign-in.server");
  const result = await signIn({
    request: new Request(`${TEST_ORIGIN}/login`, { method: "POST" }),
    username,
    password: options.password ?? "demo",
    ipAddress: options.ipAddress ?? "10.8.0.1",
  });
  if (!result.ok) throw new Error(`sign-in failed for ${username}`);
  return result.cookie.split(";")[0];
}
