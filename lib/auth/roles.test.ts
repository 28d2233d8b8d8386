import { describe, expect, it } from "vitest";
import { can, PERMISSIONS, ROLES } from "./roles";

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
