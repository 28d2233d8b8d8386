import { describe, expect, it } from "vitest";
import type { Bags } from "@/lib/metadata/bags";
import { keysText, summarizeEntry } from "./entry-summary";

const bags = (pub: object, priv: object = {}): Bags =>
  ({ public_metadata: pub, private_metadata: priv, unsafe_metadata: {} }) as Bags;

const plain = { revertOf: null, bulkJobId: null };

describe("the Details summary of an audit entry", () => {
  it("names added, removed and changed keys of a JSON save, nested ones by their path", () => {
    const summary = summarizeEntry({
      ...plain,
      before: bags({ features: { betaSearch: true, x: 1 }, billing: { seats: 3, plan: "pro" } }),
      patch: {
        public_metadata: {
          support: { ticket: "T-1234", vip: true },
          features: { betaSearch: null },
          billing: { seats: 5 },
        },
      },
    });
    expect(summary.keys).toEqual(["+support", "−features.betaSearch", "~billing.seats"]);
  });

  it("says which bag each key is in when a save touched several", () => {
    const summary = summarizeEntry({
      ...plain,
      before: bags({ plan: "free" }, {}),
      patch: { public_metadata: { plan: "pro" }, private_metadata: { note: "vip" } },
    });
    expect(summary.keys).toEqual(["~public.plan", "+private.note"]);
  });

  it("reads a switch of one flag as a flag change", () => {
    const on = summarizeEntry({
      ...plain,
      before: bags({}),
      patch: { public_metadata: { features: { new_dashboard: true } } },
    });
    expect(on.flag).toEqual({ key: "new_dashboard", value: "on" });
    const back = summarizeEntry({
      ...plain,
      before: null,
      patch: { private_metadata: { features: { editor: null } } },
    });
    expect(back.flag).toEqual({ key: "editor", value: "default" });
  });

  it("names a bulk job's write and a revert", () => {
    const bulk = summarizeEntry({
      revertOf: null,
      bulkJobId: "bulk_abc",
      before: bags({}),
      patch: { public_metadata: { features: { beta_exports: true } } },
    });
    expect(bulk).toMatchObject({
      bulkJobId: "bulk_abc",
      flag: { key: "beta_exports", value: "on" },
    });
    const revert = summarizeEntry({
      revertOf: 12,
      bulkJobId: null,
      before: bags({ support: { vip: true } }),
      patch: { public_metadata: { support: null } },
    });
    expect(revert).toMatchObject({ revertOf: 12, flag: null, keys: ["−support"] });
  });

  it("cannot tell an addition from a change when the write was refused before reading", () => {
    const summary = summarizeEntry({
      ...plain,
      before: null,
      patch: { public_metadata: { plan: "pro", seats: { n: 2 } } },
    });
    expect(summary.keys).toEqual(["~plan", "~seats"]);
  });

  it("shortens a long list", () => {
    const patch = Object.fromEntries(Array.from({ length: 9 }, (_, i) => [`k${i}`, i]));
    const summary = summarizeEntry({
      ...plain,
      before: bags({}),
      patch: { public_metadata: patch },
    });
    expect(keysText(summary.keys, 3)).toBe("+k0, +k1, +k2 and 6 more");
  });
});
