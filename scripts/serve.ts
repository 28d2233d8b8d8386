/**
 * Serves the dashboard: Next.js's own request handler (what `next start` and `next dev` run),
 * behind a Node HTTP server that stamps each request with the address it came from. Without
 * this, the app could only read `X-Forwarded-For`, which any client can write.
 *
 *   npm run serve [-- --hostname 0.0.0.0 --port 3001]
 *   node --import tsx scripts/serve.ts [--dev] [--hostname 127.0.0.1] [--port 3000]
 *
 * `npm run serve` is one instance of several (docs/operations.md, "Several instances"): the
 * already-built dashboard (`npm run build`), no emulator, no build step; HOST and PORT give its
 * address.
 */
import { existsSync } from "node:fs";
import { createServer } from "node:http";
import { isIP } from "node:net";
import { join } from "node:path";
import { parseArgs } from "node:util";
import next from "next";
import { parseServerEnv } from "@/lib/config/parse-server-env";
import {
  CLIENT_ADDRESS_HEADER,
  clientAddress,
  parseTrustedProxies,
} from "@/lib/config/trusted-proxies";
import { markClientAddressesStamped } from "@/lib/config/client-address-stamp";
import { checkSignInAtStartup } from "@/lib/startup/check-sign-in";

const HSTS = "max-age=31536000; includeSubDomains";

async function main() {
  const { values } = parseArgs({
    options: {
      dev: { type: "boolean", default: false },
      hostname: { type: "string", default: process.env.HOST ?? "127.0.0.1" },
      port: { type: "string", default: process.env.PORT ?? "3000" },
    },
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 1 || port > 65535)
    throw new Error(`Invalid PORT "${values.port}": use a port number.`);
  if (isIP(values.hostname) === 0)
    throw new Error(`Invalid HOST "${values.hostname}": use an IP address to listen on.`);
  if (!values.dev && !existsSync(join(process.cwd(), ".next", "BUILD_ID")))
    throw new Error("No build of the dashboard here: run `npm run build` first.");
  const https = process.env.BETTER_AUTH_URL?.startsWith("https://") ?? false;
  // Validated with the rest of the configuration (a bad entry stops the server, named).
  parseServerEnv(process.env);
  await checkSignInAtStartup(process.env);
  const trusted = parseTrustedProxies(process.env.TRUSTED_PROXIES);
  markClientAddressesStamped();
  const app = next({ dev: values.dev, hostname: values.hostname, port, dir: process.cwd() });
  const handle = app.getRequestHandler();
  await app.prepare();
  const server = createServer((request, response) => {
    const address = clientAddress(
      request.socket.remoteAddress,
      request.headers["x-forwarded-for"],
      trusted,
    );
    // One address, the one worked out here, under both names: a client's own values are gone.
    request.headers[CLIENT_ADDRESS_HEADER] = address;
    request.headers["x-forwarded-for"] = address;
    if (https) response.setHeader("Strict-Transport-Security", HSTS);
    void handle(request, response);
  });
  server.listen(port, values.hostname, () => {
    console.log(`Metadeck listening on http://${values.hostname}:${port}`);
  });
  // In-flight requests may finish; idle keep-alive connections would otherwise hold the exit.
  const stop = () => {
    server.close(() => process.exit(0));
    server.closeIdleConnections();
    setTimeout(() => process.exit(0), 5_000).unref();
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
