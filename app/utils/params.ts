// Route parameters parsed one way. An id that is not a positive decimal integer ("12abc", "-1", "1e3") is a
// page that does not exist: 404, the same answer as an id outside the actor's scope.
import { CommonMessages, type Thing } from "#app/messages/common";

/** The positive integer id in `params[name]`, or a thrown 404 Response. */
export function parseIdParam(params: Record<string, string | undefined>, name: string, thing?: Thing): number {
  const raw = params[name];
  const id = raw && /^[1-9]\d{0,15}$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isSafeInteger(id)) throw new Response(CommonMessages.NOT_FOUND(thing), { status: 404 });
  return id;
}
