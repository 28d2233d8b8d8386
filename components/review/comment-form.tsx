"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import { useForm, useWatch } from "react-hook-form";
import { z } from "zod";
import { commentOnChangeRequest } from "@/app/(console)/reviews/[requestId]/actions";
import { Notice } from "@/components/ui/notice";
import { useAction } from "@/components/ui/use-action";
import { commentText, MAX_COMMENT_LENGTH } from "@/lib/review/rules/comment-text";
import { Button } from "@/components/ui/button";

const commentForm = z.object({ body: commentText });

/** Adds a comment to an open request; the page shows it once the server has it. */
export function CommentForm({ requestId }: { requestId: number }) {
  const router = useRouter();
  const id = useId();
  const [error, setError] = useState<string | null>(null);
  const { pending: sending, disabled, run } = useAction("The comment was not added.");
  const { register, handleSubmit, control, reset } = useForm<z.input<typeof commentForm>>({
    resolver: zodResolver(commentForm),
    defaultValues: { body: "" },
  });
  const empty = useWatch({ control, name: "body" }).trim().length === 0;

  const send = handleSubmit(({ body }) => {
    setError(null);
    run(
      () => commentOnChangeRequest({ requestId, body }),
      (answer) => {
        if (!answer.ok) return setError(answer.error.message);
        reset();
        router.refresh();
      },
    );
  });

  return (
    <form className="space-y-2" onSubmit={(event) => void send(event)}>
      <label htmlFor={id} className="block font-medium">
        Comment
      </label>
      <textarea
        id={id}
        {...register("body")}
        rows={3}
        maxLength={MAX_COMMENT_LENGTH}
        disabled={sending}
        className="w-full rounded border border-slate-400 px-2 py-1.5 text-sm"
      />
      {error && <Notice tone="error">{error}</Notice>}
      <Button type="submit" disabled={disabled || empty}>
        {sending ? "Adding…" : "Add comment"}
      </Button>
    </form>
  );
}
