import Link from "next/link";
import type { AuditActor } from "@/lib/audit/audit-actor";
import type { AuditTarget } from "@/lib/audit/audit-target";

const link = "text-blue-800 underline-offset-2 hover:underline";

/**
 * The user a write was for, as the entry recorded them: name and primary email when they were
 * known, and always the id, linking to the user's page.
 */
export function TargetUserRef({ userId, target }: { userId: string; target: AuditTarget }) {
  // A bulk change request names its users by the job's target, not one id.
  if (userId === "") return <span className="break-words">{target.name ?? "—"}</span>;
  return (
    <span className="flex min-w-0 flex-col">
      {target.name && <span className="font-medium break-words">{target.name}</span>}
      {target.email && <span className="break-all text-slate-700">{target.email}</span>}
      <Link href={`/users/${userId}`} className={`font-mono text-xs break-all ${link}`}>
        {userId}
      </Link>
    </span>
  );
}

/** Who acted: the staff member's name and email (a command shows what ran it). */
export function ActorRef({ actor, none = "—" }: { actor: AuditActor | null; none?: string }) {
  if (!actor) return <span className="text-slate-600">{none}</span>;
  return (
    <span className="flex min-w-0 flex-col">
      {actor.name && <span className="font-medium break-words">{actor.name}</span>}
      <Link
        href={`/audit?actor=${encodeURIComponent(actor.email)}`}
        className={`break-all ${link}`}
      >
        {actor.email}
      </Link>
    </span>
  );
}
