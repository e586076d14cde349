// Registers the certificate the signing agent reads from the user's own token (Tài khoản → Đăng ký thiết bị của tôi).
import type { ActionFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { z } from "zod";
import { assertSameOrigin, requirePermission, serviceContextFor } from "#app/platform/auth/auth.server";
import { registerOwnDevice } from "#app/platform/signing/pkcs11-signer.server";
import { actionErrorResponse } from "#app/utils/http.server";

const Body = z.object({ certificates: z.array(z.string().max(16_384)).min(1).max(10) });

export async function action({ request }: ActionFunctionArgs) {
  assertSameOrigin(request);
  const actor = await requirePermission(request, "sign:outgoing");
  const parsed = Body.safeParse(await request.json().catch(() => null));
  if (!parsed.success) return json({ ok: false, formError: "Yêu cầu không hợp lệ" }, { status: 400 });
  try {
    const row = registerOwnDevice(serviceContextFor(request, actor), {
      chainDer: parsed.data.certificates.map((b) => new Uint8Array(Buffer.from(b, "base64"))),
    });
    return json({ ok: true, subjectName: row.subjectName });
  } catch (error) {
    return actionErrorResponse(error);
  }
}
