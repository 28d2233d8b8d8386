import { EMBEDDED_SECRET_KEY } from "../../lib/config/embedded-defaults";

/**
 * Each Playwright worker slot has a stack of its own: an emulator, a dashboard and a console
 * database. A test changing the emulator's faults or limits, or counting its calls, then
 * disturbs no test running beside it. Ports of their own, so browser tests never touch a
 * dashboard or emulator started by hand.
 */
export const E2E_SLOTS = slotCount(process.env.E2E_WORKERS);

function slotCount(value: string | undefined): number {
  if (value === undefined) return 3;
  const count = Number(value);
  if (!Number.isInteger(count) || count < 1 || count > 16)
    throw new Error(`E2E_WORKERS must be a whole number from 1 to 16, not "${value}".`);
  return count;
}

/** This worker's slot (Playwright numbers them 0 … workers − 1); 0 outside a worker. */
const E2E_SLOT = Number(process.env.TEST_PARALLEL_INDEX ?? 0);

export const E2E_SECRET_KEY = EMBEDDED_SECRET_KEY;
/** The emulator's webhooks reach the dashboard's route, signed with this. */
export const E2E_WEBHOOK_SECRET = "whsec_ZTJlLW9ubHkgd2ViaG9vayBzZWNyZXQgZm9yIHRlc3Rz";
export const E2E_AUTH_SECRET = "e2e-only-auth-secret-0123456789abcdefghijklmnop";

export interface E2EStack {
  slot: number;
  emulatorPort: number;
  emulatorUrl: string;
  appUrl: string;
  databaseFile: string;
}

export function e2eStack(slot: number): E2EStack {
  const emulatorPort = 4011 + slot;
  return {
    slot,
    emulatorPort,
    emulatorUrl: `http://127.0.0.1:${emulatorPort}`,
    appUrl: `http://127.0.0.1:${3100 + slot}`,
    databaseFile: `.data/e2e-console-${slot}.sqlite`,
  };
}

const own = e2eStack(E2E_SLOT);
export const E2E_EMULATOR_URL = own.emulatorUrl;
export const E2E_APP_URL = own.appUrl;
export const E2E_DATABASE_FILE = own.databaseFile;

/** Staff accounts the setup project creates; each role's signed-in browser state is saved. */
export const E2E_STAFF = {
  support: { email: "support@e2e.test", password: "e2e-support-password" },
  viewer: { email: "viewer@e2e.test", password: "e2e-viewer-password" },
  product: { email: "product@e2e.test", password: "e2e-product-password" },
  admin: { email: "admin@e2e.test", password: "e2e-admin-password" },
} as const;
export type E2ERole = keyof typeof E2E_STAFF;

/** A role's signed-in browser state on a slot's dashboard (this worker's by default). */
export const storageStateFor = (role: E2ERole, slot = E2E_SLOT) =>
  `test-results/.auth/${slot}/${role}.json`;
