import config from "@/metadeck.config";
import { parseCatalogue, type FlagCatalogue } from "./catalogue-schema";

let checked: FlagCatalogue | undefined;

/**
 * The checked catalogue from `metadeck.config.ts`. Throws, naming every bad entry, if it is
 * malformed; the server's start-up calls this first so the dashboard never runs with one.
 */
export function flagCatalogue(): FlagCatalogue {
  if (checked) return checked;
  const result = parseCatalogue(config);
  if (!result.ok) {
    throw new Error(
      `metadeck.config.ts has a malformed flag catalogue:\n${result.problems.map((p) => `  - ${p}`).join("\n")}`,
    );
  }
  checked = result.catalogue;
  return checked;
}
