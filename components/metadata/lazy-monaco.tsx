"use client";

import { useSyncExternalStore, type ComponentType } from "react";

type Loaded<P> = { default: ComponentType<P> };

/**
 * A browser-only component loaded on first use, without Suspense: React holds back revealing
 * suspended content for a moment after a fallback shows (to avoid flashes), which delayed the
 * editors by a quarter of a second even when their code was already loaded. Once loaded (or
 * preloaded while the list was idle), the component renders at once in any client render; the
 * server and hydration render the placeholder.
 */
function clientOnly<P extends object>(load: () => Promise<Loaded<P>>, waiting: string) {
  let component: ComponentType<P> | null = null;
  let failed = false;
  let pending: Promise<void> | null = null;
  const listeners = new Set<() => void>();
  const notify = () => listeners.forEach((listener) => listener());
  const preload = () =>
    (pending ??= load().then(
      (loaded) => {
        component = loaded.default;
        notify();
      },
      () => {
        // A chunk that failed to load (a deploy, a dropped connection) is tried again next time.
        failed = true;
        pending = null;
        notify();
      },
    ));
  const subscribe = (listener: () => void) => {
    listeners.add(listener);
    void preload();
    return () => listeners.delete(listener);
  };
  const snapshot = () => component ?? (failed ? "failed" : null);

  function ClientOnly(props: P) {
    const Loaded = useSyncExternalStore(subscribe, snapshot, () => null);
    if (Loaded === "failed")
      return (
        <p role="alert" className="p-3 text-sm text-red-800">
          The editor could not be loaded. Reload the page to try again.
        </p>
      );
    if (!Loaded) return <p className="p-3 text-sm text-slate-600">{waiting}</p>;
    return <Loaded {...props} />;
  }
  return { Component: ClientOnly, preload };
}

const editor = clientOnly(() => import("./json-editor"), "Loading editor…");
const diff = clientOnly(() => import("./json-diff"), "Loading diff…");

/** Monaco loads only on pages that show an editor, and only in the browser. */
export const LazyJsonEditor = editor.Component;
export const LazyJsonDiff = diff.Component;
/** Loads the editor's code ahead of need (the users list does, while idle). */
export const preloadJsonEditor = editor.preload;
