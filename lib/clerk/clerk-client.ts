import "server-only";
import { createClerkClient, type ClerkClient } from "@clerk/backend";
import { serverEnv } from "@/lib/config/server-env";

let client: ClerkClient | undefined;

/** The one place that turns the secret key into a Backend API client. */
export function clerkClient(): ClerkClient {
  if (!client) {
    const { secretKey, apiUrl } = serverEnv();
    client = createClerkClient({ secretKey, apiUrl });
  }
  return client;
}
