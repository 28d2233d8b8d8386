/** The one look of a form's inputs and selects, wherever the form is. */
export const FIELD_CLASS = "rounded border border-slate-400 bg-white px-2 py-1.5 text-sm";
