"use client";

import Editor, { type OnMount } from "@monaco-editor/react";
import type { editor } from "monaco-editor";
import { useEffect, useRef } from "react";
import type { JsonSchema } from "@/lib/flags/json-schema";
import { useEditorMountTurn } from "./editor-mount-queue";
import { monaco, registerSchema } from "./monaco-setup";
import { useMonacoTheme } from "./monaco-theme";
import { replaceModelText } from "./replace-model-text";

export interface JsonEditorProps {
  /** The accessible name of the editor's text area. */
  label: string;
  /**
   * The document. The editor owns its text while someone types: this is read when the editor
   * mounts and whenever `revision` changes (the document changed underneath), never otherwise,
   * so a render that lags behind typing cannot overwrite it.
   */
  value: string;
  revision: number;
  onChange: (value: string) => void;
  onPreview: () => void;
  readOnly?: boolean;
  height?: number;
  /** Validates the document and gives completion and hover text (the flag catalogue's schema). */
  schema?: JsonSchema;
  /** The model's URI, which the schema is bound to. */
  modelPath?: string;
}

/** A Monaco JSON editor; Ctrl/Cmd+S inside it opens the preview instead of saving the page. */
export default function JsonEditor({
  label,
  value,
  revision,
  onChange,
  onPreview,
  readOnly = false,
  height = 280,
  schema,
  modelPath,
}: JsonEditorProps) {
  useEffect(() => {
    if (!schema || !modelPath) return;
    return registerSchema(monaco.Uri.parse(modelPath).toString(), schema);
  }, [schema, modelPath]);
  const theme = useMonacoTheme();
  const preview = useRef(onPreview);
  useEffect(() => {
    preview.current = onPreview;
  }, [onPreview]);
  const mounted = useRef<editor.IStandaloneCodeEditor | null>(null);
  const latest = useRef(value);
  useEffect(() => {
    latest.current = value;
  }, [value]);
  // Text put in from here is already the page's: it is not reported back as typing.
  const replacing = useRef(false);
  const replace = (target: editor.IStandaloneCodeEditor) => {
    replacing.current = true;
    try {
      replaceModelText(target, latest.current);
    } finally {
      replacing.current = false;
    }
  };
  useEffect(() => {
    if (mounted.current) replace(mounted.current);
  }, [revision]);
  const turn = useEditorMountTurn();
  const onMount: OnMount = (mountedEditor) => {
    turn.created();
    mounted.current = mountedEditor;
    // A model kept from an earlier visit to this user may hold older text.
    replace(mountedEditor);
    mountedEditor.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.KeyS, () => preview.current());
  };
  const loading = <p className="p-3 text-sm text-slate-600">Loading editor…</p>;
  if (!turn.mayMount) return <div style={{ height }}>{loading}</div>;
  return (
    <Editor
      theme={theme}
      height={height}
      language="json"
      path={modelPath}
      defaultValue={value}
      onChange={(next) => {
        if (!replacing.current) onChange(next ?? "");
      }}
      onMount={onMount}
      loading={loading}
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
