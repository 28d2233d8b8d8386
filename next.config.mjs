// METADECK_COMPRESS: "on" (the default) gzips responses, so a dashboard served straight to a LAN
// sends compressed assets; "off" for deployments whose reverse proxy compresses already.
const compress = process.env.METADECK_COMPRESS ?? "on";
if (compress !== "on" && compress !== "off")
  throw new Error(`Invalid METADECK_COMPRESS "${compress}": use "on" or "off".`);

// On every response, assets and route handlers included (these are fixed at build time). The
// Content-Security-Policy, which
// needs a fresh nonce per page, is set by proxy.ts (lib/config/security-headers.ts).
const securityHeaders = [
  { key: "X-Frame-Options", value: "DENY" },
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "same-origin" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=()" },
];
// Strict-Transport-Security depends on where the dashboard runs, not where it was built:
// scripts/serve.ts adds it at run time when BETTER_AUTH_URL is https.

/** @type {import("next").NextConfig} */
const nextConfig = {
  // Native SQLite bindings must load from node_modules at run time, not be bundled.
  serverExternalPackages: ["better-sqlite3"],
  poweredByHeader: false,
  compress: compress === "on",
  experimental: {
    // Stated, not assumed: lib/bulk/bulk-input.ts sizes the largest pasted list to fit it.
    serverActions: { bodySizeLimit: "1mb" },
    // `forbidden()`: a page a role may not open answers 403 with app/(console)/forbidden.tsx.
    authInterrupts: true,
  },
  async headers() {
    return [
      { source: "/:path*", headers: securityHeaders },
      // Route handlers answer per person (private metadata among it): never stored anywhere.
      { source: "/api/:path*", headers: [{ key: "Cache-Control", value: "private, no-store" }] },
    ];
  },
};

export default nextConfig;
