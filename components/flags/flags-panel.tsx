"use client";

import { useRouter } from "next/navigation";
import { PendingRequestNotes } from "@/components/review/pending-request-note";
import type { PendingRequest } from "@/lib/review/rules/pending-request";
import { useState } from "react";
import { requestFlagReview, setUserFlag } from "@/app/(console)/users/[userId]/actions";
import { flagPatch } from "@/lib/flags/flag-values";
import { rulesCoveringFlag } from "@/lib/review/rules/flag-reviewed";
import type { ReviewRule } from "@/lib/review/rules/review-policy-schema";
import { rulesTouched } from "@/lib/review/rules/rules-touched";
import { outsideChangeText } from "@/components/metadata/save-answer";
import type { UserDto } from "@/lib/clerk/user-dto";
import type { FlagDefinition, FlagValue } from "@/lib/flags/catalogue-schema";
import { resolveFlag, type FlagState } from "@/lib/flags/flag-values";
import { nearDuplicateKeys } from "@/lib/flags/near-duplicates";
import { formatTimestamp } from "@/lib/format/time";
import type { SaveAnswerFailure } from "@/components/metadata/save-answer";
import { userBags } from "@/lib/users/user-bags";
import { FlagControl } from "./flag-control";
import { flagLocation, formatFlagValue } from "./flag-format";
import { Notice } from "@/components/ui/notice";
import { useAction } from "@/components/ui/use-action";
import { DataTable } from "@/components/ui/data-table";
import { ReasonField } from "@/components/review/reason-field";
import { reasonReady } from "@/lib/review/rules/reason";
import { Button } from "@/components/ui/button";
import { TextLink } from "@/components/ui/text-link";

type Outcome =
  | { kind: "saved"; text: string }
  | { kind: "requested"; text: string; requestId: number }
  | { kind: "failed"; text: string; failure?: SaveAnswerFailure };

/** Whether a rule covers this flag: its changes are requested. */
const reviewed = (rules: ReviewRule[], flag: FlagDefinition) =>
  rulesCoveringFlag(rules, flag).length > 0;

function sourceText(state: FlagState): string {
  if (state.source === "user") return "set on this user";
  if (state.source === "default") return "default";
  return `stored ${JSON.stringify(state.stored)} is not valid; the default applies`;
}

function failureText(failure: SaveAnswerFailure): string {
  if (failure.kind === "clerk") {
    const trace = failure.traceId ? `, trace id ${failure.traceId}` : "";
    return `Clerk answered ${failure.status} ${failure.code}: ${failure.message}${trace}.`;
  }
  if (failure.kind === "conflict")
    return "This user changed since the page loaded, so nothing was saved. The panel now shows the current values; make the change again if it is still wanted.";
  return failure.message;
}

/**
 * Every catalogued flag for one user: its effective value and where it comes from, a control to
 * change it and "Use default". Each change is one checked save of that flag's key alone.
 */
