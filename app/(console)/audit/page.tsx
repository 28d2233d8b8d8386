import type { Metadata } from "next";
import Link from "next/link";
import { AuditTable } from "@/components/audit/audit-table";
import { FIELD_CLASS } from "@/components/ui/field-class";
import { PageHeader } from "@/components/ui/page-header";
import { AUDIT_OUTCOME_LABELS, AUDIT_OUTCOMES } from "@/lib/audit/audit-entry";
import { AUDIT_PAGE_SIZE, auditSearch, parseAuditQuery } from "@/lib/audit/audit-query";
import { readAuditPage } from "@/lib/audit/audit-reads";
import { STAFF_EVENT_LABELS, STAFF_EVENTS } from "@/lib/audit/staff-event";
import { requirePageAccess } from "@/lib/auth/guards";
import { can } from "@/lib/auth/roles";
import { staffAuth } from "@/lib/auth/staff-auth";
import { listStaff } from "@/lib/auth/staff-accounts";
import { readJobProgress } from "@/lib/bulk/bulk-reads";
import { Notice } from "@/components/ui/notice";
import type { AuditQuery } from "@/lib/audit/audit-query";
import { Button } from "@/components/ui/button";
import { FilterField, FilterInput, FilterSelect } from "@/components/ui/filter-fields";

/** Filters naming something that does not exist get said so, rather than an unexplained empty list. */
async function filterProblems(query: AuditQuery, staffEmails: string[]): Promise<string[]> {
  const problems: string[] = [];
  if (query.job && !(await readJobProgress(query.job)))
    problems.push(`There is no bulk job "${query.job}".`);
  const actor = query.actor?.toLowerCase();
  if (actor?.includes("@") && !staffEmails.some((email) => email.includes(actor)))
    problems.push(`No staff member's address holds "${query.actor}".`);
  return problems;
}

export const metadata: Metadata = { title: "Audit log" };
export const dynamic = "force-dynamic";

export default async function AuditPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const query = parseAuditQuery(await searchParams);
  const access = await requirePageAccess("audit:read", `/audit${auditSearch(query)}`);
  const staffEvents = can(access.role, "audit:staff");
  // The staff list is read only where it is used: the actor suggestions, which name every staff
  // member and so are for those who may read staff events, and checking an actor's address.
  const needStaff = staffEvents || Boolean(query.actor?.includes("@"));
  const staffEmails = needStaff
    ? (await listStaff(await staffAuth())).map((s) => s.email.toLowerCase())
    : [];
  const [{ entries, totalCount, bulkJobs }, problems] = await Promise.all([
    readAuditPage(query, { staffEvents }),
    filterProblems(query, staffEmails),
  ]);
  const pages = Math.max(1, Math.ceil(totalCount / AUDIT_PAGE_SIZE));
  return (
    <section className="space-y-4">
      <PageHeader title="Audit log" />
      <form
        method="get"
        className="flex flex-wrap items-end gap-3 rounded-md border border-slate-200 bg-white p-3 text-sm"
      >
        <FilterField label="Event">
          <select name="event" defaultValue={query.event ?? ""} className={FIELD_CLASS}>
            <option value="">Any</option>
            <option value="metadata">Metadata writes</option>
            <option value="export">CSV exports</option>
            <option value="review">Change requests</option>
            {staffEvents && (
              <>
                <option value="staff">Staff and sign-in events</option>
                <optgroup label="One kind of staff event">
                  {STAFF_EVENTS.map((event) => (
                    <option key={event} value={event}>
                      {STAFF_EVENT_LABELS[event]}
                    </option>
                  ))}
                </optgroup>
              </>
            )}
          </select>
        </FilterField>
        <FilterInput
          label="Target user"
          name="user"
          defaultValue={query.user}
          placeholder="id, name or email"
        />
        {staffEvents && (
          <FilterInput
            label="Staff account"
            name="staff"
            type="email"
            defaultValue={query.staff}
            placeholder="name@company.com"
          />
        )}
        <FilterInput
          label="Actor"
          name="actor"
          list={staffEvents ? "audit-actors" : undefined}
          defaultValue={query.actor}
          placeholder="part of a staff name or email"
        >
          {staffEvents && (
            <datalist id="audit-actors">
              {staffEmails.map((email) => (
                <option key={email} value={email} />
              ))}
            </datalist>
          )}
        </FilterInput>
        <FilterInput label="Bulk job" name="job" defaultValue={query.job} placeholder="bulk_…" />
        <FilterSelect
          label="Outcome"
          name="outcome"
          value={query.outcome}
          options={AUDIT_OUTCOMES.map(
            (outcome) => [outcome, AUDIT_OUTCOME_LABELS[outcome]] as const,
          )}
        />
        <FilterInput label="From" type="date" name="from" defaultValue={query.from} />
        <FilterInput label="To" type="date" name="to" defaultValue={query.to} />
        <Button tone="primary" type="submit">
          Filter
        </Button>
        <Link href="/audit" className="px-2 py-2 text-blue-800 hover:underline">
          Clear
        </Link>
      </form>
      {problems.map((problem) => (
        <Notice key={problem} tone="warning">
          {problem} No entries match.
        </Notice>
      ))}
      <AuditTable entries={entries} bulkJobs={bulkJobs} empty="No audit entries match." />
      <nav aria-label="Pagination" className="flex items-center justify-between text-sm">
        <p>
          {totalCount.toLocaleString("en")} {totalCount === 1 ? "entry" : "entries"} · Page{" "}
          {Math.min(query.page, pages)} of {pages}
        </p>
        <div className="flex gap-2">
          {query.page > 1 && (
            <Link
              href={`/audit${auditSearch(query, { page: query.page - 1 })}`}
              className="rounded border border-slate-400 bg-white px-3 py-1.5"
            >
              Previous
            </Link>
          )}
          {query.page < pages && (
            <Link
              href={`/audit${auditSearch(query, { page: query.page + 1 })}`}
              className="rounded border border-slate-400 bg-white px-3 py-1.5"
            >
              Next
            </Link>
          )}
        </div>
      </nav>
    </section>
  );
}
