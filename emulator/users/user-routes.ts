import { clerkId } from "../ids";
import { clerkErrors } from "../http/clerk-error";
import { readJsonBody } from "../http/read-body";
import type { Route, RouteContext, RouteResult } from "../http/router";
import { parseUserFilter, parseUserPage } from "./list-params";
import {
  parseCreateUserBody,
  parseMetadataBody,
  parseUpdateUserBody,
  type CreateUserBody,
  type UpdateUserBody,
} from "./user-bodies";
import { userJson } from "./user-json";
import type { IdentifierInput, IdentifierRow, NewUser, StoredUser } from "./user-record";
import {
  METADATA_MAX_BYTES,
  type MetadataWriteMode,
  type ProfileChanges,
  type UserStore,
} from "./user-store";
import { jsonByteSize } from "@/lib/metadata/json";
import type { InterleavedWrites } from "../admin/interleaved-writes";

function requireUser(store: UserStore, id: string | undefined): StoredUser {
  const user = id ? store.findById(id) : null;
  if (!user) throw clerkErrors.notFound();
  return user;
}

/**
 * The identification status of each identifier, by position: an empty or absent list makes
 * them all verified, a list of another length is refused.
 */
function statusesFor(
  param: "email_address" | "phone_number",
  identifiers: readonly string[],
  statuses: readonly ("verified" | "reserved")[] | undefined,
): readonly ("verified" | "reserved")[] {
  if (!statuses || statuses.length === 0) return [];
  if (statuses.length !== identifiers.length)
    throw clerkErrors.paramInvalid(
      `${param}_identification_status`,
      `must have one item per ${param} (${identifiers.length})`,
    );
  return statuses;
}

function newUserFromBody(store: UserStore, body: CreateUserBody, now: number): NewUser {
  const emails = (body.email_address ?? []).map((e) => e.toLowerCase());
  const phones = body.phone_number ?? [];
  const username = body.username?.toLowerCase() ?? null;
  if (emails.length + phones.length === 0 && !username && !body.skip_user_requirement) {
    throw clerkErrors.paramMissing("email_address");
  }
  for (const email of emails)
    if (store.isTaken("email", email))
      throw clerkErrors.identifierTaken("email_address", "email address");
  for (const phone of phones)
    if (store.isTaken("phone", phone))
      throw clerkErrors.identifierTaken("phone_number", "phone number");
  if (username && store.isTaken("username", username))
    throw clerkErrors.identifierTaken("username", "username");
  if (body.external_id && store.isTaken("external_id", body.external_id)) {
    throw clerkErrors.identifierTaken("external_id", "external ID");
  }
  if (body.password && body.password.length < 8) throw clerkErrors.passwordTooShort();
  const emailStatuses = statusesFor(
    "email_address",
    emails,
    body.email_address_identification_status,
  );
  const phoneStatuses = statusesFor(
    "phone_number",
    phones,
    body.phone_number_identification_status,
  );
  for (const bag of ["public_metadata", "private_metadata", "unsafe_metadata"] as const) {
    const value = body[bag];
    if (value && jsonByteSize(value) > METADATA_MAX_BYTES) {
      throw clerkErrors.paramTooLarge(bag, jsonByteSize(value), METADATA_MAX_BYTES);
    }
  }
  const createdAt = body.created_at ? Date.parse(body.created_at) : now;
  const identifier =
    (statuses: readonly ("verified" | "reserved")[]) =>
    (value: string, position: number): IdentifierInput => ({
      id: clerkId("idn"),
      value,
      verificationStrategy: statuses[position] === "reserved" ? "reserved" : "admin",
      createdAt: now,
    });
  const passwordEnabled = Boolean(body.password || body.password_digest);
  return {
    id: clerkId("user"),
    externalId: body.external_id ?? null,
    username,
    firstName: body.first_name ?? null,
    lastName: body.last_name ?? null,
    locale: body.locale ?? null,
    hasImage: false,
    passwordEnabled,
    totpEnabled: Boolean(body.totp_secret),
    backupCodeEnabled: (body.backup_codes ?? []).length > 0,
    banned: body.banned ?? false,
    locked: body.locked ?? false,
    deleteSelfEnabled: body.delete_self_enabled ?? true,
    createOrganizationEnabled: body.create_organization_enabled ?? true,
    createOrganizationsLimit: body.create_organizations_limit ?? null,
    bypassClientTrust: body.bypass_client_trust ?? false,
    createdAt,
    updatedAt: now,
    lastActiveAt: null,
    lastSignInAt: null,
    legalAcceptedAt: body.legal_accepted_at ? Date.parse(body.legal_accepted_at) : null,
    passwordLastUpdatedAt: passwordEnabled ? now : null,
    emails: emails.map(identifier(emailStatuses)),
    phones: phones.map(identifier(phoneStatuses)),
    metadata: {
      public_metadata: body.public_metadata ?? {},
      private_metadata: body.private_metadata ?? {},
      unsafe_metadata: body.unsafe_metadata ?? {},
    },
  };
}

