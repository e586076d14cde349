import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useState } from "react";
import { requirePermission, serviceContextFor } from "#app/platform/auth/auth.server";
import { isFailure } from "#app/components/ui/form";
import { RegistrationForm, initialRegistrationForm, type DeliveredForRegistration } from "#app/components/incoming/registration-form";
import { UploadStep, type UploadResponse } from "#app/components/incoming/upload-step";
import { dateInputValue, dateTimeInputValue } from "#app/domain/shared/form-input";
import { getIncomingDocument, prepareIncomingUpload, registerIncomingDocument, type IncomingUploadResult } from "#app/features/incoming/index";
import { IncomingMessages } from "#app/messages/incoming";
import { actionErrorResponse, parseFormData, rethrowAsResponse } from "#app/utils/http.server";
import { RegisterIncomingDocumentSchema } from "#app/utils/incoming-forms";
import { fileBytes, maxUploadBytes, readUploadForm } from "#app/utils/upload.server";

export const meta: MetaFunction = () => [{ title: "Đăng ký văn bản đến · Văn phòng điện tử" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "register:incoming");
  const url = new URL(request.url);
  const fromId = Number(url.searchParams.get("from") ?? 0);
  let delivered: ReturnType<typeof getIncomingDocument> | null = null;
  if (fromId) {
    try {
      delivered = getIncomingDocument(serviceContextFor(request, actor), fromId);
    } catch (error) {
      rethrowAsResponse(error);
    }
    if (delivered.status !== "received") throw redirect(`/incoming/${fromId}`);
  }
  const mode = delivered ? "delivered" : url.searchParams.get("mode") === "secret" ? "secret" : url.searchParams.get("mode") === "manual" ? "manual" : "upload";
  return json({
    mode,
    maxUploadMb: Math.round(maxUploadBytes() / 1024 / 1024),
    now: dateTimeInputValue(new Date()),
    delivered:
      delivered &&
      ({
        id: delivered.id,
        version: delivered.version,
        numberSymbol: delivered.numberSymbol,
        docTypeCode: delivered.docTypeCode,
        issuedDate: dateInputValue(delivered.issuedDate),
        issuerName: delivered.issuerName,
        summary: delivered.summary,
        signerName: delivered.signerName ?? "",
        signerTitle: delivered.signerTitle ?? "",
        pageCount: delivered.pageCount,
        // The sender's deadline (an edXML DueDate, hạn trả lời): kept unless the clerk changes it.
        handlingDeadline: dateInputValue(delivered.handlingDeadline),
        urgency: delivered.urgency,
        receivedAt: dateTimeInputValue(new Date(delivered.receivedAt)),
        senderName: delivered.senderName,
        fileId: delivered.file?.id ?? null,
        fileName: delivered.file?.name ?? null,
      } satisfies DeliveredForRegistration),
  });
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requirePermission(request, "register:incoming");
  const ctx = serviceContextFor(request, actor);
  if ((request.headers.get("content-type") ?? "").startsWith("multipart/form-data")) {
    const form = await readUploadForm(request);
    if (!form.ok) return form.response;
    const formData = form.formData;
    const file = await fileBytes(formData, "file");
    if (!file)
      return json(
        { ok: false as const, formError: IncomingMessages.CHOOSE_PDF, fieldErrors: { file: IncomingMessages.CHOOSE_PDF }, values: {} },
        { status: 400 },
      );
    try {
      const upload = await prepareIncomingUpload(ctx, { bytes: file.bytes, originalName: file.name, maxBytes: maxUploadBytes() });
      return json<UploadResponse>({ ok: true, upload });
    } catch (error) {
      return actionErrorResponse(error, formData);
    }
  }
  const formData = await request.formData();
  const parsed = parseFormData(formData, RegisterIncomingDocumentSchema);
  if (!parsed.ok) return json(parsed, { status: 400 });
  const { intent: _intent, confirmDuplicate, submitForRouting, lowConfidenceFields, ...data } = parsed.data;
  try {
    const result = await registerIncomingDocument(ctx, {
      ...data,
      needsReview: Boolean(lowConfidenceFields),
      confirmDuplicate: confirmDuplicate === "1",
      submitForRouting: submitForRouting === "1",
    });
    return redirect(`/incoming/${result.id}?registered=${result.arrivalNumberText}`);
  } catch (error) {
    return actionErrorResponse(error, formData);
  }
}

export default function NewIncomingDocument() {
  const { mode, maxUploadMb, now, delivered } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const [xhrUpload, setXhrUpload] = useState<IncomingUploadResult | null>(null);
  const upload = (data && "upload" in data ? data.upload : null) ?? xhrUpload;
  const failure = isFailure(data) ? data : null;
  const initial = initialRegistrationForm({ failure, upload, delivered, mode, now });

  return (
    <>
      <div className="page-header">
        <h1>Đăng ký văn bản đến</h1>
        <Link to="/incoming" className="button secondary">
          Danh sách văn bản đến
        </Link>
      </div>
      {delivered ? (
        <p className="notice">
          Văn bản điện tử nhận liên thông từ <strong>{delivered.senderName}</strong>, chờ đăng ký. Kiểm tra thông tin rồi lưu để cấp số đến.
        </p>
      ) : null}
      {initial ? (
        <RegistrationForm initial={initial} failure={failure} isSecretMode={mode === "secret"} />
      ) : (
        <UploadStep maxUploadMb={maxUploadMb} failure={failure} onUploaded={setXhrUpload} />
      )}
    </>
  );
}
