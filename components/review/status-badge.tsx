import { Badge } from "@/components/ui/badge";
import { STATUS_LABELS, type ChangeRequestStatus } from "@/lib/review/rules/change-request";

const TONES: Record<ChangeRequestStatus, "red" | "amber" | "slate" | "green"> = {
  open: "amber",
  approved: "amber",
  needs_rebase: "red",
  applied: "green",
  rejected: "red",
  withdrawn: "slate",
  expired: "slate",
};

export function RequestStatusBadge({ status }: { status: ChangeRequestStatus }) {
  return <Badge tone={TONES[status]}>{STATUS_LABELS[status]}</Badge>;
}
