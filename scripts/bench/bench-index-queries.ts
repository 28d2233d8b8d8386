/** The query parts of `npm run bench:index`: filters, their counts, and flag adoption. */
import type { Kysely } from "kysely";
import pg from "pg";
import { migrateToLatest } from "@/lib/db/migrations";
import { openConsoleDatabase } from "@/lib/db/open-database";
import type { ConsoleDatabase } from "@/lib/db/schema";
import { readFlagAdoption } from "@/lib/user-index/flag-values/flag-adoption";
import { ensureFlagPathIndexes } from "@/lib/user-index/flag-values/flag-path-indexes";
import type { Dialect } from "@/lib/db/dialect";
import { indexUsers } from "@/lib/user-index/index-store";
import { listIndexedUsers } from "@/lib/user-index/search/list-indexed-users";
import config from "@/metadeck.config";
import { seededUserDto } from "./index-bench-users";

const RUNS = 30;
const PG_USERS = Number(process.env.BENCH_INDEX_PG_USERS ?? 1_000_000);
const LOAD_BATCH = 1000;

/** The filters timed, by kind: the targets differ for catalogued flag paths and email. */
const FILTERS: { kind: "flag" | "email" | "path" | "combined"; where: string }[] = [
  { kind: "flag", where: "public_metadata.features.new_dashboard = true" },
  { kind: "flag", where: 'public_metadata.features.editor = "ai-assist"' },
  { kind: "flag", where: 'private_metadata.features.support_tier in ["priority", "enterprise"]' },
  { kind: "email", where: `email = "${seededUserDto(4242).primaryEmail}"` },
  { kind: "email", where: 'email contains "harbor"' },
  { kind: "path", where: 'public_metadata.plan = "team"' },
  { kind: "path", where: 'public_metadata.role = "admin" and unsafe_metadata.theme = "dark"' },
  { kind: "path", where: "private_metadata.billing.seats > 45" },
  { kind: "path", where: 'public_metadata.teams contains "data"' },
  {
    kind: "combined",
    where: 'public_metadata.features.new_dashboard = true and public_metadata.plan = "pro"',
  },
  {
    kind: "combined",
    where: 'public_metadata.plan = "team" or private_metadata.billing.seats > 45',
  },
  {
    kind: "combined",
    where: 'email contains "harbor" or public_metadata.teams contains "infra"',
  },
];

const ADOPTION_FLAGS = config.flags.map((flag) => ({
  key: flag.key,
  location: flag.location ?? "public_metadata",
  values: flag.type === "boolean" ? [true, false] : flag.values,
}));

function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

async function timed(run: () => Promise<unknown>, runs = RUNS): Promise<number[]> {
  await run();
  await run();
  const samples: number[] = [];
  for (let n = 0; n < runs; n++) {
    const started = performance.now();
    await run();
    samples.push(performance.now() - started);
  }
  return samples;
}

const ms = (value: number) => `${value.toFixed(1)} ms`;

/**
 * Each filter as `/users?where=` reads it: the first page of 50, newest first, and the total
 * counted up to the cap ("more than 10,000" past it); then as "Count all" reads it, exactly.
 */
export async function filterTimings(
  db: Kysely<ConsoleDatabase>,
  dialect: Dialect,
  label: string,
  runs = RUNS,
): Promise<string[]> {
  const lines: string[] = [];
  for (const count of ["capped", "exact"] as const)
    for (const { kind, where } of FILTERS) {
      let shown = "";
      const samples = await timed(async () => {
        const page = await listIndexedUsers(db, dialect, {
          where,
          query: "",
          page: 1,
          pageSize: 50,
          orderBy: "-created_at",
          count,
        });
        if (!page.ok) throw new Error(`${where}: ${page.error.message}`);
        const { total, totalExact } = page.value;
        shown = totalExact
          ? total.toLocaleString("en")
          : `more than ${(total - 1).toLocaleString("en")}`;
      }, runs);
      lines.push(
        `filter${count === "exact" ? " (Count all)" : ""}, ${label} [${kind}] ${where} → ${shown} users: p50 ${ms(percentile(samples, 50))}, p95 ${ms(percentile(samples, 95))}`,
      );
    }
  return lines;
}

