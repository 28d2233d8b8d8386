import { Badge } from "@/components/ui/badge";
import { AUDIT_OUTCOME_LABELS, type AuditOutcome } from "@/lib/audit/audit-entry";

const TONES: Record<AuditOutcome, "green" | "amber" | "red" | "slate"> = {
  success: "green",
  conflict: "amber",
  refused: "slate",
  clerk_error: "red",
  network_error: "red",
  incomplete: "amber",
};

/** `done` for staff events and exports, where nothing is "saved". */
export function OutcomeBadge({ outcome, done = false }: { outcome: AuditOutcome; done?: boolean }) {
  const text = done && outcome === "success" ? "Done" : AUDIT_OUTCOME_LABELS[outcome];
  return <Badge tone={TONES[outcome]}>{text}</Badge>;
}
