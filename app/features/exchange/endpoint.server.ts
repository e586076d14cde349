// The HTTP adapter's receiving side (POST /api/edxml): the per-peer bearer token names the peer, the body
// is the packet. The route only passes the request here (house style: routes are thin).
import type { AppServices } from "#app/db.server";
import { getEnv } from "#app/env.server";
import { edxmlMaxPacketBytes, receiveEdxmlPacket } from "#app/features/exchange/inbox.server";
import { peerByToken } from "#app/features/exchange/peers.server";
import { startEdxmlDispatcher } from "#app/features/exchange/dispatcher.server";
import { ExchangeMessages } from "#app/messages/exchange";
import { discardRest } from "#app/utils/upload.server";

export type EndpointAnswer = { status: number; body: Record<string, unknown> };

async function readLimited(request: Request, maxBytes: number): Promise<Uint8Array | null> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > maxBytes) {
    if (request.body) discardRest(request.body.getReader());
    return null;
  }
  if (!request.body) return new Uint8Array();
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      // The peer gets the 413 only if it can finish writing: read the rest away (bounded) before closing.
      discardRest(reader);
      return null;
    }
    chunks.push(value);
  }
  return new Uint8Array(Buffer.concat(chunks));
}

/** Authenticates the peer, reads the packet within the size limit and hands it to the inbox. */
export async function acceptEdxmlRequest(services: AppServices, request: Request): Promise<EndpointAnswer> {
  const { db, dataDir } = services;
  const auth = request.headers.get("authorization") ?? "";
  const token = /^Bearer\s+(\S+)$/i.exec(auth)?.[1] ?? null;
  const peer = peerByToken(db, token);
  if (!peer) return { status: 401, body: { error: ExchangeMessages.BAD_TOKEN } };
  const bytes = await readLimited(request, edxmlMaxPacketBytes());
  if (!bytes) return { status: 413, body: { state: "refused", reason: ExchangeMessages.PACKET_TOO_LARGE(getEnv().EDXML_MAX_PACKET_MB) } };
  const result = await receiveEdxmlPacket({ db, dataDir }, bytes, { channel: "http", peerId: peer.id });
  if (result.state === "refused") return { status: 422, body: { state: "refused", code: result.code, reason: result.reason } };
  return { status: 200, body: { state: result.state, kind: result.kind, documentId: result.documentId } };
}

const g = globalThis as unknown as { __edxmlDispatcherStop?: () => void };

/**
 * Starts the background sender once per server process (kept across dev rebuilds). Called when the server
 * loads its routes, so it runs from boot, not from the first request. Off in tests (they drive it).
 */
export function ensureEdxmlDispatcher(services: () => AppServices): void {
  const env = getEnv();
  if (g.__edxmlDispatcherStop || env.NODE_ENV === "test" || env.EDXML_DISPATCHER === "0") return;
  g.__edxmlDispatcherStop = startEdxmlDispatcher(services(), { intervalMs: env.EDXML_TICK_MS, retryMaxMs: env.EDXML_RETRY_MAX_MS });
}
