import { createClerkClient } from "@clerk/backend";
import { EMULATOR_DEV_SECRET_KEY } from "../../config";
import { NO_FAULTS } from "../../faults/fault-config";
import { startEmulator, type EmulatorOptions, type RunningEmulator } from "../../server";

export const TEST_SECRET_KEY = EMULATOR_DEV_SECRET_KEY;

/** A real emulator on a free port over an in-memory database, and the official SDK pointed at it. */
export async function startTestEmulator(overrides: Partial<EmulatorOptions> = {}) {
  const emulator: RunningEmulator = await startEmulator({
    host: "127.0.0.1",
    port: 0,
    dbFile: ":memory:",
    seedUsers: 0,
    secretKey: TEST_SECRET_KEY,
    rateLimit: "off",
    faults: NO_FAULTS,
    ...overrides,
  });
  const clerk = createClerkClient({ secretKey: TEST_SECRET_KEY, apiUrl: emulator.url });
  return { emulator, clerk };
}

/** A raw call, for what the SDK cannot send (bad bodies, missing keys). */
export async function rawFetch(
  emulator: RunningEmulator,
  path: string,
  init: RequestInit & { key?: string | null } = {},
): Promise<Response> {
  const { key = TEST_SECRET_KEY, headers, ...rest } = init;
  const merged = new Headers(headers);
  if (key !== null) merged.set("Authorization", `Bearer ${key}`);
  if (rest.body !== undefined && !merged.has("Content-Type"))
    merged.set("Content-Type", "application/json");
  return fetch(`${emulator.url}${path}`, { ...rest, headers: merged });
}

/** Runs `fn` and returns what it threw, failing the test if it did not throw. */
export async function caught(fn: () => Promise<unknown>): Promise<unknown> {
  try {
    await fn();
  } catch (error) {
    return error;
  }
  throw new Error("expected the call to fail, but it succeeded");
}
