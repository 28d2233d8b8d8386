import { mkdtempSync, rmSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { createClerkClient } from "@clerk/backend";
import { EMULATOR_DEV_SECRET_KEY } from "../config";
import { spawnEmulator } from "./spawn-emulator";
import { formatMs, percentile } from "./stats";

/**
 * `npm run bench:emulator`: seeds 100,000 users into a fresh SQLite file in a separate emulator
 * process, then measures search (list + count) latency and metadata write throughput through
 * the official SDK, as the dashboard would call it.
 */
const USERS = Number(process.env.BENCH_USERS ?? 100_000);
const SEARCH_ROUNDS = 200;
const WRITES = 5000;
const WRITE_CONCURRENCY = 8;

async function main() {
  const dir = mkdtempSync(join(tmpdir(), "metadeck-bench-"));
  const emulator = await spawnEmulator({
    EMULATOR_PORT: "0",
    EMULATOR_DB: join(dir, "emulator.sqlite"),
    EMULATOR_SEED_USERS: String(USERS),
    EMULATOR_RATE_LIMIT: "off",
    EMULATOR_FAULTS: "",
    CLERK_SECRET_KEY: EMULATOR_DEV_SECRET_KEY,
  });
  try {
    const seedMs = Number(
      /seeded \d+ users in (\d+) ms/.exec(emulator.readyLine)?.[1] ?? Number.NaN,
    );
    const clerk = createClerkClient({ secretKey: EMULATOR_DEV_SECRET_KEY, apiUrl: emulator.url });

    // A rare term matches one user (an exact email's local part); a common one matches thousands.
    const { data: probe } = await clerk.users.getUserList({
      limit: 1,
      offset: Math.floor(USERS / 2),
    });
    const rare = probe[0]?.emailAddresses[0]?.emailAddress.split("@")[0] ?? "nobody";
    const terms = { rare, common: "gmail" };

    const results: Record<string, { p50: number; p95: number; matches: number }> = {};
    for (const [label, query] of Object.entries(terms)) {
      const samples: number[] = [];
      let matches = 0;
      for (let i = 0; i < SEARCH_ROUNDS + 10; i++) {
        const started = performance.now();
        const { totalCount } = await clerk.users.getUserList({ query, limit: 50 });
        if (i >= 10) samples.push(performance.now() - started);
        matches = totalCount;
      }
      results[label] = { p50: percentile(samples, 50), p95: percentile(samples, 95), matches };
    }

    const { data: targets } = await clerk.users.getUserList({ limit: 500 });
    let next = 0;
    const writeStarted = performance.now();
    await Promise.all(
      Array.from({ length: WRITE_CONCURRENCY }, async () => {
        while (next < WRITES) {
          const n = next++;
          const user = targets[n % targets.length]!;
          await clerk.users.updateUserMetadata(user.id, { privateMetadata: { benchWrite: n } });
        }
      }),
    );
    const writesPerSecond = WRITES / ((performance.now() - writeStarted) / 1000);

    console.log(
      `\nEmulator benchmark — ${new Date().toISOString().slice(0, 10)}, ${cpus().length} × ${cpus()[0]?.model ?? "cpu"}, Node ${process.version}`,
    );
    console.log(
      `Seed ${USERS.toLocaleString("en")} users (fresh SQLite file, WAL): ${(seedMs / 1000).toFixed(2)} s   (target < 15 s)`,
    );
    for (const [label, r] of Object.entries(results)) {
      console.log(
        `getUserList({ query: "${terms[label as keyof typeof terms]}", limit: 50 }) list+count, ${label} term (${r.matches} matches): p50 ${formatMs(r.p50)}, p95 ${formatMs(r.p95)}   (target p95 < 50 ms)`,
      );
    }
    console.log(
      `updateUserMetadata, ${WRITE_CONCURRENCY} in flight, limits off: ${Math.round(writesPerSecond)} writes/s   (target > 1000/s)`,
    );
  } finally {
    await emulator.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
