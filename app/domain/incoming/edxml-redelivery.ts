// A packet arriving under the key of one already accepted (same DocumentId, recipients and business key) is
// normally a re-delivery: stored once. The exception is a genuine packet after a copy that was not: the first copy
// may have been tampered with in transit (its XML signature invalid) or stripped of its signature, and dropping the
// genuine one left the clerk with only the tampered copy (Decree 30 Art. 21 k.1: the clerk checks the authenticity
// and integrity of what arrives — they can only do so on what the system kept). docs/decisions/0019.

export type PacketVerdict = { xmlSignature: "valid" | "invalid" | "absent" | null; trusted: boolean | null };

/** Valid and chaining to a trust anchor: the only verdict that proves who sent the content. */
export function isGenuinePacket(verdict: PacketVerdict): boolean {
  return verdict.xmlSignature === "valid" && verdict.trusted === true;
}

/**
 * Whether a packet arriving under the key of a stored one takes its place instead of counting as its duplicate:
 * other bytes (a byte-identical re-delivery is always a duplicate), genuine, and the stored one not. A different
 * copy that is not genuine itself never replaces anything, whatever the stored one was.
 */
export function replacesStoredPacket(stored: PacketVerdict & { sha256: string }, arriving: PacketVerdict & { sha256: string }): boolean {
  return arriving.sha256 !== stored.sha256 && isGenuinePacket(arriving) && !isGenuinePacket(stored);
}

/**
 * What the genuine packet does to a copy made from the stored one: a copy still awaiting registration (`received`)
 * takes its content (the clerk has not acted on it); one the clerk already registered (or handled further, or
 * returned) is left as it is — the register's entry stays true to what was registered — and the genuine packet
 * becomes a new copy flagged against it; a recalled copy stays recalled and nothing new is made for it.
 */
export function redeliveredCopyFate(copy: { status: string; isRecalled: boolean }): "replace" | "new_copy" | "keep" {
  if (copy.isRecalled) return "keep";
  return copy.status === "received" ? "replace" : "new_copy";
}

/**
 * Whether an update is refused for carrying less proof of origin than the document it rewrites came with: a
 * document that arrived genuine (signed, chaining to a trust anchor) has its PDF, number or summary replaced only
 * by a genuine packet. An unsigned, untrusted or broken one could come from anyone able to reach the endpoint
 * under the peer's credentials — an LGSP relays many senders — and would put words the sender never signed in
 * place of those it did (Decree 30 Art. 21 k.1: the clerk relies on the authenticity of what arrives). A document
 * that arrived without a genuine signature is updated by packets like it, as before: many LGSP clients do not sign.
 * Recalls are not held to this: they withdraw, they rewrite nothing, and senders (this product included) recall
 * without the seal at hand — the recall's verdict is in the trail. Unknown document (the update came first):
 * nothing to compare, not refused here.
 */
export function changeLacksDocumentsProof(document: PacketVerdict | null, change: PacketVerdict): boolean {
  return document !== null && isGenuinePacket(document) && !isGenuinePacket(change);
}

/**
 * The status the new copy counts as already sent: the earlier copy's progress, so the sender is not told "01 Đã
 * đến" again after "03 Đã tiếp nhận" (a copy's statuses only move forward); a returned (02) or bare copy
 * counts as 01 — the arrival was told — and the new copy's registration then sends 03.
 */
export function carriedStatusCode(earlier: string | null): string {
  return earlier && ["03", "04", "05", "06"].includes(earlier) ? earlier : "01";
}

/** A packet's XML-signature verdict in the clerk's words (the document page, the trail). */
export function packetSignatureWords(verdict: PacketVerdict): string {
  if (verdict.xmlSignature === "valid") return verdict.trusted ? "hợp lệ, được tin cậy" : "hợp lệ nhưng chưa được tin cậy";
  if (verdict.xmlSignature === "invalid") return "không hợp lệ (nội dung đã bị thay đổi hoặc chữ ký hỏng)";
  return "không có";
}
