// "Ký bằng thiết bị của tôi": talks to the signing agent on this computer (scripts/signing-agent.ts) and to the
// server. The PIN typed here goes to the agent on 127.0.0.1 only — never to the server — and is cleared at once.
import { useRef, useState } from "react";

type Props = { documentId: number; agentUrl: string; certificateName: string | null };

/** A call to the signing agent on this computer; its Vietnamese error message when it refuses. */
export async function agentCall(agentUrl: string, path: string, body?: unknown) {
  let res: Response;
  try {
    res = await fetch(`${agentUrl}${path}`, body ? { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) } : {});
  } catch {
    throw new Error(`Không kết nối được chương trình ký trên máy tính này (${agentUrl}). Hãy cắm thiết bị ký số và chạy chương trình ký.`);
  }
  const data = await res.json().catch(() => ({}));
  if (!res.ok) throw new Error(data?.error?.message ?? "Chương trình ký báo lỗi");
  return data;
}

async function serverCall(documentId: number, body: unknown) {
  const res = await fetch(`/resources/outgoing/${documentId}/device-sign`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  const data = await res.json().catch(() => ({}));
  if (!res.ok || !data.ok) {
    const error = new Error(data?.formError ?? "Không ký được văn bản") as Error & { reload?: boolean };
    error.reload = res.status === 409;
    throw error;
  }
  return data;
}

export function DeviceSignPanel({ documentId, agentUrl, certificateName }: Props) {
  const pinRef = useRef<HTMLInputElement>(null);
  const [state, setState] = useState<{ busy: boolean; error: string | null; reload: boolean; step: string | null }>({
    busy: false,
    error: null,
    reload: false,
    step: null,
  });

  async function sign() {
    const pin = pinRef.current?.value ?? "";
    if (pinRef.current) pinRef.current.value = "";
    if (!pin) return setState({ busy: false, error: "Nhập mã PIN của thiết bị ký số", reload: false, step: null });
    setState({ busy: true, error: null, reload: false, step: "Đang đọc chứng thư số trên thiết bị…" });
    try {
      const cert = await agentCall(agentUrl, "/v1/certificate");
      setState((s) => ({ ...s, step: "Đang chuẩn bị văn bản…" }));
      const prep = await serverCall(documentId, { op: "prepare", certificates: cert.certificates });
      setState((s) => ({ ...s, step: "Đang ký trên thiết bị…" }));
      const signed = await agentCall(agentUrl, "/v1/sign", { digest: prep.digest, digestAlgorithm: prep.digestAlgorithm, pin });
      setState((s) => ({ ...s, step: "Đang lưu văn bản đã ký…" }));
      const done = await serverCall(documentId, { op: "finish", preparationId: prep.preparationId, signature: signed.signature });
      window.location.assign(done.redirectTo);
    } catch (error) {
      setState({ busy: false, error: error instanceof Error ? error.message : String(error), reload: !!(error as { reload?: boolean }).reload, step: null });
    }
  }

  return (
    <section className="card" aria-labelledby="device-sign-title">
      <h2 id="device-sign-title">Ký bằng thiết bị của tôi</h2>
      <p className="muted">
        Cắm thiết bị ký số (USB token) và bật chương trình ký trên máy tính này. Mã PIN chỉ được gửi tới chương trình ký trên máy của bạn, không gửi lên máy
        chủ.
        {certificateName ? ` Chứng thư số đã đăng ký: ${certificateName}.` : null}
      </p>
      <div className="stack" style={{ maxWidth: 420 }}>
        {state.error ? (
          <p className="form-error" role="alert">
            {state.error} {state.reload ? <a href={`/outgoing/${documentId}`}>Tải lại trang</a> : null}
          </p>
        ) : null}
        <label htmlFor="device-pin">Mã PIN thiết bị ký số</label>
        <input id="device-pin" ref={pinRef} type="password" autoComplete="off" inputMode="numeric" />
        <div className="actions">
          <button type="button" onClick={sign} disabled={state.busy}>
            {state.busy ? "Đang ký…" : "Ký bằng thiết bị của tôi"}
          </button>
        </div>
        {state.step ? (
          <p className="muted" role="status">
            {state.step}
          </p>
        ) : null}
      </div>
    </section>
  );
}
