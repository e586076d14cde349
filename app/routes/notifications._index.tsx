import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireAuth, serviceContextFor } from "#app/platform/auth/auth.server";
import { getNotificationPreferences, listNotifications, markNotificationsRead, saveNotificationPreferences } from "#app/features/notifications/index";
import { isNotificationEventType, NOTIFICATION_EVENT_TYPES } from "#app/domain/shared/notifications";
import { formatDateTimeVi } from "#app/domain/shared/dates";
import { NotificationMessages } from "#app/messages/notifications";
import { actionErrorResponse } from "#app/utils/http.server";

export const meta: MetaFunction = () => [{ title: "Thông báo · Văn phòng điện tử" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { actor } = await requireAuth(request);
  const ctx = serviceContextFor(request, actor);
  const before = Number(new URL(request.url).searchParams.get("before")) || null;
  const items = listNotifications(ctx, { before, limit: 50 }).map((n) => ({
    id: n.id,
    title: n.title,
    body: n.body,
    link: n.link,
    read: n.readAt !== null,
    at: formatDateTimeVi(n.createdAt),
  }));
  return json({ items, preferences: getNotificationPreferences(ctx), older: items.length === 50 ? items[items.length - 1].id : null });
}

export async function action({ request }: ActionFunctionArgs) {
  const { actor } = await requireAuth(request);
  const ctx = serviceContextFor(request, actor);
  const form = await request.formData();
  try {
    if (form.get("intent") === "read-all") {
      markNotificationsRead(ctx, "all");
      return json({ ok: true as const, message: null });
    }
    if (form.get("intent") === "read") {
      markNotificationsRead(
        ctx,
        [Number(form.get("id"))].filter((n) => Number.isInteger(n) && n > 0),
      );
      return json({ ok: true as const, message: null });
    }
    if (form.get("intent") === "preferences") {
      const rows = NOTIFICATION_EVENT_TYPES.filter(isNotificationEventType).map((type) => ({
        type,
        inApp: form.get(`${type}:in_app`) === "on",
        email: form.get(`${type}:email`) === "on",
      }));
      saveNotificationPreferences(ctx, { rows, dailyDigest: form.get("dailyDigest") === "on" });
      return json({ ok: true as const, message: NotificationMessages.PREFERENCES_SAVED });
    }
    return json({ ok: false as const, message: null }, { status: 400 });
  } catch (error) {
    return actionErrorResponse(error);
  }
}

export default function NotificationsPage() {
  const { items, preferences, older } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const message = result && "message" in result ? result.message : null;
  return (
    <div className="page">
      <h1>Thông báo</h1>
      <section aria-labelledby="list-heading">
        <div className="section-head">
          <h2 id="list-heading">Thông báo của tôi</h2>
          <Form method="post">
            <input type="hidden" name="intent" value="read-all" />
            <button type="submit" className="button-secondary">
              Đánh dấu tất cả đã đọc
            </button>
          </Form>
        </div>
        {items.length === 0 ? (
          <p className="empty">Chưa có thông báo.</p>
        ) : (
          <ul className="notification-list">
            {items.map((n) => (
              <li key={n.id} className={n.read ? "notification" : "notification unread"}>
                <Link to={n.link}>{n.title}</Link>
                {n.body ? <p className="notification-body">{n.body}</p> : null}
                <div className="notification-meta">
                  <span>{n.at}</span>
                  {n.read ? null : (
                    <Form method="post" className="inline-form">
                      <input type="hidden" name="intent" value="read" />
                      <input type="hidden" name="id" value={n.id} />
                      <button type="submit" className="button-link">
                        Đánh dấu đã đọc
                      </button>
                    </Form>
                  )}
                </div>
              </li>
            ))}
          </ul>
        )}
        {older ? <Link to={`?before=${older}`}>Thông báo cũ hơn</Link> : null}
      </section>
      <section aria-labelledby="prefs-heading" id="settings">
        <h2 id="prefs-heading">Cách nhận thông báo</h2>
        {preferences.email ? (
          <p>
            Thư điện tử gửi tới <strong>{preferences.email}</strong>. Văn bản mật chỉ được báo "có văn bản mật cần xử lý", không kèm trích yếu.
          </p>
        ) : (
          <p className="hint">{NotificationMessages.NO_EMAIL}</p>
        )}
        {message ? (
          <p role="status" className="flash-success">
            {message}
          </p>
        ) : null}
        <Form method="post">
          <input type="hidden" name="intent" value="preferences" />
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">Sự kiện</th>
                <th scope="col">Trong ứng dụng</th>
                <th scope="col">Thư điện tử</th>
              </tr>
            </thead>
            <tbody>
              {preferences.rows.map((row) => (
                <tr key={row.type}>
                  <th scope="row">{row.label}</th>
                  <td>
                    <input type="checkbox" name={`${row.type}:in_app`} defaultChecked={row.inApp} aria-label={`${row.label}: trong ứng dụng`} />
                  </td>
                  <td>
                    <input type="checkbox" name={`${row.type}:email`} defaultChecked={row.email} aria-label={`${row.label}: thư điện tử`} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <label className="checkbox">
            <input type="checkbox" name="dailyDigest" defaultChecked={preferences.dailyDigest} /> Gộp thư điện tử thành một thư tổng hợp mỗi ngày làm việc
          </label>
          <div className="form-actions">
            <button type="submit">Lưu</button>
          </div>
        </Form>
      </section>
    </div>
  );
}
