/** Staff roles, from least to most trusted. */
export const ROLES = ["viewer", "product", "support", "admin"] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = [
  "users:read",
  "audit:read",
  "metadata:write",
  "audit:revert",
  "flags:write",
  "staff:manage",
  "audit:staff",
  "changes:approve",
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const viewer: Permission[] = ["users:read", "audit:read"];

/**
 * The one permission table every check reads. `flags:write` is changing catalogued feature
 * flags (per user and in bulk); `metadata:write` is sending any metadata JSON; `audit:staff` is
 * reading staff and sign-in events (staff addresses, roles, the addresses sign-ins came from);
 * `changes:approve` is approving change requests under a review rule that names no roles of its
 * own (a rule may name others). Every role may read change requests.
 */
const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  viewer,
  product: [...viewer, "flags:write"],
  support: [...viewer, "metadata:write", "audit:revert", "flags:write"],
  admin: [...PERMISSIONS],
};

export function isRole(value: unknown): value is Role {
  return typeof value === "string" && (ROLES as readonly string[]).includes(value);
}

export function can(role: Role | null | undefined, permission: Permission): boolean {
  return role ? ROLE_PERMISSIONS[role].includes(permission) : false;
}

/** The roles holding a permission, least trusted first. */
export function rolesWith(permission: Permission): Role[] {
  return ROLES.filter((role) => ROLE_PERMISSIONS[role].includes(permission));
}
