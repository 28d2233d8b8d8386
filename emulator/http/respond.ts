import type { ServerResponse } from "node:http";
import type { ClerkApiError } from "./clerk-error";

/** The SDK compares Content-Type to exactly this string; with a charset it would return text. */
const JSON_CONTENT_TYPE = "application/json";

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...headers,
    "Content-Type": JSON_CONTENT_TYPE,
    "Content-Length": Buffer.byteLength(text),
  });
  res.end(text);
}

export function sendError(res: ServerResponse, error: ClerkApiError): void {
  sendJson(res, error.status, error.body(), error.headers);
}
