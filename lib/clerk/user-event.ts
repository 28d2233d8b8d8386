import { z } from "zod";
import { fail, ok, type Result } from "@/lib/result/result";
import { toUserDto, type UserDto } from "./user-dto";
import { USER_ID_PATTERN } from "./user-id";

const nullableText = z.string().nullable().default(null);
const nullableTime = z.number().int().nullable().default(null);
const verification = z.looseObject({ status: z.string() }).nullable().default(null);

/** The User JSON of Clerk's API and webhooks, as far as Metadeck reads it. */
const userJsonSchema = z.looseObject({
  id: z.string().regex(USER_ID_PATTERN),
  object: z.literal("user"),
  external_id: nullableText,
  username: nullableText,
  first_name: nullableText,
  last_name: nullableText,
  image_url: z.string().default(""),
  has_image: z.boolean().default(false),
  primary_email_address_id: nullableText,
  primary_phone_number_id: nullableText,
  email_addresses: z
    .array(z.looseObject({ id: z.string(), email_address: z.string(), verification }))
    .default([]),
  phone_numbers: z
    .array(z.looseObject({ id: z.string(), phone_number: z.string(), verification }))
    .default([]),
  created_at: z.number().int(),
  updated_at: z.number().int(),
  last_sign_in_at: nullableTime,
  last_active_at: nullableTime,
  banned: z.boolean().default(false),
  locked: z.boolean().default(false),
  public_metadata: z.unknown().optional(),
  private_metadata: z.unknown().optional(),
  unsafe_metadata: z.unknown().optional(),
});

const deletedUserSchema = z.looseObject({
  id: z.string().regex(USER_ID_PATTERN),
  object: z.literal("user"),
  deleted: z.literal(true),
});

/** A user event of Clerk's webhooks, checked: the user as it now is, or its deletion. */
export type UserEvent =
  | { kind: "changed"; user: UserDto }
  | { kind: "deleted"; userId: string }
  | { kind: "other"; type: string };

/** Reads a verified webhook event; an event about something other than users is "other". */
export function parseUserEvent(
  type: string,
  data: unknown,
): Result<UserEvent, { message: string }> {
  if (type === "user.deleted") {
    const parsed = deletedUserSchema.safeParse(data);
    if (!parsed.success) return fail({ message: z.prettifyError(parsed.error) });
    return ok({ kind: "deleted", userId: parsed.data.id });
  }
  if (type !== "user.created" && type !== "user.updated") return ok({ kind: "other", type });
  const parsed = userJsonSchema.safeParse(data);
  if (!parsed.success) return fail({ message: z.prettifyError(parsed.error) });
  const json = parsed.data;
  const user = toUserDto({
    id: json.id,
    externalId: json.external_id,
    username: json.username,
    firstName: json.first_name,
    lastName: json.last_name,
    imageUrl: json.image_url,
    hasImage: json.has_image,
    primaryEmailAddressId: json.primary_email_address_id,
    primaryPhoneNumberId: json.primary_phone_number_id,
    emailAddresses: json.email_addresses.map((e) => ({
      id: e.id,
      emailAddress: e.email_address,
      verification: e.verification,
    })),
    phoneNumbers: json.phone_numbers.map((p) => ({
      id: p.id,
      phoneNumber: p.phone_number,
      verification: p.verification,
    })),
    createdAt: json.created_at,
    updatedAt: json.updated_at,
    lastSignInAt: json.last_sign_in_at,
    lastActiveAt: json.last_active_at,
    banned: json.banned,
    locked: json.locked,
    publicMetadata: json.public_metadata,
    privateMetadata: json.private_metadata,
    unsafeMetadata: json.unsafe_metadata,
  });
  return ok({ kind: "changed", user });
}
