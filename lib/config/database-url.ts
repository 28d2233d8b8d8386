export type DatabaseTarget = { kind: "sqlite"; file: string } | { kind: "postgres"; url: string };

export const DEFAULT_SQLITE_FILE = ".data/console.sqlite";

/**
 * `DATABASE_URL`: a postgres:// (or postgresql://) URL, or a SQLite file path with or without a
 * `file:` prefix; unset means the SQLite file under .data/.
 */
export function parseDatabaseUrl(value: string | undefined): DatabaseTarget {
  const text = value?.trim();
  if (!text) return { kind: "sqlite", file: DEFAULT_SQLITE_FILE };
  if (/^postgres(ql)?:\/\//i.test(text)) {
    new URL(text); // throws on a malformed URL, before any connection is tried
    return { kind: "postgres", url: text };
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(text) && !text.startsWith("file:")) {
    throw new Error(`DATABASE_URL must be a postgres:// URL or a SQLite file path, not "${text}"`);
  }
  const file = text.replace(/^file:(\/\/)?/, "");
  if (!file) throw new Error("DATABASE_URL names an empty SQLite file path");
  return { kind: "sqlite", file };
}
