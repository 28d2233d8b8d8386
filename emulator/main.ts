import { readEmulatorEnv, webhookEndpointOf } from "./config";
import { startEmulator } from "./server";

async function main() {
  const env = readEmulatorEnv(process.env);
  const started = Date.now();
  const emulator = await startEmulator({
    host: env.EMULATOR_HOST,
    port: env.EMULATOR_PORT,
    dbFile: env.EMULATOR_DB,
    seedUsers: env.EMULATOR_SEED_USERS,
    secretKey: env.CLERK_SECRET_KEY,
    rateLimit: env.EMULATOR_RATE_LIMIT,
    faults: env.EMULATOR_FAULTS,
    webhook: {
      endpoint: webhookEndpointOf(env),
      retryScale: env.EMULATOR_WEBHOOK_RETRY_SCALE,
    },
  });
  const seeded =
    emulator.seeded > 0 ? `seeded ${emulator.seeded} users in ${Date.now() - started} ms, ` : "";
  console.log(
    `Clerk emulator ready at ${emulator.url} (${seeded}${emulator.store.total()} users, rate limit ${env.EMULATOR_RATE_LIMIT}${env.EMULATOR_WEBHOOK_URL ? `, webhooks to ${env.EMULATOR_WEBHOOK_URL}` : ""})`,
  );

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`Clerk emulator stopping (${signal})`);
    void emulator.close().then(() => process.exit(0));
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
