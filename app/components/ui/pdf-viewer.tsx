import { useEffect, useRef, useState } from "react";
import { withQuery } from "#app/utils/url";

type PdfjsModule = {
  GlobalWorkerOptions: { workerSrc: string };
  getDocument: (src: { url: string; isEvalSupported?: boolean }) => {
    promise: Promise<{ numPages: number; getPage: (n: number) => Promise<PdfPage> }>;
    destroy: () => Promise<void>;
  };
};
type PdfPage = {
  getViewport: (o: { scale: number }) => { width: number; height: number };
  render: (o: { canvasContext: CanvasRenderingContext2D; viewport: unknown; canvas?: HTMLCanvasElement }) => { promise: Promise<void> };
};

const MAX_RENDERED_PAGES = 30;

/**
 * Renders a PDF to canvases with pdfjs in the browser. The library is loaded at run time from
 * /resources/pdfjs (a variable URL, so the Remix compiler does not try to bundle it); without
 * JavaScript, or on failure, the download link below remains.
 */
export function PdfViewer({ url, title }: { url: string; title: string }) {
  const container = useRef<HTMLElement>(null);
  const [state, setState] = useState<"loading" | "ready" | "error">("loading");
  const [pageCount, setPageCount] = useState(0);

  useEffect(() => {
    let isCancelled = false;
    let destroy: (() => Promise<void>) | null = null;
    // Every failure is caught inside and shown as the error state.
    void (async () => {
      try {
        const moduleUrl = "/resources/pdfjs/pdf.mjs";
        const pdfjs = (await import(/* webpackIgnore: true */ moduleUrl)) as PdfjsModule;
        pdfjs.GlobalWorkerOptions.workerSrc = "/resources/pdfjs/pdf.worker.mjs";
        const task = pdfjs.getDocument({ url, isEvalSupported: false });
        destroy = () => task.destroy();
        const doc = await task.promise;
        if (isCancelled || !container.current) return;
        setPageCount(doc.numPages);
        container.current.replaceChildren();
        for (let n = 1; n <= Math.min(doc.numPages, MAX_RENDERED_PAGES); n++) {
          const page = await doc.getPage(n);
          if (isCancelled || !container.current) return;
          const viewport = page.getViewport({ scale: 1.4 });
          const canvas = document.createElement("canvas");
          canvas.width = viewport.width;
          canvas.height = viewport.height;
          canvas.setAttribute("role", "img");
          canvas.setAttribute("aria-label", `${title}, trang ${n}`);
          container.current.appendChild(canvas);
          const canvasContext = canvas.getContext("2d");
          if (!canvasContext) throw new Error("No 2D canvas in this browser");
          await page.render({ canvasContext, viewport, canvas }).promise;
        }
        setState("ready");
      } catch {
        if (!isCancelled) setState("error");
      }
    })();
    return () => {
      isCancelled = true;
      void destroy?.();
    };
  }, [url, title]);

  return (
    <div>
      {state === "loading" ? <p className="muted">Đang hiển thị văn bản…</p> : null}
      {/* Canvases are added by pdfjs, outside React's children: React must never reconcile this div's content. */}
      <section
        className="pdf-viewer"
        ref={container}
        data-state={state}
        aria-busy={state === "loading"}
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard to scroll it (WCAG 2.1.1)
        tabIndex={0}
        aria-label={`Xem văn bản: ${title}`}
      />
      {state === "error" ? <p className="notice">Không hiển thị được tệp trong trình duyệt. Dùng liên kết tải tệp bên dưới.</p> : null}
      {pageCount > MAX_RENDERED_PAGES ? <p className="muted">Chỉ hiển thị {MAX_RENDERED_PAGES} trang đầu; tải tệp để xem đầy đủ.</p> : null}
      <p>
        <a href={withQuery(url, { download: 1 })}>Tải tệp PDF</a>
      </p>
    </div>
  );
}
