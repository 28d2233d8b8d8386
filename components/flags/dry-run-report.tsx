import type { DryRun } from "@/lib/bulk/bulk-jobs";
import { DataTable } from "@/components/ui/data-table";
import { Notice } from "@/components/ui/notice";
import type { StoredFlag } from "@/lib/bulk/stored-flag";
import { Panel } from "@/components/ui/panel";

function formatStored(stored: StoredFlag): string {
  return stored.present ? JSON.stringify(stored.value) : "absent (default)";
}

/** What a bulk change would do: counts, entries that matched no one, and sample diffs. */
export function DryRunReport({ dryRun, flagKey }: { dryRun: DryRun; flagKey: string }) {
  return (
    <Panel tone="report" title="Dry run">
      <p data-testid="dry-run-summary">
        {dryRun.total} {dryRun.total === 1 ? "user" : "users"} targeted ({dryRun.description}):{" "}
        <strong>{dryRun.changing} would change</strong>, {dryRun.already} already{" "}
        {dryRun.already === 1 ? "has" : "have"} that value. Nothing has been written.
      </p>
      {dryRun.unknown.length > 0 && (
        <Notice
          tone="warning"
          title={`${dryRun.unknown.length} ${dryRun.unknown.length === 1 ? "entry matches" : "entries match"} no user and will be left out:`}
        >
          <ul className="mt-1 list-inside list-disc font-mono text-xs">
            {dryRun.unknown.slice(0, 50).map((entry) => (
              <li key={entry}>{entry}</li>
            ))}
          </ul>
          {dryRun.unknown.length > 50 && <p>… and {dryRun.unknown.length - 50} more.</p>}
        </Notice>
      )}
      {dryRun.sample.length > 0 && (
        <DataTable
          stack
          caption={`A sample of the changes to features.${flagKey}`}
          showCaption
          density="compact"
          columns={["User", "Before", "After"]}
        >
          {dryRun.sample.map((item) => (
            <tr key={item.userId}>
              <td className="font-mono">{item.email ?? item.userId}</td>
              <td className="font-mono text-red-800">{formatStored(item.before)}</td>
              <td className="font-mono text-emerald-800">{formatStored(item.target)}</td>
            </tr>
          ))}
        </DataTable>
      )}
    </Panel>
  );
}
