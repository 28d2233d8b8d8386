import { FailurePanel } from "@/components/ui/failure-panel";
import type { SaveFailure } from "@/lib/users/save-metadata";

/** Why a save did not happen; the text stays in the editor whatever it says. */
export function SaveFailurePanel({
  failure,
  onRetry,
}: {
  failure: Exclude<SaveFailure, { kind: "conflict" }>;
  onRetry: () => void;
}) {
  if (failure.kind === "clerk" || failure.kind === "network") {
    return (
      <FailurePanel
        title="Not saved. Your edit is still in the editor."
        failure={failure}
        onRetry={onRetry}
      />
    );
  }
  return (
    <div
      role="alert"
      className="rounded-md border border-red-300 bg-red-50 p-4 text-sm text-red-950"
    >
      <p className="font-semibold">Not saved. Your edit is still in the editor.</p>
      <p className="mt-1">{failure.message}</p>
    </div>
  );
}
