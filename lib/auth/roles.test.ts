import { describe, expect, it } from "vitest";
import { can, PERMISSIONS, roleChange, ROLES } from "./roles";

describe("permission table", () => {
  it("gives each role exactly what the issue says", () => {
    const table = Object.fromEntries(
      ROLES.map((role) => [role, PERMISSIONS.filter((p) => can(role, p))]),
    );
    expect(table).toEqual({
      viewer: ["users:read", "audit:read"],
      product: ["users:read", "audit:read", "flags:write"],
      support: ["users:read", "audit:read", "metadata:write", "audit:revert", "flags:write"],
      admin: [...PERMISSIONS],
    });
    // Staff and sign-in events name staff, their roles and the addresses sign-ins came from.
    expect(ROLES.filter((role) => can(role, "audit:staff"))).toEqual(["admin"]);
  });

  it("grants nothing without a role", () => {
    for (const p of PERMISSIONS) expect(can(null, p)).toBe(false);
  });
});

describe("a role change, in words", () => {
  it("names, for every pair of roles, each permission gained and each lost, and nothing else", () => {
    const heldBy = (role: (typeof ROLES)[number]) => PERMISSIONS.filter((p) => can(role, p));
    const allWords = new Set(ROLES.flatMap((to) => roleChange("viewer", to).gains));
    for (const from of ROLES)
      for (const to of ROLES) {
        const { gains, losses } = roleChange(from, to);
        const gained = heldBy(to).filter((p) => !can(from, p));
        const lost = heldBy(from).filter((p) => !can(to, p));
        expect(gains, `${from} → ${to} gains`).toHaveLength(gained.length);
        expect(losses, `${from} → ${to} losses`).toHaveLength(lost.length);
        // Each permission has words of its own: a gain is never described as a loss.
        expect(new Set([...gains, ...losses]).size).toBe(gains.length + losses.length);
        for (const words of [...gains, ...losses]) expect(words).toMatch(/^[a-z]/);
      }
    // Every permission above a viewer's has its own words.
    expect(allWords.size).toBe(PERMISSIONS.filter((p) => !can("viewer", p)).length);
  });

  it("says what a demotion from support to product takes away", () => {
    expect(roleChange("support", "product")).toEqual({
      gains: [],
      losses: ["editing metadata (protected paths still need approval)", "reverting audit entries"],
    });
    expect(roleChange("product", "support")).toEqual({
      gains: ["editing metadata (protected paths still need approval)", "reverting audit entries"],
      losses: [],
    });
    expect(roleChange("admin", "viewer").losses).toEqual([
      "editing metadata (protected paths still need approval)",
      "reverting audit entries",
      "switching feature flags, per user and in bulk",
      "managing staff accounts",
      "reading staff and sign-in events",
      "approving change requests",
    ]);
  });
});
