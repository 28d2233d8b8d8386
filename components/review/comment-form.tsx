"use client";

import { useRouter } from "next/navigation";
import { useId, useState, useTransition } from "react";
import { commentOnChangeRequest } from "@/app/(console)/reviews/[requestId]/actions";
import { Notice } from "@/components/ui/notice";

const MAX = 2000;

/** Adds a comment to an open request; the page shows it once the server has it. */
export function CommentForm({ requestId }: { requestId: number }) {
  const router = useRouter();
  const id = useId();
  const [body, setBody] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [sending, startSending] = useTransition();
  const text = body.trim();

  const send = () =>
    startSending(async () => {
      setError(null);
      try {
        const answer = await commentOnChangeRequest({ requestId, body: text });
        if (!answer.ok) {
          setError(answer.error.message);
          return;
        }
      } catch {
        setError("Could not reach the Metadeck server; the comment was not added.");
        return;
      }
      setBody("");
      router.refresh();
    });

  return (
    <form
      className="space-y-2"
      onSubmit={(event) => {
        event.preventDefault();
        if (text) send();
      }}
    >
      <label htmlFor={id} className="block font-medium">
        Comment
      </label>
      <textarea
        id={id}
        value={body}
        onChange={(event) => setBody(event.target.value)}
        rows={3}
        maxLength={MAX}
        disabled={sending}
        className="w-full rounded border border-slate-400 px-2 py-1.5 text-sm"
      />
      {error && <Notice tone="error">{error}</Notice>}
      <button
        type="submit"
        disabled={sending || text.length === 0}
        className="rounded border border-slate-400 px-4 py-2 font-medium hover:bg-slate-100 disabled:cursor-not-allowed disabled:opacity-60"
      >
        {sending ? "Adding…" : "Add comment"}
      </button>
    </form>
  );
}
