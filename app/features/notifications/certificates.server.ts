// Certificates about to expire (issue 15 "a certificate about to expire"; issue 13: renewal takes days at the CA).
// Run by the daily scheduler: every signing certificate the system knows the expiry of — a user's server token or
// own device (signing_devices), the organisation's seal on a token or as a PKCS#12 (organization_certificates) —
// that has reached a threshold (30, 7, 0 days) tells its holder and the organisation's administrators once: the
// key names the certificate and the threshold, so a rerun, another worker or the next day adds nothing, and a
// renewed certificate (another fingerprint or expiry) starts again.
import { eq, lte } from "drizzle-orm";
import type { DbOrTx } from "#db/client";
import { organizationCertificates, organizations, signingDevices, users } from "#db/schema/index";
import { CERTIFICATE_EXPIRY_THRESHOLDS, certificateExpiryThreshold } from "#app/domain/shared/notifications";
import { formatDateVi, toVietnamDate } from "#app/domain/shared/dates";
import { NotificationMessages } from "#app/messages/notifications";
import { notify, usersWithPermission } from "./notify.server";

const DAY_MS = 86_400_000;

type Expiring = { key: string; holder: string; notAfter: Date; recipients: number[]; link: string; entityType: string; entityId: number };

function titleOf(holder: string, threshold: number, daysLeft: number, notAfter: Date): string {
  const date = formatDateVi(toVietnamDate(notAfter));
  if (daysLeft < 0) return NotificationMessages.CERTIFICATE_EXPIRED(holder, date);
  if (threshold === 0) return NotificationMessages.CERTIFICATE_EXPIRES_TODAY(holder, date);
  return NotificationMessages.CERTIFICATE_EXPIRING(holder, daysLeft, date);
}

/** Writes the notices for every certificate that reached a threshold by `now`; returns the in-app rows written. */
export function certificateExpiryNotices(tx: DbOrTx, now: Date): number {
  const horizon = new Date(now.getTime() + (Math.max(...CERTIFICATE_EXPIRY_THRESHOLDS) + 1) * DAY_MS);
  const admins = (organizationId: number) => usersWithPermission(tx, organizationId, "manage:users");
  // The seal is in the clerk's custody (Decree 30 Art. 33): the clerks who issue are told with the administrators.
  const sealKeepers = (organizationId: number) => [...usersWithPermission(tx, organizationId, "issue:outgoing"), ...admins(organizationId)];
  const found: Expiring[] = [];

  const devices = tx
    .select({ d: signingDevices, userName: users.fullName, userOrg: users.organizationId, userActive: users.isActive, orgName: organizations.name })
    .from(signingDevices)
    .leftJoin(users, eq(users.id, signingDevices.userId))
    .leftJoin(organizations, eq(organizations.id, signingDevices.organizationId))
    .where(lte(signingDevices.notAfter, horizon))
    .all();
  for (const { d, userName, userOrg, userActive, orgName } of devices) {
    if (d.userId && userName && userOrg && userActive) {
      found.push({
        key: `device:${d.id}:${d.certificateSha256}`,
        holder: userName,
        notAfter: d.notAfter,
        recipients: [d.userId, ...admins(userOrg)],
        link: "/account",
        entityType: "user",
        entityId: d.userId,
      });
    } else if (d.organizationId && orgName) {
      found.push({
        key: `device:${d.id}:${d.certificateSha256}`,
        holder: orgName,
        notAfter: d.notAfter,
        recipients: sealKeepers(d.organizationId),
        link: `/admin/organizations/${d.organizationId}`,
        entityType: "organization",
        entityId: d.organizationId,
      });
    }
  }
  const seals = tx
    .select({ c: organizationCertificates, orgName: organizations.name })
    .from(organizationCertificates)
    .innerJoin(organizations, eq(organizations.id, organizationCertificates.organizationId))
    .where(lte(organizationCertificates.notAfter, horizon))
    .all();
  for (const { c, orgName } of seals) {
    found.push({
      key: `seal_p12:${c.organizationId}:${c.certificateFileId}`,
      holder: orgName,
      notAfter: c.notAfter,
      recipients: sealKeepers(c.organizationId),
      link: `/admin/organizations/${c.organizationId}`,
      entityType: "organization",
      entityId: c.organizationId,
    });
  }

  let written = 0;
  for (const cert of found) {
    const daysLeft = Math.floor((cert.notAfter.getTime() - now.getTime()) / DAY_MS);
    const threshold = certificateExpiryThreshold(daysLeft);
    if (threshold === null) continue;
    written += notify(tx, {
      type: "certificate_expiring",
      eventKey: `certificate_expiring:${cert.key}:${threshold}`,
      entityType: cert.entityType,
      entityId: cert.entityId,
      title: titleOf(cert.holder, threshold, daysLeft, cert.notAfter),
      link: cert.link,
      isSecret: false,
      recipients: cert.recipients,
      at: now,
    }).inApp;
  }
  return written;
}
