"use client";

import { useRouter } from "next/navigation";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { requestMetadataReview, saveUserMetadata } from "@/app/(console)/users/[userId]/actions";
import type { PendingRequest } from "@/lib/review/rules/pending-request";
import type { ReviewRule } from "@/lib/review/rules/review-policy-schema";
import { requestRules } from "@/lib/review/rules/review-required";
import { rulesTouched } from "@/lib/review/rules/rules-touched";
import { withoutProtected } from "@/lib/review/rules/without-protected";
import type { UserDto } from "@/lib/clerk/user-dto";
import type { BagSchemas } from "@/lib/flags/json-schema";
import { BAG_NAMES, type BagPatch } from "@/lib/metadata/bags";
import { clearDraft } from "./drafts";
import { formatTimestamp } from "@/lib/format/time";
import { rebaseEdit } from "@/lib/metadata/rebase";
import { outsideChangeText, type SaveAnswer, type SaveAnswerFailure } from "./save-answer";
import { userBags } from "@/lib/users/user-bags";
import { BagPanel } from "./bag-panel";
import { ConflictPanel } from "./conflict-panel";
import { PreviewPanel } from "./preview-panel";
import { SaveFailurePanel } from "./save-failure-panel";
import { textsOf, useMetadataEdit } from "./use-metadata-edit";
import { reasonReady } from "@/lib/review/rules/reason";
import { Notice } from "@/components/ui/notice";
import { useAction } from "@/components/ui/use-action";
import { Button } from "@/components/ui/button";
import { TextLink } from "@/components/ui/text-link";

type RequestAnswer = Awaited<ReturnType<typeof requestMetadataReview>>;

type Mode = { kind: "edit" } | { kind: "preview" } | { kind: "conflict"; current: UserDto };

/**
 * The save pipeline's front end: edit → preview (the diff and request body, headed "Review
 * changes") → save, or conflict → rebase. A preview is not two-person review: that is a request.
 */
