import { generateKeyPairSync, randomBytes } from "node:crypto";
import { createServer, request as forward, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { decodeJwt, decodeProtectedHeader, importJWK, SignJWT, type JWK } from "jose";

/** A person at the test identity provider: the login name is their subject. */
export interface TestIdentity {
  email: string;
  emailVerified?: boolean;
  name?: string;
  groups?: string[];
}

/**
 * Where the provider puts the `groups` claim. `userinfo` is oidc-provider as it is: a conformant
 * provider returns scope claims from the userinfo endpoint only, and the ID token of the code
 * flow carries little more than `sub`. The other two are how other providers answer when set up
 * for SSO (Okta's and Entra's group claims, Keycloak's mappers): every claim in the ID token, with
 * groups there alone or at userinfo as well.
 */
export type ClaimsPlacement = "userinfo" | "id-token" | "both";
export const CLAIMS_PLACEMENTS: readonly ClaimsPlacement[] = ["userinfo", "id-token", "both"];

/**
 * How the front door spoils what comes back, for refusal tests: the ID token of the code
 * exchanges, or the `state` on the way back to the client.
 */
type Tampering =
  | "none"
  /** Signed again with the provider's own key, claims unchanged: the control, accepted. */
  | "re-signed"
  | "wrong-audience"
  | "wrong-issuer"
  | "expired"
  | "foreign-key"
  | "state"
  /** The provider is gone: every connection is cut before an answer. */
  | "down";

export interface OidcTestProvider {
  /** The issuer (discovery at `<issuer>/.well-known/openid-configuration`). */
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** People by login name; change an entry between sign-ins (a group membership, say). */
  identities: Map<string, TestIdentity>;
  tamper(mode: Tampering): void;
  /** From the next sign-in on, the provider places claims this way (a whole sign-in at a time). */
  placeClaims(placement: ClaimsPlacement): void;
  /** The last redirect back to the client (`…/callback/…?code=…&state=…`), as sent. */
  lastCallback(): string | null;
  close(): Promise<void>;
}

/** The provider's development pages import a web font; nothing here may leave the machine. */
const offline = (html: string) =>
  html.replace(/@import url\(https:\/\/fonts\.googleapis\.com[^)]*\);?/g, "");

function rsaJwk(): JWK {
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  return { ...(privateKey.export({ format: "jwk" }) as JWK), kid: randomBytes(8).toString("hex") };
}

/**
 * The certified `oidc-provider` on 127.0.0.1 at its default settings, with its development login
 * form (any password) and consent page, one confidential client, and claims `email`,
 * `email_verified`, `name` and `groups`. It stands behind a front door that forwards everything
 * unchanged, except the token endpoint's ID token: for the `id-token` and `both` placements the
 * door adds the person's claims to it, signed again with the provider's own key, as a provider
 * that puts them there answers; and it can spoil it (the claim or the key wrong) to prove the
 * dashboard refuses it.
 */
