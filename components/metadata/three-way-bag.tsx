import type { JsonObject } from "@/lib/metadata/json";
import type { BagConflict } from "@/lib/metadata/rebase";
import { formatDocument } from "@/lib/metadata/parse-document";

/**
 * One bag three ways, side by side: as it was when the edit began, as it is now, and as the
 * edit would have it. The view for resolving a conflict, wherever one arises.
 */
export function ThreeWayBag({
  heading,
  columns,
}: {
  heading: string;
  columns: readonly [ThreeWayColumn, ThreeWayColumn, ThreeWayColumn];
}) {
  return (
    <div className="space-y-1">
      <h3 className="font-medium">{heading}</h3>
      <div className="grid grid-cols-1 gap-3 md:grid-cols-3">
        {columns.map((column) => (
          <div key={column.title} className="min-w-0">
            <h4 className="text-sm font-medium text-slate-700">{column.title}</h4>
            <pre className="mt-1 max-h-72 overflow-auto rounded bg-slate-100 p-2 text-xs">
              {formatDocument(column.document)}
            </pre>
          </div>
        ))}
      </div>
    </div>
  );
}

export interface ThreeWayColumn {
  title: string;
  document: JsonObject;
}

/** The paths an edit and the change made meanwhile both touch, each as `bag.path`. */
export function ClashingPaths({ conflicts }: { conflicts: readonly BagConflict[] }) {
  return (
    <ul className="ml-5 list-disc">
      {conflicts.flatMap((c) =>
        c.paths.map((path) => (
          <li key={`${c.bag}.${path}`}>
            <code>
              {c.bag}.{path}
            </code>
          </li>
        )),
      )}
    </ul>
  );
}