export function MetadataEditor({
  user,
  onUserChanged,
  onAttemptRecorded,
  canEdit,
  schemas,
  reasonRequired,
  reviewRules,
  pending = [],
}: {
  user: UserDto;
  onUserChanged: (user: UserDto) => void;
  /** A save that changed nothing (a conflict, a refusal, an error) still has its audit entry. */
  onAttemptRecorded: () => void;
  /** JSON Schemas from the flag catalogue, per bag, for Monaco's validation and hover text. */
  schemas: BagSchemas;
  /** Whether the signed-in role may write metadata; the server checks again on save. */
  canEdit: boolean;
  /** The review policy's setting: every write needs a reason (the server checks again). */
  reasonRequired: boolean;
  /** Paths whose changes wait for approval: such an edit is requested, not saved. */
  reviewRules: ReviewRule[];
  /** The user's requests waiting for approval, each marked on the bags it changes. */
  pending?: PendingRequest[];
}) {
  const router = useRouter();
  const edit = useMetadataEdit(user);
  const [mode, setMode] = useState<Mode>({ kind: "edit" });
  const [failure, setFailure] = useState<Exclude<SaveAnswerFailure, { kind: "conflict" }> | null>(
    null,
  );
  const [notice, setNotice] = useState<{ text: string; requestId?: number } | null>(null);
  const [reason, setReason] = useState("");
  const { pending: saving, run } = useAction("Nothing was saved; your edit is kept.");

  const changedCount = Object.keys(edit.patch).length;
  // The rules this edit falls under, as the server will find them on the same version.
  const touched = useMemo(
    () => requestRules(rulesTouched(reviewRules, edit.opened, edit.patch)),
    [reviewRules, edit.opened, edit.patch],
  );
  const untouched = edit.bags.every((b) => !b.changed);

  // A change saved elsewhere on this page (a flag switch) moves untouched editors along with it;
  // with an edit in progress the base stays, and saving meets the usual conflict check.
  const { rebaseOnto } = edit;
  useEffect(() => {
    if (user.updatedAt > edit.base.updatedAt && untouched && mode.kind === "edit") rebaseOnto(user);
  }, [user, edit.base.updatedAt, untouched, mode.kind, rebaseOnto]);
  const canPreview = canEdit && edit.valid && changedCount > 0;

  // Whether there is anything to preview is decided when React renders the request, not from
  // this callback's closure: Ctrl/⌘+S pressed right after typing can arrive before the typing
  // has rendered, and was lost.
  const openPreview = useCallback(() => {
    if (!canEdit) return;
    setMode({ kind: "preview" });
  }, [canEdit]);
  const previewing = mode.kind === "preview" && canPreview;
  // Adjusted while rendering (React's pattern for state derived from a change): a request with
  // nothing to preview goes back to editing, and an opened preview clears the last notice.
  if (mode.kind === "preview" && !canPreview) setMode({ kind: "edit" });
  if (previewing && notice) setNotice(null);

  // The step the person is in moves to where they look: the preview opened is scrolled to and
  // focused, and so is a conflict; the bar below the editors says what happened.
  const stepRef = useRef<HTMLDivElement>(null);
  const shownStep = previewing ? "preview" : mode.kind === "conflict" ? "conflict" : null;
  // Back to editing (Esc or the button) returns to where the person was typing, in view: left
  // on the page's body below the editors, they had to find the editor and click into it again.
  const cameFrom = useRef<HTMLElement | null>(null);
  const returning = useRef(false);
  useEffect(() => {
    if (!shownStep) {
      const back = cameFrom.current;
      if (returning.current && back?.isConnected) {
        back.scrollIntoView({ block: "center" });
        back.focus({ preventScroll: true });
      }
      returning.current = false;
      return;
    }
    if (stepRef.current && !stepRef.current.contains(document.activeElement))
      cameFrom.current =
        document.activeElement instanceof HTMLElement ? document.activeElement : null;
    stepRef.current?.scrollIntoView({ block: "start" });
    stepRef.current?.focus({ preventScroll: true });
  }, [shownStep]);
  const backToEditing = () => {
    returning.current = true;
    setMode({ kind: "edit" });
  };
  const failureRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (failure) failureRef.current?.scrollIntoView({ block: "nearest" });
  }, [failure]);

  const saveInput = (patch: BagPatch) => ({
    userId: user.id,
    baseUpdatedAt: edit.base.updatedAt,
    // The documents this edit was made on: a newer version that changed none of the bags
    // it touches (a name change, say) is no conflict.
    base: Object.fromEntries(
      BAG_NAMES.filter((bag) => patch[bag]).map((bag) => [bag, edit.opened[bag]]),
    ),
    patch,
    reason,
  });
  /**
   * The one submit of the editor: a save, or (when a review rule covers the change) a request
   * for review. Either way, a conflict opens the rebase, and nothing typed is lost on failure.
   */
  const submit = (patch: BagPatch, as: "save" | "request") => {
    setFailure(null);
    const call = (): Promise<SaveAnswer | RequestAnswer> =>
      as === "save" ? saveUserMetadata(saveInput(patch)) : requestMetadataReview(saveInput(patch));
    run(call, (result) => {
      if (!result.ok) {
        // A save that did not land is in the audit log all the same.
        if (as === "save") onAttemptRecorded();
        const error = result.error;
        if (error.kind === "conflict") return setMode({ kind: "conflict", current: error.current });
        // Only a request can find that no review is needed (the rules changed meanwhile).
        return setFailure(
          error.kind === "no_review_needed" ? { kind: "invalid", message: error.message } : error,
        );
      }
      for (const bag of BAG_NAMES) clearDraft(user.id, bag);
      setReason("");
      setMode({ kind: "edit" });
      if ("requestId" in result.value) {
        edit.rebaseOnto(edit.base);
        // The page reads its pending requests again, to mark this one on its bags.
        router.refresh();
        setNotice({
          text: `Review requested. Nothing changes on this user until the request is approved.`,
          requestId: result.value.requestId,
        });
        return;
      }
      const { user: saved, changedOutside } = result.value;
      edit.rebaseOnto(saved);
      setNotice({
        text: `Saved. Clerk updated this user at ${formatTimestamp(saved.updatedAt)}. Session tokens show the change after their next refresh.${outsideChangeText(changedOutside)}`,
      });
      onUserChanged(saved);
    });
  };
  const save = (patch: BagPatch) => submit(patch, "save");
  const requestReview = (patch: BagPatch) => submit(patch, "request");
  const needsReview = touched.length > 0;
  const reasonFits = reasonReady(reason, reasonRequired);

  // Ctrl/⌘+S opens the preview, and in the preview saves (or requests review): typing to saved
  // is two keystrokes, the diff seen in between. Escape goes back to editing.
  const submitShown = () => {
    if (saving) return;
    if (!reasonFits) return stepRef.current?.querySelector("textarea")?.focus();
    if (needsReview) requestReview(edit.patch);
    else save(edit.patch);
  };
  const onKeyRef = useRef<(event: KeyboardEvent) => void>(() => {});
  useEffect(() => {
    onKeyRef.current = (event) => {
      if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === "s") {
        event.preventDefault();
        if (previewing) submitShown();
        else openPreview();
      } else if (event.key === "Escape" && previewing && !saving && !event.defaultPrevented) {
        backToEditing();
      }
    };
  });
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => onKeyRef.current(event);
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);

  const removeProtected = () => {
    const reduced = withoutProtected(reviewRules, edit.opened, edit.edited);
    edit.replaceTexts(textsOf({ ...edit.opened, ...reduced.edited }));
    if (Object.keys(reduced.patch).length === 0) {
      setMode({ kind: "edit" });
      setNotice({ text: "Only protected changes were made; nothing is left to save." });
    }
  };

  const rebase =
    mode.kind === "conflict"
      ? rebaseEdit(edit.opened, userBags(mode.current), { ...edit.opened, ...edit.edited })
      : null;

  return (
    <div className="space-y-4">
      {edit.restored && (
        <Notice tone="info" className="flex flex-wrap items-center justify-between gap-2">
          <span>
            Restored your unsaved draft ({edit.restored.bags.length}{" "}
            {edit.restored.bags.length === 1 ? "bag" : "bags"}) from{" "}
            {formatTimestamp(edit.restored.savedAt)}.
            {edit.restored.stale && " The user changed since then: review carefully before saving."}
          </span>
          <Button
            tone="outline"
            size="sm"
            onClick={() => {
              edit.discardDrafts();
              setReason("");
            }}
          >
            Discard draft
          </Button>
        </Notice>
      )}

      {/* Two columns at most: each editor wide enough that typical documents do not wrap. */}
      <div className="grid grid-cols-1 gap-4 lg:grid-cols-2">
        {edit.bags.map((state) => (
          <BagPanel
            key={state.bag}
            state={state}
            onChange={(text) => {
              edit.setText(state.bag, text);
              setNotice(null);
            }}
            onPreview={openPreview}
            readOnly={!canEdit}
            schema={schemas[state.bag]}
            modelPath={`inmemory://metadeck/users/${user.id}/${state.bag}.json`}
            pending={pending.filter((request) => request.bags.includes(state.bag))}
          />
        ))}
      </div>

      {!canEdit && (
        <p role="note" className="text-sm text-slate-700">
          Your role can read metadata but not change it.
        </p>
      )}
      {failure && (
        <div ref={failureRef}>
          <SaveFailurePanel failure={failure} onRetry={() => save(edit.patch)} />
        </div>
      )}

      {previewing && (
        <div ref={stepRef} tabIndex={-1} className="scroll-mt-4 outline-none">
          <PreviewPanel
            userId={user.id}
            patch={edit.patch}
            bags={edit.bags}
            openedTexts={edit.openedTexts}
            saving={saving}
            reason={reason}
            reasonRequired={reasonRequired}
            onReasonChange={setReason}
            onSave={() => save(edit.patch)}
            touched={touched}
            onRequestReview={() => requestReview(edit.patch)}
            onRemoveProtected={removeProtected}
            onCancel={backToEditing}
          />
        </div>
      )}

      {mode.kind === "conflict" && rebase && (
        <div ref={stepRef} tabIndex={-1} className="scroll-mt-4 outline-none">
          <ConflictPanel
            opened={edit.opened}
            current={mode.current}
            yours={edit.edited}
            rebase={rebase}
            onRebase={() => {
              if (!rebase.ok) return;
              edit.rebaseOnto(mode.current, textsOf(rebase.documents));
              onUserChanged(mode.current);
              setMode({ kind: "preview" });
            }}
            onEditOnCurrent={() => {
              edit.rebaseOnto(mode.current, edit.texts);
              onUserChanged(mode.current);
              setMode({ kind: "edit" });
            }}
            onDiscard={() => {
              edit.rebaseOnto(mode.current);
              setReason("");
              onUserChanged(mode.current);
              setMode({ kind: "edit" });
            }}
          />
        </div>
      )}
      {/* Sticky, and after the review and the conflict: while either is read, the bar (and what it
          says came of the last step) stays at the bottom of the window. */}
      <div
        className={
          canEdit
            ? "sticky bottom-0 z-10 -mx-1 flex flex-wrap items-center gap-3 border-t border-slate-200 bg-slate-50/95 px-1 py-3"
            : "hidden"
        }
      >
        <Button
          tone="primary"
          onClick={openPreview}
          disabled={!canPreview || mode.kind !== "edit"}
          aria-keyshortcuts="Control+S Meta+S"
        >
          Review changes
        </Button>
        {/* Every outcome is said here, where the person is: the bar stays in view. */}
        <p
          role="status"
          className={`min-w-0 flex-1 text-sm ${notice ? "font-medium text-emerald-900" : failure || mode.kind === "conflict" ? "font-medium text-red-900" : "text-slate-700"}`}
        >
          {notice ? (
            <>
              {notice.text}
              {notice.requestId !== undefined && (
                <>
                  {" "}
                  <TextLink tone="inherit" href={`/reviews/${notice.requestId}`}>
                    Open request #{notice.requestId}
                  </TextLink>
                </>
              )}
            </>
          ) : saving ? (
            needsReview ? (
              "Requesting review…"
            ) : (
              "Saving…"
            )
          ) : failure ? (
            "Not saved: the reason is above. Your edit is still in the editor."
          ) : mode.kind === "conflict" ? (
            "Not saved: this user changed since you opened it. Choose above how to go on."
          ) : previewing ? (
            `Reviewing ${bagsText(changedCount)} — ${
              !reasonFits ? "give a reason, then " : ""
            }${needsReview ? "Request review" : "Save"} (Ctrl/⌘+S) or Back to editing (Esc)`
          ) : !edit.valid ? (
            "Fix the marked problems before saving."
          ) : changedCount === 0 ? (
            "No changes yet."
          ) : (
            `${bagsText(changedCount)} changed · Ctrl/⌘+S to review`
          )}
        </p>
      </div>
    </div>
  );
}

const bagsText = (n: number) => `${n} ${n === 1 ? "bag" : "bags"}`;
