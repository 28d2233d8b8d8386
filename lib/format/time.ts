/** Timestamps in one fixed form (UTC), so server and browser render the same text. */
export function formatTimestamp(ms: number | null): string {
  if (ms === null) return "Never";
  const iso = new Date(ms).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC`;
}

export function formatDate(ms: number | null): string {
  return ms === null ? "Never" : new Date(ms).toISOString().slice(0, 10);
}
