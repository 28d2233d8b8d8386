import type { Metadata } from "next";
import { reviewPolicy } from "@/lib/review/rules/review-policy";
import { forbidden, notFound } from "next/navigation";
import { AuditEntryView } from "@/components/audit/audit-entry-view";
import { ExportEventView } from "@/components/audit/export-event-view";
import { ReviewEventView } from "@/components/audit/review-event-view";
import { StaffEventView } from "@/components/audit/staff-event-view";
import { readAuditEntry, readRevertsOf } from "@/lib/audit/audit-reads";
import { userLabel } from "@/lib/clerk/user-dto";
import { getUser } from "@/lib/clerk/users";
import { requirePageAccess } from "@/lib/auth/guards";
import { can } from "@/lib/auth/roles";

export const metadata: Metadata = { title: "Audit entry" };
export const dynamic = "force-dynamic";

export default async function AuditEntryPage({ params }: { params: Promise<{ entryId: string }> }) {
  const { entryId } = await params;
  const access = await requirePageAccess("audit:read", `/audit/${entryId}`);
  const entry = await readAuditEntry(entryId);
  if (!entry) notFound();
  if (entry.kind === "staff") {
    if (!can(access.role, "audit:staff")) forbidden();
    return <StaffEventView entry={entry} />;
  }
  if (entry.kind === "export") return <ExportEventView entry={entry} />;
  if (entry.kind === "review") return <ReviewEventView entry={entry} />;
  // A revert is checked against the user as it is now, like any save.
  const [current, revertedBy] = await Promise.all([
    getUser(entry.targetUserId),
    readRevertsOf(entry.id),
  ]);
  const found = current.ok ? current.value : null;
  const currentUpdatedAt = found ? found.updatedAt : null;
  return (
    <AuditEntryView
      entry={entry}
      revertedBy={revertedBy}
      currentUpdatedAt={currentUpdatedAt}
      userName={found ? userLabel(found) : (entry.target.name ?? entry.targetUserId)}
      canRevert={can(access.role, "audit:revert")}
      reasonRequired={reviewPolicy().reasonRequired}
    />
  );
}
