import type { InputHTMLAttributes, ReactNode } from "react";

/** The look of a filter form's inputs (a GET form: it works before the page is hydrated). */
export const FILTER_INPUT = "rounded border border-slate-400 bg-white px-2 py-1.5 text-sm";

/** A filter's label above its input. */
export function FilterField({ label, children }: { label: string; children: ReactNode }) {
  return (
    <label className="flex flex-col gap-1">
      {label}
      {children}
    </label>
  );
}

/** A filter typed in: its value is the parameter's, kept in the URL. */
export function FilterInput({
  label,
  children,
  ...input
}: Omit<InputHTMLAttributes<HTMLInputElement>, "className"> & {
  label: string;
  name: string;
  /** What goes with the input, e.g. the `datalist` it suggests from. */
  children?: ReactNode;
}) {
  return (
    <FilterField label={label}>
      <input className={FILTER_INPUT} {...input} />
      {children}
    </FilterField>
  );
}

/** A filter of one value from a list, or "Any" (the parameter left empty). */
export function FilterSelect<V extends string>({
  label,
  name,
  value,
  options,
}: {
  label: string;
  name: string;
  value: V | undefined;
  options: readonly (readonly [value: V, text: string])[];
}) {
  return (
    <FilterField label={label}>
      <select name={name} defaultValue={value ?? ""} className={FILTER_INPUT}>
        <option value="">Any</option>
        {options.map(([option, text]) => (
          <option key={option} value={option}>
            {text}
          </option>
        ))}
      </select>
    </FilterField>
  );
}
