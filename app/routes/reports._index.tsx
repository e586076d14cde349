import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requirePermission, serviceContextFor } from "#app/platform/auth/auth.server";
import { listReportSnapshots, listPlans } from "#app/features/plans/index";
import { SnapshotTable } from "#app/components/plans/snapshot-table";

export const meta: MetaFunction = () => [{ title: "Báo cáo · Văn phòng điện tử" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "view:reports");
  const ctx = serviceContextFor(request, actor);
  return json({ plans: listPlans(ctx).map((p) => ({ id: p.id, title: p.title, year: p.year })), snapshots: listReportSnapshots(ctx) });
}

export default function Reports() {
  const { plans, snapshots } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Báo cáo</h1>
      <section aria-labelledby="plans-title">
        <h2 id="plans-title">Báo cáo định kỳ theo kế hoạch</h2>
        <ul>
          {plans.map((p) => (
            <li key={p.id}>
              <Link to={`/plans/${p.id}/reports`}>{p.title}</Link> ({p.year})
            </li>
          ))}
        </ul>
        {plans.length === 0 ? <p className="muted">Chưa có kế hoạch.</p> : null}
      </section>
      <SnapshotTable snapshots={snapshots} />
    </>
  );
}
