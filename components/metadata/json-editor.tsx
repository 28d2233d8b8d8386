"use client";

import Editor, { type OnMount } from "@monaco-editor/react";
import { useEffect, useRef } from "react";
import type { JsonSchema } from "@/lib/flags/json-schema";
import { monaco, registerSchema } from "./monaco-setup";

export interface JsonEditorProps {
  /** The accessible name of the editor's text area. */
  label: string;
  value: string;
  onChange: (value: string) => void;
  onReview: () => void;
  readOnly?: boolean;
  height?: number;
  /** Validates the document and gives completion and hover text (the flag catalogue's schema). */
  schema?: JsonSchema;
  /** The model's URI, which the schema is bound to. */
  modelPath?: string;
}

/** A Monaco JSON editor; Ctrl/Cmd+S inside it opens the review instead of saving the page. */
export default function JsonEditor({
  label,
  value,
  onChange,
  onReview,
  readOnly = false,
  height = 280,
  schema,
  modelPath,
}: JsonEditorProps) {
  useEffect(() => {
    if (!schema || !modelPath) return;
    return registerSchema(monaco.Uri.parse(modelPath).toString(), schema);
  }, [schema, modelPath]);
  const review = useRef(onReview);
  useEffect(() => {
    review.current = onReview;
  }, [onReview]);
  const onMount: OnMount = (editor) => {
    editor.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.KeyS, () => review.current());
  };
  return (
    <Editor
      height={height}
      language="json"
      path={modelPath}
      value={value}
      onChange={(next) => onChange(next ?? "")}
      onMount={onMount}
      loading={<p className="p-3 text-sm text-slate-600">Loading editor…</p>}
      options={{
        ariaLabel: label,
        readOnly,
        minimap: { enabled: false },
        automaticLayout: true,
        tabSize: 2,
        scrollBeyondLastLine: false,
        fixedOverflowWidgets: true,
        wordWrap: "on",
        fontSize: 13,
        renderValidationDecorations: "on",
      }}
    />
  );
}
