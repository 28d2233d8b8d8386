"use client";

import { useId, useRef, useState, type FormEvent, type MouseEvent } from "react";
import {
  MAX_EXPORT_PATHS,
  parseExportPaths,
  suggestedExportPaths,
  usersExportHref,
} from "@/lib/user-index/export/export-paths";
import { parseFilter } from "@/lib/user-filter/parse-filter";
import { ExportProgress } from "./export-progress";
import { useCsvDownload } from "./use-csv-download";

/**
 * "Export CSV" for the list on screen (a filter, a search or every user): a disclosure with
 * the metadata paths to add as columns (prefilled with those the filter reads) and the download
 * link. Paths are checked in the browser with the filter's grammar; a malformed list is shown at
 * its position and downloads nothing. The file holds every user the list holds, not just the
 * page on screen, in the list's order, read from the user index.
 */
export function UsersExport({
  where,
  query,
  orderBy,
  total = null,
}: {
  where: string;
  query: string;
  orderBy: string;
  /** How many users the list holds, when it knows exactly: the progress's "of". */
  total?: number | null;
}) {
  const { download, start, cancel } = useCsvDownload();
  const [paths, setPaths] = useState(() => suggestedExportPaths(where));
  const [forWhere, setForWhere] = useState(where);
  // Errors show once the person leaves the box or tries to export, not at every keystroke.
  const [checked, setChecked] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const link = useRef<HTMLAnchorElement>(null);
  const id = useId();

  // Another filter: start again from the paths it reads.
  if (where !== forWhere) {
    setForWhere(where);
    setPaths(suggestedExportPaths(where));
    setChecked(false);
  }

  if (where && !parseFilter(where).ok) return null;
  const parsed = parseExportPaths(paths);
  const error = checked && !parsed.ok ? parsed.error : null;

  const refuse = () => {
    setChecked(true);
    input.current?.focus();
  };
  const href = usersExportHref({ where, query, orderBy, paths });
  // The link downloads by itself before the page is interactive; after, in the page, with
  // progress (useCsvDownload).
  const onExport = (event: MouseEvent<HTMLAnchorElement>) => {
    event.preventDefault();
    if (!parsed.ok) return refuse();
    if (download.state !== "running") void start(href);
  };
  // Enter in the box downloads, as the link would.
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (parsed.ok) link.current?.click();
    else refuse();
  };

  return (
    <details className="group rounded-md border border-slate-200 bg-white text-sm">
      <summary className="cursor-pointer px-3 py-2 font-medium text-blue-800 select-none">
        Export these users
      </summary>
      <form onSubmit={onSubmit} className="flex flex-col gap-2 border-t border-slate-200 p-3">
        <label htmlFor={`${id}-paths`} className="font-medium text-slate-800">
          Metadata paths
        </label>
        <div className="flex flex-col gap-2 sm:flex-row">
          <input
            id={`${id}-paths`}
            ref={input}
            type="text"
            value={paths}
            onChange={(event) => setPaths(event.target.value)}
            onBlur={() => setChecked(true)}
            placeholder="public_metadata.plan, private_metadata.billing.seats"
            aria-invalid={error ? true : undefined}
            aria-describedby={`${id}-help${error ? ` ${id}-error` : ""}`}
            autoComplete="off"
            spellCheck={false}
            className="w-full rounded-md border border-slate-400 bg-white px-3 py-2 font-mono text-sm shadow-sm focus:border-blue-600 focus:ring-2 focus:ring-blue-600/30 focus:outline-none"
          />
          <a
            ref={link}
            href={href}
            aria-disabled={download.state === "running" ? true : undefined}
            download
            onClick={onExport}
            className="shrink-0 rounded-md bg-blue-700 px-3 py-2 text-center font-medium whitespace-nowrap text-white hover:bg-blue-800"
          >
            Export CSV
          </a>
        </div>
        <p id={`${id}-help`} className="text-xs text-slate-600">
          Comma-separated paths, written as in the filter (at most {MAX_EXPORT_PATHS}). Every user
          of this list is exported, not only this page, with the columns id, primary_email and name,
          then one per path; the export is recorded in the audit log.{" "}
          {where === "" && query !== ""
            ? "A search is read from Clerk, in the list's order."
            : "Users are read from the user index, newest first (or oldest first, as the list is sorted by creation)."}
        </p>
        <ExportProgress download={download} total={total} onCancel={cancel} />
        {error && (
          <div
            id={`${id}-error`}
            role="alert"
            className="rounded-md border border-red-300 bg-red-50 p-2 text-red-950"
          >
            <p>
              At character {error.position + 1}: {error.message}
            </p>
            <pre aria-hidden="true" className="mt-1 overflow-x-auto font-mono text-xs">
              {paths + "\n" + " ".repeat(error.position) + "^"}
            </pre>
          </div>
        )}
      </form>
    </details>
  );
}
