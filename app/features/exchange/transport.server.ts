// How packets travel: one interface, two adapters. HTTP posts the packet to the peer's endpoint with the
// per-peer shared bearer token (the peer answers with the inbox result); the directory adapter writes the
// packet into the exchange folder's out/ for an LGSP client to pick up (and the dispatcher reads in/).
import { randomBytes } from "node:crypto";
import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, writeSync, existsSync } from "node:fs";
import { join } from "node:path";
import type { EdxmlPeer } from "#db/schema/index";

export type SendOutcome = { ok: true; detail?: string } | { ok: false; permanent: boolean; error: string };

export interface EdxmlTransportAdapter {
  send(peer: EdxmlPeer, packet: Uint8Array, meta: { outboxId: number; kind: string; documentId: string }): Promise<SendOutcome>;
}

const HTTP_TIMEOUT_MS = 60_000;

export const httpTransport: EdxmlTransportAdapter = {
  async send(peer, packet) {
    if (!peer.url || !peer.token) return { ok: false, permanent: false, error: "Kết nối chưa có URL hoặc mã xác thực" };
    let response: Response;
    try {
      response = await fetch(peer.url, {
        method: "POST",
        headers: { Authorization: `Bearer ${peer.token}`, "Content-Type": "application/xml; charset=utf-8" },
        body: packet as unknown as BodyInit,
        signal: AbortSignal.timeout(HTTP_TIMEOUT_MS),
      });
    } catch (error) {
      return {
        ok: false,
        permanent: false,
        error: `Không kết nối được ${peer.url}: ${error instanceof Error ? ((error.cause as Error | undefined)?.message ?? error.message) : String(error)}`,
      };
    }
    const text = await response.text().catch(() => "");
    if (response.ok) return { ok: true, detail: text.slice(0, 500) };
    // 422: the peer read the packet and refused it for good (its reason is kept); anything else may pass later.
    let reason = text.slice(0, 500);
    try {
      reason = (JSON.parse(text) as { reason?: string; error?: string }).reason ?? (JSON.parse(text) as { error?: string }).error ?? reason;
    } catch {
      // not JSON
    }
    return { ok: false, permanent: response.status === 422, error: `HTTP ${response.status}: ${reason}` };
  },
};

export const directoryTransport: EdxmlTransportAdapter = {
  async send(peer, packet, meta) {
    if (!peer.directory) return { ok: false, permanent: false, error: "Kết nối chưa có thư mục trao đổi" };
    const out = join(peer.directory, "out");
    try {
      mkdirSync(out, { recursive: true });
      const name = `${String(meta.outboxId).padStart(8, "0")}-${meta.kind}.edxml`;
      const target = join(out, name);
      if (existsSync(target)) return { ok: true, detail: target };
      // Written under a dot-name, fsynced, then renamed: the LGSP client never sees half a packet.
      const temp = join(out, `.${name}.${randomBytes(4).toString("hex")}.tmp`);
      const fd = openSync(temp, "wx", 0o640);
      try {
        writeSync(fd, packet);
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      renameSync(temp, target);
      return { ok: true, detail: target };
    } catch (error) {
      return { ok: false, permanent: false, error: `Không ghi được vào ${out}: ${error instanceof Error ? error.message : String(error)}` };
    }
  },
};

export function transportFor(peer: EdxmlPeer): EdxmlTransportAdapter {
  return peer.transport === "http" ? httpTransport : directoryTransport;
}
