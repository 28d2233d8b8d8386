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
          // A throwaway editor, off screen, makes Monaco do now what it does once per page for
          // its first editor: fetch its JSON language support, start its services and measure
          // the font. The first user opened then gets editors in about half the time.
          const host = document.createElement("div");
          host.setAttribute("aria-hidden", "true");
          host.style.cssText =
            "position:fixed;left:-10000px;top:0;width:480px;height:120px;visibility:hidden";
          document.body.append(host);
          const warm = monaco.editor.create(host, {
            value: "{}",
            language: "json",
            minimap: { enabled: false },
            fontSize: 13,
          });
          warm.getModel()?.dispose();
          warm.dispose();
          host.remove();
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
