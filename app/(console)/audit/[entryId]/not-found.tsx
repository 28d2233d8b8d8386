import { MissingPage } from "@/components/ui/missing-page";

export default function AuditEntryNotFound() {
  return (
    <MissingPage
      title="Audit entry not found"
      back={{ href: "/audit", label: "Back to the audit log" }}
    >
      The audit log has no entry with this number. Entries are never deleted, so the link is
      probably mistyped.
    </MissingPage>
  );
}
