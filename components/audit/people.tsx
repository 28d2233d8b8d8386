import type { AuditActor } from "@/lib/audit/audit-actor";
import { EmailText } from "@/components/ui/email-text";
import { TextLink } from "@/components/ui/text-link";
import type { AuditTarget } from "@/lib/audit/audit-target";

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
      {target.email && (
        <span className="text-slate-700">
          <EmailText address={target.email} />
        </span>
      )}
      <TextLink tone="quiet" href={`/users/${userId}`} className="font-mono text-xs break-all">
        {userId}
      </TextLink>
    </span>
  );
}

/** Who acted: the staff member's name and email (a command shows what ran it). */
export function ActorRef({ actor, none = "—" }: { actor: AuditActor | null; none?: string }) {
  if (!actor) return <span className="text-slate-600">{none}</span>;
  return (
    <span className="flex min-w-0 flex-col">
      {actor.name && <span className="font-medium break-words">{actor.name}</span>}
      <TextLink tone="quiet" href={`/audit?actor=${encodeURIComponent(actor.email)}`}>
        <EmailText address={actor.email} />
      </TextLink>
    </span>
  );
}
