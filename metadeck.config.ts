import type { MetadeckConfig } from "@/lib/flags/catalogue-schema";
import type { ReviewPolicyInput } from "@/lib/review/rules/review-policy-schema";

/**
 * The feature-flag catalogue: every flag Metadeck manages, versioned with the code. Each flag
 * lives at `<location>.features.<key>` (public metadata unless it says otherwise).
 * The review policy: the paths whose changes are to wait for a second person's approval (`*` is
 * any one key, `**` any keys at any depth; arrays are matched whole, never inside), and a flag
 * with `review: true`. Validated today; holding changes for approval is issue 15's next step.
 * Both are checked when the dashboard starts; a bad entry stops it with a message naming it.
 */
const config: MetadeckConfig & { review?: ReviewPolicyInput } = {
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
      review: true,
    },
  ],
  review: {
    rules: [
      {
        name: "Roles",
        paths: ["public_metadata.role"],
        approvers: ["admin"],
        note: "The role decides what the user may do in our app.",
      },
      {
        name: "Billing",
        paths: ["private_metadata.billing.**"],
        approvers: ["admin"],
        note: "Billing decides what the user pays.",
      },
    ],
    reasonRequired: false,
    expireAfterDays: 7,
  },
};

export default config;
