import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // Native SQLite bindings must load from node_modules at run time, not be bundled.
  serverExternalPackages: ["better-sqlite3"],
  poweredByHeader: false,
  // Compression belongs to the reverse proxy or load balancer in front (DESIGN.md §2); on
  // loopback it buys nothing, and gzip in Node added ~3 ms to every /users render here.
  compress: false,
};

export default nextConfig;
