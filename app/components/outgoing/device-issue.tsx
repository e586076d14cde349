// "Cấp số, ký số bằng thiết bị của tôi": the clerk's issue step with the organisation's seal on the clerk's token,
// through the signing agent on this computer (scripts/signing-agent.ts), like the leader's DeviceSignPanel. One
// digest per file (the document, then each PDF attachment); the PIN typed here goes to the agent on 127.0.0.1 only
// — never to the server — and is dropped when the round-trip ends.
import { useRef, useState } from "react";
import { agentCall } from "#app/components/outgoing/device-sign";
import { Field } from "#app/components/ui/form";

type Props = { documentId: number; agentUrl: string; certificateName: string | null };

async function serverCall(url: string, body: unknown) {
  const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  const data = await res.json().catch(() => ({}));
  if (!res.ok || !data.ok) {
    const error = new Error(data?.formError ?? "Không phát hành được văn bản") as Error & { reload?: boolean };
    error.reload = res.status === 409;
    throw error;
  }
  return data;
}

type State = { busy: boolean; error: string | null; reload: boolean; step: string | null };
const IDLE: State = { busy: false, error: null, reload: false, step: null };

export function DeviceIssuePanel({ documentId, agentUrl, certificateName }: Props) {
  const pinRef = useRef<HTMLInputElement>(null);
  const copiesRef = useRef<HTMLInputElement>(null);
  const [state, setState] = useState<State>(IDLE);
  const fail = (error: unknown) =>
    setState({ ...IDLE, error: error instanceof Error ? error.message : String(error), reload: !!(error as { reload?: boolean }).reload });

  async function registerDevice() {
    setState({ ...IDLE, busy: true, step: "Đang đọc chứng thư số trên thiết bị…" });
    try {
      const cert = await agentCall(agentUrl, "/v1/certificate");
      await serverCall("/resources/organization/seal-device", { certificates: cert.certificates });
      window.location.reload();
    } catch (error) {
      fail(error);
    }
  }

  async function issue() {
    let pin = pinRef.current?.value ?? "";
    if (pinRef.current) pinRef.current.value = "";
    if (!pin) return setState({ ...IDLE, error: "Nhập mã PIN của thiết bị ký số" });
    const copiesText = copiesRef.current?.value.trim() ?? "";
    if (copiesText && !/^\d{1,3}$/.test(copiesText)) return setState({ ...IDLE, error: "Số lượng bản phải là số nguyên từ 1 đến 999" });
    setState({ ...IDLE, busy: true, step: "Đang đọc chứng thư số trên thiết bị…" });
    try {
      const cert = await agentCall(agentUrl, "/v1/certificate");
      setState((s) => ({ ...s, step: "Đang cấp số và chuẩn bị văn bản…" }));
      const url = `/resources/outgoing/${documentId}/device-issue`;
      const prep = await serverCall(url, { op: "prepare", certificates: cert.certificates, copies: copiesText ? Number(copiesText) : null });
      const signatures: string[] = [];
      for (const [i, item] of (prep.digests as Array<{ digest: string; name: string }>).entries()) {
        setState((s) => ({ ...s, step: `Đang ký trên thiết bị (${i + 1}/${prep.digests.length}): ${item.name}…` }));
        const signed = await agentCall(agentUrl, "/v1/sign", { digest: item.digest, digestAlgorithm: prep.digestAlgorithm, pin });
        signatures.push(signed.signature);
      }
      setState((s) => ({ ...s, step: `Đang phát hành văn bản số ${prep.numberSymbol}…` }));
      const done = await serverCall(url, { op: "finish", preparationId: prep.preparationId, signatures });
      window.location.assign(done.redirectTo);
    } catch (error) {
      fail(error);
    } finally {
      pin = "";
    }
  }

  return (
    <section className="card" aria-labelledby="device-issue-title">
      <h2 id="device-issue-title">Cấp số, ký số bằng thiết bị của tôi</h2>
      {state.error ? (
        <p className="form-error" role="alert">
          {state.error} {state.reload ? <a href={`/outgoing/${documentId}/issue`}>Tải lại trang</a> : null}
        </p>
      ) : null}
      {certificateName ? (
        <>
          <p className="muted">
            Cắm thiết bị ký số của cơ quan (USB token) và bật chương trình ký trên máy tính này. Chứng thư số của cơ quan đã đăng ký: {certificateName}. Mã PIN
            chỉ được gửi tới chương trình ký trên máy của bạn, không gửi lên máy chủ.
          </p>
          <div className="stack" style={{ maxWidth: 420 }}>
            <Field id="device-issue-pin" label="Mã PIN thiết bị ký số của cơ quan">
              {(p) => <input {...p} ref={pinRef} type="password" autoComplete="off" inputMode="numeric" />}
            </Field>
            <Field id="device-issue-copies" label="Số lượng bản" hint="Mặc định: số nơi nhận + 1 bản lưu.">
              {(p) => <input {...p} ref={copiesRef} type="number" min={1} max={999} />}
            </Field>
            <div className="actions">
              <button type="button" onClick={issue} disabled={state.busy}>
                {state.busy ? "Đang phát hành…" : "Cấp số, ký số bằng thiết bị của tôi"}
              </button>
            </div>
          </div>
        </>
      ) : (
        <>
          <p className="muted">
            Con dấu (khóa ký số) của cơ quan nằm trên USB token do văn thư giữ? Cắm thiết bị, bật chương trình ký trên máy tính này (npm run signing-agent) rồi
            đăng ký chứng thư số của cơ quan; không cần mã PIN.
          </p>
          <div className="actions">
            <button type="button" className="secondary" onClick={registerDevice} disabled={state.busy}>
              Đăng ký thiết bị ký số của cơ quan
            </button>
          </div>
        </>
      )}
      {state.step ? (
        <p className="muted" role="status">
          {state.step}
        </p>
      ) : null}
    </section>
  );
}
