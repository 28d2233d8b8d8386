import type { RunningEmulator } from "@/emulator/server";
import { startTestEmulator, TEST_SECRET_KEY } from "@/emulator/tests/support/test-emulator";
import { flagCatalogue } from "@/lib/flags/catalogue";
import { parseReviewPolicy, type ReviewPolicy } from "@/lib/review/rules/review-policy-schema";
import { createTestDatabase, type TestDatabase } from "./console-databases";

export interface EmulatedClerk {
  emulator: RunningEmulator;
  clerk: Awaited<ReturnType<typeof startTestEmulator>>["clerk"];
  dispose(): Promise<void>;
}

/**
 * A real emulator, with the server's Clerk client pointed at it and its call budget kept in a
 * console database of its own. Set before the server modules are imported: the client reads its
 * configuration from the environment on first use.
 */
export async function emulatedClerk(): Promise<EmulatedClerk> {
  const { emulator, clerk } = await startTestEmulator();
  const budget: TestDatabase = await createTestDatabase("sqlite");
  process.env.CLERK_SECRET_KEY = TEST_SECRET_KEY;
  process.env.CLERK_API_URL = emulator.url;
  process.env.DATABASE_URL = budget.url;
  return {
    emulator,
    clerk,
    dispose: async () => {
      await emulator.close();
      await budget.dispose();
    },
  };
}

/** A review policy of these rules, checked as metadeck.config.ts's is. */
export function testPolicy(rules: unknown[]): ReviewPolicy {
  const parsed = parseReviewPolicy({ rules }, flagCatalogue());
  if (!parsed.ok) throw new Error(parsed.problems.join("; "));
  return parsed.policy;
}
