import { Link } from "@remix-run/react";
import { useEffect, useState } from "react";

/**
 * The bell: the unread count from the page's data, kept current while the page is open by the server-sent
 * event stream (/notifications/stream) — no polling from the browser.
 */
export function NotificationBell({ initialUnread }: { initialUnread: number }) {
  const [unread, setUnread] = useState(initialUnread);
  useEffect(() => setUnread(initialUnread), [initialUnread]);
  useEffect(() => {
    if (typeof EventSource === "undefined") return;
    const source = new EventSource("/notifications/stream");
    const onUnread = (event: MessageEvent<string>) => {
      try {
        const data = JSON.parse(event.data) as { unread: number };
        if (Number.isInteger(data.unread)) setUnread(data.unread);
      } catch {
        // a malformed event is ignored; the next one corrects the count
      }
    };
    source.addEventListener("unread", onUnread as EventListener);
    return () => {
      source.removeEventListener("unread", onUnread as EventListener);
      source.close();
    };
  }, []);
  const label = unread > 0 ? `Thông báo: ${unread} chưa đọc` : "Thông báo: không có thông báo mới";
  return (
    <Link to="/notifications" className="notification-bell" aria-label={label} title={label}>
      <svg aria-hidden="true" width="22" height="22" viewBox="0 0 24 24" fill="currentColor">
        <path d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3.5a1.5 1.5 0 0 0-3 0v.66A7 7 0 0 0 5 11v5l-2 2v1h18v-1l-2-2Z" />
      </svg>
      {unread > 0 ? (
        <span className="notification-count" data-testid="unread-count">
          {unread > 99 ? "99+" : unread}
        </span>
      ) : null}
    </Link>
  );
}
