/**
 * Where the embedded emulator listens and the development key it accepts by default. Shared by
 * the emulator, the start script and the server configuration; the key opens only that emulator.
 */
export const EMBEDDED_SECRET_KEY = "sk_test_metadeckEmulatorDevelopmentKey0000";
export const EMBEDDED_EMULATOR_PORT = 4010;
export const EMBEDDED_CLERK_API_URL = `http://127.0.0.1:${EMBEDDED_EMULATOR_PORT}`;
