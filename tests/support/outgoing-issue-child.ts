// Child process for the multi-process numbering test: issues one document against a shared DATA_DIR.
// Usage: tsx tests/support/outgoing-issue-child.ts DATA_DIR USERNAME DOCUMENT_ID
import { join } from "node:path";
import { openDb } from "#db/client";
import { findUserByUsername } from "#app/platform/users.server";
import { loadActor } from "#app/platform/auth/actor.server";
import { issueOutgoingDocument } from "#app/features/outgoing/index";

const [dataDir, username, documentId] = process.argv.slice(2);
const db = openDb(join(dataDir, "app.db"));
const actor = loadActor(db, findUserByUsername(db, username)!.id)!;
try {
  const result = await issueOutgoingDocument({ db, dataDir, actor }, { documentId: Number(documentId), passphrase: "demo" });
  process.stdout.write(JSON.stringify({ ok: true, ...result }));
} catch (error) {
  process.stdout.write(JSON.stringify({ ok: false, code: (error as { code?: string }).code, message: String(error) }));
} finally {
  db.$client.close();
}
