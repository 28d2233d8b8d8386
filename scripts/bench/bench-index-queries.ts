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
const FILTERS: { kind: "flag" | "email" | "path"; where: string }[] = [
  { kind: "flag", where: "public_metadata.features.new_dashboard = true" },
  { kind: "flag", where: 'public_metadata.features.editor = "ai-assist"' },
  { kind: "flag", where: 'private_metadata.features.support_tier in ["priority", "enterprise"]' },
  { kind: "email", where: `email = "${seededUserDto(4242).primaryEmail}"` },
  { kind: "email", where: 'email contains "harbor"' },
  { kind: "path", where: 'public_metadata.plan = "team"' },
  { kind: "path", where: 'public_metadata.role = "admin" and unsafe_metadata.theme = "dark"' },
  { kind: "path", where: "private_metadata.billing.seats > 45" },
  { kind: "path", where: 'public_metadata.teams contains "data"' },
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

/** Each filter as `/users?where=` reads it: the first page of 50, newest first, and the total. */
export async function filterTimings(
  db: Kysely<ConsoleDatabase>,
  dialect: Dialect,
  label: string,
  runs = RUNS,
): Promise<string[]> {
  const lines: string[] = [];
  for (const { kind, where } of FILTERS) {
    let total = 0;
    const samples = await timed(async () => {
      const page = await listIndexedUsers(db, dialect, {
        where,
        query: "",
        page: 1,
        pageSize: 50,
        orderBy: "-created_at",
      });
      if (!page.ok) throw new Error(`${where}: ${page.error.message}`);
      total = page.value.total;
    }, runs);
    lines.push(
      `filter, ${label} [${kind}] ${where} → ${total.toLocaleString("en")} users: p50 ${ms(percentile(samples, 50))}, p95 ${ms(percentile(samples, 95))}`,
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

/** A fresh PostgreSQL database loaded with PG_USERS seeded users through `indexUsers`. */
export async function postgresRun(serverUrl: string): Promise<string[]> {
  const name = `metadeck_bench_index_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const opened = openConsoleDatabase({ kind: "postgres", url: url.toString() });
  const label = `PostgreSQL, ${PG_USERS.toLocaleString("en")} users`;
  try {
    await migrateToLatest(opened);
    // As at start: the catalogue first, so loading pays for keeping the table of flag values.
    await ensureFlagPathIndexes(opened.db, "postgres", ADOPTION_FLAGS);
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
    return lines;
  } finally {
    await opened.db.destroy();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}
