import type { Metadata } from "next";
import { flagLocation, flagType, formatFlagValue } from "@/components/flags/flag-format";
import { DataTable } from "@/components/ui/data-table";
import { PageHeader } from "@/components/ui/page-header";
import Link from "next/link";
import { requirePageAccess } from "@/lib/auth/guards";
import { can } from "@/lib/auth/roles";
import { flagCatalogue } from "@/lib/flags/catalogue";

export const metadata: Metadata = { title: "Feature flags" };
export const dynamic = "force-dynamic";

/** The catalogue from `metadeck.config.ts`, for everyone who may read users. */
export default async function FlagsPage() {
  const access = await requirePageAccess("users:read", "/flags");
  const catalogue = flagCatalogue();
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
          </>
        }
      />
      <DataTable
        stack
        caption="Catalogued feature flags"
        columns={["Key", "Description", "Owner", "Type", "Default", "Location"]}
        empty={
          <>
            No flags are catalogued yet. Add them to <code>metadeck.config.ts</code>.
          </>
        }
      >
        {catalogue.flags.map((flag) => (
          <tr key={flag.key}>
            <th scope="row" className="text-left font-mono font-medium">
              {flag.key}
            </th>
            <td>{flag.description}</td>
            <td>{flag.owner}</td>
            <td>{flagType(flag)}</td>
            <td>{formatFlagValue(flag.default)}</td>
            <td className="font-mono text-xs">{flagLocation(flag)}</td>
          </tr>
        ))}
      </DataTable>
    </section>
  );
}
