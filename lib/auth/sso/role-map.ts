import { isRole, ROLES, type Role } from "@/lib/auth/roles";

/** `OIDC_ROLE_MAP` read: which claim value gives which role, and the role for anyone else. */
export interface RoleMap {
  entries: ReadonlyArray<{ value: string; role: Role }>;
  /** The `*=` entry: the role of a person no entry matches; null = refused. */
  otherwise: Role | null;
}

/**
 * Parses `metadeck-admins=admin,metadeck-support=support,*=viewer` (entries split at commas, so
 * a value cannot hold one; the last `=` of an entry starts its role). Throws a message naming
 * the bad entry (start-up stops on it).
 */
export function parseRoleMap(text: string): RoleMap {
  const entries: Array<{ value: string; role: Role }> = [];
  let otherwise: Role | null = null;
  for (const raw of text.split(",")) {
    const entry = raw.trim();
    if (entry === "") continue;
    const at = entry.lastIndexOf("=");
    const value = entry.slice(0, at).trim();
    const role = entry.slice(at + 1).trim();
    if (at <= 0 || value === "")
      throw new Error(`"${entry}" is not <claim value>=<role> (e.g. metadeck-admins=admin)`);
    if (!isRole(role))
      throw new Error(`"${entry}": "${role}" is not a role (one of ${ROLES.join(", ")})`);
    if (value === "*") {
      if (otherwise !== null) throw new Error(`"${entry}": "*" is given twice`);
      otherwise = role;
    } else entries.push({ value, role });
  }
  if (entries.length === 0 && otherwise === null)
    throw new Error("maps nothing: give at least one <claim value>=<role> or *=<role>");
  return { entries, otherwise };
}

/** A claim's values: a string, or the strings of an array (groups usually are one). */
export function claimValues(claim: unknown): string[] {
  if (typeof claim === "string") return [claim];
  if (Array.isArray(claim)) return claim.filter((v): v is string => typeof v === "string");
  return [];
}

/**
 * The role a person's claim values give: the most trusted of every entry they match (so a
 * member of both the admins and the support group is an admin), else the `*` role, else none.
 */
export function mapRole(map: RoleMap, values: readonly string[]): Role | null {
  const matched = map.entries.filter((e) => values.includes(e.value)).map((e) => e.role);
  if (matched.length === 0) return map.otherwise;
  return matched.reduce((best, role) => (ROLES.indexOf(role) > ROLES.indexOf(best) ? role : best));
}
