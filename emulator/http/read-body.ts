import type { IncomingMessage } from "node:http";
import { clerkErrors } from "./clerk-error";

const MAX_BODY_BYTES = 1024 * 1024;

/** Reads and parses a JSON body; an empty body reads as `{}`, as the SDK sends none for `{}`. */
export async function readJsonBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_BODY_BYTES) throw clerkErrors.bodyInvalid(`larger than ${MAX_BODY_BYTES} bytes`);
    chunks.push(buffer);
  }
  const text = Buffer.concat(chunks).toString("utf8");
  if (text.trim() === "") return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw clerkErrors.bodyInvalid("it is not valid JSON");
  }
}
