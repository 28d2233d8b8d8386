import { randomBytes } from "node:crypto";

const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const ID_BODY_LENGTH = 27;

/** Clerk-shaped id (`user_2abc…`, 27 base62 characters) from a source of uniform numbers in [0, 1). */
export function clerkId(prefix: string, random: () => number = cryptoRandom): string {
  let body = "";
  for (let i = 0; i < ID_BODY_LENGTH; i++) body += BASE62[Math.floor(random() * 62)];
  return `${prefix}_${body}`;
}

function cryptoRandom(): number {
  return randomBytes(4).readUInt32BE() / 4294967296;
}
