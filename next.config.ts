import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // Native SQLite bindings must load from node_modules at run time, not be bundled.
  serverExternalPackages: ["better-sqlite3"],
  poweredByHeader: false,
};

export default nextConfig;
