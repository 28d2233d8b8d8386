import { Badge } from "@/components/ui/badge";
import type { AuditOutcome } from "@/lib/audit/audit-entry";

const LABELS: Record<AuditOutcome, { text: string; tone: "green" | "amber" | "red" | "slate" }> = {
  success: { text: "Saved", tone: "green" },
  conflict: { text: "Conflict", tone: "amber" },
  refused: { text: "Refused", tone: "slate" },
  clerk_error: { text: "Clerk error", tone: "red" },
  network_error: { text: "Network error", tone: "red" },
  incomplete: { text: "Incomplete", tone: "amber" },
};

/** `done` for staff events and exports, where nothing is "saved". */
export function OutcomeBadge({ outcome, done = false }: { outcome: AuditOutcome; done?: boolean }) {
  const { text, tone } =
    done && outcome === "success" ? { ...LABELS.success, text: "Done" } : LABELS[outcome];
  return <Badge tone={tone}>{text}</Badge>;
}
