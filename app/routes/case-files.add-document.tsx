// Files one document from its page (incoming or outgoing) into an open case file, then goes back to the page.
import type { ActionFunctionArgs } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { z } from "zod";
import { requirePermission, serviceContextFor } from "#app/platform/auth/auth.server";
import { addDocumentsToCaseFile, getCaseFile } from "#app/features/casefiles/index";
import { actionErrorResponse, parseFormData } from "#app/utils/http.server";
import { isAppError } from "#app/utils/errors";

const Schema = z.object({
  kind: z.enum(["incoming", "outgoing"]),
  documentId: z.coerce.number().int().positive(),
  caseFileId: z.coerce.number().int().positive(),
});

export async function loader() {
  return redirect("/case-files");
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requirePermission(request, "manage:casefile");
  const formData = await request.formData();
  const parsed = parseFormData(formData, Schema);
  if (!parsed.ok) return json(parsed, { status: 400 });
  const ctx = serviceContextFor(request, actor);
  const { kind, documentId, caseFileId } = parsed.data;
  try {
    const result = addDocumentsToCaseFile(ctx, { caseFileId, documents: [{ kind, documentId }] });
    const code = getCaseFile(ctx, { id: result.caseFileId }).fileCode;
    return redirect(`/${kind}/${documentId}?filed=${encodeURIComponent(code)}`);
  } catch (error) {
    // Back to the document page with the reason (the panel shows it); anything unexpected goes the usual way.
    if (isAppError(error) && error.code !== "RATE_LIMITED") return redirect(`/${kind}/${documentId}?fileError=${encodeURIComponent(error.message)}`);
    return actionErrorResponse(error, formData);
  }
}
