// Step 1 of registration: the PDF, sent with a progress bar when JavaScript runs (XHR), as a plain
// multipart post otherwise; the answer pre-fills step 2.
import { Form, Link, useNavigation } from "@remix-run/react";
import { useRef, useState, type DragEvent } from "react";
import type { ActionFailure } from "#app/components/ui/form";
import type { IncomingUploadResult } from "#app/features/incoming/index";
import { IncomingMessages } from "#app/messages/incoming";

export type UploadResponse = { ok: true; upload: IncomingUploadResult };

export function UploadStep({
  maxUploadMb,
  failure,
  onUploaded,
}: {
  maxUploadMb: number;
  failure: ActionFailure | null;
  onUploaded: (u: IncomingUploadResult) => void;
}) {
  const navigation = useNavigation();
  const inputRef = useRef<HTMLInputElement>(null);
  const [progress, setProgress] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [isDragging, setIsDragging] = useState(false);

  // With JavaScript: upload through XHR for a progress bar; without it the form posts normally.
  function send(file: File) {
    setError(null);
    if (file.size > maxUploadMb * 1024 * 1024) {
      setError(IncomingMessages.UPLOAD_TOO_LARGE(maxUploadMb));
      return;
    }
    const body = new FormData();
    body.append("file", file);
    const xhr = new XMLHttpRequest();
    xhr.open("POST", "/incoming/new?_data=routes%2Fincoming.new");
    xhr.upload.onprogress = (e) => e.lengthComputable && setProgress(Math.round((e.loaded / e.total) * 100));
    xhr.onload = () => {
      setProgress(null);
      try {
        const result = JSON.parse(xhr.responseText) as UploadResponse | { ok: false; formError: string };
        if (result.ok) onUploaded(result.upload);
        else setError(result.formError);
      } catch {
        setError(xhr.status === 413 ? IncomingMessages.UPLOAD_TOO_LARGE(maxUploadMb) : IncomingMessages.UPLOAD_FAILED);
      }
    };
    xhr.onerror = () => {
      setProgress(null);
      setError(IncomingMessages.UPLOAD_CONNECTION_LOST);
    };
    xhr.send(body);
  }

  function onDrop(event: DragEvent<HTMLDivElement>) {
    event.preventDefault();
    setIsDragging(false);
    const file = event.dataTransfer.files[0];
    if (file) send(file);
  }

  const message = error ?? failure?.formError ?? null;
  return (
    <section className="card" aria-labelledby="upload-title">
      <h2 id="upload-title">Bước 1: Tải tệp văn bản đến (PDF hoặc ảnh quét)</h2>
      <p className="muted">
        Hệ thống đọc số ký hiệu, loại, ngày, cơ quan ban hành, trích yếu và người ký từ tệp để điền sẵn vào phiếu đăng ký; bản quét không có lớp chữ được nhận
        dạng ký tự (OCR) sau khi tải lên.
      </p>
      {message ? (
        <div className="form-error" role="alert">
          {message}
        </div>
      ) : null}
      <Form method="post" encType="multipart/form-data" className="stack">
        {/* biome-ignore lint/a11y/noStaticElementInteractions: dropping a file is a mouse shortcut; the labelled file input inside is the accessible control */}
        <div
          className={`drop-zone${isDragging ? " dragging" : ""}`}
          onDragOver={(e) => {
            e.preventDefault();
            setIsDragging(true);
          }}
          onDragLeave={() => setIsDragging(false)}
          onDrop={onDrop}
        >
          <label htmlFor="file">Tệp PDF hoặc ảnh quét JPEG, PNG, TIFF (kéo thả vào đây hoặc chọn tệp, tối đa {maxUploadMb} MB)</label>
          <input
            ref={inputRef}
            id="file"
            name="file"
            type="file"
            accept="application/pdf,.pdf,image/jpeg,image/png,image/tiff,.jpg,.jpeg,.png,.tif,.tiff"
            onChange={(e) => {
              const file = e.currentTarget.files?.[0];
              if (file) send(file);
            }}
          />
        </div>
        {progress !== null ? (
          <div>
            <label htmlFor="upload-progress">Đang tải lên: {progress}%</label>
            <progress id="upload-progress" max={100} value={progress} style={{ width: "100%" }} />
          </div>
        ) : null}
        <noscript>
          <p className="muted">Chọn tệp rồi bấm “Tải lên và đọc thông tin”.</p>
        </noscript>
        <div className="actions">
          <button type="submit" disabled={navigation.state === "submitting"}>
            Tải lên và đọc thông tin
          </button>
          <Link to="?mode=manual" className="button secondary">
            Nhập thông tin không có tệp
          </Link>
          <Link to="?mode=secret" className="button secondary">
            Đăng ký văn bản mật
          </Link>
        </div>
      </Form>
    </section>
  );
}
