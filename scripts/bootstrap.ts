// Run by scripts/start.js before serving: DATA_DIR, migrations, session secret, demo seed.
import { getEnv } from "#app/env.server";
import { bootstrapApp } from "#app/platform/bootstrap.server";
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from "#app/features/demo/directory.server";
import { DEMO_CA_FILE, DEMO_CERTIFICATE_PASSPHRASE } from "#app/platform/signing/document-signing.server";

const env = getEnv();
const started = Date.now();
const { db, dataDir, demo } = await bootstrapApp({ dataDir: env.DATA_DIR, seedDemo: env.SEED_DEMO === "1" });
db.$client.close();
console.log(`[bootstrap] data directory ${dataDir} ready (${Date.now() - started} ms)`);
if (demo) {
  console.log(`[bootstrap] demo data seeded: ${demo.organizations} organisations, ${demo.users} users (${demo.steps.join(", ")})`);
  console.log(`[bootstrap] demo accounts, password "${DEMO_PASSWORD}":`);
  for (const a of DEMO_ACCOUNTS) console.log(`  ${a.username.padEnd(24)} ${a.description}`);
  console.log(
    `[bootstrap] demo certificates (chutich, chutich.tanthanh, UBND tỉnh Cà Mau, UBND phường Tân Thành), passphrase "${DEMO_CERTIFICATE_PASSPHRASE}"; demo CA: ${dataDir}/keys/${DEMO_CA_FILE}`,
  );
}
