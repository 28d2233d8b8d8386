"use client";

import { useEffect, useImperativeHandle, useRef, useState, type Ref } from "react";
import { parseUserListQuery } from "@/lib/users/user-list-query";

const DEBOUNCE_MS = 300;

/** The search the address says now, which may be ahead of the last render's. */
const addressQuery = () => parseUserListQuery(new URLSearchParams(window.location.search)).query;

/** What the list asks of its search box. */
export interface SearchBoxHandle {
  /** Applies a search typed but still waiting out the debounce, now. */
  flush(): void;
}

/** Clerk `query` search: debounced, and `/` anywhere on the page focuses it. */
export function UserSearchBox({
  value,
  onSearch,
  ref,
}: {
  value: string;
  onSearch: (query: string) => void;
  ref?: Ref<SearchBoxHandle>;
}) {
  const [text, setText] = useState(value);
  const [urlValue, setUrlValue] = useState(value);
  // The last search this box applied: the URL catching up with it is not a change to show.
  const [applied, setApplied] = useState(value);
  const pending = useRef<{ timer: ReturnType<typeof setTimeout>; query: string } | null>(null);
  const input = useRef<HTMLInputElement>(null);

  // Back/forward or a shared link changed the URL: show what it says. The URL reaching the
  // search typed here leaves alone what was typed since.
  if (value !== urlValue) {
    setUrlValue(value);
    if (value !== applied) {
      setText(value);
      setApplied(value);
    }
  }

  // Back or Forward straight after a search may land before that search was ever rendered, so
  // `value` need not change at all (a → ab → Back to a renders a, a): the address says what
  // to show, and a search waiting out its debounce is dropped, not pushed over the step back.
  useEffect(() => {
    const onHistoryStep = () => {
      const query = addressQuery();
      setText(query);
      setApplied(query);
    };
    window.addEventListener("popstate", onHistoryStep);
    return () => window.removeEventListener("popstate", onHistoryStep);
  }, []);

  useEffect(() => {
    const query = text.trim();
    if (query === value || query === addressQuery()) return;
    const timer = setTimeout(() => {
      pending.current = null;
      // The address may have caught up (or stepped back to it) while this waited.
      if (query === addressQuery()) return;
      setApplied(query);
      onSearch(query);
    }, DEBOUNCE_MS);
    pending.current = { timer, query };
    return () => {
      clearTimeout(timer);
      pending.current = null;
    };
  }, [text, value, onSearch]);

  useImperativeHandle(
    ref,
    () => ({
      flush() {
        const waiting = pending.current;
        if (!waiting) return;
        clearTimeout(waiting.timer);
        pending.current = null;
        setApplied(waiting.query);
        onSearch(waiting.query);
      },
    }),
    [onSearch],
  );

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== "/" || event.metaKey || event.ctrlKey || event.altKey) return;
      const target = event.target as HTMLElement | null;
      if (target?.closest("input, textarea, select, [contenteditable='true']")) return;
      event.preventDefault();
      input.current?.focus();
      input.current?.select();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);
  return (
    <div className="flex w-full flex-col gap-1 sm:w-auto">
      <div className="flex items-baseline justify-between gap-2 text-sm">
        <label htmlFor="user-search" className="font-medium text-slate-800">
          Search users
        </label>
        <span id="user-search-hint" className="text-xs text-slate-600">
          Press <kbd className="rounded border border-slate-300 px-1 font-mono">/</kbd> to focus
        </span>
      </div>
      <input
        id="user-search"
        ref={input}
        type="search"
        value={text}
        onChange={(event) => setText(event.target.value)}
        placeholder="Email, name, username, phone or user id"
        aria-describedby="user-search-hint"
        autoComplete="off"
        spellCheck={false}
        className="w-full rounded-md border border-slate-400 bg-white px-3 py-2 text-sm shadow-sm focus:border-blue-600 focus:outline-none focus:ring-2 focus:ring-blue-600/30 sm:w-[26rem]"
      />
    </div>
  );
}
