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

/** What a role may do, in the words a confirmation shows: "They gain: …", "They lose: …". */
const PERMISSION_WORDS: Record<Permission, string> = {
  "users:read": "reading users and their metadata",
  "audit:read": "reading the audit log",
  "metadata:write": "editing metadata (protected paths still need approval)",
  "audit:revert": "reverting audit entries",
  "flags:write": "switching feature flags, per user and in bulk",
  "staff:manage": "managing staff accounts",
  "audit:staff": "reading staff and sign-in events",
  "changes:approve": "approving change requests",
};

/** What moving from one role to another gives and takes away, in words, from the table above. */
export function roleChange(from: Role, to: Role): { gains: string[]; losses: string[] } {
  const words = (held: Role, without: Role) =>
    ROLE_PERMISSIONS[held]
      .filter((permission) => !ROLE_PERMISSIONS[without].includes(permission))
      .map((permission) => PERMISSION_WORDS[permission]);
  return { gains: words(to, from), losses: words(from, to) };
}
