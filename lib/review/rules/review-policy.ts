import config from "@/metadeck.config";
import { flagCatalogue } from "@/lib/flags/catalogue";
import { reviewPolicyOrThrow, type ReviewPolicy } from "./review-policy-schema";

let cached: ReviewPolicy | undefined;

/**
 * The validated review policy from `metadeck.config.ts`. Start-up calls this beside the flag
 * catalogue, so a malformed rule stops the server with a message naming it.
 */
export function reviewPolicy(): ReviewPolicy {
  cached ??= reviewPolicyOrThrow(config.review, flagCatalogue());
  return cached;
}
