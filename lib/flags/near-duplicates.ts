import { BAG_NAMES, type BagName, type Bags } from "@/lib/metadata/bags";
import { isJsonObject, ownValue } from "@/lib/metadata/json";
import type { FlagDefinition } from "./catalogue-schema";

/** An uncatalogued key under `features` that reads like a catalogued flag's. */
export interface NearDuplicate {
  location: BagName;
  key: string;
  flag: FlagDefinition;
}

/** The same words however they are cased or separated: `newDashboard`, `new-dashboard`. */
const normalized = (key: string) => key.toLowerCase().replace(/[-_\s]/g, "");

/**
 * Keys under any bag's `features` that are not a catalogued flag's own key but differ from one
 * only in case or separators: naming drift that leaves an app reading one key while Metadeck
 * switches the other.
 */
export function nearDuplicateKeys(flags: FlagDefinition[], bags: Bags): NearDuplicate[] {
  const found: NearDuplicate[] = [];
  for (const location of BAG_NAMES) {
    const features = ownValue(bags[location], "features");
    if (!isJsonObject(features)) continue;
    for (const key of Object.keys(features)) {
      const own = flags.some((f) => f.key === key && f.location === location);
      if (own) continue;
      const flag = flags.find((f) => normalized(f.key) === normalized(key));
      if (flag) found.push({ location, key, flag });
    }
  }
  return found;
}
