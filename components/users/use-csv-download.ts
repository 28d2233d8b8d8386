"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { csvRowCounter } from "@/lib/user-index/export/csv-row-counter";

export type CsvDownload =
  | { state: "idle" }
  | { state: "running"; rows: number }
  | { state: "done"; rows: number }
  | { state: "cancelled"; rows: number }
  | { state: "failed"; message: string };

/** The file name the server gave (`Content-Disposition`), or a plain one. */
function fileNameOf(response: Response): string {
  const disposition = response.headers.get("Content-Disposition") ?? "";
  return /filename="([^"]+)"/.exec(disposition)?.[1] ?? "users.csv";
}

async function failureOf(response: Response): Promise<string> {
  const body = (await response.json().catch(() => null)) as {
    error?: { message?: string; position?: number };
  } | null;
  const error = body?.error;
  if (!error?.message) return `The export failed: the server answered ${response.status}.`;
  return error.position === undefined
    ? error.message
    : `At character ${error.position + 1}: ${error.message}`;
}

/**
 * Downloads an export in the page rather than by navigation, so that a long one shows how many
 * rows have come (and can be cancelled), and one the server refuses (a filter too expensive,
 * too many reads at once) says why instead of saving an error as a file. The rows are saved as
 * one file once they have all come; cancelling stops the server's stream, which the audit log
 * records as incomplete.
 */
export function useCsvDownload() {
  const [download, setDownload] = useState<CsvDownload>({ state: "idle" });
  const controller = useRef<AbortController | null>(null);
  // Leaving the page stops the download.
  useEffect(() => () => controller.current?.abort(), []);

  const start = useCallback(async (href: string) => {
    controller.current?.abort();
    const abort = new AbortController();
    controller.current = abort;
    setDownload({ state: "running", rows: 0 });
    let rows = 0;
    try {
      const response = await fetch(href, { signal: abort.signal });
      if (!response.ok || !response.body)
        return setDownload({ state: "failed", message: await failureOf(response) });
      const counter = csvRowCounter();
      const decoder = new TextDecoder();
      const parts: BlobPart[] = [];
      const reader = response.body.getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        parts.push(value);
        // The header is a record too; it is not a user.
        rows = Math.max(0, counter.push(decoder.decode(value, { stream: true })) - 1);
        setDownload({ state: "running", rows });
      }
      const url = URL.createObjectURL(new Blob(parts, { type: "text/csv;charset=utf-8" }));
      const save = document.createElement("a");
      save.href = url;
      save.download = fileNameOf(response);
      save.click();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
      setDownload({ state: "done", rows });
    } catch {
      if (abort.signal.aborted) return setDownload({ state: "cancelled", rows });
      setDownload({
        state: "failed",
        message:
          "The export stopped part-way (the connection or the server failed). Nothing was saved; try again.",
      });
    } finally {
      if (controller.current === abort) controller.current = null;
    }
  }, []);

  const cancel = useCallback(() => controller.current?.abort(), []);
  return { download, start, cancel };
}
