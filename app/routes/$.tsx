import type { LoaderFunctionArgs } from "@remix-run/node";

// Any unknown URL renders the root error boundary's "Không tìm thấy trang".
export async function loader(_: LoaderFunctionArgs) {
  throw new Response("Không tìm thấy trang", { status: 404 });
}

export default function NotFound() {
  return null;
}
