"use client";

import { LazyJsonDiff } from "@/components/metadata/lazy-monaco";
import { BAG_LABELS, type BagName } from "@/lib/metadata/bags";
import type { JsonObject } from "@/lib/metadata/json";
import { formatDocument } from "@/lib/metadata/parse-document";

/** Side-by-side diffs of bags, under one heading. */
export function BagDiffs({
  heading,
  diffs,
}: {
  heading: string;
  diffs: { bag: BagName; before: JsonObject; after: JsonObject }[];
}) {
  return (
    <section className="space-y-2">
      <h2 className="text-lg font-semibold">{heading}</h2>
      {diffs.map(({ bag, before, after }) => (
        <div key={bag} className="space-y-1">
          <h3 className="font-medium">{BAG_LABELS[bag]}</h3>
          <div className="overflow-hidden rounded border border-slate-300">
            <LazyJsonDiff
              original={formatDocument(before)}
              modified={formatDocument(after)}
              label={`${heading}: ${bag}`}
            />
          </div>
        </div>
      ))}
    </section>
  );
}