/** One of the user's own identifiers by id, or Clerk's 422 for the parameter that named it. */
function ownIdentifier(list: IdentifierRow[], id: string, param: string, what: string) {
  const found = list.find((identifier) => identifier.id === id);
  if (!found) throw clerkErrors.paramInvalid(param, `is not one of the user's ${what}`);
  return found;
}

/** What `PATCH /v1/users/{id}` changes, checked against the user and the others as Clerk does. */
function profileChanges(store: UserStore, user: StoredUser, body: UpdateUserBody, now: number) {
  const changes: ProfileChanges = {};
  const other = (column: "username" | "external_id", value: string) =>
    store.isTaken(column, value) && user.row[column] !== value;
  if (body.username !== undefined) {
    const username = body.username?.toLowerCase() ?? null;
    if (username && other("username", username))
      throw clerkErrors.identifierTaken("username", "username");
    changes.username = username;
  }
  if (body.external_id !== undefined) {
    if (body.external_id && other("external_id", body.external_id))
      throw clerkErrors.identifierTaken("external_id", "external ID");
    changes.external_id = body.external_id;
  }
  if (body.first_name !== undefined) changes.first_name = body.first_name;
  if (body.last_name !== undefined) changes.last_name = body.last_name;
  if (body.locale !== undefined) changes.locale = body.locale;
  if (body.primary_email_address_id) {
    const email = ownIdentifier(
      user.emails,
      body.primary_email_address_id,
      "primary_email_address_id",
      "email addresses",
    );
    changes.primary_email_address_id = email.id;
    changes.primary_email = email.value;
  }
  if (body.primary_phone_number_id) {
    const phone = ownIdentifier(
      user.phones,
      body.primary_phone_number_id,
      "primary_phone_number_id",
      "phone numbers",
    );
    changes.primary_phone_number_id = phone.id;
    changes.primary_phone = phone.value;
  }
  // The emulator keeps no web3 wallets and no uploaded images: no id can name one of the user's.
  if (body.primary_web3_wallet_id)
    throw clerkErrors.paramInvalid(
      "primary_web3_wallet_id",
      "is not one of the user's web3 wallets",
    );
  if (body.profile_image_id)
    throw clerkErrors.paramInvalid("profile_image_id", "does not name an uploaded image");
  if (body.password) {
    if (body.password.length < 8) throw clerkErrors.passwordTooShort();
    changes.password_enabled = 1;
    changes.password_last_updated_at = now;
  }
  if (body.password_digest) {
    if (!body.password_hasher)
      throw clerkErrors.paramInvalid("password_hasher", "is required with password_digest");
    changes.password_enabled = 1;
    changes.password_last_updated_at = now;
  }
  if (body.totp_secret) changes.totp_enabled = 1;
  if (body.backup_codes !== undefined)
    changes.backup_code_enabled = body.backup_codes.length > 0 ? 1 : 0;
  const flag = (value: boolean | null | undefined) => (value == null ? undefined : value ? 1 : 0);
  const flags = {
    delete_self_enabled: flag(body.delete_self_enabled),
    create_organization_enabled: flag(body.create_organization_enabled),
    bypass_client_trust: flag(body.bypass_client_trust),
  };
  for (const [column, value] of Object.entries(flags))
    if (value !== undefined) changes[column as keyof typeof flags] = value;
  if (body.create_organizations_limit !== undefined)
    changes.create_organizations_limit = body.create_organizations_limit;
  if (body.legal_accepted_at !== undefined)
    changes.legal_accepted_at = body.legal_accepted_at ? Date.parse(body.legal_accepted_at) : null;
  if (body.created_at) changes.created_at = Date.parse(body.created_at);
  return changes;
}

