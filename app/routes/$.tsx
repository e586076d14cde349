import type { LoaderFunctionArgs } from "@remix-run/node";
import { CommonMessages } from "#app/messages/common";

// Any unknown URL renders the root error boundary's "Không tìm thấy trang".
export async function loader(_: LoaderFunctionArgs) {
  throw new Response(CommonMessages.NOT_FOUND("trang"), { status: 404 });
}

export default function NotFound() {
  return null;
}
