"use client";

import { DiffEditor, type DiffOnMount } from "@monaco-editor/react";
import type { editor } from "monaco-editor";
import { useLayoutEffect, useRef, useSyncExternalStore } from "react";
import { pointHoverDelegatesAtSharedServices } from "./monaco-hover-delegates";
import "./monaco-setup";
import { useMonacoTheme } from "./monaco-theme";

type DiffWithWait = editor.IStandaloneDiffEditor & { waitForDiff?: () => Promise<void> };

const WIDE = "(min-width: 768px)";
const subscribeToWidth = (changed: () => void) => {
  const query = window.matchMedia(WIDE);
  query.addEventListener("change", changed);
  return () => query.removeEventListener("change", changed);
};

/**
 * Read-only diff of a bag before and after the edit: side by side on a wide window, one column
 * (removed lines above added ones) on a narrow one, where two sides would show a few characters
 * each.
 */
export default function JsonDiff({
  original,
  modified,
  label,
}: {
  original: string;
  modified: string;
  label: string;
}) {
  const theme = useMonacoTheme();
  const wide = useSyncExternalStore(
    subscribeToWidth,
    () => window.matchMedia(WIDE).matches,
    () => true,
  );
  const mounted = useRef<editor.IStandaloneDiffEditor | null>(null);
  // @monaco-editor/react disposes the two models before the widget that still shows them, and
  // Monaco reports that as an error ("TextModel got disposed before DiffEditorWidget model got
  // reset"). So the models are kept from it, and released here, after the widget: a layout
  // effect's clean-up runs before the library's own.
  useLayoutEffect(
    () => () => {
      // Whether or not the diff got as far as mounting, its services are about to go.
      pointHoverDelegatesAtSharedServices();
      const diff = mounted.current;
      if (!diff) return;
      const models = diff.getModel();
      // A diff still being computed asks the worker for these models; disposed under it, the
      // worker answers nothing and Monaco reports "no diff result available". So they go once
      // the computation has ended, whichever way it ends. (The widget has `waitForDiff`; Monaco's
      // typings give it only to the view model, so a pinned Monaco without it disposes at once.)
      const computed = (diff as DiffWithWait).waitForDiff?.().catch(() => undefined);
      diff.setModel(null);
      void Promise.resolve(computed).finally(() => {
        models?.original.dispose();
        models?.modified.dispose();
      });
    },
    [],
  );
  // The diff editor's construction options do not reach its two inner editors' accessible names.
  const onMount: DiffOnMount = (diff) => {
    mounted.current = diff;
    // Widgets built while the diff is open must not depend on services that close with it.
    pointHoverDelegatesAtSharedServices();
    diff.getOriginalEditor().updateOptions({ ariaLabel: `${label}, before` });
    diff.getModifiedEditor().updateOptions({ ariaLabel: `${label}, after` });
  };
  return (
    <DiffEditor
      theme={theme}
      height={260}
      language="json"
      original={original}
      modified={modified}
      onMount={onMount}
      keepCurrentOriginalModel
      keepCurrentModifiedModel
      loading={<p className="p-3 text-sm text-slate-600">Loading diff…</p>}
      options={{
        readOnly: true,
        originalEditable: false,
        renderSideBySide: wide,
        useInlineViewWhenSpaceIsLimited: false,
        minimap: { enabled: false },
        automaticLayout: true,
        scrollBeyondLastLine: false,
        ariaLabel: label,
      }}
    />
  );
}
