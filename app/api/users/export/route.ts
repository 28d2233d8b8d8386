import { NextResponse, type NextRequest } from "next/server";
import { z } from "zod";
import { usersExportEntry } from "@/lib/audit/export-event";
import { recordAttempt } from "@/lib/audit/record-attempt";
import { requireApiAccess } from "@/lib/auth/guards";
import { exportFileName } from "@/lib/user-index/export/users-csv";
import { searchRefusal, userListOrder } from "@/lib/users/user-list-query";
import { planUsersExport } from "@/lib/user-index/export/users-export";
import { openUsersExport } from "@/lib/user-index/export/users-export-read";
import { indexReadFailure } from "@/lib/user-index/index-read-response";
import { bulkRuntime } from "@/lib/bulk/bulk-runtime";
import { INDEX_READS } from "@/lib/config/limits";
import { openExports } from "@/lib/user-index/export/open-exports";

export const dynamic = "force-dynamic";

/**
 * Lengths only: the grammar (parseFilter, parseExportPaths) judges the rest and says where.
 * The filter's and the path list's own length limits answer with their position, so `where`
 * and `paths` are not capped here.
 */
const params = z.object({
  where: z.string().trim(),
  // Refused as the list refuses it (too long, or characters the index cannot compare).
  query: z
    .string()
    .trim()
    .superRefine((query, context) => {
      const refused = searchRefusal(query);
      if (refused) context.addIssue({ code: "custom", message: refused });
    }),
  // Not capped here either: the path list's own length limit answers with its position.
  paths: z.string(),
  /** `0` leaves out the UTF-8 byte-order mark (for tools that do not expect one). */
  bom: z.enum(["0", "1"], { message: 'bom must be "0" or "1"' }),
});

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * `GET /api/users/export?where=…&query=…&orderBy=…&paths=…[&bom=0]` (each optional): every user
 * the `/users` view holds (its filter with or without a search, or every user, from the index;
 * a search alone from Clerk, as the view reads it), in the view's order, as CSV (id,
 * primary_email, name, then each path; a UTF-8 byte-order mark first unless `bom=0`, every
 * cell quoted), streamed a batch at a time. For every role that reads users;
 * each export is one audit entry, written when the stream ends, with the rows sent (and
 * "incomplete" if it stopped early). One whose first batch runs past the read budget answers
 * 422, one beyond the person's index reads at once, or past their exports downloading at once
 * (INDEX_READS.openExportsPerPerson), 429, and one that cannot read its first
 * batch otherwise 500: never an empty 200.
 */
export async function GET(request: NextRequest) {
  const access = await requireApiAccess("users:read");
  if (access.denied) return access.denied;
  const search = request.nextUrl.searchParams;
  const input = params.safeParse({
    where: search.get("where") ?? "",
    query: search.get("query") ?? "",
    paths: search.get("paths") ?? "",
    bom: search.get("bom") ?? "1",
  });
  if (!input.success)
    return NextResponse.json(
      { error: { kind: "invalid", message: input.error.issues[0]?.message ?? "Invalid request." } },
      { status: 400 },
    );
  // The list's own reading of its sort, so that the rows come in the order the view shows.
  const plan = planUsersExport({ ...input.data, orderBy: userListOrder(search.get("orderBy")) });
  if (!plan.ok) return NextResponse.json({ error: plan.error }, { status: 400 });
  const { staff } = access;
  const place = openExports().take(staff.id);
  if (!place)
    return NextResponse.json(
      {
        error: {
          kind: "busy",
          message: `You have ${INDEX_READS.openExportsPerPerson} exports downloading: let one finish, or cancel it, then export again.`,
          retryAfterSeconds: 5,
        },
      },
      { status: 429, headers: { "Retry-After": "5" } },
    );
  const occurredAt = Date.now();
  const opened = await openUsersExport(
    plan.value,
    staff.id,
    // However the export ends (done, failed, the download cancelled), its place comes back.
    ({ rows, complete, stopped }) => {
      place();
      return recordAttempt(
        usersExportEntry({
          occurredAt,
          actor: { id: staff.id, email: staff.email, name: staff.name },
          where: input.data.where,
          query: plan.value.query,
          paths: plan.value.paths.map((path) => path.text),
          rows,
          complete,
          stoppedBy: stopped?.by === "error" ? { error: messageOf(stopped.error) } : stopped?.by,
        }),
      );
    },
    // A search alone is read from Clerk, paced as background reads are (the bulk share).
    { byteOrderMark: input.data.bom === "1", clerkPages: (await bulkRuntime()).deps.list },
  );
  if (!opened.ok) {
    place();
    return opened.error.kind === "failed"
      ? NextResponse.json({ error: opened.error }, { status: 500 })
      : indexReadFailure(opened.error);
  }
  const stream = opened.value;
  // A download cancelled before this answer was ready is never read, nor cancelled, by the
  // server: cancel it here, so that it is audited as stopped and its place comes back. Once
  // the server reads it, it is locked and this does nothing (the server cancels it itself).
  const cancelUnread = () => void stream.cancel().catch(() => undefined);
  if (request.signal.aborted) cancelUnread();
  else request.signal.addEventListener("abort", cancelUnread, { once: true });
  return new Response(stream, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${exportFileName(new Date(occurredAt))}"`,
      // Users' personal data: never kept by a browser or a proxy.
      "Cache-Control": "no-store",
    },
  });
}
