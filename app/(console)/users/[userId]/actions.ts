"use server";

import type { AuditActor } from "@/lib/audit/audit-entry";
import { recordAttempt } from "@/lib/audit/record-attempt";
import { recordRefusal } from "@/lib/audit/record-refusal";
import { mayReadAhead, requireActionAccess } from "@/lib/auth/guards";
import type { Permission } from "@/lib/auth/roles";
import { getUser } from "@/lib/clerk/users";
import { flagCatalogue } from "@/lib/flags/catalogue";
import { flagSave, setFlagInputSchema } from "@/lib/flags/set-flag-input";
import { BAG_NAMES } from "@/lib/metadata/bags";
import { isJsonObject } from "@/lib/metadata/json";
import { saveMetadataInputSchema, type SaveMetadataInput } from "@/lib/metadata/save-input";
import { readAheadTicket, takeUserReadAhead } from "@/lib/read-ahead/request-read-ahead";
import { saveMetadata, type SaveResult } from "@/lib/users/save-metadata";

type Prepared = { ok: true; save: SaveMetadataInput } | { ok: false; message: string };

/**
 * The one checked path of both actions: with a cookie this server signed, the conflict-check
 * read is already under way (started by proxy.ts) or starts while the session is checked;
 * nothing is written unless the session holds the permission. Every attempt, refused ones
 * included, appends exactly one audit entry.
 */
async function checkedSave(
  permission: Permission,
  input: unknown,
  prepared: Prepared,
): Promise<SaveResult> {
  const userId = prepared.ok ? prepared.save.userId : null;
  const read =
    userId === null
      ? undefined
      : (takeUserReadAhead(await readAheadTicket(), userId) ??
        ((await mayReadAhead()) ? getUser(userId) : undefined));
  const access = await requireActionAccess(permission);
  const actor: AuditActor | null = access.staff
    ? { id: access.staff.id, email: access.staff.email }
    : null;
  if (access.message !== undefined) {
    await recordRefusal(refusalOf(input, prepared, access.message, actor));
    return { ok: false, error: { kind: "forbidden", message: access.message } };
  }
  if (!prepared.ok) {
    await recordRefusal(refusalOf(input, prepared, prepared.message, actor));
    return { ok: false, error: { kind: "invalid", message: prepared.message } };
  }
  return saveMetadata(prepared.save, { actor, record: recordAttempt, read });
}

/** What can be read of a refused request, for its audit entry. */
function refusalOf(input: unknown, prepared: Prepared, message: string, actor: AuditActor | null) {
  if (prepared.ok) {
    const { userId, patch } = prepared.save;
    return { actor, targetUserId: userId, bags: BAG_NAMES.filter((b) => patch[b]), message };
  }
  const raw = isJsonObject(input) ? input : {};
  const patch = isJsonObject(raw.patch) ? raw.patch : {};
  return {
    actor,
    targetUserId: typeof raw.userId === "string" ? raw.userId.slice(0, 200) : "(none)",
    bags: BAG_NAMES.filter((bag) => Object.hasOwn(patch, bag)),
    message,
  };
}

function zodMessage(issues: { path: PropertyKey[]; message: string }[]): string {
  const issue = issues[0];
  return `${issue?.path.join(".") || "input"} ${issue?.message ?? "is invalid"}`;
}

/**
 * Saves a metadata edit: `{ userId, baseUpdatedAt, patch }`. Every failure comes back as a
 * value; the browser never sees the secret key, only the User that Clerk returned. The session
 * and role are checked here, inside the action, because an action is a public POST endpoint.
 */
export async function saveUserMetadata(input: unknown): Promise<SaveResult> {
  const parsed = saveMetadataInputSchema.safeParse(input);
  return checkedSave(
    "metadata:write",
    input,
    parsed.success
      ? { ok: true, save: parsed.data }
      : { ok: false, message: zodMessage(parsed.error.issues) },
  );
}

/**
 * Sets one catalogued flag on one user (`value: null` goes back to the default): the same
 * checked save as a JSON edit, with a patch that touches only that flag's key. Product staff
 * may do this; they may not send arbitrary metadata.
 */
export async function setUserFlag(input: unknown): Promise<SaveResult> {
  const parsed = setFlagInputSchema.safeParse(input);
  return checkedSave(
    "flags:write",
    input,
    parsed.success
      ? flagSave(flagCatalogue(), parsed.data)
      : { ok: false, message: zodMessage(parsed.error.issues) },
  );
}
