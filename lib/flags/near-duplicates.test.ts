import { describe, expect, it } from "vitest";
import type { Bags } from "@/lib/metadata/bags";
import { catalogueOrThrow } from "./catalogue-schema";
import { nearDuplicateKeys } from "./near-duplicates";

const { flags } = catalogueOrThrow({
  version: 1,
  flags: [
    { key: "new_dashboard", description: "d", owner: "o", type: "boolean", default: false },
    {
      key: "support_tier",
      description: "d",
      owner: "o",
      type: "enum",
      values: ["standard", "priority"],
      default: "standard",
      location: "private_metadata",
    },
  ],
});

const bags = (pub: object, priv: object = {}): Bags =>
  ({ public_metadata: pub, private_metadata: priv, unsafe_metadata: {} }) as Bags;

describe("near-duplicate flag keys", () => {
  it("finds a key that differs from a catalogued one only in case or separators", () => {
    const found = nearDuplicateKeys(
      flags,
      bags({ features: { new_dashboard: true, newDashboard: false, "New-Dashboard": true } }),
    );
    expect(found.map((d) => [d.location, d.key, d.flag.key])).toEqual([
      ["public_metadata", "newDashboard", "new_dashboard"],
      ["public_metadata", "New-Dashboard", "new_dashboard"],
    ]);
  });

  it("finds a catalogued key in the wrong bag, and nothing in a clean document", () => {
    expect(
      nearDuplicateKeys(flags, bags({ features: { support_tier: "priority" } })).map((d) => d.key),
    ).toEqual(["support_tier"]);
    expect(
      nearDuplicateKeys(
        flags,
        bags(
          { features: { new_dashboard: true, betaSearch: true } },
          { features: { support_tier: "x" } },
        ),
      ),
    ).toEqual([]);
    expect(nearDuplicateKeys(flags, bags({ features: "on" }))).toEqual([]);
  });
});
