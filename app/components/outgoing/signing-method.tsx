// Account page: the signing method (PKCS#12 file, server token, own device), certificate expiry, and registering
// the certificate of the user's own token through the signing agent (the PIN is not needed to read it).
import { useState } from "react";
import { Form } from "@remix-run/react";
import type { SigningOverview } from "#app/platform/signing/pkcs11-signer.server";
import { SigningMessages } from "#app/messages/signing";

const dateVi = (iso: string) => new Date(iso).toLocaleDateString("vi-VN", { timeZone: "Asia/Ho_Chi_Minh", day: "2-digit", month: "2-digit", year: "numeric" });

export function SigningMethodSection({ overview, agentUrl, hasPkcs12 }: { overview: SigningOverview; agentUrl: string; hasPkcs12: boolean }) {
  const [status, setStatus] = useState<{ error?: string; message?: string }>({});
  async function registerDevice() {
    setStatus({});
    try {
      const res = await fetch(`${agentUrl}/v1/certificate`).catch(() => null);
      if (!res) throw new Error(`Không kết nối được chương trình ký trên máy tính này (${agentUrl}).`);
      const cert = await res.json();
      if (!res.ok) throw new Error(cert?.error?.message ?? "Chương trình ký báo lỗi");
      const saved = await fetch("/resources/account/own-device", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ certificates: cert.certificates }),
      });
      const body = await saved.json().catch(() => ({}));
      if (!saved.ok || !body.ok) throw new Error(body.formError ?? "Không đăng ký được thiết bị");
      window.location.reload();
    } catch (error) {
      setStatus({ error: error instanceof Error ? error.message : String(error) });
    }
  }
  const options = [
    { value: "pkcs12", label: SigningMessages.METHOD_PKCS12, available: hasPkcs12 },
    { value: "server_token", label: SigningMessages.METHOD_SERVER_TOKEN, available: !!overview.serverToken },
    { value: "own_device", label: SigningMessages.METHOD_DEVICE, available: !!overview.ownDevice },
  ];
  return (
    <section className="card" aria-labelledby="signing-method-title">
      <h2 id="signing-method-title">Phương thức ký số</h2>
      {overview.expiry ? (
        <p className={overview.expiry.daysLeft <= 30 ? "notice" : "muted"}>
          {overview.expiry.daysLeft < 0
            ? SigningMessages.CERT_EXPIRED(dateVi(overview.expiry.notAfter))
            : `Chứng thư số đang dùng có hiệu lực đến ngày ${dateVi(overview.expiry.notAfter)} (còn ${overview.expiry.daysLeft} ngày).`}
        </p>
      ) : null}
      <Form method="post" className="stack" style={{ maxWidth: 560 }}>
        <input type="hidden" name="intent" value="signing-method" />
        <fieldset>
          <legend>Ký văn bản bằng</legend>
          {options.map((o) => (
            <label key={o.value} style={{ display: "block" }}>
              <input type="radio" name="method" value={o.value} defaultChecked={overview.method === o.value} disabled={!o.available} /> {o.label}
              {o.value === "server_token" && overview.serverToken
                ? ` — ${overview.serverToken.subjectName}, hết hạn ${dateVi(overview.serverToken.notAfter)}`
                : null}
              {o.value === "own_device" && overview.ownDevice ? ` — ${overview.ownDevice.subjectName}, hết hạn ${dateVi(overview.ownDevice.notAfter)}` : null}
            </label>
          ))}
        </fieldset>
        <div className="actions">
          <button type="submit">Lưu phương thức ký</button>
          <button type="button" className="secondary" onClick={registerDevice}>
            Đăng ký thiết bị của tôi
          </button>
        </div>
      </Form>
      <p className="muted">
        “Đăng ký thiết bị của tôi” đọc chứng thư số từ USB token qua chương trình ký trên máy tính này (npm run signing-agent); không cần mã PIN.
      </p>
      {status.error ? (
        <p className="form-error" role="alert">
          {status.error}
        </p>
      ) : null}
    </section>
  );
}
