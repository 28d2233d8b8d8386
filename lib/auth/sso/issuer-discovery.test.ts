import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkSignInAtStartup } from "@/lib/startup/check-sign-in";
import { checkIssuer, discoveryUrl } from "./issuer-discovery";

type Handler = (request: IncomingMessage, response: ServerResponse, issuer: string) => void;

/** One local HTTP server per answer a provider might give its discovery request. */
async function serve(handler: Handler): Promise<{ issuer: string; server: Server }> {
  const server = createServer((request, response) => handler(request, response, issuer));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { issuer, server };
}

const json = (response: ServerResponse, status: number, body: unknown) => {
  response.writeHead(status, { "Content-Type": "application/json" });
  response.end(JSON.stringify(body));
};

const document = (issuer: string) => ({
  issuer,
  authorization_endpoint: `${issuer}/auth`,
  token_endpoint: `${issuer}/token`,
  jwks_uri: `${issuer}/jwks`,
});

describe("checkIssuer", () => {
  const servers: Server[] = [];
  let closedIssuer: string;

  async function provider(handler: Handler): Promise<string> {
    const { issuer, server } = await serve(handler);
    servers.push(server);
    return issuer;
  }

  beforeAll(async () => {
    // A port that was just free: nothing listens there now.
    const { issuer, server } = await serve(() => {});
    await new Promise((resolve) => server.close(resolve));
    closedIssuer = issuer;
  });

  afterAll(async () => {
    for (const server of servers) {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it("accepts a provider whose discovery document names it and gives endpoints and keys", async () => {
    const issuer = await provider((request, response, self) =>
      request.url === "/.well-known/openid-configuration"
        ? json(response, 200, document(self))
        : json(response, 404, {}),
    );
    expect(await checkIssuer(issuer, 2_000)).toEqual({ ok: true });
    expect(await checkIssuer(`${issuer}/`, 2_000)).toEqual({ ok: true });
  });

  it("says why a provider cannot carry a sign-in", async () => {
    const missingKeys = await provider((_, response, self) => {
      json(response, 200, { ...document(self), jwks_uri: undefined });
    });
    const notFound = await provider((_, response) => json(response, 404, { error: "nope" }));
    const html = await provider((_, response) => response.end("<html>login</html>"));
    const impostor = await provider((_, response) =>
      json(response, 200, document("https://login.example.com")),
    );
    const silent = await provider(() => {});

    const problem = async (issuer: string, timeoutMs = 2_000) => {
      const check = await checkIssuer(issuer, timeoutMs);
      return check.ok ? "ok" : check.problem;
    };
    expect(await problem(closedIssuer)).toBe(
      `could not be reached at ${discoveryUrl(closedIssuer)} (ECONNREFUSED)`,
    );
    expect(await problem(silent, 300)).toMatch(
      /could not be reached .* \(no answer within 300 ms\)/,
    );
    expect(await problem(notFound)).toBe(`answered HTTP 404 at ${discoveryUrl(notFound)}`);
    expect(await problem(html)).toMatch(/answered something other than JSON/);
    expect(await problem(missingKeys)).toMatch(/no usable OpenID Connect .*\(jwks_uri missing\)/);
    expect(await problem(impostor)).toMatch(
      /calls itself "https:\/\/login.example.com" .*OIDC_ISSUER must be exactly that/,
    );
  });

  it("stops start-up with a message naming OIDC_ISSUER, and only when single sign-on is set up", async () => {
    const sso = {
      OIDC_ISSUER: closedIssuer,
      OIDC_CLIENT_ID: "metadeck",
      OIDC_CLIENT_SECRET: "secret",
      OIDC_ROLE_MAP: "*=viewer",
    };
    await expect(checkSignInAtStartup(sso)).rejects.toThrow(
      /OIDC_ISSUER: the identity provider could not be reached at .*ECONNREFUSED/,
    );
    await expect(checkSignInAtStartup({})).resolves.toBeUndefined();
  });
});
