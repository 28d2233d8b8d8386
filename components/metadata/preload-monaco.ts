"use client";

import { useEffect } from "react";
import { preloadJsonEditor } from "./lazy-monaco";

/**
 * Loads and evaluates the editor's code (Monaco, about 1 MB) while the browser is idle, so the
 * first user opened from a list shows editable editors without waiting for it. Browsers without
 * requestIdleCallback get it a little after the page settles.
 */
export function usePreloadMonaco() {
  useEffect(() => {
    const preload = () =>
      void preloadJsonEditor()
        .then(() => import("./monaco-setup"))
        .then(({ monaco }) => {
          // Creating a JSON model makes Monaco fetch its JSON language support now rather than
          // when the first editor opens; the model itself is not needed.
          monaco.editor.createModel("{}", "json").dispose();
        })
        .catch(() => undefined);
    if (typeof window.requestIdleCallback === "function") {
      const id = window.requestIdleCallback(preload, { timeout: 3000 });
      return () => window.cancelIdleCallback(id);
    }
    const timer = window.setTimeout(preload, 1500);
    return () => window.clearTimeout(timer);
  }, []);
}
