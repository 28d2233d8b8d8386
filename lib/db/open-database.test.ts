import { mkdtempSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { openConsoleDatabase } from "./open-database";
import { currentIndexRead, withIndexReadContext } from "./read-context";

const mode = (path: string) => statSync(path).mode & 0o777;

// The SQLite file holds password hashes and sessions; another user on the machine must not
// be able to read it (it used to be created 0644).
describe("the console database's SQLite file", () => {
  it("is created for its owner only, with its folder, -wal and -shm", async () => {
    const folder = join(mkdtempSync(join(tmpdir(), "metadeck-perm-")), "data");
    const file = join(folder, "console.sqlite");
    const { db } = openConsoleDatabase({ kind: "sqlite", file });
    try {
      await sql`CREATE TABLE t (x integer)`.execute(db);
      await sql`INSERT INTO t VALUES (1)`.execute(db);
      expect(mode(folder)).toBe(0o700);
      expect(mode(file)).toBe(0o600);
      expect(mode(`${file}-wal`)).toBe(0o600);
      expect(mode(`${file}-shm`)).toBe(0o600);
    } finally {
      await db.destroy();
    }
  });

  it("tightens a file left readable by an earlier version", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "metadeck-perm-")), "console.sqlite");
    writeFileSync(file, "", { mode: 0o644 });
    const { db } = openConsoleDatabase({ kind: "sqlite", file });
    await db.destroy();
    expect(mode(file)).toBe(0o600);
  });
});

describe.skipIf(!process.env.TEST_DATABASE_URL)(
  "PostgreSQL statements timed for the read running them",
  () => {
    it("tells the read's context how long each of its statements ran, waiting left out", async () => {
      const ran: number[] = [];
      const { db } = openConsoleDatabase(
        { kind: "postgres", url: process.env.TEST_DATABASE_URL! },
        { maxConnections: 1, timeStatements: (ms) => currentIndexRead()?.onStatement(ms) },
      );
      try {
        // One connection, held by a statement outside any read: the read's statement waits for
        // it, and only its own 0.2 s is told.
        const holding = sql`SELECT pg_sleep(0.5)`.execute(db);
        await withIndexReadContext(
          { owner: "staff_timed", onStatement: (ms) => ran.push(ms) },
          async () => {
            await sql`SELECT pg_sleep(0.2)`.execute(db);
          },
        );
        await holding;
        expect(ran).toHaveLength(1);
        expect(ran[0]).toBeGreaterThanOrEqual(190);
        expect(ran[0]).toBeLessThan(650);
      } finally {
        await db.destroy();
      }
    });
  },
);
