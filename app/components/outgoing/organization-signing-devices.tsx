// Admin → Cơ quan: the organisation's seal key on a PKCS#11 token/HSM of the server (register, replace, stop using)
// and the seal certificate registered from the clerk's own token. The PIN typed here is sent once for the test
// signature and never comes back (the form is reset after every answer).
import { useEffect, useRef, useState } from "react";
import { Form } from "@remix-run/react";
import { z } from "zod";
import { Field, FormError, fieldError, submittedValue } from "#app/components/ui/form";
import { SigningMessages } from "#app/messages/signing";

const text = (max: number) => z.string().trim().max(max);

const ServerTokenBase = z.object({
  intent: z.literal("server_token"),
  modulePath: z.string().min(1, "Chọn thư viện PKCS#11"),
  tokenLabel: text(64).pipe(z.string().min(1, "Nhập nhãn token (slot)")),
  keyLabel: text(128).optional(),
  keyId: text(128).optional(),
});

/** PIN typed once for the test signature, or the name of a server environment variable holding it. */
export const ServerTokenSchema = z.discriminatedUnion("pinSource", [
  ServerTokenBase.extend({ pinSource: z.literal("typed"), pin: z.string().min(1, SigningMessages.PIN_REQUIRED).max(256) }),
  ServerTokenBase.extend({ pinSource: z.literal("env"), pinVariable: text(64).pipe(z.string().min(1, "Nhập tên biến môi trường chứa mã PIN")) }),
]);

export const DisableDeviceSchema = z.object({ intent: z.literal("disable_device"), kind: z.enum(["server_token", "own_device"]) });

export type DeviceSummary = {
  subjectName: string;
  notAfter: string;
  modulePath: string | null;
  tokenLabel: string | null;
  keyLabel: string | null;
  keyId: string | null;
  updatedAt: string;
};

const dateVi = (iso: string) => new Date(iso).toLocaleDateString("vi-VN", { timeZone: "Asia/Ho_Chi_Minh", day: "2-digit", month: "2-digit", year: "numeric" });

function DisableButton({ kind, subject }: { kind: "server_token" | "own_device"; subject: string }) {
  return (
    <Form
      method="post"
      onSubmit={(event) => {
        if (!window.confirm(`Ngừng sử dụng thiết bị ký số của ${subject}? Văn thư sẽ không ký phát hành được bằng thiết bị này nữa.`)) event.preventDefault();
      }}
    >
      <input type="hidden" name="intent" value="disable_device" />
      <input type="hidden" name="kind" value={kind} />
      <button type="submit" className="secondary">
        Ngừng sử dụng
      </button>
    </Form>
  );
}

