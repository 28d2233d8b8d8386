"use server";

import { z } from "zod";
import { consoleDb } from "@/lib/db/console-db";
import { authorizedAction, type ActionContext } from "@/lib/actions/authorized-action";
import { recordAttempt } from "@/lib/audit/record-attempt";
import { flagCatalogue } from "@/lib/flags/catalogue";
import { BAG_NAMES } from "@/lib/metadata/bags";
import { isJsonObject } from "@/lib/metadata/json";
import { flagSaveSchema } from "@/lib/users/flag-save";
import { saveMetadataInputSchema, type SaveMetadataInput } from "@/lib/users/save-input";
import { saveMetadata } from "@/lib/users/save-metadata";
import { requestChange } from "@/lib/review/requests/request-change";
import { ok } from "@/lib/result/result";

/** What can be read of a refused save, for its audit entry. */
function saveTarget(raw: unknown, save: SaveMetadataInput | undefined) {
  if (save) return { targetUserId: save.userId, bags: BAG_NAMES.filter((b) => save.patch[b]) };
  const input = isJsonObject(raw) ? raw : {};
  const patch = isJsonObject(input.patch) ? input.patch : {};
  return {
    targetUserId: typeof input.userId === "string" ? input.userId.slice(0, 200) : "(none)",
    bags: BAG_NAMES.filter((bag) => Object.hasOwn(patch, bag)),
  };
}

/**
 * Both actions of the user page are the one checked save: every attempt, refused ones
 * included, appends exactly one audit entry.
 */
const saveOptions = { refusalTarget: saveTarget };

async function save(input: SaveMetadataInput, context: ActionContext) {
  const { db } = await consoleDb();
  return saveMetadata(input, { actor: context.actor, db, record: recordAttempt });
}

/**
 * Saves a metadata edit: `{ userId, baseUpdatedAt, patch }`. The browser never sees the secret
 * key, only the User that Clerk returned.
 */
export const saveUserMetadata = authorizedAction(
  { permission: "metadata:write", input: saveMetadataInputSchema, ...saveOptions },
  save,
);

/**
 * Sets one catalogued flag on one user (`value: null` goes back to the default), with a patch
 * that touches only that flag's key. Product staff may do this; they may not send other metadata.
 */
export const setUserFlag = authorizedAction(
  {
    permission: "flags:write",
    input: z.lazy(() => flagSaveSchema(flagCatalogue())),
    ...saveOptions,
  },
  save,
);

/** A request made with this door's permission: its author needs it still to rebase. */
const request =
  (permission: "metadata:write" | "flags:write") =>
  async (input: SaveMetadataInput, context: ActionContext) => {
    const { db } = await consoleDb();
    const made = await requestChange(input, { actor: context.actor, db, permission });
    return made.ok ? ok({ requestId: made.value.id }) : made;
  };

/**
 * Sends an edit that touches protected paths for review: `{ userId, baseUpdatedAt, base, patch,
 * reason }`, as a save. Nothing is written to Clerk until an approver approves it.
 */
export const requestMetadataReview = authorizedAction(
  { permission: "metadata:write", input: saveMetadataInputSchema, ...saveOptions },
  request("metadata:write"),
);

/** Sends a switch of a reviewed flag for review, as `setUserFlag` would save it. */
export const requestFlagReview = authorizedAction(
  {
    permission: "flags:write",
    input: z.lazy(() => flagSaveSchema(flagCatalogue())),
    ...saveOptions,
  },
  request("flags:write"),
);
