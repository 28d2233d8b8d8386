import { BlockList, isIP } from "node:net";

/**
 * The request header in which the server (scripts/serve.ts) hands each request's client address
 * to the app, replacing whatever a client sent under that name.
 */
export const CLIENT_ADDRESS_HEADER = "x-metadeck-client-address";

/** The proxies whose `X-Forwarded-For` entries are believed: addresses or CIDR ranges. */
export interface TrustedProxies {
  /** As configured, for messages. */
  entries: string[];
  has(address: string): boolean;
}

/** `::ffff:10.0.0.1` (an IPv4 peer on a dual-stack socket) is `10.0.0.1`. */
function plainAddress(address: string): string {
  const trimmed = address.trim();
  return /^::ffff:\d+\.\d+\.\d+\.\d+$/i.test(trimmed) ? trimmed.slice(7) : trimmed;
}

/**
 * Parses TRUSTED_PROXIES: comma-separated addresses or CIDR ranges, IPv4 or IPv6 (empty: none).
 * Throws a message naming the entry that is neither.
 */
export function parseTrustedProxies(value: string | undefined): TrustedProxies {
  const entries = (value ?? "")
    .split(",")
    .map((e) => e.trim())
    .filter(Boolean);
  const list = new BlockList();
  for (const entry of entries) {
    const [address = "", bits, ...rest] = entry.split("/");
    const family = isIP(address);
    const prefix = bits === undefined ? null : Number(bits);
    const maxBits = family === 6 ? 128 : 32;
    if (
      family === 0 ||
      rest.length > 0 ||
      (prefix !== null && (!Number.isInteger(prefix) || prefix < 0 || prefix > maxBits))
    )
      throw new Error(
        `"${entry}" is not an IP address or CIDR range (e.g. 10.0.0.5 or 10.0.0.0/8)`,
      );
    const type = family === 6 ? "ipv6" : "ipv4";
    if (prefix === null) list.addAddress(address, type);
    else list.addSubnet(address, prefix, type);
  }
  return {
    entries,
    has(address) {
      const plain = plainAddress(address);
      const family = isIP(plain);
      return family !== 0 && list.check(plain, family === 6 ? "ipv6" : "ipv4");
    },
  };
}

/**
 * The address a request came from. Without trusted proxies it is the socket's, whatever
 * `X-Forwarded-For` claims (any client can send one). When the socket is a trusted proxy, the
 * chain is walked from the right, skipping trusted hops: the first address that is not one is
 * the client. An entry that is not an address stops the walk at the last trusted hop, which a
 * client cannot choose.
 */
export function clientAddress(
  socketAddress: string | undefined,
  forwardedFor: string | string[] | undefined,
  trusted: TrustedProxies,
): string {
  const socket = plainAddress(socketAddress ?? "") || "unknown";
  if (!trusted.has(socket)) return socket;
  const chain = (Array.isArray(forwardedFor) ? forwardedFor.join(",") : (forwardedFor ?? ""))
    .split(",")
    .map(plainAddress)
    .filter(Boolean);
  let nearest = socket;
  for (let i = chain.length - 1; i >= 0; i--) {
    const hop = chain[i]!;
    if (isIP(hop) === 0) return nearest;
    if (!trusted.has(hop)) return hop;
    nearest = hop;
  }
  return nearest;
}
