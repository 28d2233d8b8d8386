"use client";

import type { ComponentProps } from "react";
import { reasonReady } from "@/lib/review/rules/reason";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { ReasonField } from "./reason-field";

/**
 * The confirmation of a write that takes a reason (a revert, a rollback): the reason box in the
 * dialog, and the confirm button waiting until the reason is one the server accepts.
 */
export function ReasonConfirmDialog({
  reason,
  onReasonChange,
  reasonRequired,
  busy = false,
  ...dialog
}: Omit<ComponentProps<typeof ConfirmDialog>, "fields" | "canConfirm"> & {
  reason: string;
  onReasonChange: (reason: string) => void;
  /** The review policy's setting: every write needs a reason (the server checks again). */
  reasonRequired: boolean;
}) {
  return (
    <ConfirmDialog
      {...dialog}
      busy={busy}
      canConfirm={reasonReady(reason, reasonRequired)}
      fields={
        <ReasonField
          value={reason}
          onChange={onReasonChange}
          required={reasonRequired}
          disabled={busy}
        />
      }
    />
  );
}
