import { clerkId } from "../ids";
import { clerkErrors } from "../http/clerk-error";
import { readJsonBody } from "../http/read-body";
import type { Route, RouteContext } from "../http/router";
import { parseUserFilter, parseUserPage } from "./list-params";
import { parseCreateUserBody, parseMetadataBody, type CreateUserBody } from "./user-bodies";
import { userJson } from "./user-json";
import type { IdentifierInput, NewUser, StoredUser } from "./user-record";
import { METADATA_MAX_BYTES, type MetadataWriteMode, type UserStore } from "./user-store";
import { jsonByteSize } from "@/lib/metadata/json";

function requireUser(store: UserStore, id: string | undefined): StoredUser {
  const user = id ? store.findById(id) : null;
  if (!user) throw clerkErrors.notFound();
  return user;
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
  for (const bag of ["public_metadata", "private_metadata", "unsafe_metadata"] as const) {
    const value = body[bag];
    if (value && jsonByteSize(value) > METADATA_MAX_BYTES) {
      throw clerkErrors.paramTooLarge(bag, jsonByteSize(value), METADATA_MAX_BYTES);
    }
  }
  const createdAt = body.created_at ? Date.parse(body.created_at) : now;
  const identifier = (value: string): IdentifierInput => ({
    id: clerkId("idn"),
    value,
    verificationStrategy: "admin",
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
    emails: emails.map(identifier),
    phones: phones.map(identifier),
    metadata: {
      public_metadata: body.public_metadata ?? {},
      private_metadata: body.private_metadata ?? {},
      unsafe_metadata: body.unsafe_metadata ?? {},
    },
  };
}

async function writeMetadata(store: UserStore, ctx: RouteContext, mode: MetadataWriteMode) {
  const bags = parseMetadataBody(await readJsonBody(ctx.req));
  const user = store.writeMetadataBags(ctx.params.user_id ?? "", bags, mode, ctx.now);
  if (!user) throw clerkErrors.notFound();
  return { status: 200, body: userJson(user, ctx.baseUrl) };
}

/** The user endpoints of Clerk's Backend API that Metadeck relies on. */
export function userRoutes(store: UserStore): Route[] {
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
        const user = store.create(newUserFromBody(store, body, ctx.now));
        return { status: 200, body: userJson(user, ctx.baseUrl) };
      },
    },
    {
      method: "PATCH",
      template: "/v1/users/{user_id}/metadata",
      perUserWriteLimit: "user_id",
      handler: (ctx) => writeMetadata(store, ctx, "merge"),
    },
    {
      method: "PUT",
      template: "/v1/users/{user_id}/metadata",
      perUserWriteLimit: "user_id",
      handler: (ctx) => writeMetadata(store, ctx, "replace"),
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
        return { status: 200, body: { object: "user", id: params.user_id, deleted: true } };
      },
    },
  ];
}