export function OrganizationSigningDevices({
  serverToken,
  ownDevice,
  modules,
  data,
}: {
  serverToken: DeviceSummary | null;
  ownDevice: DeviceSummary | null;
  modules: string[];
  data: unknown;
}) {
  const formRef = useRef<HTMLFormElement>(null);
  const [pinSource, setPinSource] = useState<"typed" | "env">(submittedValue(data, "pinSource", "typed") === "env" ? "env" : "typed");
  // The PIN field is emptied after every answer (a saved token also remounts the form): it is never kept in the page.
  useEffect(() => {
    const pin = formRef.current?.elements.namedItem("pin");
    if (data && pin instanceof HTMLInputElement) pin.value = "";
  }, [data]);
  return (
    <section className="card" aria-labelledby="server-token-title">
      <h2 id="server-token-title">Thiết bị ký số của cơ quan trên máy chủ (PKCS#11/HSM)</h2>
      {serverToken ? (
        <div className="actions" data-testid="server-token-current">
          <p>
            Đang dùng: <strong>{serverToken.subjectName}</strong>, hiệu lực đến {dateVi(serverToken.notAfter)} — token “{serverToken.tokenLabel}”, khóa “
            {serverToken.keyLabel ?? serverToken.keyId}”, <code>{serverToken.modulePath}</code>.
          </p>
          <DisableButton kind="server_token" subject={serverToken.subjectName} />
        </div>
      ) : (
        <p className="muted">Chưa khai báo thiết bị ký số trên máy chủ.</p>
      )}
      <p className="muted">
        Khóa của con dấu nằm trên token/HSM, không bao giờ rời thiết bị. Hệ thống đọc chứng thư số từ thiết bị, ký thử bằng mã PIN và chỉ lưu khi chữ ký thử hợp
        lệ. Mã PIN không được lưu: văn thư nhập mã PIN mỗi lần phát hành.
      </p>
      {modules.length === 0 ? (
        <p className="notice">Máy chủ chưa có thư viện PKCS#11 nào được phép (biến môi trường PKCS11_MODULES).</p>
      ) : (
        <Form method="post" className="stack" style={{ maxWidth: 560 }} ref={formRef} autoComplete="off" key={serverToken?.updatedAt ?? "none"}>
          <FormError data={data} />
          <input type="hidden" name="intent" value="server_token" />
          <Field id="modulePath" label="Thư viện PKCS#11 (module)" error={fieldError(data, "modulePath")}>
            {(p) => (
              <select {...p} name="modulePath" defaultValue={submittedValue(data, "modulePath", serverToken?.modulePath ?? modules[0])}>
                {modules.map((m) => (
                  <option key={m} value={m}>
                    {m}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field id="tokenLabel" label="Nhãn token (slot)" error={fieldError(data, "tokenLabel")}>
            {(p) => <input {...p} type="text" name="tokenLabel" defaultValue={submittedValue(data, "tokenLabel", serverToken?.tokenLabel ?? "")} />}
          </Field>
          <Field id="keyLabel" label="Nhãn khóa (CKA_LABEL)" hint="Hoặc nhập mã khóa bên dưới." error={fieldError(data, "keyLabel")}>
            {(p) => <input {...p} type="text" name="keyLabel" defaultValue={submittedValue(data, "keyLabel", serverToken?.keyLabel ?? "")} />}
          </Field>
          <Field id="keyId" label="Mã khóa (CKA_ID, hexa)" error={fieldError(data, "keyId")}>
            {(p) => <input {...p} type="text" name="keyId" defaultValue={submittedValue(data, "keyId", serverToken?.keyId ?? "")} />}
          </Field>
          <fieldset>
            <legend>Mã PIN để ký thử</legend>
            <label style={{ display: "block" }}>
              <input type="radio" name="pinSource" value="typed" checked={pinSource === "typed"} onChange={() => setPinSource("typed")} /> Nhập mã PIN một lần
              (không lưu)
            </label>
            <label style={{ display: "block" }}>
              <input type="radio" name="pinSource" value="env" checked={pinSource === "env"} onChange={() => setPinSource("env")} /> Lấy từ biến môi trường trên
              máy chủ
            </label>
          </fieldset>
          {pinSource === "typed" ? (
            <Field id="pin" label="Mã PIN thiết bị ký số" error={fieldError(data, "pin")}>
              {(p) => <input {...p} type="password" name="pin" autoComplete="off" />}
            </Field>
          ) : (
            <Field
              id="pinVariable"
              label="Tên biến môi trường chứa mã PIN"
              hint="Ví dụ PKCS11_PIN_UBND; quản trị hệ thống đặt biến này khi khởi động máy chủ."
              error={fieldError(data, "pinVariable")}
            >
              {(p) => <input {...p} type="text" name="pinVariable" defaultValue={submittedValue(data, "pinVariable")} />}
            </Field>
          )}
          <div className="actions">
            <button type="submit">{serverToken ? "Ký thử và thay thế" : "Ký thử và lưu"}</button>
          </div>
        </Form>
      )}
      <h3>Thiết bị ký số của văn thư (qua chương trình ký trên máy văn thư)</h3>
      {ownDevice ? (
        <div className="actions" data-testid="own-device-current">
          <p>
            Đã đăng ký: <strong>{ownDevice.subjectName}</strong>, hiệu lực đến {dateVi(ownDevice.notAfter)}.
          </p>
          <DisableButton kind="own_device" subject={ownDevice.subjectName} />
        </div>
      ) : (
        <p className="muted">Chưa đăng ký. Văn thư đăng ký trên trang “Cấp số và phát hành” bằng nút “Đăng ký thiết bị ký số của cơ quan”.</p>
      )}
    </section>
  );
}
