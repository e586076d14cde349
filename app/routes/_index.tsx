import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requirePermission, serviceContextFor } from "#app/platform/auth/auth.server";
import { getDashboard } from "#app/features/home/dashboard.server";

export const meta: MetaFunction = () => [{ title: "Trang chủ · Văn phòng điện tử" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "view:dashboard");
  return json({ actor, sections: getDashboard(serviceContextFor(request, actor)) });
}

export default function Dashboard() {
  const { actor, sections } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Xin chào, {actor.fullName}</h1>
      <p className="muted">
        {actor.title ? `${actor.title}, ` : ""}
        {actor.unitName} · {actor.organizationName}
      </p>
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
