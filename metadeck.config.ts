import type { MetadeckConfig } from "@/lib/flags/catalogue-schema";

/**
 * The feature-flag catalogue: every flag Metadeck manages, versioned with the code. Each flag
 * lives at `<location>.features.<key>` (public metadata unless it says otherwise). It is checked
 * when the dashboard starts; a bad entry stops it with a message naming the entry.
 */
const config: MetadeckConfig = {
  version: 1,
  flags: [
    {
      key: "new_dashboard",
      description: "The redesigned dashboard home page.",
      owner: "web-platform",
      type: "boolean",
      default: false,
    },
    {
      key: "beta_exports",
      description: "CSV and Parquet exports from the reports page.",
      owner: "data-team",
      type: "boolean",
      default: false,
    },
    {
      key: "editor",
      description: "Which document editor the user gets.",
      owner: "docs-team",
      type: "enum",
      values: ["classic", "blocks", "ai-assist"],
      default: "classic",
    },
    {
      key: "support_tier",
      description: "Routing for the user's support tickets; never shown to the user.",
      owner: "support-ops",
      type: "enum",
      values: ["standard", "priority", "enterprise"],
      default: "standard",
      location: "private_metadata",
    },
  ],
};

export default config;
