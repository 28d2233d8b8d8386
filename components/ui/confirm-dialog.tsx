"use client";

import { useEffect, useId, useRef, type ReactNode } from "react";
import { Button } from "@/components/ui/button";

/**
 * Asks before a write. A modal `alertdialog` in the middle of the window: focus moves into it
 * and stays there, Escape or "Cancel" closes it and nothing happens; only the confirm button
 * calls `onConfirm`, red when what it does destroys or takes away, and not otherwise.
 */
export function ConfirmDialog({
  open,
  title,
  confirmLabel,
  tone,
  busy = false,
  canConfirm = true,
  fields,
  onConfirm,
  onCancel,
  children,
}: {
  open: boolean;
  title: string;
  confirmLabel: string;
  /** "danger" for what destroys or takes away (reject, disable, roll back), else "primary". */
  tone: "danger" | "primary";
  busy?: boolean;
  /** False while the fields hold something that cannot be sent (a reason over its limit). */
  canConfirm?: boolean;
  /** Inputs that go with the confirmation (a reason), outside what describes the dialog. */
  fields?: ReactNode;
  onConfirm: () => void;
  onCancel: () => void;
  children?: ReactNode;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const bodyId = useId();

  // Focus goes back to what opened the dialog (a row's role select, a button) when it closes;
  // left on the page's body, a keyboard user started again from the top of a table.
  const opener = useRef<HTMLElement | null>(null);
  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (open && !element.open) {
      opener.current =
        document.activeElement instanceof HTMLElement ? document.activeElement : null;
      element.showModal();
    }
    if (!open && element.open) {
      element.close();
      const back = opener.current;
      const lost = !document.activeElement || document.activeElement === document.body;
      if (back?.isConnected && lost) back.focus();
    }
  }, [open]);

  return (
    <dialog
      ref={dialog}
      role="alertdialog"
      aria-modal="true"
      aria-labelledby={titleId}
      aria-describedby={bodyId}
      // Escape: the browser fires "cancel" and would close the dialog itself; the owner decides.
      onCancel={(event) => {
        event.preventDefault();
        onCancel();
      }}
      // Preflight zeroes every margin, and a modal dialog is centred by margin: auto.
      className="m-auto max-h-[calc(100dvh-2rem)] w-[calc(100%-2rem)] max-w-lg overflow-y-auto rounded-md border border-slate-300 bg-white p-0 text-slate-950 shadow-xl backdrop:bg-slate-950/40"
    >
      <div className="space-y-3 p-5">
        <h2 id={titleId} className="text-lg font-semibold">
          {title}
        </h2>
        <div id={bodyId} className="text-sm">
          {children}
        </div>
        {fields}
        <div className="flex justify-end gap-2 pt-2">
          <Button size="sm" onClick={onCancel} autoFocus>
            Cancel
          </Button>
          <Button tone={tone} size="sm" onClick={onConfirm} disabled={busy || !canConfirm}>
            {confirmLabel}
          </Button>
        </div>
      </div>
    </dialog>
  );
}