function updated(user: ReturnType<typeof userJson>): RouteResult {
  return { status: 200, body: user, change: { type: "user.updated", data: user } };
}

async function writeMetadata(
  store: UserStore,
  interleaved: InterleavedWrites,
  ctx: RouteContext,
  mode: MetadataWriteMode,
) {
  const bags = parseMetadataBody(await readJsonBody(ctx.req));
  const userId = ctx.params.user_id ?? "";
  // An outside write a test queued lands first, as if its request had just beaten this one.
  for (const patch of interleaved.take(userId))
    store.writeMetadataBags(userId, patch, "merge", ctx.now);
  const user = store.writeMetadataBags(userId, bags, mode, ctx.now);
  if (!user) throw clerkErrors.notFound();
  return updated(userJson(user, ctx.baseUrl));
}

/** The user endpoints of Clerk's Backend API that Metadeck relies on. */
export function userRoutes(store: UserStore, interleaved: InterleavedWrites): Route[] {
  return [
    {
      method: "GET",
      template: "/v1/users/count",
      handler: ({ url }) => ({
        status: 200,
        body: {
          object: "total_count",
          total_count: store.count(parseUserFilter(url.searchParams)),
        },
      }),
    },
    {
      method: "GET",
      template: "/v1/users",
      handler: ({ url, baseUrl }) => {
        const filter = parseUserFilter(url.searchParams);
        const page = parseUserPage(url.searchParams);
        return { status: 200, body: store.list(filter, page).map((u) => userJson(u, baseUrl)) };
      },
    },
    {
      method: "POST",
      template: "/v1/users",
      handler: async (ctx) => {
        const body = parseCreateUserBody(await readJsonBody(ctx.req));
        const user = userJson(store.create(newUserFromBody(store, body, ctx.now)), ctx.baseUrl);
        return { status: 200, body: user, change: { type: "user.created", data: user } };
      },
    },
    {
      method: "PATCH",
      template: "/v1/users/{user_id}/metadata",
      perUserWriteLimit: "user_id",
      handler: (ctx) => writeMetadata(store, interleaved, ctx, "merge"),
    },
    {
      method: "PUT",
      template: "/v1/users/{user_id}/metadata",
      perUserWriteLimit: "user_id",
      handler: (ctx) => writeMetadata(store, interleaved, ctx, "replace"),
    },
    {
      method: "PATCH",
      template: "/v1/users/{user_id}",
      perUserWriteLimit: "user_id",
      handler: async (ctx) => {
        const body = parseUpdateUserBody(await readJsonBody(ctx.req));
        const user = requireUser(store, ctx.params.user_id);
        const changes = profileChanges(store, user, body, ctx.now);
        const changed = store.updateProfile(user.row.id, changes, ctx.now);
        if (!changed) throw clerkErrors.notFound();
        return updated(userJson(changed, ctx.baseUrl));
      },
    },
    {
      method: "GET",
      template: "/v1/users/{user_id}",
      handler: ({ params, baseUrl }) => ({
        status: 200,
        body: userJson(requireUser(store, params.user_id), baseUrl),
      }),
    },
    {
      method: "DELETE",
      template: "/v1/users/{user_id}",
      handler: ({ params }) => {
        if (!params.user_id || !store.delete(params.user_id)) throw clerkErrors.notFound();
        const deleted = { object: "user", id: params.user_id, deleted: true };
        return { status: 200, body: deleted, change: { type: "user.deleted", data: deleted } };
      },
    },
  ];
}
