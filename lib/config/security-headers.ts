/**
 * The Content-Security-Policy of every page, with this response's script nonce. Scripts run
 * only with the nonce (Next.js puts it on its own; 'strict-dynamic' lets them load the rest,
 * Monaco's chunks included); no 'unsafe-eval'. Styles allow 'unsafe-inline' because Monaco
 * inserts its own <style> elements and React renders style attributes (no script can come in
 * that way). Workers are Monaco's editor and JSON workers, served from this origin.
 */
export function contentSecurityPolicy(
  nonce: string,
  imageOrigins: readonly string[],
  { development = false } = {},
): string {
  // `next dev` evaluates its own code for fast refresh; `npm start` never allows eval.
  const devEval = development ? " 'unsafe-eval'" : "";
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${devEval}`,
    "style-src 'self' 'unsafe-inline'",
    `img-src 'self' data: ${imageOrigins.join(" ")}`.trim(),
    "font-src 'self' data:",
    "connect-src 'self'",
    "worker-src 'self' blob:",
    "frame-ancestors 'none'",
    "frame-src 'none'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
  ].join("; ");
}

/** Where users' profile images come from: Clerk's image host, or the embedded emulator. */
export function imageOriginsFor(clerkApiUrl: string): string[] {
  const api = new URL(clerkApiUrl).origin;
  return api === "https://api.clerk.com"
    ? ["https://img.clerk.com"]
    : ["https://img.clerk.com", api];
}