export function FlagsPanel({
  user,
  flags,
  canChange,
  reasonRequired,
  reviewRules,
  onUserChanged,
  pending = [],
}: {
  user: UserDto;
  flags: FlagDefinition[];
  canChange: boolean;
  reasonRequired: boolean;
  /** A switch these rules cover is sent for review instead of saved. */
  reviewRules: ReviewRule[];
  onUserChanged: (user: UserDto) => void;
  /** The user's requests waiting for approval, each marked on the flags it sets. */
  pending?: PendingRequest[];
}) {
  const { pending: saving, run } = useAction(
    "Nothing was saved. Check your connection and try again.",
  );
  const router = useRouter();
  const [busyKey, setBusyKey] = useState<string | null>(null);
  // Said in the row of the flag switched, where the person is looking.
  const [outcome, setOutcome] = useState<(Outcome & { key: string }) | null>(null);
  // Kept after a change: several flags are often switched for the one ticket.
  const [reason, setReason] = useState("");
  const reasonFits = reasonReady(reason, reasonRequired);
  const bags = userBags(user);

  const change = (flag: FlagDefinition, value: FlagValue | null) => {
    setBusyKey(flag.key);
    setOutcome(null);
    const said = (what: Outcome) => setOutcome({ ...what, key: flag.key });
    const input = {
      userId: user.id,
      baseUpdatedAt: user.updatedAt,
      // What this switch showed: only a change of its own key since then is a conflict.
      base: { [flag.location]: bags[flag.location] },
      key: flag.key,
      value,
      reason,
    };
    if (rulesTouched(reviewRules, bags, flagPatch(flag, value)).length > 0)
      run(
        () => requestFlagReview(input),
        (requested) => {
          setBusyKey(null);
          if (requested.ok) {
            // The page reads its pending requests again, to mark this one on its flag.
            router.refresh();
            return said({
              kind: "requested",
              text: `Review requested: ${flag.key} → ${value === null ? "default" : formatFlagValue(value)}. Nothing changes on this user until the request is approved.`,
              requestId: requested.value.requestId,
            });
          }
          if (requested.error.kind === "conflict") onUserChanged(requested.error.current);
          said({ kind: "failed", text: requested.error.message });
        },
      );
    else
      run(
        () => setUserFlag(input),
        (result) => {
          setBusyKey(null);
          if (result.ok) {
            const { user: saved, changedOutside } = result.value;
            const now = resolveFlag(flag, userBags(saved));
            said({
              kind: "saved",
              text: `Saved: ${flag.key} is ${formatFlagValue(now.value)} (${sourceText(now)}). Clerk updated this user at ${formatTimestamp(saved.updatedAt)}. Session tokens show the change after their next refresh.${outsideChangeText(changedOutside)}`,
            });
            onUserChanged(saved);
            return;
          }
          if (result.error.kind === "conflict") onUserChanged(result.error.current);
          said({
            kind: "failed",
            text:
              result.error.kind === "network" ? result.error.message : failureText(result.error),
          });
        },
      );
  };

  return (
    <section
      aria-labelledby="feature-flags-heading"
      className="space-y-3 rounded-md border border-slate-200 bg-white p-4"
    >
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 id="feature-flags-heading" className="text-lg font-semibold">
          Feature flags
        </h2>
        {!canChange && (
          <p role="note" className="text-sm text-slate-700">
            Your role can read flags but not change them.
          </p>
        )}
      </div>
      {canChange && (
        <ReasonField
          label="Reason for flag changes"
          value={reason}
          onChange={setReason}
          required={reasonRequired}
          disabled={saving}
        />
      )}
      <DataTable
        caption="Feature flags of this user"
        columns={["Flag", "Value", "Change"]}
        empty="No flags are catalogued in metadeck.config.ts."
        stack
      >
        {flags.map((flag) => {
          const state = resolveFlag(flag, bags);
          const disabled = !canChange || saving || !reasonFits;
          return (
            <tr key={flag.key} data-flag={flag.key}>
              <th scope="row" className="text-left align-top font-normal">
                <span className="font-mono font-medium">{flag.key}</span>
                {reviewed(reviewRules, flag) && (
                  <span className="ml-2 rounded bg-amber-100 px-1.5 py-0.5 text-xs text-amber-950">
                    needs review
                  </span>
                )}
                <span className="block text-xs break-words text-slate-600">
                  {flag.description} · {flagLocation(flag)}
                </span>
              </th>
              <td className="align-top" data-testid={`flag-value-${flag.key}`}>
                <span className="font-medium">{formatFlagValue(state.value)}</span>{" "}
                <span className="text-slate-600">({sourceText(state)})</span>
              </td>
              <td className="align-top">
                <div className="flex flex-wrap items-center gap-3">
                  <FlagControl
                    state={state}
                    disabled={disabled}
                    onChange={(value) => change(flag, value)}
                  />
                  <Button
                    size="xs"
                    aria-label={`Use default for ${flag.key}`}
                    disabled={disabled || state.source === "default"}
                    onClick={() => change(flag, null)}
                  >
                    Use default
                  </Button>
                  {busyKey === flag.key && (
                    <span className="text-xs text-slate-600">
                      {reviewed(reviewRules, flag) ? "Requesting…" : "Saving…"}
                    </span>
                  )}
                </div>
                {outcome?.key === flag.key && <OutcomeNotice outcome={outcome} />}
                <div className="mt-2 empty:hidden">
                  <PendingRequestNotes
                    requests={pending.filter((request) =>
                      request.flags[flag.location]?.includes(flag.key),
                    )}
                  />
                </div>
              </td>
            </tr>
          );
        })}
      </DataTable>
      {nearDuplicateKeys(flags, bags).map(({ location, key, flag }) => (
        <Notice key={`${location}.${key}`} tone="warning" title="A key that looks like a flag">
          <code>
            {location}.features.{key}
          </code>{" "}
          is not a catalogued flag, but reads like <code>{flag.key}</code> (
          <code>{flagLocation(flag)}</code>), which this panel switches. Check which key your app
          reads, and remove or rename the other in the JSON below.
        </Notice>
      ))}
    </section>
  );
}

/** What came of switching a flag, under its switch. */
function OutcomeNotice({ outcome }: { outcome: Outcome }) {
  if (outcome.kind === "failed")
    return (
      <Notice tone="error" className="mt-2">
        {outcome.text}
      </Notice>
    );
  return (
    <Notice tone="success" className="mt-2">
      {outcome.text}
      {outcome.kind === "requested" && (
        <>
          {" "}
          <TextLink tone="inherit" href={`/reviews/${outcome.requestId}`}>
            Open request #{outcome.requestId}
          </TextLink>
        </>
      )}
    </Notice>
  );
}