/** The adoption counts `/flags` shows, for the whole catalogue. */
export async function adoptionTiming(
  db: Kysely<ConsoleDatabase>,
  dialect: Dialect,
  label: string,
): Promise<string> {
  const samples = await timed(() => readFlagAdoption(db, dialect, ADOPTION_FLAGS), 10);
  return `adoption counts, ${label}, the whole catalogue (${ADOPTION_FLAGS.length} flags): p50 ${ms(percentile(samples, 50))}, p95 ${ms(percentile(samples, 95))}`;
}

/**
 * `BENCH_INDEX_PG_DATABASE`: a database to load once and keep between runs (loading a million
 * users takes minutes); without it each run loads a fresh one and drops it after.
 */
const KEPT_DATABASE = process.env.BENCH_INDEX_PG_DATABASE;

/** A PostgreSQL database loaded with PG_USERS seeded users through `indexUsers`. */
export async function postgresRun(
  serverUrl: string,
  then?: (databaseUrl: string, label: string) => Promise<string[]>,
): Promise<string[]> {
  if (KEPT_DATABASE !== undefined && !/^[a-z_][a-z0-9_]*$/.test(KEPT_DATABASE))
    throw new Error("BENCH_INDEX_PG_DATABASE must be a plain lower-case database name");
  const name = KEPT_DATABASE ?? `metadeck_bench_index_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  const exists = await admin.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
  if (exists.rowCount === 0) await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  // Read as the dashboard's index reads are: one core per statement (lib/db/index-read-db.ts).
  const opened = openConsoleDatabase(
    { kind: "postgres", url: url.toString() },
    { parallel: false },
  );
  const label = `PostgreSQL, ${PG_USERS.toLocaleString("en")} users`;
  try {
    await migrateToLatest(opened);
    // As at start: the catalogue first, so loading pays for keeping the table of flag values.
    await ensureFlagPathIndexes(opened.db, "postgres", ADOPTION_FLAGS);
    const { live } = await opened.db
      .selectFrom("user_index")
      .select((eb) => eb.fn.countAll<string>().as("live"))
      .executeTakeFirstOrThrow();
    if (Number(live) === PG_USERS)
      return [
        `load, ${label}: kept from an earlier run (${name})`,
        ...(await filterTimings(opened.db, "postgres", label, 10)),
        await adoptionTiming(opened.db, "postgres", label),
        ...((await then?.(url.toString(), label)) ?? []),
      ];
    if (Number(live) !== 0)
      throw new Error(`${name} holds ${live} users, not ${PG_USERS}: drop it`);
    process.stderr.write(`… loading ${PG_USERS.toLocaleString("en")} users into PostgreSQL\n`);
    const started = performance.now();
    for (let start = 0; start < PG_USERS; start += LOAD_BATCH) {
      const batch = Array.from({ length: Math.min(LOAD_BATCH, PG_USERS - start) }, (_, n) =>
        seededUserDto(start + n),
      );
      await indexUsers(opened.db, batch, Date.now());
      if (start % 100_000 === 0) process.stderr.write(`  ${start.toLocaleString("en")}\n`);
    }
    const loadSeconds = (performance.now() - started) / 1000;
    const analyze = new pg.Client({ connectionString: url.toString() });
    await analyze.connect();
    await analyze.query("VACUUM ANALYZE user_index, user_index_email, user_flag_value");
    await analyze.end();
    process.stderr.write("… filters on PostgreSQL\n");
    const lines = [
      `load, ${label}: through indexUsers in batches of ${LOAD_BATCH} in ${loadSeconds.toFixed(1)} s (${Math.round(PG_USERS / loadSeconds).toLocaleString("en")} users/s)`,
      // Fewer runs: each is a scan of a million users where no index serves the filter.
      ...(await filterTimings(opened.db, "postgres", label, 10)),
    ];
    lines.push(await adoptionTiming(opened.db, "postgres", label));
    lines.push(...((await then?.(url.toString(), label)) ?? []));
    return lines;
  } finally {
    await opened.db.destroy();
    if (!KEPT_DATABASE) await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}
