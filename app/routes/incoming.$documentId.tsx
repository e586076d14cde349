import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { caseFilesForDocument } from "#app/features/casefiles/index";
import { DocumentCaseFilesPanel } from "#app/components/casefiles/document-case-files";
import { json, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { requirePermission, serviceContextFor } from "#app/platform/auth/auth.server";
import { FormError } from "#app/components/ui/form";
import { PdfViewer } from "#app/components/ui/pdf-viewer";
import { ActionsPanel } from "#app/components/incoming/actions-panel";
import { AssignmentsSection, TrailSection } from "#app/components/incoming/assignments-trail";
import { DocumentMetaSection } from "#app/components/incoming/document-meta";
import { Section } from "#app/components/incoming/section";
import { formatDateTimeVi } from "#app/domain/shared/dates";
import { checkIncomingDocumentSignatures, getIncomingDocument, listRoutingOptions, performIncomingIntent } from "#app/features/incoming/index";
import { IncomingMessages } from "#app/messages/incoming";
import { actionErrorResponse, parseFormData, rethrowAsResponse } from "#app/utils/http.server";
import { IncomingActionSchema } from "#app/utils/incoming-forms";
import { parseIdParam } from "#app/utils/params";
import { ReminderPanel } from "#app/components/ui/reminder-panel";
import { listReminders } from "#app/features/notifications/index";
import { isRemindableIncomingStatus } from "#app/domain/shared/notifications";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.doc.numberSymbol || "Văn bản đến"} · Văn bản đến` : "Văn bản đến" }];

const PERMISSIONS = ["register:incoming", "route:incoming", "direct:incoming", "handle:incoming", "view:incoming:all"] as const;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, [...PERMISSIONS]);
  const ctx = serviceContextFor(request, actor);
  const id = parseIdParam(params, "documentId", "văn bản đến");
  try {
    const doc = getIncomingDocument(ctx, id);
    const signature = await checkIncomingDocumentSignatures(ctx, doc);
    const needsChoices = doc.actions.some((a) => a === "route" || a === "forward" || a === "direct") || doc.can.delegate;
    const reminders = listReminders(ctx, { entityType: "incoming_document", entityId: doc.id }).map((r) => ({
      id: r.id,
      level: r.level,
      note: r.note,
      fromName: r.fromName,
      toName: r.toName,
      at: formatDateTimeVi(r.createdAt),
    }));
    const caseFiles = caseFilesForDocument(ctx, { kind: "incoming", documentId: doc.id });
    return json({
      doc,
      signature,
      choices: needsChoices ? listRoutingOptions(ctx) : null,
      reminders,
      canRemind: actor.permissions.includes("remind:work") && isRemindableIncomingStatus(doc.status),
      caseFiles,
    });
  } catch (error) {
    rethrowAsResponse(error);
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requirePermission(request, [...PERMISSIONS]);
  const id = parseIdParam(params, "documentId", "văn bản đến");
  const formData = await request.formData();
  const parsed = parseFormData(formData, IncomingActionSchema);
  if (!parsed.ok) return json(parsed, { status: 400 });
  try {
    performIncomingIntent(serviceContextFor(request, actor), id, parsed.data);
    return redirect(`/incoming/${id}?done=${parsed.data.intent}`);
  } catch (error) {
    return actionErrorResponse(error, formData);
  }
}

export default function IncomingDocumentPage() {
  const { doc, signature, choices, reminders, canRemind, caseFiles } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const [params] = useSearchParams();
  const done = params.get("done");
  const registered = params.get("registered");
  const has = (a: string) => (doc.actions as string[]).includes(a);
  return (
    <>
      <div className="page-header">
        <h1>
          {doc.docTypeName} {doc.numberSymbol}
        </h1>
        <Link to="/incoming" className="button secondary no-print">
          Danh sách văn bản đến
        </Link>
      </div>
      {doc.recalledAt ? (
        <div className="banner-recalled" role="alert">
          Đã thu hồi: cơ quan gửi đã thu hồi văn bản này ngày {formatDateTimeVi(new Date(doc.recalledAt))}
          {doc.recallReason ? ` (lý do: ${doc.recallReason})` : ""}. Không thể phân phối hoặc xử lý tiếp.
        </div>
      ) : null}
      {registered ? (
        <p className="success" role="status">
          {IncomingMessages.REGISTERED} <strong>{registered}</strong>.
        </p>
      ) : null}
      {done && Object.hasOwn(IncomingMessages.DONE, done) ? (
        <p className="success" role="status">
          {IncomingMessages.DONE[done]}
        </p>
      ) : null}
      <FormError data={data} />
      <div className="two-col">
        <div>
          <DocumentMetaSection doc={doc} signature={signature} />
          <AssignmentsSection doc={doc} />
          <ActionsPanel doc={doc} choices={choices} failure={data} has={has} />
          <ReminderPanel entityType="incoming_document" entityId={doc.id} reminders={reminders} canRemind={canRemind} />
          <DocumentCaseFilesPanel info={caseFiles} kind="incoming" documentId={doc.id} filed={params.get("filed")} error={params.get("fileError")} />
          <TrailSection doc={doc} />
        </div>
        <div>
          {doc.file ? (
            <Section title="Tệp văn bản" id="file-title">
              <PdfViewer url={`/resources/incoming/${doc.id}/file`} title={`${doc.docTypeName} ${doc.numberSymbol}`} />
              {doc.file.searchable ? (
                <p className="muted" data-testid="ocr-original">
                  {IncomingMessages.OCR_SEARCHABLE_SHOWN}{" "}
                  <a href={`/resources/incoming/${doc.id}/file?original=1&download=1`}>{IncomingMessages.OCR_ORIGINAL_DOWNLOAD}</a>
                </p>
              ) : null}
            </Section>
          ) : doc.isSecret ? (
            <p className="notice">Văn bản mật: hệ thống chỉ lưu thông tin đăng ký, không lưu tệp nội dung.</p>
          ) : null}
        </div>
      </div>
    </>
  );
}
