import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { isRouteErrorResponse, Links, Meta, Outlet, Scripts, ScrollRestoration, useLoaderData, useRouteError, useRouteLoaderData } from "@remix-run/react";
import type { ReactNode } from "react";
import { getOptionalAuth, serviceContextFor } from "#app/platform/auth/auth.server";
import { unreadNotificationCount } from "#app/features/notifications/index";
import { AppShell } from "#app/components/ui/app-shell";
import stylesUrl from "#app/styles/app.css";
import { useNonce } from "#app/utils/nonce";
import { CommonMessages } from "#app/messages/common";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: stylesUrl },
  { rel: "icon", href: "/favicon.ico" },
];

export const meta: MetaFunction = () => [{ title: "Văn phòng điện tử" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const auth = await getOptionalAuth(request);
  // The bell's count: one indexed COUNT per page view (notifications_user_idx).
  const unread = auth ? unreadNotificationCount(serviceContextFor(request, auth.actor)) : 0;
  return json({ actor: auth?.actor ?? null, unread });
}

function Document({ children }: { children: ReactNode }) {
  // The CSP allows inline scripts only with this response's nonce (entry.server).
  const nonce = useNonce();
  return (
    <html lang="vi">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        {children}
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  const { actor, unread } = useLoaderData<typeof loader>();
  return (
    <Document>
      <AppShell actor={actor} unread={unread}>
        <Outlet />
      </AppShell>
    </Document>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  const data = useRouteLoaderData<typeof loader>("root");
  let title = "Đã xảy ra lỗi";
  let message = "Hệ thống gặp sự cố ngoài dự kiến. Vui lòng thử lại sau ít phút.";
  if (isRouteErrorResponse(error)) {
    if (error.status === 404) {
      title = "Không tìm thấy trang";
      message = "Trang hoặc văn bản bạn tìm không tồn tại, hoặc bạn không có quyền xem.";
    } else if (error.status === 403) {
      title = "Yêu cầu bị từ chối";
      message = typeof error.data === "string" ? error.data : message;
    } else if (error.status === 413) {
      title = "Tệp quá lớn";
      message = typeof error.data === "string" ? error.data : "Tệp tải lên vượt quá dung lượng cho phép.";
    } else if (error.status >= 400 && error.status < 500) {
      // A refused request (400 from a loader's validation, 409, 429): the user's mistake or a state to reload,
      // with the service's own Vietnamese reason; never "sự cố ngoài dự kiến", which is for 5xx only.
      title = CommonMessages.REQUEST_REFUSED_TITLE;
      message = typeof error.data === "string" && error.data.trim() ? error.data : CommonMessages.REQUEST_REFUSED;
    }
  }
  return (
    <Document>
      <AppShell actor={data?.actor ?? null}>
        <section className="error-page" aria-labelledby="error-title">
          <h1 id="error-title">{title}</h1>
          <p>{message}</p>
          <p>
            <a href="/">Về trang chủ</a>
          </p>
        </section>
      </AppShell>
    </Document>
  );
}
