// The clerk's OCR box shows the job's error: ocrmypdf's own words were English with a temporary path.
import { describe, expect, test } from "vitest";
import { ocrFailureMessage } from "#app/platform/ocr/ocr-runner.server";

describe("ocrFailureMessage", () => {
  test("each documented exit status gets a Vietnamese reason and says the upload is kept", () => {
    expect(ocrFailureMessage(4)).toBe(
      "Không nhận dạng được chữ trên bản quét: bản quét bị hỏng hoặc không đầy đủ nên không tạo được bản PDF có chữ. Hãy quét hoặc chụp lại và tải lên lại; văn bản đã tải lên vẫn được giữ.",
    );
    expect(ocrFailureMessage(2)).toContain("không đọc được");
    expect(ocrFailureMessage(8)).toContain("mật khẩu");
    expect(ocrFailureMessage(3)).toContain("quản trị");
    expect(ocrFailureMessage(15)).toContain("(mã 15)");
    for (const code of [1, 2, 3, 4, 5, 7, 8, 9, 10, 15, 130]) {
      expect(ocrFailureMessage(code)).not.toMatch(/\/tmp|ocrmypdf|Output file|INVALID/);
    }
  });
});
