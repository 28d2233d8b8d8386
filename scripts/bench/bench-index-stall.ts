/**
 * The stall part of `npm run bench:index`: four viewer sessions each run the heaviest filter the
 * grammar accepts in two loops (one runs, one waits, as a person's reads do) for 30 s, while
 * the health check, the users page and another person's filtered read are timed from a fifth
 * session. Before the index's reads left the server's thread, the first two took 12–16 s at
 * 20,000 users; before one read per person, the third waited about a budget (2 s).
 */
import { createStaff, signIn } from "@/tests/support/dashboard-processes";
import { MAX_FILTER_LENGTH } from "@/lib/user-filter/parse-filter";
import { heavyFilter } from "@/tests/support/heavy-filter";

const SESSIONS = 4;
const LOOPS_PER_SESSION = 2;
const DURATION_MS = Number(process.env.BENCH_STALL_SECONDS ?? 30) * 1000;
const PROBE_EVERY_MS = 100;
/**
 * `BENCH_STALL_HEAVY_CHARS`: the heavy filter cut to this many characters, e.g. one that runs
 * just under the read budget instead of past it.
 */
const HEAVY = heavyFilter(Number(process.env.BENCH_STALL_HEAVY_CHARS ?? MAX_FILTER_LENGTH));
/** Another person's filter: a path no index serves, a tenth of the users (the reference set's). */
const NORMAL_FILTER = 'public_metadata.plan = "team"';

function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

async function timedGet(url: string, cookie?: string): Promise<number> {
  const started = performance.now();
  const response = await fetch(url, { headers: cookie ? { Cookie: cookie } : {} });
  await response.arrayBuffer();
  if (response.status !== 200) throw new Error(`${url}: ${response.status}`);
  return performance.now() - started;
}

/** Runs the stall against a dashboard on `databaseUrl`; answers the lines for the report. */
export async function stallRun(
  appUrl: string,
  databaseUrl: string,
  label: string,
): Promise<string[]> {
  process.stderr.write(`… heavy filters against ${label} for ${DURATION_MS / 1000} s\n`);
  const stamp = Date.now().toString(36);
  const emails = Array.from({ length: SESSIONS + 1 }, (_, n) => `stall-${stamp}-${n}@bench.test`);
  for (const email of emails) await createStaff(databaseUrl, email, "viewer");
  const cookies = await Promise.all(emails.map((email) => signIn(appUrl, email)));
  const prober = cookies.pop()!;
  const heavy = `${appUrl}/api/users?where=${encodeURIComponent(HEAVY)}`;
  const until = performance.now() + DURATION_MS;
  const answered = new Map<number, number>();
  const loops = cookies.flatMap((cookie) =>
    Array.from({ length: LOOPS_PER_SESSION }, async () => {
      while (performance.now() < until) {
        const response = await fetch(heavy, { headers: { Cookie: cookie } });
        await response.arrayBuffer();
        answered.set(response.status, (answered.get(response.status) ?? 0) + 1);
      }
    }),
  );
  // One request at a time, as a person at the dashboard makes them; a sixth client would itself
  // be load on the machine being measured.
  const health: number[] = [];
  const users: number[] = [];
  const filtered: number[] = [];
  const normal = `${appUrl}/api/users?where=${encodeURIComponent(NORMAL_FILTER)}`;
  while (performance.now() < until) {
    health.push(await timedGet(`${appUrl}/api/health`));
    users.push(await timedGet(`${appUrl}/users`, prober));
    filtered.push(await timedGet(normal, prober));
    await new Promise((resolve) => setTimeout(resolve, PROBE_EVERY_MS));
  }
  await Promise.all(loops);
  const ms = (samples: number[], p: number) => `${percentile(samples, p).toFixed(1)} ms`;
  const statuses = [...answered.entries()]
    .sort(([a], [b]) => a - b)
    .map(([status, count]) => `${count} × ${status}`)
    .join(", ");
  return [
    `stall, ${label}: ${SESSIONS} sessions × ${LOOPS_PER_SESSION} loops of the heavy filter (${HEAVY.length} characters) for ${DURATION_MS / 1000} s, answered ${statuses}`,
    `stall, ${label}: /api/health p50 ${ms(health, 50)}, p95 ${ms(health, 95)} (${health.length} requests); /users p50 ${ms(users, 50)}, p95 ${ms(users, 95)} (${users.length}); target p95 ≤ 100 ms`,
    `stall, ${label}: another person's \`${NORMAL_FILTER}\` p50 ${ms(filtered, 50)}, p95 ${ms(filtered, 95)} (${filtered.length})`,
  ];
}
