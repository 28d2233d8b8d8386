import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { spawnEmulator, type SpawnedEmulator } from "@/emulator/bench/spawn-emulator";
import { EMBEDDED_SECRET_KEY } from "@/lib/config/embedded-defaults";
import { createTestDatabase, type TestDatabase } from "./console-databases";

/** A Clerk emulator of its own and a fresh console database: what a spawned dashboard runs on. */
export interface TestStack {
  dir: string;
  database: TestDatabase;
  emulator: SpawnedEmulator;
  /** Stops the emulator (if still running), drops the database, removes the files. */
  dispose(): Promise<void>;
}

/**
 * Starts the emulator as its own process (seeded, no faults unless asked) beside a new console
 * database of the given kind, for the specs that start dashboards with their own settings.
 */
export async function startTestStack(
  kind: "sqlite" | "postgres",
  options: { seedUsers: number; emulatorEnv?: Record<string, string> },
): Promise<TestStack> {
  const dir = mkdtempSync(join(tmpdir(), "metadeck-stack-"));
  const database = await createTestDatabase(kind);
  const emulator = await spawnEmulator({
    EMULATOR_PORT: "0",
    EMULATOR_DB: join(dir, "emulator.sqlite"),
    EMULATOR_SEED_USERS: String(options.seedUsers),
    EMULATOR_FAULTS: "",
    CLERK_SECRET_KEY: EMBEDDED_SECRET_KEY,
    ...options.emulatorEnv,
  });
  return {
    dir,
    database,
    emulator,
    dispose: async () => {
      const { child } = emulator;
      if (child.exitCode === null && child.signalCode === null) await emulator.stop();
      await database.dispose();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
