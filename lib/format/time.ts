/** Timestamps in one fixed form (UTC), so server and browser render the same text. */
export function formatTimestamp(ms: number | null): string {
  if (ms === null) return "Never";
  const iso = new Date(ms).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC`;
}

export function formatDate(ms: number | null): string {
  return ms === null ? "Never" : new Date(ms).toISOString().slice(0, 10);
}

/** How long ago a moment was, in the coarsest unit that still says something. */
export function agoText(ms: number | null, now: number): string {
  if (ms === null) return "never";
  const seconds = Math.max(0, Math.round((now - ms) / 1000));
  if (seconds < 120) return `${seconds} s ago`;
  if (seconds < 7200) return `${Math.round(seconds / 60)} min ago`;
  return `${Math.round(seconds / 3600)} h ago`;
}
