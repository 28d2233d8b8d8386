import type { ReactNode } from "react";

/** A column header of the console's data tables. */
export function HeaderCell({ children }: { children: ReactNode }) {
  return (
    <th scope="col" className="px-3 py-2 text-left font-semibold">
      {children}
    </th>
  );
}
