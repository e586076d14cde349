// Case files overdue for nộp lưu (Decree 30 Art. 31 k.3: closed files go to the organisation's archive within one
// year; issue 17 §3 "a reminder when a file closed more than one year ago has not been handed over"). Run by the
// daily scheduler, reading case_files directly like the other reminders read their tables: every closed file whose
// handover is late tells the organisation's archivists (archive:casefile) and the person who formed it, once per
// file and threshold (1, 30, 90, 180, 365 days late; HANDOVER_OVERDUE_THRESHOLDS). The key names the file and the
// threshold, so a rerun, another worker or the next day adds nothing; a file handed over stops being reminded.
import { and, eq, lte, sql } from "drizzle-orm";
import type { DbOrTx } from "#db/client";
import { caseFiles } from "#db/schema/index";
import { handoverDueDate, handoverOverdueThreshold } from "#app/domain/casefiles/casefiles";
import { addDays, daysBetween, formatDateVi, toVietnamDate, vietnamInstant } from "#app/domain/shared/dates";
import { CaseFileMessages } from "#app/messages/casefiles";
import { notify, usersWithPermission } from "./notify.server";

/** The permissions that open a case file's page (routes/case-files.$fileId). */
const CASE_FILE_PAGE_PERMISSIONS = ["manage:casefile", "archive:casefile", "approve:casefile-list"];

/** Writes the reminders due on `today`; returns the in-app rows written. */
export function caseFileHandoverNotices(tx: DbOrTx, now: Date, today: string): number {
  // Closed at least a year and a day ago (a superset; the pure rule decides): the index on (organisation, status,
  // closed_at) serves it.
  const closedBefore = vietnamInstant(addDays(today, -365));
  const late = tx
    .select({
      id: caseFiles.id,
      organizationId: caseFiles.organizationId,
      fileCode: caseFiles.fileCode,
      title: caseFiles.title,
      creatorId: caseFiles.creatorId,
      closedAt: caseFiles.closedAt,
    })
    .from(caseFiles)
    .where(and(eq(caseFiles.status, "closed"), lte(caseFiles.closedAt, closedBefore)))
    .all();
  const archivists = new Map<number, number[]>();
  let written = 0;
  for (const file of late) {
    if (!file.closedAt) continue;
    const closedOn = toVietnamDate(file.closedAt);
    const threshold = handoverOverdueThreshold(closedOn, today);
    if (threshold === null) continue;
    if (!archivists.has(file.organizationId)) archivists.set(file.organizationId, usersWithPermission(tx, file.organizationId, "archive:casefile"));
    const due = handoverDueDate(closedOn);
    written += notify(tx, {
      type: "casefile_handover_overdue",
      eventKey: `casefile_handover_overdue:${file.id}:${threshold}`,
      entityType: "case_file",
      entityId: file.id,
      title: CaseFileMessages.HANDOVER_OVERDUE(file.fileCode, formatDateVi(due), daysBetween(due, today)),
      body: file.title,
      link: `/case-files/${file.id}`,
      isSecret: false,
      recipients: [...(archivists.get(file.organizationId) ?? []), ...(opensCaseFiles(tx, file.creatorId) ? [file.creatorId] : [])],
      at: now,
    }).inApp;
  }
  return written;
}

/** Only people who can open the file's page are told (a creator who has since changed role would get a 404 link). */
function opensCaseFiles(tx: DbOrTx, userId: number): boolean {
  return (
    tx.get<{ x: number }>(sql`
      SELECT 1 AS x FROM user_roles ur JOIN role_permissions rp ON rp.role_key = ur.role_key
      WHERE ur.user_id = ${userId} AND rp.permission_key IN (${sql.join(
        CASE_FILE_PAGE_PERMISSIONS.map((p) => sql`${p}`),
        sql`, `,
      )}) LIMIT 1`) !== undefined
  );
}
