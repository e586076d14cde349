import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requirePermission, serviceContextFor } from "#app/platform/auth/auth.server";
import { getDashboard } from "#app/features/home/dashboard.server";
import { certificateExpiryWarning } from "#app/platform/signing/pkcs11-signer.server";
import { formatDateVi, toVietnamDate } from "#app/domain/shared/dates";
import { SigningMessages } from "#app/messages/signing";

export const meta: MetaFunction = () => [{ title: "Trang chủ · Văn phòng điện tử" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "view:dashboard");
  const ctx = serviceContextFor(request, actor);
  // A signing certificate within 30 days of expiry is flagged (issue 13): renewal takes days at the CA.
  const warning = actor.permissions.includes("sign:outgoing") ? certificateExpiryWarning(ctx.db, actor.id, new Date()) : null;
  const certificateWarning = warning
    ? warning.daysLeft < 0
      ? SigningMessages.CERT_EXPIRED(formatDateVi(toVietnamDate(new Date(warning.notAfter))))
      : SigningMessages.CERT_EXPIRES_SOON(warning.daysLeft, formatDateVi(toVietnamDate(new Date(warning.notAfter))))
    : null;
  return json({ actor, sections: getDashboard(ctx), certificateWarning });
}

export default function Dashboard() {
  const { actor, sections, certificateWarning } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Xin chào, {actor.fullName}</h1>
      <p className="muted">
        {actor.title ? `${actor.title}, ` : ""}
        {actor.unitName} · {actor.organizationName}
      </p>
      {certificateWarning ? (
        <p className="notice" role="note" data-testid="certificate-expiry">
          {certificateWarning} <Link to="/account">Tài khoản → Phương thức ký số</Link>
        </p>
      ) : null}
      {sections.length === 0 ? <p className="notice">Hiện chưa có việc cần xử lý.</p> : null}
      {sections.map((section) => (
        <section key={section.title} aria-labelledby={`section-${section.title}`}>
          <h2 id={`section-${section.title}`}>{section.title}</h2>
          <div className="grid">
            {section.counters.map((c) => (
              <Link key={c.key} to={c.href} className={`counter tone-${c.tone ?? "default"}`} data-counter={c.key}>
                <strong>{c.count}</strong>
                {c.label}
              </Link>
            ))}
          </div>
        </section>
      ))}
    </>
  );
}
