import { EMBEDDED_SECRET_KEY } from "../../lib/config/embedded-defaults";

/** Ports of their own, so browser tests never touch a dashboard or emulator started by hand. */
export const E2E_EMULATOR_PORT = 4011;
export const E2E_EMULATOR_URL = `http://127.0.0.1:${E2E_EMULATOR_PORT}`;
export const E2E_APP_URL = "http://127.0.0.1:3100";
export const E2E_SECRET_KEY = EMBEDDED_SECRET_KEY;
export const E2E_DATABASE_FILE = ".data/e2e-console.sqlite";
