// "Cấp số, ký số bằng thiết bị của tôi": the issue page's JSON calls. prepare (the seal certificate from the clerk's
// agent) → one digest per file; finish (one signature value per digest from the agent) → issued. No PIN ever comes
// here: the page sends it to the local agent only.
import type { ActionFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { z } from "zod";
import { assertSameOrigin, requirePermission, serviceContextFor } from "#app/platform/auth/auth.server";
import { finishDeviceIssue, prepareDeviceIssue } from "#app/features/outgoing/device-issue.server";
import { actionErrorResponse, notFound } from "#app/utils/http.server";
import { CommonMessages } from "#app/messages/common";
import { parseId } from "#app/utils/ids";

const Body = z.discriminatedUnion("op", [
  z.object({
    op: z.literal("prepare"),
    certificates: z.array(z.string().max(16_384)).min(1).max(10),
    copies: z.number().int().min(1).max(999).nullable().optional(),
  }),
  // Main document + attachments: at most a few dozen files.
  z.object({ op: z.literal("finish"), preparationId: z.string().uuid(), signatures: z.array(z.string().min(1).max(4096)).min(1).max(100) }),
]);

export async function action({ request, params }: ActionFunctionArgs) {
  assertSameOrigin(request);
  const actor = await requirePermission(request, "issue:outgoing");
  const documentId = parseId(params.documentId) ?? notFound(CommonMessages.NOT_FOUND("văn bản"));
  const parsed = Body.safeParse(await request.json().catch(() => null));
  if (!parsed.success) return json({ ok: false, formError: "Yêu cầu không hợp lệ" }, { status: 400 });
  const ctx = serviceContextFor(request, actor);
  try {
    if (parsed.data.op === "prepare") {
      const chainDer = parsed.data.certificates.map((b) => new Uint8Array(Buffer.from(b, "base64")));
      return json({ ok: true, ...(await prepareDeviceIssue(ctx, { documentId, chainDer, copies: parsed.data.copies ?? null })) });
    }
    await finishDeviceIssue(ctx, { preparationId: parsed.data.preparationId, signatures: parsed.data.signatures });
    return json({ ok: true, redirectTo: `/outgoing/${documentId}?issued=1` });
  } catch (error) {
    return actionErrorResponse(error);
  }
}
