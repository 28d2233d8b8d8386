import { z } from "zod";
import { isJsonObject, type JsonObject } from "@/lib/metadata/json";
import { ClerkApiError, clerkErrors } from "../http/clerk-error";
import { METADATA_BAGS, type MetadataBags } from "./user-record";

const metadataBag = z.custom<JsonObject>(isJsonObject, { message: "must be a JSON object" });

/** Body of `POST /v1/users`, as the spec's CreateUser schema (unknown fields are refused). */
const createUserBodySchema = z
  .object({
    external_id: z.string().min(1).nullish(),
    first_name: z.string().max(256).nullish(),
    last_name: z.string().max(256).nullish(),
    locale: z.string().nullish(),
    email_address: z.array(z.email({ message: "must be a valid email address" })).optional(),
    email_address_identification_status: z.array(z.enum(["verified", "reserved"])).optional(),
    phone_number: z
      .array(z.string().regex(/^\+[1-9]\d{6,14}$/, "must be a valid phone number in E.164 format"))
      .optional(),
    phone_number_identification_status: z.array(z.enum(["verified", "reserved"])).optional(),
    web3_wallet: z.array(z.string()).optional(),
    username: z
      .string()
      .regex(/^[a-zA-Z0-9_-]{4,64}$/, "must be 4 to 64 letters, digits, - or _")
      .nullish(),
    password: z.string().nullish(),
    password_digest: z.string().nullish(),
    password_hasher: z.string().optional(),
    skip_password_checks: z.boolean().nullish(),
    skip_password_requirement: z.boolean().nullish(),
    totp_secret: z.string().nullish(),
    backup_codes: z.array(z.string()).optional(),
    public_metadata: metadataBag.optional(),
    private_metadata: metadataBag.optional(),
    unsafe_metadata: metadataBag.optional(),
    delete_self_enabled: z.boolean().nullish(),
    legal_accepted_at: z.iso.datetime({ offset: true }).nullish(),
    skip_legal_checks: z.boolean().nullish(),
    skip_user_requirement: z.boolean().nullish(),
    create_organization_enabled: z.boolean().nullish(),
    create_organizations_limit: z.number().int().min(0).nullish(),
    created_at: z.iso.datetime({ offset: true }).nullish(),
    bypass_client_trust: z.boolean().nullish(),
    banned: z.boolean().nullish(),
    locked: z.boolean().nullish(),
  })
  .strict();

export type CreateUserBody = z.infer<typeof createUserBodySchema>;

const metadataBodySchema = z
  .object({
    public_metadata: metadataBag.optional(),
    private_metadata: metadataBag.optional(),
    unsafe_metadata: metadataBag.optional(),
  })
  .strict();

/** Maps the first zod issue to Clerk's form error for that parameter. */
export function bodyIssueToClerkError(error: z.ZodError): ClerkApiError {
  const issue = error.issues[0];
  if (issue?.code === "unrecognized_keys") return clerkErrors.paramUnknown(issue.keys[0] ?? "body");
  const param = String(issue?.path[0] ?? "body");
  if (issue?.code === "invalid_format") return clerkErrors.paramFormatInvalid(param, issue.message);
  return clerkErrors.paramInvalid(param, issue?.message ?? "is invalid");
}

/** Validates the body of `PATCH`/`PUT /v1/users/{id}/metadata`. */
export function parseMetadataBody(body: unknown): Partial<MetadataBags> {
  if (!isJsonObject(body)) throw clerkErrors.bodyInvalid("it must be a JSON object");
  const parsed = metadataBodySchema.safeParse(body);
  if (!parsed.success) throw bodyIssueToClerkError(parsed.error);
  const bags: Partial<MetadataBags> = {};
  for (const bag of METADATA_BAGS) {
    const value = parsed.data[bag];
    if (value !== undefined) bags[bag] = value;
  }
  return bags;
}

export function parseCreateUserBody(body: unknown): CreateUserBody {
  if (!isJsonObject(body)) throw clerkErrors.bodyInvalid("it must be a JSON object");
  const parsed = createUserBodySchema.safeParse(body);
  if (!parsed.success) throw bodyIssueToClerkError(parsed.error);
  return parsed.data;
}

/**
 * Body of `PATCH /v1/users/{id}`, as the spec's UpdateUser schema (unknown fields are refused):
 * the profile fields it shares with CreateUser, and its own.
 */
const updateUserBodySchema = createUserBodySchema
  .pick({
    external_id: true,
    first_name: true,
    last_name: true,
    locale: true,
    username: true,
    password: true,
    password_digest: true,
    skip_password_checks: true,
    totp_secret: true,
    backup_codes: true,
    delete_self_enabled: true,
    create_organization_enabled: true,
    legal_accepted_at: true,
    skip_legal_checks: true,
    create_organizations_limit: true,
    created_at: true,
    bypass_client_trust: true,
  })
  .extend({
    primary_email_address_id: z.string().nullish(),
    notify_primary_email_address_changed: z.boolean().nullish(),
    primary_phone_number_id: z.string().nullish(),
    primary_web3_wallet_id: z.string().nullish(),
    profile_image_id: z.string().nullish(),
    password_hasher: z.string().nullish(),
    sign_out_of_other_sessions: z.boolean().nullish(),
  })
  .strict();

export type UpdateUserBody = z.infer<typeof updateUserBodySchema>;

export function parseUpdateUserBody(body: unknown): UpdateUserBody {
  if (!isJsonObject(body)) throw clerkErrors.bodyInvalid("it must be a JSON object");
  const parsed = updateUserBodySchema.safeParse(body);
  if (!parsed.success) throw bodyIssueToClerkError(parsed.error);
  return parsed.data;
}