export async function startOidcTestProvider(options: {
  redirectUris: string[];
  identities?: Record<string, TestIdentity>;
  /** The issuer's port; any free one by default. */
  port?: number;
  /** A fixed client secret, for a provider someone configures by hand; random by default. */
  clientSecret?: string;
  /** Where claims go at first; oidc-provider's defaults (`userinfo`) unless given. */
  placement?: ClaimsPlacement;
}): Promise<OidcTestProvider> {
  const identities = new Map(Object.entries(options.identities ?? {}));
  const signingKey = rsaJwk();
  const clientId = "metadeck-test";
  const clientSecret = options.clientSecret ?? randomBytes(24).toString("hex");

  const front: Server = createServer();
  await new Promise<void>((resolve, reject) => {
    front.once("error", reject);
    front.listen(options.port ?? 0, "127.0.0.1", resolve);
  });
  const issuer = `http://127.0.0.1:${(front.address() as AddressInfo).port}`;

  // oidc-provider is an ES module with top-level await: loaded, not required.
  const { default: Provider } = await import("oidc-provider");
  let placement: ClaimsPlacement = options.placement ?? "userinfo";
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: options.redirectUris,
        response_types: ["code"],
        grant_types: ["authorization_code"],
        token_endpoint_auth_method: "client_secret_basic",
      },
    ],
    jwks: { keys: [signingKey] },
    scopes: ["openid", "email", "profile", "groups"],
    claims: {
      openid: ["sub"],
      email: ["email", "email_verified"],
      profile: ["name"],
      groups: ["groups"],
    },
    cookies: { keys: [randomBytes(16).toString("hex")] },
    findAccount: (_ctx, id) => {
      const person = identities.get(id);
      if (!person) return undefined;
      return {
        accountId: id,
        // Groups only in the ID token: the userinfo endpoint has none to give.
        claims: () => personClaims(id, { groups: placement !== "id-token" }),
      };
    },
  });
  const inner = provider.listen(0, "127.0.0.1") as Server;
  await new Promise<void>((resolve) => inner.once("listening", resolve));
  const innerPort = (inner.address() as AddressInfo).port;

  /** A person's claims as the provider holds them (a string sub, as it always is). */
  function personClaims(id: string, { groups }: { groups: boolean }) {
    const person = identities.get(id);
    if (!person) return { sub: id };
    return {
      sub: id,
      email: person.email,
      email_verified: person.emailVerified ?? true,
      name: person.name ?? id,
      ...(groups ? { groups: person.groups ?? [] } : {}),
    };
  }

  let tampering: Tampering = "none";
  let lastCallback: string | null = null;
  const toClient = (location: string | undefined) =>
    location !== undefined && options.redirectUris.some((uri) => location.startsWith(uri));
  /** A redirect back to the client, recorded, and with its state spoiled if asked. */
  function backToClient(location: string): string {
    const url = new URL(location);
    if (tampering === "state") url.searchParams.set("state", `${url.searchParams.get("state")}x`);
    lastCallback = url.toString();
    return lastCallback;
  }
  const foreignKey = rsaJwk();

  /** The token endpoint's ID token as this provider answers (placed claims) and the door spoils it. */
  async function adjust(idToken: string): Promise<string> {
    const issued = decodeJwt(idToken);
    const claims =
      placement === "userinfo"
        ? issued
        : { ...issued, ...personClaims(String(issued.sub), { groups: true }) };
    const header = decodeProtectedHeader(idToken);
    const now = Math.floor(Date.now() / 1000);
    const changed =
      tampering === "wrong-audience"
        ? { ...claims, aud: "someone-else" }
        : tampering === "wrong-issuer"
          ? { ...claims, iss: "https://issuer.example.com" }
          : tampering === "expired"
            ? { ...claims, iat: now - 7200, exp: now - 3600 }
            : claims;
    const key = await importJWK(tampering === "foreign-key" ? foreignKey : signingKey, "RS256");
    // The foreign key keeps the real key's id: only the signature tells them apart.
    return new SignJWT(changed).setProtectedHeader({ alg: "RS256", kid: header.kid }).sign(key);
  }

  /** The token endpoint's answer with its ID token adjusted. */
  async function adjustTokens(text: string): Promise<string> {
    const body = JSON.parse(text) as { id_token?: string };
    return JSON.stringify(
      body.id_token ? { ...body, id_token: await adjust(body.id_token) } : body,
    );
  }

  front.on("request", (incoming, outgoing) => {
    if (tampering === "down") {
      incoming.socket.destroy();
      return;
    }
    const adjusting =
      (placement !== "userinfo" ||
        ["wrong-audience", "wrong-issuer", "expired", "foreign-key", "re-signed"].includes(
          tampering,
        )) &&
      incoming.url?.startsWith("/token");
    const upstream = forward(
      {
        host: "127.0.0.1",
        port: innerPort,
        method: incoming.method,
        path: incoming.url,
        headers: incoming.headers,
      },
      (answer) => {
        if (toClient(answer.headers.location))
          answer.headers.location = backToClient(answer.headers.location!);
        const page = answer.headers["content-type"]?.startsWith("text/html") ?? false;
        if (!page && (!adjusting || answer.statusCode !== 200)) {
          outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(outgoing);
          return;
        }
        const chunks: Buffer[] = [];
        answer.on("data", (chunk: Buffer) => chunks.push(chunk));
        answer.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          void (page ? Promise.resolve(offline(text)) : adjustTokens(text)).then((changed) => {
            const headers = {
              ...answer.headers,
              "content-length": String(Buffer.byteLength(changed)),
            };
            outgoing.writeHead(answer.statusCode ?? 502, headers);
            outgoing.end(changed);
          });
        });
      },
    );
    upstream.on("error", () => {
      outgoing.writeHead(502);
      outgoing.end();
    });
    incoming.pipe(upstream);
  });

  const closeServer = (server: Server) =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return {
    issuer,
    clientId,
    clientSecret,
    identities,
    tamper: (mode) => {
      tampering = mode;
    },
    placeClaims: (next) => {
      placement = next;
    },
    lastCallback: () => lastCallback,
    close: async () => {
      await Promise.all([closeServer(front), closeServer(inner)]);
    },
  };
}
