import type { Metadata } from "next";
import { Forbidden } from "@/components/auth/forbidden";
import { flagLocation, flagType, formatFlagValue } from "@/components/flags/flag-format";
import { HeaderCell } from "@/components/ui/header-cell";
import Link from "next/link";
import { requirePageAccess } from "@/lib/auth/guards";
import { can } from "@/lib/auth/roles";
import { flagCatalogue } from "@/lib/flags/catalogue";

export const metadata: Metadata = { title: "Feature flags" };
export const dynamic = "force-dynamic";

/** The catalogue from `metadeck.config.ts`, for everyone who may read users. */
export default async function FlagsPage() {
  const access = await requirePageAccess("users:read", "/flags");
  if (access === "forbidden") return <Forbidden what="read the flag catalogue" />;
  const catalogue = flagCatalogue();
  return (
    <section className="space-y-4">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Feature flags</h1>
        <p className="mt-1 text-sm text-slate-700">
          The catalogue (version {catalogue.version}) lives in <code>metadeck.config.ts</code>. Keys
          outside it stay free to use; catalogued flags must hold their declared type.
        </p>
        {can(access.role, "flags:write") && (
          <p className="mt-2 text-sm">
            <Link href="/flags/bulk" className="text-blue-800 underline">
              Bulk changes
            </Link>{" "}
            — set a flag for a search result or a list of users, with a dry run first.
          </p>
        )}
      </div>
      {catalogue.flags.length === 0 ? (
        <p className="rounded-md border border-slate-200 bg-white p-4">
          No flags are catalogued yet. Add them to <code>metadeck.config.ts</code>.
        </p>
      ) : (
        <div className="overflow-x-auto rounded-md border border-slate-200 bg-white">
          <table className="min-w-full text-sm">
            <caption className="sr-only">Catalogued feature flags</caption>
            <thead className="border-b border-slate-200 bg-slate-50 text-slate-700">
              <tr>
                <HeaderCell>Key</HeaderCell>
                <HeaderCell>Description</HeaderCell>
                <HeaderCell>Owner</HeaderCell>
                <HeaderCell>Type</HeaderCell>
                <HeaderCell>Default</HeaderCell>
                <HeaderCell>Location</HeaderCell>
              </tr>
            </thead>
            <tbody>
              {catalogue.flags.map((flag) => (
                <tr key={flag.key} className="border-b border-slate-100 last:border-0">
                  <th scope="row" className="px-3 py-2 text-left font-mono font-medium">
                    {flag.key}
                  </th>
                  <td className="px-3 py-2">{flag.description}</td>
                  <td className="px-3 py-2">{flag.owner}</td>
                  <td className="px-3 py-2">{flagType(flag)}</td>
                  <td className="px-3 py-2">{formatFlagValue(flag.default)}</td>
                  <td className="px-3 py-2 font-mono text-xs">{flagLocation(flag)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
