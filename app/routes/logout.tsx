import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { assertSameOrigin, getClientAddress } from "#app/platform/auth/auth.server";
import { signOut } from "#app/platform/auth/sign-in.server";

export async function loader() {
  return redirect("/");
}

export async function action({ request }: ActionFunctionArgs) {
  assertSameOrigin(request);
  const cookie = await signOut(request, getClientAddress(request));
  return redirect("/login", { headers: { "Set-Cookie": cookie } });
}
