import { FailurePanel } from "@/components/ui/failure-panel";
import type { SaveAnswerFailure } from "./save-answer";

/**
 * Why a save did not happen; the text stays in the editor whatever it says. Only a failure to
 * reach or hear from Clerk, or another save of the user still running, is worth retrying as it is.
 */
export function SaveFailurePanel({
  failure,
  onRetry,
}: {
  failure: Exclude<SaveAnswerFailure, { kind: "conflict" }>;
  onRetry: () => void;
}) {
  const retryable =
    failure.kind === "clerk" || failure.kind === "network" || failure.kind === "busy";
  return (
    <FailurePanel
      title="Not saved. Your edit is still in the editor."
      failure={failure}
      onRetry={retryable ? onRetry : undefined}
    />
  );
}
