import { fail, ok, type Result } from "@/lib/result/result";
import { formatMetadataPath, type MetadataPath } from "@/lib/metadata/path";
import { formatPath, metadataPathsOf } from "@/lib/user-filter/filter-ast";
import { parseFilter, parsePathList, type FilterSyntaxError } from "@/lib/user-filter/parse-filter";

/** A metadata path chosen for the export, with the text that heads its column. */
export interface ExportPath {
  path: MetadataPath;
  text: string;
}

/** A CSV is for reading: more columns than this is a dump, which the export is not. */
export const MAX_EXPORT_PATHS = 20;

/**
 * The export's metadata paths from comma-separated text, in the filter's path grammar. User
 * fields are refused (id, primary email and name are always there), and so are repeats and a
 * list longer than MAX_EXPORT_PATHS, each at the position of the path at fault.
 */
export function parseExportPaths(text: string): Result<ExportPath[], FilterSyntaxError> {
  const parsed = parsePathList(text);
  if (!parsed.ok) return parsed;
  const seen = new Set<string>();
  const paths: ExportPath[] = [];
  for (const { path, text: written, position } of parsed.value) {
    if (path.kind !== "metadata")
      return fail({
        message: `Choose metadata paths (public_metadata.…, private_metadata.…, unsafe_metadata.…); id, primary_email and name are always exported.`,
        position,
      });
    const key = formatMetadataPath(path);
    if (seen.has(key)) return fail({ message: `${key} is already in the list.`, position });
    if (paths.length === MAX_EXPORT_PATHS)
      return fail({ message: `At most ${MAX_EXPORT_PATHS} paths can be exported.`, position });
    seen.add(key);
    paths.push({ path, text: written });
  }
  return ok(paths);
}

/** What the paths box starts with: the metadata paths the filter reads (at most the limit). */
export function suggestedExportPaths(where: string): string {
  const parsed = parseFilter(where);
  if (!parsed.ok) return "";
  return metadataPathsOf(parsed.value).slice(0, MAX_EXPORT_PATHS).map(formatPath).join(", ");
}

/** The list's default sort, newest first: the export's too when its address names none. */
const DEFAULT_EXPORT_ORDER = "-created_at";

/** The export's address for a view of the list (its filter, search and sort) and the paths. */
export function usersExportHref(view: {
  where: string;
  query: string;
  orderBy: string;
  paths: string;
}): string {
  const params = new URLSearchParams();
  if (view.where) params.set("where", view.where);
  if (view.query) params.set("query", view.query);
  if (view.orderBy !== DEFAULT_EXPORT_ORDER) params.set("orderBy", view.orderBy);
  if (view.paths.trim()) params.set("paths", view.paths.trim());
  const search = params.toString();
  return search ? `/api/users/export?${search}` : "/api/users/export";
}
