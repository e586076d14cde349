import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { caseFilesForDocument } from "#app/features/casefiles/index";
import { DocumentCaseFilesPanel } from "#app/components/casefiles/document-case-files";
import { json } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { requirePermission, serviceContextFor } from "#app/platform/auth/auth.server";
import {
  approveOutgoingDocument,
  approveOutgoingOnPaper,
  getOutgoingDocument,
  getOutgoingSignatures,
  recallOutgoingDocument,
  returnOutgoingDocument,
  submitOutgoingDocument,
} from "#app/features/outgoing/index";
import { OUTGOING_PERMISSIONS } from "#app/domain/outgoing/access";
import { OutgoingInfoCard, fileUrlOf } from "#app/components/outgoing/detail-info";
import { OutgoingProcessCard } from "#app/components/outgoing/process-card";
import { AttachmentsCard, RecipientsCard, RevisionsCard, SignaturesCard, TrailCard } from "#app/components/outgoing/detail-sections";
import { CommonMessages } from "#app/messages/common";
import { OutgoingMessages } from "#app/messages/outgoing";
import { parseId } from "#app/utils/ids";
import { formatDateTimeVi } from "#app/domain/shared/dates";
import { SECRET_NOTICE } from "#app/domain/outgoing/workflow";
import { FormError } from "#app/components/ui/form";
import { PdfViewer } from "#app/components/ui/pdf-viewer";
import { actionErrorResponse, notFound, parseFormData, rethrowAsResponse } from "#app/utils/http.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.detail.document.numberSymbol ?? "Văn bản đi"} · Văn phòng điện tử` }];

export const OutgoingActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("submit"), version: z.coerce.number().int() }),
  z.object({ intent: z.literal("approve"), version: z.coerce.number().int(), comment: z.string().trim().max(2000).optional() }),
  z.object({
    intent: z.literal("return"),
    version: z.coerce.number().int(),
    comment: z.string().trim().min(1, OutgoingMessages.RETURN_COMMENT_REQUIRED).max(2000),
  }),
  z.object({ intent: z.literal("approve_paper"), version: z.coerce.number().int(), comment: z.string().trim().max(2000).optional() }),
  z.object({ intent: z.literal("recall"), reason: z.string().trim().min(1, OutgoingMessages.RECALL_REASON_REQUIRED).max(2000) }),
]);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, [...OUTGOING_PERMISSIONS]);
  const ctx = serviceContextFor(request, actor);
  const id = parseId(params.documentId) ?? notFound(CommonMessages.NOT_FOUND("văn bản"));
  try {
    const detail = getOutgoingDocument(ctx, id);
    const signatures = await getOutgoingSignatures(ctx, id);
    const caseFiles = caseFilesForDocument(ctx, { kind: "outgoing", documentId: id });
    return json({ detail, signatures, caseFiles });
  } catch (error) {
    rethrowAsResponse(error);
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requirePermission(request, [...OUTGOING_PERMISSIONS, "recall:outgoing"]);
  const formData = await request.formData();
  const parsed = parseFormData(formData, OutgoingActionSchema);
  if (!parsed.ok) return json(parsed, { status: 400 });
  const ctx = serviceContextFor(request, actor);
  const documentId = parseId(params.documentId) ?? notFound(CommonMessages.NOT_FOUND("văn bản"));
  try {
    const d = parsed.data;
    switch (d.intent) {
      case "submit":
        submitOutgoingDocument(ctx, { documentId, version: d.version });
        return json({ ok: true as const, message: OutgoingMessages.SUBMITTED });
      case "approve":
        approveOutgoingDocument(ctx, { documentId, version: d.version, comment: d.comment || null });
        return json({ ok: true as const, message: OutgoingMessages.APPROVED });
      case "return":
        returnOutgoingDocument(ctx, { documentId, version: d.version, comment: d.comment });
        return json({ ok: true as const, message: OutgoingMessages.RETURNED });
      case "approve_paper":
        approveOutgoingOnPaper(ctx, { documentId, version: d.version, comment: d.comment || null });
        return json({ ok: true as const, message: OutgoingMessages.APPROVED_ON_PAPER });
      case "recall":
        recallOutgoingDocument(ctx, { documentId, reason: d.reason });
        return json({ ok: true as const, message: OutgoingMessages.RECALLED });
    }
  } catch (error) {
    return actionErrorResponse(error, formData);
  }
}

export default function OutgoingDetail() {
  const { detail, signatures, caseFiles } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const [params] = useSearchParams();
  const d = detail.document;
  const fileUrl = fileUrlOf(d.id);
  return (
    <>
      <div className="page-header">
        <h1>
          {d.docTypeName}: {d.summary}
        </h1>
        <p>
          <Link to="/outgoing">← Danh sách văn bản đi</Link>
        </p>
      </div>
      {params.get("created") ? (
        <p className="success" role="status">
          {OutgoingMessages.CREATED}
        </p>
      ) : null}
      {params.get("revised") ? (
        <p className="success" role="status">
          {OutgoingMessages.REVISED}
        </p>
      ) : null}
      {params.get("signed") ? (
        <p className="success" role="status">
          {OutgoingMessages.SIGNED}
        </p>
      ) : null}
      {params.get("issued") ? (
        <p className="success" role="status">
          {detail.isSecret ? OutgoingMessages.ISSUED_SECRET : OutgoingMessages.ISSUED}
        </p>
      ) : null}
      {detail.isSecret ? (
        <p className="notice" role="note" data-testid="secret-notice">
          <span className="badge secret">{d.confidentialityLabel}</span> {SECRET_NOTICE}.
        </p>
      ) : null}
      {data && "ok" in data && data.ok ? (
        <p className="success" role="status">
          {data.message}
        </p>
      ) : null}
      <FormError data={data} />
      {d.status === "recalled" ? (
        <p className="notice" role="note">
          Văn bản đã bị thu hồi{d.recalledAt ? ` lúc ${formatDateTimeVi(new Date(d.recalledAt))}` : ""}. Lý do: {d.recallReason}
        </p>
      ) : null}
      {d.status === "draft" && d.lastComment ? (
        <p className="notice" role="note">
          Dự thảo bị trả lại: {d.lastComment}
        </p>
      ) : null}

      <OutgoingInfoCard detail={detail} />
      <OutgoingProcessCard detail={detail} data={data} />
      {d.fileId && !detail.isSecret ? (
        <section className="card" aria-labelledby="viewer-title">
          <h2 id="viewer-title">Nội dung văn bản</h2>
          <PdfViewer url={fileUrl("current")} title="Tệp PDF của văn bản" />
        </section>
      ) : null}

      <SignaturesCard detail={detail} signatures={signatures} />
      <DocumentCaseFilesPanel info={caseFiles} kind="outgoing" documentId={d.id} filed={params.get("filed")} error={params.get("fileError")} />
      <RecipientsCard detail={detail} />
      <AttachmentsCard detail={detail} />
      <RevisionsCard detail={detail} />
      <TrailCard detail={detail} />
    </>
  );
}
