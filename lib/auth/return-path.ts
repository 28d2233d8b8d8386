/** Where anyone goes when the requested return path cannot be trusted. */
export const DEFAULT_RETURN_PATH = "/users";

// A stand-in origin: only whether a value stays on it, and its path, matter.
const SELF = "http://metadeck.invalid";
const MAX_LENGTH = 2048;

/**
 * Where `?next=` may send someone after sign-in: a path on this dashboard, or `/users`. The
 * value is resolved against the dashboard's own origin and kept only if it stays there, with a
 * path that starts with exactly one `/`. Anything but printable ASCII (a browser drops a tab and
 * lands on `//evil`; a full-width character cannot go into a `Location` header), backslashes and
 * encoded slashes or control characters are refused outright, before any parser can normalise
 * them into something else. Links the dashboard builds itself are percent-encoded ASCII.
 */
export function safeReturnPath(value: string | null | undefined): string {
  if (!value || value.length > MAX_LENGTH) return DEFAULT_RETURN_PATH;
  // Only printable ASCII: no control characters, nothing a Location header cannot carry.
  if (/[^\u0020-\u007e]|\\/.test(value)) return DEFAULT_RETURN_PATH;
  if (/%(2f|5c|[01][0-9a-f]|7f)/i.test(value)) return DEFAULT_RETURN_PATH;
  if (!value.startsWith("/") || value.startsWith("//")) return DEFAULT_RETURN_PATH;
  let url: URL;
  try {
    url = new URL(value, SELF);
  } catch {
    return DEFAULT_RETURN_PATH;
  }
  if (url.origin !== SELF) return DEFAULT_RETURN_PATH;
  const path = `${url.pathname}${url.search}${url.hash}`;
  return path.startsWith("/") && !path.startsWith("//") ? path : DEFAULT_RETURN_PATH;
}
