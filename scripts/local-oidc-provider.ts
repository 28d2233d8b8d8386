/**
 * `npm run sso:local-provider`: an OpenID Connect provider on this machine to try single
 * sign-on with, the same certified `oidc-provider` the tests sign in through, with a few
 * people in groups. It prints the variables to start Metadeck with.
 *
 *   npm run sso:local-provider [-- --port 4021 --app http://127.0.0.1:3000]
 */
import { parseArgs } from "node:util";
import { startOidcTestProvider } from "@/tests/support/oidc-test-provider";

/** Login names at the provider's login page (any password), and who they are there. */
const PEOPLE = {
  alice: { email: "alice@example.test", name: "Alice", groups: ["metadeck-admins"] },
  sam: { email: "sam@example.test", name: "Sam", groups: ["metadeck-support"] },
  pia: { email: "pia@example.test", name: "Pia", groups: ["metadeck-product"] },
  vic: { email: "vic@example.test", name: "Vic", groups: ["engineering"] },
  eve: { email: "eve@elsewhere.test", name: "Eve", groups: ["metadeck-admins"] },
};

/** What each one shows about the role map and the allowed domain. */
const EXPECT: Record<keyof typeof PEOPLE, string> = {
  alice: "admin",
  sam: "support",
  pia: "product",
  vic: "refused: no Metadeck group",
  eve: "refused: another domain",
};

const ROLE_MAP = "metadeck-admins=admin,metadeck-support=support,metadeck-product=product";

async function main() {
  const { values } = parseArgs({
    options: {
      port: { type: "string", default: "4021" },
      app: { type: "string", default: process.env.BETTER_AUTH_URL ?? "http://127.0.0.1:3000" },
    },
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 1 || port > 65535)
    throw new Error(`Invalid --port "${values.port}": use a port number.`);
  const app = values.app.replace(/\/$/, "");
  const provider = await startOidcTestProvider({
    port,
    redirectUris: [`${app}/api/auth/callback/oidc`],
    identities: PEOPLE,
    // Fixed, so the variables below stay right across restarts; this provider is for trying only.
    clientSecret: "local-provider-secret-not-for-production",
  });

  console.log(`Local OpenID Connect provider at ${provider.issuer}`);
  console.log(`It sends people back to ${app}/api/auth/callback/oidc only.\n`);
  console.log("Start Metadeck in another terminal with:\n");
  const variables = {
    OIDC_ISSUER: provider.issuer,
    OIDC_CLIENT_ID: provider.clientId,
    OIDC_CLIENT_SECRET: provider.clientSecret,
    OIDC_NAME: "Local OIDC",
    OIDC_SCOPES: "groups",
    OIDC_ALLOWED_DOMAINS: "example.test",
    OIDC_ROLE_CLAIM: "groups",
    OIDC_ROLE_MAP: ROLE_MAP,
  };
  const lines = Object.entries(variables).map(([key, value]) => `  ${key}='${value}' \\`);
  console.log(`${lines.join("\n")}\n  npm start\n`);
  console.log("Then press “Sign in with Local OIDC” and log in at the provider as (any password):");
  for (const [login, person] of Object.entries(PEOPLE))
    console.log(
      `  ${login.padEnd(6)} ${person.email.padEnd(20)} ${EXPECT[login as keyof typeof PEOPLE]}`,
    );
  console.log("\nPress Ctrl+C to stop.");

  const stop = () => void provider.close().then(() => process.exit(0));
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
