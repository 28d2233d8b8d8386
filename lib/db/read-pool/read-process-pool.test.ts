import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { Kysely, sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isOverReadBudget, isReaderStopped, ReadOverBudget } from "../read-budget";
import { withIndexReadContext } from "../read-context";
import { pooledSqliteDialect } from "./pooled-sqlite-dialect";
import { ReadProcessPool } from "./read-process-pool";

/** Counts to a billion: far past any budget, on any machine. */
const ENDLESS = `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000000000)
  SELECT count(*) AS c FROM n`;

describe("ReadProcessPool", () => {
  let dir: string;
  let file: string;
  let writer: Database.Database;
  let pool: ReadProcessPool;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "metadeck-read-pool-"));
    file = join(dir, "console.sqlite");
    writer = new Database(file);
    writer.pragma("journal_mode = WAL");
    writer.exec("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT)");
    writer.prepare("INSERT INTO t (name) VALUES (?), (?)").run("Ada", "José");
    pool = new ReadProcessPool({ file, size: 2, budgetMs: 1_000 });
  });

  afterAll(async () => {
    await pool.close();
    writer.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("answers a read with its rows, parameters bound", async () => {
    await expect(pool.run("SELECT name FROM t WHERE id = ?", [2])).resolves.toEqual([
      { name: "José" },
    ]);
  });

  it("sees what the server's connection committed since", async () => {
    writer.prepare("INSERT INTO t (name) VALUES (?)").run("Grace");
    await expect(pool.run("SELECT count(*) AS n FROM t", [])).resolves.toEqual([{ n: 3 }]);
  });

  it("stops a statement at its budget while this thread keeps serving, then reads again", async () => {
    let longestGap = 0;
    let last = performance.now();
    const ticker = setInterval(() => {
      const now = performance.now();
      longestGap = Math.max(longestGap, now - last);
      last = now;
    }, 10);
    const started = performance.now();
    const heavy = await pool.run(ENDLESS, []).catch((error: unknown) => error);
    const took = performance.now() - started;
    clearInterval(ticker);
    expect(heavy).toBeInstanceOf(ReadOverBudget);
    expect(isOverReadBudget(heavy)).toBe(true);
    // Stopped at the budget, not when the count would have finished (minutes later).
    expect(took).toBeLessThan(5_000);
    // This thread was never held: its timer kept firing.
    expect(longestGap).toBeLessThan(500);
    await expect(pool.run("SELECT count(*) AS n FROM t", [])).resolves.toEqual([{ n: 3 }]);
  });

  it("runs two heavy reads at once and still answers a third after them", async () => {
    const results = await Promise.all([
      pool.run(ENDLESS, []).catch((error: unknown) => error),
      pool.run(ENDLESS, []).catch((error: unknown) => error),
      pool.run("SELECT name FROM t WHERE id = 1", []),
    ]);
    expect(results[0]).toBeInstanceOf(ReadOverBudget);
    expect(results[1]).toBeInstanceOf(ReadOverBudget);
    expect(results[2]).toEqual([{ name: "Ada" }]);
  });

  it("runs one owner's statements one at a time, letting the others' pass them", async () => {
    // A pool of its own, started together, with a budget longer than a busy machine takes to
    // start a reader: the second reader is up while the first heavy statement still runs.
    const fresh = new ReadProcessPool({ file, size: 2, budgetMs: 3_000 });
    const order: string[] = [];
    const tracked = (label: string, sql: string, owner?: string) =>
      fresh.run(sql, [], owner).then(
        () => order.push(label),
        () => order.push(`${label} stopped`),
      );
    try {
      await Promise.all([
        tracked("heavy 1", ENDLESS, "attacker"),
        tracked("heavy 2", ENDLESS, "attacker"),
        tracked("other", "SELECT 1", "someone"),
      ]);
    } finally {
      await fresh.close();
    }
    // The second heavy one waited for the first (on two readers it would otherwise have run
    // beside it), and the other person's statement passed it in the queue.
    expect(order).toEqual(["other", "heavy 1 stopped", "heavy 2 stopped"]);
  });

  it("gives a free reader to the person whose statements ran shortest lately, whoever came first", async () => {
    // One reader: every statement waits for it, so the order they get it is the order they end.
    const single = new ReadProcessPool({ file, size: 1, budgetMs: 1_000 });
    const order: string[] = [];
    const tracked = (owner: string, sql: string) =>
      single.run(sql, [], owner).then(
        () => order.push(owner),
        () => order.push(`${owner} stopped`),
      );
    try {
      // "slow" has just had a statement stopped at the budget; "quick" has not been timed.
      await tracked("slow", ENDLESS);
      await Promise.all([
        tracked("first", ENDLESS),
        tracked("slow", "SELECT 1"),
        tracked("quick", "SELECT 2"),
      ]);
    } finally {
      await single.close();
    }
    expect(order).toEqual(["slow stopped", "first stopped", "quick", "slow"]);
  });

  it("refuses writes and reports SQLite's errors as errors, not budgets", async () => {
    await expect(pool.run("DELETE FROM t", [])).rejects.toThrow(/only statements that read/);
    const broken = await pool.run("SELECT nope FROM t", []).catch((error: unknown) => error);
    expect(broken).toMatchObject({ message: expect.stringMatching(/no such column/) });
    expect(isOverReadBudget(broken)).toBe(false);
    expect(writer.prepare("SELECT count(*) AS n FROM t").get()).toEqual({ n: 3 });
  });

  it("fails the statements waiting when a reader cannot open the database, then tries again", async () => {
    const missing = new ReadProcessPool({
      file: join(dir, "missing.sqlite"),
      size: 1,
      budgetMs: 1_000,
    });
    await expect(missing.run("SELECT 1", [])).rejects.toThrow(/index reader stopped/);
    await expect(missing.run("SELECT 1", [])).rejects.toThrow(/index reader stopped/);
    await missing.close();
  });

  it("fails a statement whose reader is killed from outside as a stopped reader, not a budget, then reads again", async () => {
    // A pool of one reader on a file of its own, so that the process killed is the one running.
    const own = join(dir, "killed.sqlite");
    const setup = new Database(own);
    setup.pragma("journal_mode = WAL");
    setup.exec("CREATE TABLE k (id INTEGER PRIMARY KEY)");
    setup.close();
    const single = new ReadProcessPool({ file: own, size: 1, budgetMs: 5_000 });
    try {
      // Its reader up first, so that what is killed is a running statement, not a start.
      await single.run("SELECT 1", []);
      const running = single.run(ENDLESS, []).catch((error: unknown) => error);
      await new Promise((resolve) => setTimeout(resolve, 300));
      const [pid, ...others] = execFileSync("pgrep", ["-f", own], { encoding: "utf8" })
        .trim()
        .split("\n");
      expect(others).toEqual([]);
      process.kill(Number(pid), "SIGKILL");
      const error = await running;
      expect(isReaderStopped(error)).toBe(true);
      expect(isOverReadBudget(error)).toBe(false);
      await expect(single.run("SELECT count(*) AS n FROM k", [])).resolves.toEqual([{ n: 0 }]);
    } finally {
      await single.close();
    }
  });

  it("tells the read whose statements they are how long each ran on its reader", async () => {
    const db = new Kysely<{ t: { id: number; name: string } }>({
      dialect: pooledSqliteDialect(pool, "timed"),
    });
    const ran: number[] = [];
    await withIndexReadContext(
      { owner: "staff_timed", onStatement: (ms) => ran.push(ms) },
      async () => {
        await db.selectFrom("t").select("name").execute();
        await sql`SELECT count(*) FROM t`.execute(db);
      },
    );
    // Outside any read's context, nobody is told.
    await db.selectFrom("t").select("id").execute();
    expect(ran).toHaveLength(2);
    for (const ms of ran) expect(ms).toBeGreaterThan(0);
  });

  it("serves Kysely's compiled SQLite queries", async () => {
    const db = new Kysely<{ t: { id: number; name: string } }>({
      dialect: pooledSqliteDialect(pool),
    });
    const rows = await db.selectFrom("t").select("name").where("id", "in", [1, 3]).execute();
    expect(rows.map((row) => row.name).sort()).toEqual(["Ada", "Grace"]);
    const { rows: counted } = await sql<{ n: number }>`SELECT count(*) AS n FROM t`.execute(db);
    expect(counted).toEqual([{ n: 3 }]);
    await expect(db.transaction().execute(async () => undefined)).rejects.toThrow(/outside any/);
  });
});
