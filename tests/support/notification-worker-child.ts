// A notification worker in its own process, for the kill -9 test: opens the database, sends what is due once
// through the given SMTP server, and exits. The test kills it while the SMTP server holds a message.
import { openDb } from "#db/client";
import { sendDueNotificationEmails, smtpTransport } from "#app/features/notifications/index";

const [dbPath, smtpUrl] = process.argv.slice(2);
const db = openDb(dbPath);
process.send?.("ready");
await sendDueNotificationEmails(db, smtpTransport(smtpUrl), { from: "vpdt@vpdt.example", batch: 100 });
process.exit(0);
