// The loopback TSA of tsa-server.ts in its own process, for the signing benchmark: `openssl ts -reply` is spawned per
// request, and a spawn from the process being measured would cost more as that process grows (10 MB inputs).
// Usage: tsx tests/support/tsa-server-child.ts DIR — prints {"url", "caPath"} once listening; stops on SIGTERM or
// when stdin closes (the parent went away).
import { startTsaServer } from "#tests/support/tsa-server";

const dir = process.argv[2];
if (!dir) {
  process.stderr.write("usage: tsa-server-child.ts DIR\n");
  process.exit(2);
}
const tsa = await startTsaServer({ dir, port: 0 });
process.stdout.write(`${JSON.stringify({ url: tsa.url, caPath: tsa.caPath })}\n`);
const stop = () => void tsa.close().then(() => process.exit(0));
process.on("SIGTERM", stop);
process.stdin.on("end", stop);
process.stdin.resume();
