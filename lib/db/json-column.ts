/** pg parses jsonb itself; SQLite hands back the text. */
export function fromJsonColumn<T>(value: unknown): T {
  return (typeof value === "string" ? JSON.parse(value) : value) as T;
}
