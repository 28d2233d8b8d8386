import config from "@/metadeck.config";
import { catalogueOrThrow, type FlagCatalogue } from "./catalogue-schema";

let cached: FlagCatalogue | undefined;

/**
 * The validated catalogue from `metadeck.config.ts`. The server's start-up calls this first, so a
 * malformed catalogue stops it with a message naming every bad entry.
 */
export function flagCatalogue(): FlagCatalogue {
  cached ??= catalogueOrThrow(config);
  return cached;
}
