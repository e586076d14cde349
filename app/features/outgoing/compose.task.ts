// Untrusted-file task "compose" (runs in a pool child, app/platform/untrusted/): lays out a document
// typed by a user into a PDF. User text decides how many pages and glyphs there are, so the work runs
// off the request thread, within COMPOSE_LIMITS (body length and page count refused with a message).
import { composeDocumentPdf, type ComposeDocumentInput, type ComposedDocument } from "#documents/composer/index";

export default function compose(input: ComposeDocumentInput): Promise<ComposedDocument> {
  return composeDocumentPdf(input);
}
