import type { DryRun } from "@/lib/bulk/bulk-jobs";
import type { StoredFlag } from "@/lib/bulk/stored-flag";

export function formatStored(stored: StoredFlag): string {
  return stored.present ? JSON.stringify(stored.value) : "absent (default)";
}

/** What a bulk change would do: counts, entries that matched no one, and sample diffs. */
export function DryRunReport({ dryRun, flagKey }: { dryRun: DryRun; flagKey: string }) {
  return (
    <section
      aria-labelledby="dry-run-heading"
      className="space-y-3 rounded-md border border-blue-300 bg-blue-50 p-4 text-sm"
    >
      <h2 id="dry-run-heading" className="text-lg font-semibold">
        Dry run
      </h2>
      <p data-testid="dry-run-summary">
        {dryRun.total} {dryRun.total === 1 ? "user" : "users"} targeted ({dryRun.description}):{" "}
        <strong>{dryRun.changing} would change</strong>, {dryRun.already} already{" "}
        {dryRun.already === 1 ? "has" : "have"} that value. Nothing has been written.
      </p>
      {dryRun.unknown.length > 0 && (
        <div role="alert" className="rounded border border-amber-300 bg-amber-50 p-3">
          <p className="font-medium">
            {dryRun.unknown.length}{" "}
            {dryRun.unknown.length === 1 ? "entry matches" : "entries match"} no user and will be
            left out:
          </p>
          <ul className="mt-1 list-inside list-disc font-mono text-xs">
            {dryRun.unknown.slice(0, 50).map((entry) => (
              <li key={entry}>{entry}</li>
            ))}
          </ul>
          {dryRun.unknown.length > 50 && <p>… and {dryRun.unknown.length - 50} more.</p>}
        </div>
      )}
      {dryRun.sample.length > 0 && (
        <table className="min-w-full bg-white text-xs">
          <caption className="py-1 text-left font-medium">
            A sample of the changes to features.{flagKey}
          </caption>
          <thead>
            <tr className="border-b border-slate-200 text-left">
              <th scope="col" className="px-2 py-1">
                User
              </th>
              <th scope="col" className="px-2 py-1">
                Before
              </th>
              <th scope="col" className="px-2 py-1">
                After
              </th>
            </tr>
          </thead>
          <tbody>
            {dryRun.sample.map((item) => (
              <tr key={item.userId} className="border-b border-slate-100">
                <td className="px-2 py-1 font-mono">{item.email ?? item.userId}</td>
                <td className="px-2 py-1 font-mono text-red-800">{formatStored(item.before)}</td>
                <td className="px-2 py-1 font-mono text-emerald-800">
                  {formatStored(item.target)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
