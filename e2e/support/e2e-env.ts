import { EMBEDDED_SECRET_KEY } from "../../lib/config/embedded-defaults";

/** Ports of their own, so browser tests never touch a dashboard or emulator started by hand. */
export const E2E_EMULATOR_PORT = 4011;
export const E2E_EMULATOR_URL = `http://127.0.0.1:${E2E_EMULATOR_PORT}`;
export const E2E_APP_URL = "http://127.0.0.1:3100";
export const E2E_SECRET_KEY = EMBEDDED_SECRET_KEY;
export const E2E_DATABASE_FILE = ".data/e2e-console.sqlite";
/** The emulator's webhooks reach the dashboard's route, signed with this. */
export const E2E_WEBHOOK_SECRET = "whsec_ZTJlLW9ubHkgd2ViaG9vayBzZWNyZXQgZm9yIHRlc3Rz";
export const E2E_AUTH_SECRET = "e2e-only-auth-secret-0123456789abcdefghijklmnop";

/** Staff accounts the setup project creates; each role's signed-in browser state is saved. */
export const E2E_STAFF = {
  support: { email: "support@e2e.test", password: "e2e-support-password" },
  viewer: { email: "viewer@e2e.test", password: "e2e-viewer-password" },
  product: { email: "product@e2e.test", password: "e2e-product-password" },
  admin: { email: "admin@e2e.test", password: "e2e-admin-password" },
} as const;
export type E2ERole = keyof typeof E2E_STAFF;
export const storageStateFor = (role: E2ERole) => `test-results/.auth/${role}.json`;
