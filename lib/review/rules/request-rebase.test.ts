import { describe, expect, it } from "vitest";
import type { Bags } from "@/lib/metadata/bags";
import { conflictsSinceBase, rebaseBags } from "./request-rebase";

const now: Bags = {
  public_metadata: { role: "owner", plan: "pro" },
  private_metadata: { billing: { seats: 5 } },
  unsafe_metadata: {},
};

describe("a request's rebase", () => {
  const request = {
    base: { public_metadata: { role: "member", plan: "free" } },
    patch: { public_metadata: { role: "admin" } },
  };

  it("shows each touched bag as requested, now, and with the patch drawn on now", () => {
    expect(rebaseBags(request, now)).toEqual([
      {
        bag: "public_metadata",
        base: { role: "member", plan: "free" },
        current: { role: "owner", plan: "pro" },
        requested: { role: "admin", plan: "free" },
        proposed: { role: "admin", plan: "pro" },
      },
    ]);
  });

  it("names the keys both the request and the change since its base touched", () => {
    expect(conflictsSinceBase(request, now)).toEqual([{ bag: "public_metadata", paths: ["role"] }]);
  });

  it("names none when the change since the base touched other keys only", () => {
    const onPlan = { ...request, base: { public_metadata: { role: "owner", plan: "free" } } };
    expect(conflictsSinceBase(onPlan, now)).toEqual([]);
  });

  it("counts a deletion by the request as touching the key", () => {
    const deletes = { ...request, patch: { public_metadata: { role: null } } };
    expect(conflictsSinceBase(deletes, now)).toEqual([{ bag: "public_metadata", paths: ["role"] }]);
    expect(rebaseBags(deletes, now)[0]?.proposed).toEqual({ plan: "pro" });
  });
});
