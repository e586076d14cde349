import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useNavigation, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { assertSameOrigin, getClientAddress, getOptionalAuth } from "#app/platform/auth/auth.server";
import { signIn } from "#app/platform/auth/sign-in.server";
import { parseFormData } from "#app/utils/http.server";
import { Field, FormError, fieldError } from "#app/components/ui/form";
import { safeRedirect } from "#app/utils/safe-redirect";
import { AuthMessages } from "#app/messages/auth";

export const meta: MetaFunction = () => [{ title: "Đăng nhập · Văn phòng điện tử" }];

export const LoginSchema = z.object({
  username: z.string({ required_error: AuthMessages.USERNAME_REQUIRED }).trim().min(1, AuthMessages.USERNAME_REQUIRED).max(64),
  password: z.string({ required_error: AuthMessages.PASSWORD_REQUIRED }).min(1, AuthMessages.PASSWORD_REQUIRED).max(256),
  redirectTo: z.string().optional(),
});

export async function loader({ request }: LoaderFunctionArgs) {
  const auth = await getOptionalAuth(request);
  if (auth) throw redirect(safeRedirect(new URL(request.url).searchParams.get("redirectTo")));
  return json({});
}

export async function action({ request }: ActionFunctionArgs) {
  assertSameOrigin(request);
  const formData = await request.formData();
  const parsed = parseFormData(formData, LoginSchema);
  if (!parsed.ok) return json(parsed, { status: 400 });
  const result = await signIn({
    request,
    username: parsed.data.username,
    password: parsed.data.password,
    ipAddress: getClientAddress(request),
  });
  if (!result.ok) {
    return json(
      { ok: false as const, formError: result.message, fieldErrors: {}, values: { username: parsed.data.username } },
      { status: result.reason === "locked" ? 429 : 401 },
    );
  }
  const target = result.mustChangePassword ? "/account?changePassword=1" : safeRedirect(parsed.data.redirectTo);
  return redirect(target, { headers: { "Set-Cookie": result.cookie } });
}

export default function Login() {
  const data = useActionData<typeof action>();
  const [params] = useSearchParams();
  const navigation = useNavigation();
  const busy = navigation.state === "submitting";
  return (
    <section className="card login-card" aria-labelledby="login-title">
      <h1 id="login-title">Đăng nhập</h1>
      <Form method="post" className="stack" noValidate>
        <FormError data={data} />
        <input type="hidden" name="redirectTo" value={params.get("redirectTo") ?? ""} />
        <Field id="username" label="Tên đăng nhập" error={fieldError(data, "username")}>
          {(p) => (
            <input
              {...p}
              type="text"
              name="username"
              autoComplete="username"
              autoCapitalize="none"
              spellCheck={false}
              defaultValue={data && "values" in data ? data.values.username : ""}
              required
              // biome-ignore lint/a11y/noAutofocus: the login page has one task; focus on the username is what the user expects
              autoFocus
            />
          )}
        </Field>
        <Field id="password" label="Mật khẩu" error={fieldError(data, "password")}>
          {(p) => <input {...p} type="password" name="password" autoComplete="current-password" required />}
        </Field>
        <button type="submit" disabled={busy}>
          Đăng nhập
        </button>
      </Form>
    </section>
  );
}
