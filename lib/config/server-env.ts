import "server-only";
import { parseServerEnv, type ServerEnv } from "./parse-server-env";

let cached: ServerEnv | undefined;

/** The server configuration, read once; it holds the secret key, so it never reaches a browser. */
export function serverEnv(): ServerEnv {
  cached ??= parseServerEnv(process.env);
  return cached;
}
