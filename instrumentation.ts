/** Runs once when the server starts: a malformed configuration stops it with a clear message. */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { parseServerEnv } = await import("@/lib/config/parse-server-env");
  parseServerEnv(process.env);
}
