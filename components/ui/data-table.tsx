import { Children, Fragment, type ReactNode } from "react";

const DENSITY = {
  regular: "text-sm [&_td]:px-3 [&_td]:py-2 [&_th]:px-3 [&_th]:py-2",
  compact: "text-xs [&_td]:px-2 [&_td]:py-1 [&_th]:px-2 [&_th]:py-1",
} as const;

/** Shown where a list has nothing to show: a dashed box, announced politely. */
export function EmptyState({ children }: { children: ReactNode }) {
  return (
    <p
      role="status"
      className="rounded-md border border-dashed border-slate-300 bg-white p-8 text-center text-slate-700"
    >
      {children}
    </p>
  );
}

/**
 * The console's data tables: a caption (for screen readers unless `showCaption`), one header
 * row, body rows as `<tr>`s of `<td>`s (row headers as `<th scope="row">`), and the empty
 * state instead of an empty table. A column given as a node renders its own `<th>`.
 */
export function DataTable({
  caption,
  showCaption = false,
  columns,
  empty,
  density = "regular",
  stack = false,
  children,
}: {
  caption: string;
  showCaption?: boolean;
  columns: (string | ReactNode)[];
  empty?: ReactNode;
  density?: keyof typeof DENSITY;
  /**
   * Below the md breakpoint, show each row as a card, its cells one under the other (a cell's
   * `data-label` is shown before it), the header row for screen readers only (globals.css).
   */
  stack?: boolean;
  children: ReactNode;
}) {
  if (empty !== undefined && Children.count(children) === 0)
    return <EmptyState>{empty}</EmptyState>;
  return (
    // Relative: the screen-reader-only text in cells scrolled out of view is positioned
    // absolutely, and would otherwise widen the page instead of staying in this box.
    <div className="relative overflow-x-auto rounded-md border border-slate-200 bg-white">
      <table className={`min-w-full ${DENSITY[density]} ${stack ? "table-stack" : ""}`}>
        <caption className={showCaption ? "py-1 text-left font-medium" : "sr-only"}>
          {caption}
        </caption>
        <thead className="border-b border-slate-200 bg-slate-50 text-left text-slate-700">
          <tr>
            {columns.map((column, i) =>
              typeof column === "string" ? (
                <th key={column} scope="col" className="text-left font-semibold">
                  {column}
                </th>
              ) : (
                <Fragment key={i}>{column}</Fragment>
              ),
            )}
          </tr>
        </thead>
        <tbody className="[&>tr:last-child]:border-0 [&>tr]:border-b [&>tr]:border-slate-100">
          {children}
        </tbody>
      </table>
    </div>
  );
}
