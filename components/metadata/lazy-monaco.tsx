"use client";

import dynamic from "next/dynamic";

const placeholder = (text: string) =>
  function Placeholder() {
    return <p className="p-3 text-sm text-slate-600">{text}</p>;
  };

/** Monaco loads only on pages that show an editor, and only in the browser. */
export const LazyJsonEditor = dynamic(() => import("./json-editor"), {
  ssr: false,
  loading: placeholder("Loading editor…"),
});
export const LazyJsonDiff = dynamic(() => import("./json-diff"), {
  ssr: false,
  loading: placeholder("Loading diff…"),
});
