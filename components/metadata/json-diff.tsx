"use client";

import { DiffEditor, type DiffOnMount } from "@monaco-editor/react";
import "./monaco-setup";

/** Side-by-side, read-only diff of a bag before and after the edit. */
export default function JsonDiff({
  original,
  modified,
  label,
}: {
  original: string;
  modified: string;
  label: string;
}) {
  // The diff editor's construction options do not reach its two inner editors' accessible names.
  const onMount: DiffOnMount = (editor) => {
    editor.getOriginalEditor().updateOptions({ ariaLabel: `${label}, before` });
    editor.getModifiedEditor().updateOptions({ ariaLabel: `${label}, after` });
  };
  return (
    <DiffEditor
      height={260}
      language="json"
      original={original}
      modified={modified}
      onMount={onMount}
      loading={<p className="p-3 text-sm text-slate-600">Loading diff…</p>}
      options={{
        readOnly: true,
        originalEditable: false,
        renderSideBySide: true,
        useInlineViewWhenSpaceIsLimited: false,
        minimap: { enabled: false },
        automaticLayout: true,
        scrollBeyondLastLine: false,
        ariaLabel: label,
      }}
    />
  );
}
