import config from "@/metadeck.config";
import { checkedCatalogue, type FlagCatalogue } from "./catalogue-schema";

let checked: FlagCatalogue | undefined;

/**
 * The checked catalogue from `metadeck.config.ts`. The server's start-up calls this first, so a
 * malformed catalogue stops it with a message naming every bad entry.
 */
export function flagCatalogue(): FlagCatalogue {
  checked ??= checkedCatalogue(config);
  return checked;
}
