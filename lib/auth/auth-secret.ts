import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { parseServerEnv } from "@/lib/config/parse-server-env";

const EMBEDDED_AUTH_SECRET_FILE = ".data/auth-secret";
const MIN_SECRET_LENGTH = 32;

/**
 * The key that signs staff sessions: BETTER_AUTH_SECRET, or in embedded mode one generated on
 * first start and kept under .data/. Outside embedded mode a missing secret stops start-up.
 */
export function resolveAuthSecret(
  env: Record<string, string | undefined>,
  embedded: boolean,
): string {
  const given = env.BETTER_AUTH_SECRET?.trim();
  if (given) {
    if (given.length < MIN_SECRET_LENGTH) {
      throw new Error(
        `BETTER_AUTH_SECRET must be at least ${MIN_SECRET_LENGTH} characters (try: openssl rand -base64 48)`,
      );
    }
    return given;
  }
  if (!embedded) {
    throw new Error(
      "BETTER_AUTH_SECRET is required when a real Clerk key is configured (try: openssl rand -base64 48)",
    );
  }
  if (existsSync(EMBEDDED_AUTH_SECRET_FILE))
    return readFileSync(EMBEDDED_AUTH_SECRET_FILE, "utf8").trim();
  mkdirSync(dirname(EMBEDDED_AUTH_SECRET_FILE), { recursive: true, mode: 0o700 });
  const secret = randomBytes(48).toString("base64url");
  writeFileSync(EMBEDDED_AUTH_SECRET_FILE, secret, { mode: 0o600 });
  return secret;
}

const holder = globalThis as typeof globalThis & { __metadeckAuthSecret?: string };

/**
 * The key that signs staff sessions in this server process, resolved once from its
 * environment: better-auth, the proxy and start-up all read it here.
 */
export function authSecret(): string {
  holder.__metadeckAuthSecret ??= resolveAuthSecret(
    process.env,
    parseServerEnv(process.env).embedded,
  );
  return holder.__metadeckAuthSecret;
}
