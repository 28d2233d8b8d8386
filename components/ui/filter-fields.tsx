import type { InputHTMLAttributes, ReactNode } from "react";
import { FIELD_CLASS } from "./field-class";

// Filter forms are GET forms: they work before the page is hydrated.

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
      <input className={FIELD_CLASS} {...input} />
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
      <select name={name} defaultValue={value ?? ""} className={FIELD_CLASS}>
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
