import { json } from "@remix-run/node";
import { OutgoingDraftSchema } from "#app/components/outgoing/draft-form";
import { isSecretConfidentiality } from "#app/domain/outgoing/workflow";
import { parseFormData } from "#app/utils/http.server";
import { fileBytes, OUTGOING_DRAFT_UPLOAD_LIMITS, readUploadForm } from "#app/utils/upload.server";
import type { OutgoingDraftInput } from "#app/features/outgoing/index";
import { present } from "#app/utils/errors";

/** Parses the multipart draft form into the service input, or a 400 response with field errors. */
export async function readDraftForm(
  request: Request,
): Promise<{ ok: true; input: OutgoingDraftInput; version?: number; formData: FormData } | { ok: false; response: Response }> {
  const form = await readUploadForm(request, OUTGOING_DRAFT_UPLOAD_LIMITS);
  if (!form.ok) return form;
  const formData = form.formData;
  const parsed = parseFormData(formData, OutgoingDraftSchema);
  if (!parsed.ok) return { ok: false, response: json(parsed, { status: 400 }) };
  const mainPdf = await fileBytes(formData, "mainPdf");
  const attachments: OutgoingDraftInput["attachments"] = [];
  for (const value of formData.getAll("attachments")) {
    if (typeof value === "string" || value.size === 0) continue;
    attachments.push({ bytes: new Uint8Array(await value.arrayBuffer()), name: value.name, type: value.type });
  }
  const d = parsed.data;
  return {
    ok: true,
    formData,
    version: d.version,
    input: {
      docTypeCode: d.docTypeCode,
      summary: d.summary,
      signerId: d.signerId,
      signingAuthority: d.signingAuthority,
      authorityLine: d.authorityLine || null,
      signerTitle: d.signerTitle || null,
      urgency: d.urgency,
      confidentiality: d.confidentiality,
      internalRecipientIds: d.internalRecipientIds,
      externalRecipients: d.externalRecipients,
      distributionList: d.distributionList,
      archiveLine: d.archiveLine || null,
      // Secret documents keep metadata only (the service refuses any body or file sent with them).
      source: isSecretConfidentiality(d.confidentiality) ? "paper" : present(d.source, "the draft source"),
      body: d.body,
      recipientsHeading: d.recipientsHeading,
      uploadedPdf: mainPdf ? { bytes: mainPdf.bytes, name: mainPdf.name } : null,
      attachments,
    },
  };
}
