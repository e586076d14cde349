// POST /api/edxml — edXML packets from peers (QCVN 102:2016). Authenticated by the per-peer shared bearer
// token, not by a session: no cookie, so no CSRF surface. Answers JSON: 200 accepted/duplicate, 401, 413, 422 refused.
import { json, type ActionFunctionArgs } from "@remix-run/node";
import { acceptEdxmlRequest } from "#app/features/exchange/endpoint.server";
import { requestServices } from "#app/platform/auth/auth.server";
import { startServerJobs } from "#app/platform/bootstrap.server";
import { ExchangeMessages } from "#app/messages/exchange";

// The server loads every route module at boot: this starts the background sender with the server process.
startServerJobs();

export async function loader() {
  return json({ error: ExchangeMessages.USE_POST }, { status: 405, headers: { Allow: "POST" } });
}

export async function action({ request }: ActionFunctionArgs) {
  if (request.method !== "POST") return json({ error: ExchangeMessages.USE_POST }, { status: 405, headers: { Allow: "POST" } });
  const answer = await acceptEdxmlRequest(requestServices(request), request);
  return json(answer.body, { status: answer.status, headers: { "Cache-Control": "no-store" } });
}
