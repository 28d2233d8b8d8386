import type { Metadata } from "next";
import { flagLocation, flagType } from "@/components/flags/flag-format";
import { DataTable } from "@/components/ui/data-table";
import { PageHeader } from "@/components/ui/page-header";
import Link from "next/link";
import { Suspense } from "react";
import { requirePageAccess } from "@/lib/auth/guards";
import { can } from "@/lib/auth/roles";
import { flagCatalogue } from "@/lib/flags/catalogue";
import type { FlagDefinition } from "@/lib/flags/catalogue-schema";
import { formatFlagValue } from "@/lib/flags/flag-values";
import { agoText } from "@/lib/format/time";
import type { Result } from "@/lib/result/result";
import type { AdoptionReport, FilterCount } from "@/lib/user-index/flag-values/flag-adoption";
import { readCatalogueAdoption } from "@/lib/user-index/flag-values/flag-adoption-read";
import { TextLink } from "@/components/ui/text-link";

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

type AdoptionAnswer = Promise<Result<AdoptionReport, { message: string }>>;

/** How many users hold each value, and how many have the default; each opens the list of them. */
async function AdoptionCell({
  flag,
  index,
  adoption,
}: {
  flag: FlagDefinition;
  index: number;
  adoption: AdoptionAnswer;
}) {
  const answer = await adoption;
  const counted = answer.ok ? answer.value.flags[index] : undefined;
  if (!counted)
    return (
      <td data-label="Users" className="text-slate-600">
        —
      </td>
    );
  return (
    <td data-label="Users">
      <ul className="space-y-0.5">
        {counted.values.map((value) => (
          <CountLink
            key={String(value.value)}
            label={formatFlagValue(value.value)}
            counted={value}
          />
        ))}
        <CountLink
          label={`default (${formatFlagValue(flag.default)})`}
          counted={counted.fallback}
        />
      </ul>
    </td>
  );
}

/** Where the counts come from and how fresh they are, or why there are none. */
async function AdoptionSummary({ adoption }: { adoption: AdoptionAnswer }) {
  const answer = await adoption;
  if (!answer.ok)
    return (
      <p role="alert" className="mt-2 text-red-800">
        {answer.error.message} The catalogue is complete; reload the page to try the counts again.
      </p>
    );
  const report = answer.value;
  return (
    <p className="mt-2">
      {report.indexedAt === null ? (
        <>
          The user index is empty so far: the counts fill in once its backfill has run (see{" "}
          <Link href="/sync" className={link}>
            User index
          </Link>
          ).
        </>
      ) : (
        <>
          Users per value: {report.users.toLocaleString("en")} users from the{" "}
          <Link href="/sync" className={link}>
            user index
          </Link>
          , updated {agoText(report.indexedAt, report.readAt)}.
        </>
      )}
    </p>
  );
}

/**
 * The catalogue from `metadeck.config.ts`, for everyone who may read users, with each flag's
 * adoption counted on the user index.
 */
export default async function FlagsPage() {
  const access = await requirePageAccess("users:read", "/flags");
  const catalogue = flagCatalogue();
  // Not awaited: the catalogue shows at once and the counts stream in where they belong.
  const adoption = readCatalogueAdoption(
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
                <TextLink href="/flags/bulk">Bulk changes</TextLink> — set a flag for a search
                result or a list of users, with a dry run first.
              </p>
            )}
            <Suspense fallback={<p className="mt-2">Counting users per value…</p>}>
              <AdoptionSummary adoption={adoption} />
            </Suspense>
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
            {/* Labelled: on a phone each row is a card, and a bare "off" read as the flag's
                state rather than its default. */}
            <td data-label="Description">{flag.description}</td>
            <td data-label="Owner">{flag.owner}</td>
            <td data-label="Type">{flagType(flag)}</td>
            <td data-label="Default">{formatFlagValue(flag.default)}</td>
            <td data-label="Location" className="font-mono text-xs">
              {flagLocation(flag)}
            </td>
            <Suspense
              fallback={
                <td data-label="Users" className="text-slate-600">
                  Counting…
                </td>
              }
            >
              <AdoptionCell flag={flag} index={index} adoption={adoption} />
            </Suspense>
          </tr>
        ))}
      </DataTable>
    </section>
  );
}
