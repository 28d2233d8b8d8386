import "server-only";
import { headers } from "next/headers";
import { clientAddressesStamped } from "@/lib/config/client-address-stamp";
import { CLIENT_ADDRESS_HEADER } from "@/lib/config/trusted-proxies";

/**
 * The address the current request came from, as the server worked it out (the socket, or the
 * client behind TRUSTED_PROXIES). "unknown" when the app is not served by scripts/serve.ts.
 */
export async function requestAddress(): Promise<string> {
  if (!clientAddressesStamped()) return "unknown";
  return (await headers()).get(CLIENT_ADDRESS_HEADER) ?? "unknown";
}
