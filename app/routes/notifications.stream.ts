// The bell's live channel: a server-sent event stream (text/event-stream, the standard EventSource of every
// browser). The browser does not poll; the server looks at the user's newest notification every few seconds
// (one indexed lookup, so the events of other server workers and of the scheduler are seen too) and pushes the
// unread count when it changed. A comment line every 25 s keeps proxies from closing an idle connection.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireAuth, serviceContextFor } from "#app/platform/auth/auth.server";
import { latestNotificationId, unreadNotificationCount } from "#app/features/notifications/index";

const CHECK_MS = 4_000;
const HEARTBEAT_MS = 25_000;
// A stream is closed after an hour; EventSource reconnects by itself (and the session is checked again).
const MAX_MS = 3_600_000;

export async function loader({ request }: LoaderFunctionArgs) {
  const { actor } = await requireAuth(request);
  const ctx = serviceContextFor(request, actor);
  const encoder = new TextEncoder();
  let lastId = -1;
  let lastUnread = -1;
  let timers: NodeJS.Timeout[] = [];
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      const close = () => {
        for (const t of timers) clearInterval(t);
        timers = [];
        try {
          controller.close();
        } catch {
          // already closed
        }
      };
      const push = () => {
        try {
          const id = latestNotificationId(ctx);
          const unread = unreadNotificationCount(ctx);
          if (id !== lastId || unread !== lastUnread) {
            lastId = id;
            lastUnread = unread;
            controller.enqueue(encoder.encode(`event: unread\ndata: ${JSON.stringify({ unread, latestId: id })}\n\n`));
          }
        } catch {
          close();
        }
      };
      controller.enqueue(encoder.encode(`retry: 10000\n\n`));
      push();
      timers.push(setInterval(push, CHECK_MS));
      timers.push(setInterval(() => controller.enqueue(encoder.encode(`: keep-alive\n\n`)), HEARTBEAT_MS));
      const end = setTimeout(close, MAX_MS);
      timers.push(end);
      request.signal.addEventListener("abort", close);
    },
    cancel() {
      for (const t of timers) clearInterval(t);
    },
  });
  return new Response(stream, {
    headers: {
      "Content-Type": "text/event-stream; charset=utf-8",
      // no-transform: the compression middleware must not buffer the stream.
      "Cache-Control": "no-cache, no-transform",
      Connection: "keep-alive",
      "X-Accel-Buffering": "no",
    },
  });
}
