import type { NextConfig } from "next";
import { describe, expect, it } from "vitest";
import { bulkChangeInputSchema, MAX_TARGET_LIST_BYTES, TARGET_LIST_TOO_LONG } from "./bulk-input";
import { MAX_LIST_ENTRIES } from "./target-list";

const change = (text: string) => ({
  target: { kind: "list", text },
  flagKey: "new_dashboard",
  value: true,
});

// The list used to allow 2,000,000 characters while an action takes 1 MB: a large pasted list
// failed with a bare 500.
describe("a pasted bulk list", () => {
  it("at its largest, fits the body a server action takes", async () => {
    // A computed specifier: the config is plain JavaScript, with no type declarations.
    const file = new URL("../../next.config.mjs", import.meta.url).href;
    const nextConfig = ((await import(file)) as { default: NextConfig }).default;
    const limit = nextConfig.experimental?.serverActions?.bodySizeLimit;
    expect(limit).toBe("1mb");
    expect(MAX_TARGET_LIST_BYTES + 10_000).toBeLessThan(1024 * 1024);
  });

  it("holds the most entries a change may have, of realistic length", () => {
    const text = Array.from(
      { length: MAX_LIST_ENTRIES },
      (_, i) => `someone.with.a.longish.name.${i}@example-company.com`,
    ).join("\n");
    expect(bulkChangeInputSchema.safeParse(change(text)).success).toBe(true);
  });

  it("beyond the limit, is refused with a message saying so", () => {
    const parsed = bulkChangeInputSchema.safeParse(change("a".repeat(MAX_TARGET_LIST_BYTES)));
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.message).toBe(TARGET_LIST_TOO_LONG);
  });
});
