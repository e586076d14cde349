// A province + Tân Thành world for outgoing-document tests: directory, the demo accounts that take part
// in the chain, a second leader and a lead of another unit, the demo PKI (passphrase "demo").
import { join } from "node:path";
import type { Db } from "#db/client";
import { DEMO_ACCOUNTS } from "#app/features/demo/directory.server";
import { provisionDemoSigning } from "#app/features/demo/outgoing-demo.server";
import { systemActor, type ServiceContext } from "#app/platform/context.server";
import { createOutgoingDraft, type OutgoingDraftInput } from "#app/features/outgoing/index";
import { createTestDb, type TestDb } from "#tests/support/test-db";
import { contextFor, makeUser, seedDirectory } from "#tests/support/factories";
import type { Actor } from "#app/platform/auth/actor";

const CHAIN_USERS = ["chuyenvien", "truongphong", "chanhvanphong", "chutich", "vanthu", "vanthu.tanthanh", "chutich.tanthanh"];

export type OutgoingWorld = TestDb & {
  actors: Record<string, Actor>;
  ctx: (username: string, now?: () => Date) => ServiceContext;
  caPath: string;
  byPath: Map<string, number>;
  tanThanhId: number;
  provinceId: number;
  draft: (username: string, over?: Partial<OutgoingDraftInput>) => Promise<{ id: number }>;
};

export async function createOutgoingWorld(): Promise<OutgoingWorld> {
  const t = createTestDb();
  const byPath = seedDirectory(t.db);
  const actors: Record<string, Actor> = {};
  for (const username of CHAIN_USERS) {
    const account = DEMO_ACCOUNTS.find((a) => a.username === username)!;
    actors[username] = await makeUser(t.db, t.dataDir, {
      username,
      unitId: byPath.get(account.unit)!,
      roles: account.roles,
      fullName: account.fullName,
      title: account.title,
    });
  }
  const provinceId = actors.chutich.organizationId;
  actors.phochutich = await makeUser(t.db, t.dataDir, {
    username: "phochutich",
    unitId: provinceId,
    roles: ["leader"],
    fullName: "Phạm Văn Bình",
    title: "Phó Chủ tịch UBND tỉnh",
  });
  actors.truongphongnc = await makeUser(t.db, t.dataDir, {
    username: "truongphongnc",
    unitId: byPath.get("Văn phòng UBND tỉnh > Phòng Nội chính")!,
    roles: ["dept_lead"],
    fullName: "Đỗ Văn Cường",
  });
  const now = new Date();
  await provisionDemoSigning(t.db, t.dataDir, now, { db: t.db, dataDir: t.dataDir, actor: systemActor(), now: () => now });
  const ctx = (username: string, clock?: () => Date) => contextFor(t.db, t.dataDir, actors[username], clock);
  const tanThanhId = actors["vanthu.tanthanh"].organizationId;
  const draft = (username: string, over: Partial<OutgoingDraftInput> = {}) =>
    createOutgoingDraft(ctx(username), {
      docTypeCode: "KH",
      summary: "Vận hành thử nghiệm chính quyền địa phương 2 cấp",
      signerId: actors.chutich.id,
      signingAuthority: "TM.",
      urgency: "normal",
      confidentiality: "normal",
      internalRecipientIds: [tanThanhId],
      externalRecipients: [{ name: "Báo Cà Mau", address: "toasoan@baocamau.vn" }],
      source: "composed",
      body: "I. MỤC ĐÍCH\n- Đánh giá khả năng vận hành.\nII. TỔ CHỨC THỰC HIỆN\nGiao Sở Nội vụ chủ trì thực hiện./.",
      ...over,
    });
  return { ...t, actors, ctx, caPath: join(t.dataDir, "keys", "demo-ca.pem"), byPath, tanThanhId, provinceId, draft };
}

/** Walks a draft to leader_review through the real services. */
export async function toLeaderReview(world: OutgoingWorld, id: number) {
  const { submitOutgoingDocument, approveOutgoingDocument } = await import("#app/features/outgoing/index");
  submitOutgoingDocument(world.ctx("chuyenvien"), { documentId: id });
  approveOutgoingDocument(world.ctx("truongphong"), { documentId: id });
  approveOutgoingDocument(world.ctx("chanhvanphong"), { documentId: id });
}

export function statusOf(db: Db, id: number): string {
  return (db.$client.prepare("select status from outgoing_documents where id = ?").get(id) as { status: string }).status;
}
