import { createClerkClient } from "@clerk/backend";
import { E2E_EMULATOR_URL, E2E_SECRET_KEY } from "./e2e-env";

/** The official SDK against the test emulator: fixtures and read-backs go through it. */
export const clerk = createClerkClient({ secretKey: E2E_SECRET_KEY, apiUrl: E2E_EMULATOR_URL });

async function admin(path: string, method: string, body?: unknown): Promise<unknown> {
  const res = await fetch(`${E2E_EMULATOR_URL}/__emulator${path}`, {
    method,
    headers: { Authorization: `Bearer ${E2E_SECRET_KEY}`, "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok)
    throw new Error(`emulator admin ${method} ${path}: ${res.status} ${await res.text()}`);
  return res.json();
}

export const emulatorAdmin = {
  setFaults: (faults: Record<string, number>) => admin("/faults", "PUT", faults),
  clearFaults: () => admin("/faults", "DELETE"),
  stats: () =>
    admin("/stats", "GET") as Promise<{ total: number; requests: Record<string, number> }>,
  resetStats: () => admin("/stats", "DELETE"),
  /** Someone outside Metadeck writes this just before the user's next metadata write lands. */
  interleaveWrite: (userId: string, patch: Record<string, unknown>) =>
    admin("/interleaved-writes", "POST", { userId, patch }),
  clearInterleavedWrites: () => admin("/interleaved-writes", "DELETE"),
};

let counter = 0;

/** A fresh user for one test, so tests never depend on each other's edits. */
export async function createFixtureUser(
  metadata: {
    publicMetadata?: Record<string, unknown>;
    privateMetadata?: Record<string, unknown>;
    unsafeMetadata?: Record<string, unknown>;
  } = {},
) {
  counter += 1;
  const tag = `${Date.now().toString(36)}${counter}`;
  return clerk.users.createUser({
    emailAddress: [`fixture.${tag}@metadeck.test`],
    firstName: "Fixture",
    lastName: `User${tag}`,
    username: `fixture_${tag}`,
    ...metadata,
  });
}
