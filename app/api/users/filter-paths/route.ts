import { NextResponse } from "next/server";
import { requireApiAccess } from "@/lib/auth/guards";
import { flagCatalogue } from "@/lib/flags/catalogue";
import { USER_FIELDS } from "@/lib/user-filter/filter-ast";
import type { PathSuggestion } from "@/lib/user-filter/filter-builder";
import { readIndexedPaths } from "@/lib/user-index/search/seen-paths-read";

export const dynamic = "force-dynamic";

/**
 * `GET /api/users/filter-paths`: what the filter builder completes: the catalogued flags'
 * paths, the user fields, then the metadata paths the index's recent users hold.
 */
export async function GET() {
  const access = await requireApiAccess("users:read");
  if (access.denied) return access.denied;
  const suggestions: PathSuggestion[] = [
    ...flagCatalogue().flags.map((flag) => ({
      path: `${flag.location}.features.${flag.key}`,
      from: "flag" as const,
    })),
    ...USER_FIELDS.map((field) => ({ path: field, from: "field" as const })),
    ...(await readIndexedPaths()).map((path) => ({ path, from: "index" as const })),
  ];
  const seen = new Set<string>();
  const paths = suggestions.filter(({ path }) => !seen.has(path) && seen.add(path));
  return NextResponse.json({ paths }, { headers: { "Cache-Control": "no-store" } });
}
