// "Ký bằng thiết bị của tôi": the page's JSON calls. prepare (certificate from the agent) → digest; finish (the
// signature value from the agent) → stored. No PIN ever comes here: the page sends it to the local agent only.
import type { ActionFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { z } from "zod";
import { assertSameOrigin, requirePermission, serviceContextFor } from "#app/platform/auth/auth.server";
import { finishDeviceSignature, prepareDeviceSignature } from "#app/features/outgoing/device-preparations.server";
import { actionErrorResponse } from "#app/utils/http.server";

const Body = z.discriminatedUnion("op", [
  z.object({ op: z.literal("prepare"), certificates: z.array(z.string().max(16_384)).min(1).max(10) }),
  z.object({ op: z.literal("finish"), preparationId: z.string().uuid(), signature: z.string().min(1).max(4096) }),
]);

export async function action({ request, params }: ActionFunctionArgs) {
  assertSameOrigin(request);
  const actor = await requirePermission(request, "sign:outgoing");
  const parsed = Body.safeParse(await request.json().catch(() => null));
  if (!parsed.success) return json({ ok: false, formError: "Yêu cầu không hợp lệ" }, { status: 400 });
  const ctx = serviceContextFor(request, actor);
  try {
    if (parsed.data.op === "prepare") {
      const chainDer = parsed.data.certificates.map((b) => new Uint8Array(Buffer.from(b, "base64")));
      return json({ ok: true, ...(await prepareDeviceSignature(ctx, { documentId: Number(params.documentId), chainDer })) });
    }
    await finishDeviceSignature(ctx, { preparationId: parsed.data.preparationId, signature: parsed.data.signature });
    return json({ ok: true, redirectTo: `/outgoing/${params.documentId}?signed=1` });
  } catch (error) {
    return actionErrorResponse(error);
  }
}
