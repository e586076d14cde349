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
  TRUST_PROXY: z.string().regex(/^\d{1,2}$/, "the number of reverse proxies (0–10)").default("0").transform(Number).pipe(z.number().int().min(0).max(10)),
  SMTP_URL: z.string().url().optional(),
  // Child processes that parse untrusted files (app/platform/untrusted/pool.server.ts).
  UNTRUSTED_WORKERS: z.coerce.number().int().min(1).max(16).default(2),
  // edXML background sender (QCVN 102:2016 exchange): tick interval and the cap of the retry back-off, in ms.
  // EDXML_DISPATCHER=0 turns the sender off in this process (e.g. a read-only replica).
  EDXML_DISPATCHER: z.enum(["0", "1"]).default("1"),
  EDXML_TICK_MS: z.coerce.number().int().min(100).max(600_000).default(2_000),
  EDXML_RETRY_MAX_MS: z.coerce.number().int().min(100).max(86_400_000).default(600_000),
  // Largest edXML packet accepted over HTTP, in MB (attachments travel base64: ×4/3 of the PDF).
  EDXML_MAX_PACKET_MB: z.coerce.number().positive().max(1024).default(96),
  // RFC 3161 time-stamping authority: every app signature gets a signature timestamp (PAdES B-T) when set.
  TSA_URL: z.string().url().optional(),
  TSA_USERNAME: z.string().optional(),
  TSA_PASSWORD: z.string().optional(),
  // PAdES B-LT at issue time (OCSP answers in a DSS) where certificates name a responder; "off" skips it.
  SIGNING_LTV: z.enum(["on", "off"]).default("on"),
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

/** Tests change DATA_DIR between files; they call this to re-read the environment. */
export function resetEnvCache(): void {
  cached = undefined;
}
