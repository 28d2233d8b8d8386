import type { UserDto } from "@/lib/clerk/user-dto";

/** The written user as people know them, kept on the entry so it outlives the user. */
export interface AuditTarget {
  name: string | null;
  email: string | null;
}

export function auditTargetOf(user: UserDto | null | undefined): AuditTarget {
  return { name: user?.fullName ?? user?.username ?? null, email: user?.primaryEmail ?? null };
}
