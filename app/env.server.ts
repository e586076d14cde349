import { z } from "zod";

/**
 * The only reader of process.env (house style rule 3). Validated once; a bad value stops the
 * server at boot with a clear message instead of failing later.
 */
const EnvSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("production"),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().min(1).default("127.0.0.1"),
  DATA_DIR: z.string().min(1).default("./data"),
  SEED_DEMO: z.enum(["0", "1"]).default("1"),
  SESSION_SECRET: z.string().min(16).optional(),
  // Upload limit for PDFs in megabytes (issue 4: default 50 MB).
  MAX_UPLOAD_MB: z.coerce.number().positive().max(1024).default(50),
  // "Nhắc việc": tasks due within this many working days are "sắp đến hạn" (tasks.md §4.9).
  REMINDER_WORKING_DAYS: z.coerce.number().int().min(0).max(60).default(5),
  // How many reverse proxies stand in front (they terminate TLS and append to X-Forwarded-For); 0 = none.
  TRUST_PROXY: z
    .string()
    .regex(/^\d{1,2}$/, "the number of reverse proxies (0–10)")
    .default("0")
    .transform(Number)
    .pipe(z.number().int().min(0).max(10)),
  // Where pages find the signing agent on the user's machine (scripts/signing-agent.ts): a loopback http URL.
  SIGNING_AGENT_URL: z.string().optional(),
  // E-mail notifications (issue "Nobody misses their work"): smtp://user:pass@host:port or smtps://…; unset = in-app only.
  SMTP_URL: z.string().url().optional(),
  SMTP_FROM: z.string().min(3).default("Văn phòng điện tử <no-reply@vpdt.example>"),
  // The address users reach the app at, for links in e-mails (default: http://HOST:PORT).
  APP_URL: z.string().url().optional(),
  // NOTIFICATIONS_ENABLED=0 turns notifications off for the installation (no event is written).
  NOTIFICATIONS_ENABLED: z.enum(["0", "1"]).default("1"),
  // Notification worker tick in ms; NOTIFICATIONS_WORKER=0 turns the sender and the daily scheduler off here.
  NOTIFICATIONS_WORKER: z.enum(["0", "1"]).default("1"),
  NOTIFICATIONS_TICK_MS: z.coerce.number().int().min(100).max(600_000).default(5_000),
  // A document or task is "sắp đến hạn" for notifications this many working days before its deadline.
  NOTIFY_DUE_SOON_WORKING_DAYS: z.coerce.number().int().min(0).max(30).default(2),
  // When the daily reminders are computed (cron, Vietnam time); they also run once at start.
  NOTIFY_DAILY_CRON: z.string().min(9).default("0 7 * * *"),
  // Child processes that parse untrusted files (app/platform/untrusted/pool.server.ts).
  UNTRUSTED_WORKERS: z.coerce.number().int().min(1).max(16).default(2),
  // Where their bundle is (default: build/untrusted in the project); its manifest's sources are the project's.
  UNTRUSTED_BUNDLE_DIR: z.string().min(1).optional(),
  // edXML background sender (QCVN 102:2016 exchange): tick interval and the cap of the retry back-off, in ms.
  // EDXML_DISPATCHER=0 turns the sender off in this process (e.g. a read-only replica).
  EDXML_DISPATCHER: z.enum(["0", "1"]).default("1"),
  EDXML_TICK_MS: z.coerce.number().int().min(100).max(600_000).default(2_000),
  EDXML_RETRY_MAX_MS: z.coerce.number().int().min(100).max(86_400_000).default(600_000),
  // Largest edXML packet accepted over HTTP, in MB (attachments travel base64: ×4/3 of the PDF).
  EDXML_MAX_PACKET_MB: z.coerce.number().positive().max(1024).default(96),
  // Background jobs (OCR of scans, issue 14): JOBS_WORKER=0 leaves them to a separate `cli jobs:work`.
  JOBS_WORKER: z.enum(["0", "1"]).default("1"),
  // OCR child limits: wall-clock seconds per page (plus 30 s start-up) and address space in MB.
  OCR_SECONDS_PER_PAGE: z.coerce.number().int().min(5).max(3600).default(90),
  OCR_MAX_MEMORY_MB: z.coerce.number().int().min(256).max(65_536).default(2048),
  // RFC 3161 time-stamping authority: every app signature gets a signature timestamp (PAdES B-T) when set.
  TSA_URL: z.string().url().optional(),
  TSA_USERNAME: z.string().optional(),
  TSA_PASSWORD: z.string().optional(),
  // PAdES B-LT at issue time (OCSP answers in a DSS) where certificates name a responder; "off" skips it.
  SIGNING_LTV: z.enum(["on", "off"]).default("on"),
  // PKCS#11 modules the admin web form may load (comma-separated paths); default: Debian's SoftHSM2 and OpenSC.
  PKCS11_MODULES: z.string().optional(),
});

export type Env = z.infer<typeof EnvSchema>;

let cached: Env | undefined;

export function getEnv(): Env {
  if (cached) return cached;
  const parsed = EnvSchema.safeParse(process.env);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new Error(`Invalid environment: ${issues}`);
  }
  cached = parsed.data;
  return cached;
}

/**
 * A token PIN the operator put in the server's environment, named by the administrator when registering a server
 * token (the name is checked by the caller). Read at that moment, not cached, never part of getEnv().
 */
export function readPinVariable(name: string): string | undefined {
  return process.env[name] || undefined;
}

/** Tests change DATA_DIR between files; they call this to re-read the environment. */
export function resetEnvCache(): void {
  cached = undefined;
}
