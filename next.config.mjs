// METADECK_COMPRESS: "on" (the default) gzips responses, so a dashboard served straight to a LAN
// sends compressed assets; "off" for deployments whose reverse proxy compresses already.
const compress = process.env.METADECK_COMPRESS ?? "on";
if (compress !== "on" && compress !== "off")
  throw new Error(`Invalid METADECK_COMPRESS "${compress}": use "on" or "off".`);

/** @type {import("next").NextConfig} */
const nextConfig = {
  // Native SQLite bindings must load from node_modules at run time, not be bundled.
  serverExternalPackages: ["better-sqlite3"],
  poweredByHeader: false,
  compress: compress === "on",
  // Stated, not assumed: lib/bulk/bulk-input.ts sizes the largest pasted list to fit it.
  experimental: { serverActions: { bodySizeLimit: "1mb" } },
};

export default nextConfig;
