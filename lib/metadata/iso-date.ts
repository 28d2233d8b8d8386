/**
 * An ISO 8601 date ("2026-01-31", midnight UTC) or date and time with its zone
 * ("2026-01-31T12:00Z", "…T12:00:00.5+02:00"), in milliseconds; null for anything else. Strict,
 * since Date.parse is not: it read "2026-01-01junk" as June, "2026-02-30" as 2 March, and a
 * time without a zone in the server's own, so a filter meant a day other than the one written.
 * Filters and the audit log's dates both read dates through it.
 */
const ISO_DATE =
  /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,3})?)?(?:Z|[+-](\d{2}):(\d{2})))?$/;

export function isoDateMs(text: string): number | null {
  const parts = ISO_DATE.exec(text);
  if (!parts) return null;
  const [year, month, day, hour = 0, minute = 0, second = 0, zoneHour = 0, zoneMinute = 0] = parts
    .slice(1)
    .map((part) => (part === undefined ? undefined : Number(part)));
  // setUTCFullYear, not Date.UTC, which reads the years 0–99 as 1900–1999.
  const calendar = new Date(0);
  calendar.setUTCFullYear(year!, month! - 1, day!);
  const real =
    calendar.getUTCFullYear() === year &&
    calendar.getUTCMonth() === month! - 1 &&
    calendar.getUTCDate() === day &&
    hour <= 23 &&
    minute <= 59 &&
    second <= 59 &&
    zoneHour <= 23 &&
    zoneMinute <= 59;
  return real ? Date.parse(text) : null;
}
