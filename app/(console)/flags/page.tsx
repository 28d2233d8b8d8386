import type { Metadata } from "next";
import { flagLocation, flagType } from "@/components/flags/flag-format";
import { DataTable } from "@/components/ui/data-table";
import { PageHeader } from "@/components/ui/page-header";
import Link from "next/link";
import { requirePageAccess } from "@/lib/auth/guards";
import { can } from "@/lib/auth/roles";
import { flagCatalogue } from "@/lib/flags/catalogue";
import type { FlagDefinition } from "@/lib/flags/catalogue-schema";
import { formatFlagValue } from "@/lib/flags/flag-values";
import { agoText } from "@/lib/format/time";
import type { FilterCount, FlagAdoption } from "@/lib/user-index/flag-adoption";
import { readCatalogueAdoption } from "@/lib/user-index/flag-adoption-read";

export const metadata: Metadata = { title: "Feature flags" };
export const dynamic = "force-dynamic";

const link = "text-blue-800 underline underline-offset-2";

function CountLink({ label, counted }: { label: string; counted: FilterCount }) {
  return (
    <li>
      <Link href={`/users?where=${encodeURIComponent(counted.where)}`} className={link}>
        {label}: {counted.count.toLocaleString("en")}
      </Link>
    </li>
  );
}

/** How many users hold each value, and how many have the default; each opens the list of them. */
function AdoptionCell({ flag, adoption }: { flag: FlagDefinition; adoption?: FlagAdoption }) {
  if (!adoption) return <td />;
  return (
    <td data-label="Users">
      <ul className="space-y-0.5">
        {adoption.values.map((value) => (
          <CountLink
            key={String(value.value)}
            label={formatFlagValue(value.value)}
            counted={value}
          />
        ))}
        <CountLink
          label={`default (${formatFlagValue(flag.default)})`}
          counted={adoption.fallback}
        />
      </ul>
    </td>
  );
}

/**
 * The catalogue from `metadeck.config.ts`, for everyone who may read users, with each flag's
 * adoption counted on the user index.
 */
export default async function FlagsPage() {
  const access = await requirePageAccess("users:read", "/flags");
  const catalogue = flagCatalogue();
  const adoption = await readCatalogueAdoption(
    catalogue.flags.map((flag) => ({
      key: flag.key,
      location: flag.location,
      values: flag.type === "boolean" ? [true, false] : flag.values,
    })),
  );
  return (
    <section className="space-y-4">
      <PageHeader
        title="Feature flags"
        description={
          <>
            <p>
              The catalogue (version {catalogue.version}) lives in <code>metadeck.config.ts</code>.
              Keys outside it stay free to use; catalogued flags must hold their declared type.
            </p>
            {can(access.role, "flags:write") && (
              <p className="mt-2">
                <Link href="/flags/bulk" className="text-blue-800 underline">
                  Bulk changes
                </Link>{" "}
                — set a flag for a search result or a list of users, with a dry run first.
              </p>
            )}
            <p className="mt-2">
              {adoption.indexedAt === null ? (
                <>
                  The user index is empty so far: the counts fill in once its backfill has run (see{" "}
                  <Link href="/sync" className={link}>
                    User index
                  </Link>
                  ).
                </>
              ) : (
                <>
                  Users per value: {adoption.users.toLocaleString("en")} users from the{" "}
                  <Link href="/sync" className={link}>
                    user index
                  </Link>
                  , updated {agoText(adoption.indexedAt, adoption.readAt)}.
                </>
              )}
            </p>
          </>
        }
      />
      <DataTable
        stack
        caption="Catalogued feature flags"
        columns={["Key", "Description", "Owner", "Type", "Default", "Location", "Users"]}
        empty={
          <>
            No flags are catalogued yet. Add them to <code>metadeck.config.ts</code>.
          </>
        }
      >
        {catalogue.flags.map((flag, index) => (
          <tr key={flag.key}>
            <th scope="row" className="text-left font-mono font-medium">
              {flag.key}
            </th>
            <td>{flag.description}</td>
            <td>{flag.owner}</td>
            <td>{flagType(flag)}</td>
            <td>{formatFlagValue(flag.default)}</td>
            <td className="font-mono text-xs">{flagLocation(flag)}</td>
            <AdoptionCell flag={flag} adoption={adoption.flags[index]} />
          </tr>
        ))}
      </DataTable>
    </section>
  );
}
