import type { saveUserMetadata } from "@/app/(console)/users/[userId]/actions";

/** What a save answers, as the browser gets it (a flag switch and a revert answer the same). */
export type SaveAnswer = Awaited<ReturnType<typeof saveUserMetadata>>;

/** Why a save did not happen: refused before anything ran, or the save's own failures. */
export type SaveAnswerFailure = Extract<SaveAnswer, { ok: false }>["error"];

/** What to add to a success notice when someone outside Metadeck wrote during the save. */
export function outsideChangeText(paths: readonly string[]): string {
  return paths.length === 0
    ? ""
    : ` Clerk's copy also changed outside Metadeck while this was saved: see the differences in ${paths.join(", ")}. What you see now is Clerk's copy.`;
}
