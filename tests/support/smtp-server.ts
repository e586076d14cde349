// A real SMTP server on loopback (smtp-server, the server half of nodemailer's project) for the notification
// tests: it accepts or refuses on demand, can hold a message before answering (to kill a sender mid-send), and
// keeps every accepted message parsed by mailparser, as a mail client would read it.
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";
import { simpleParser } from "mailparser";

export type ReceivedMail = { messageId: string; to: string[]; subject: string; text: string; headers: Map<string, unknown> };

export type TestSmtp = {
  url: string;
  port: number;
  messages: ReceivedMail[];
  /** Refuse the next `n` messages with a temporary error (451). */
  refuseNext: (n: number) => void;
  /** Hold each message this long before answering (0 = answer at once). */
  setDelay: (ms: number) => void;
  close: () => Promise<void>;
};

export async function startTestSmtp(): Promise<TestSmtp> {
  const messages: ReceivedMail[] = [];
  let refuse = 0;
  let delay = 0;
  // Sessions whose client went away: a message held there was never acknowledged (no "250 OK"), so like a
  // real MTA (RFC 5321 §4.1.1.4) the server has not taken responsibility for it and drops it.
  const closed = new Set<string>();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onClose(session) {
      closed.add(session.id);
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", async () => {
        if (refuse > 0) {
          refuse--;
          const error = Object.assign(new Error("Thử lại sau"), { responseCode: 451 });
          callback(error);
          return;
        }
        if (delay > 0) await new Promise((r) => setTimeout(r, delay));
        if (closed.has(session.id)) return;
        const parsed = await simpleParser(Buffer.concat(chunks));
        messages.push({
          messageId: parsed.messageId ?? "",
          to: session.envelope.rcptTo.map((r) => r.address),
          subject: parsed.subject ?? "",
          text: parsed.text ?? "",
          headers: parsed.headers as Map<string, unknown>,
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const port = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    port,
    messages,
    refuseNext: (n) => {
      refuse = n;
    },
    setDelay: (ms) => {
      delay = ms;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
