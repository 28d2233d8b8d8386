import { z } from "zod";
import { ClerkApiError, clerkErrors } from "../http/clerk-error";

/** `order_by` fields of the spec, mapped to the `users` column that orders them. */
export const ORDER_BY_FIELDS = {
  created_at: "created_at",
  updated_at: "updated_at",
  email_address: "primary_email",
  web3wallet: null,
  first_name: "first_name",
  last_name: "last_name",
  phone_number: "primary_phone",
  username: "username",
  last_active_at: "last_active_at",
  last_sign_in_at: "last_sign_in_at",
} as const;
export type OrderByField = keyof typeof ORDER_BY_FIELDS;

interface Inclusion {
  include: string[];
  exclude: string[];
}
export interface TimeRange {
  before?: number;
  after?: number;
}

export interface UserFilter {
  emailAddresses: string[];
  phoneNumbers: string[];
  usernames: string[];
  web3Wallets: string[];
  externalIds: Inclusion;
  userIds: Inclusion;
  organizationIds: Inclusion;
  providerUserIds: string[];
  query?: string;
  emailAddressQuery?: string;
  phoneNumberQuery?: string;
  usernameQuery?: string;
  nameQuery?: string;
  banned?: boolean;
  createdAt: TimeRange;
  lastActiveAt: TimeRange;
  lastSignInAt: TimeRange;
}

export interface UserPage {
  limit: number;
  offset: number;
  orderBy: OrderByField;
  descending: boolean;
  startingAfter?: string;
}

const MULTI_KEYS = [
  "email_address",
  "phone_number",
  "external_id",
  "username",
  "web3_wallet",
  "user_id",
  "organization_id",
  "provider_user_id",
] as const;
const MAX_VALUES = 100;

const multi = z
  .array(z.string())
  .max(MAX_VALUES, `accepts at most ${MAX_VALUES} values`)
  .default([]);
const text = z.string().optional();
const epochMs = z
  .string()
  .regex(/^-?\d+$/, "must be an integer timestamp in milliseconds")
  .transform(Number)
  .optional();
const bool = z
  .enum(["true", "false"], { message: "must be true or false" })
  .transform((v) => v === "true")
  .optional();

const filterSchema = z.object({
  email_address: multi,
  phone_number: multi,
  external_id: multi,
  username: multi,
  web3_wallet: multi,
  user_id: multi,
  organization_id: multi,
  provider_user_id: multi,
  provider: text,
  query: text,
  email_address_query: text,
  phone_number_query: text,
  username_query: text,
  name_query: text,
  banned: bool,
  created_at_before: epochMs,
  created_at_after: epochMs,
  last_active_at_before: epochMs,
  last_active_at_after: epochMs,
  last_active_at_since: epochMs,
  last_sign_in_at_before: epochMs,
  last_sign_in_at_after: epochMs,
});

const integer = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/, "must be an integer")
    .transform(Number)
    .pipe(z.number().min(min, `must be at least ${min}`).max(max, `must be at most ${max}`));

const pageSchema = z.object({
  limit: integer(1, 500).default(10),
  offset: integer(0, Number.MAX_SAFE_INTEGER).default(0),
  order_by: z
    .string()
    .default("-created_at")
    .transform((value) => ({
      field: value.replace(/^[+\- ]/, ""),
      descending: value.startsWith("-"),
    }))
    .refine((o) => o.field in ORDER_BY_FIELDS, {
      message: `must be one of ${Object.keys(ORDER_BY_FIELDS).join(", ")}, optionally prefixed with + or -`,
    }),
  starting_after: z.string().min(1).optional(),
});

/** Collects repeated keys as arrays and keeps the first value of single keys (Clerk's rule for order_by). */
function toRecord(params: URLSearchParams): Record<string, string | string[]> {
  const record: Record<string, string | string[]> = {};
  for (const key of new Set(params.keys())) {
    const values = params.getAll(key);
    record[key] = (MULTI_KEYS as readonly string[]).includes(key) ? values : (values[0] ?? "");
  }
  return record;
}

function toClerkError(error: z.ZodError): ClerkApiError {
  const issue = error.issues[0];
  const param = String(issue?.path[0] ?? "query");
  const message = issue?.message ?? "is invalid";
  return issue?.code === "invalid_format"
    ? clerkErrors.paramFormatInvalid(param, message)
    : clerkErrors.paramInvalid(param, message);
}

/** A `+` in a query string may arrive decoded as a space; both mean "include". */
function splitInclusion(values: string[]): Inclusion {
  const inclusion: Inclusion = { include: [], exclude: [] };
  for (const raw of values) {
    const value = raw.replace(/^ +/, "");
    if (value.startsWith("-")) inclusion.exclude.push(value.slice(1));
    else inclusion.include.push(value.replace(/^\+/, ""));
  }
  return inclusion;
}

export function parseUserFilter(params: URLSearchParams): UserFilter {
  const parsed = filterSchema.safeParse(toRecord(params));
  if (!parsed.success) throw toClerkError(parsed.error);
  const p = parsed.data;
  return {
    emailAddresses: p.email_address.map((e) => e.toLowerCase()),
    phoneNumbers: p.phone_number,
    usernames: p.username.map((u) => u.toLowerCase()),
    web3Wallets: p.web3_wallet,
    externalIds: splitInclusion(p.external_id),
    userIds: splitInclusion(p.user_id),
    organizationIds: splitInclusion(p.organization_id),
    providerUserIds: p.provider ? p.provider_user_id : [],
    query: p.query || undefined,
    emailAddressQuery: p.email_address_query || undefined,
    phoneNumberQuery: p.phone_number_query || undefined,
    usernameQuery: p.username_query || undefined,
    nameQuery: p.name_query || undefined,
    banned: p.banned,
    createdAt: { before: p.created_at_before, after: p.created_at_after },
    lastActiveAt: {
      before: p.last_active_at_before,
      after: p.last_active_at_after ?? p.last_active_at_since,
    },
    lastSignInAt: { before: p.last_sign_in_at_before, after: p.last_sign_in_at_after },
  };
}

export function parseUserPage(params: URLSearchParams): UserPage {
  const parsed = pageSchema.safeParse(toRecord(params));
  if (!parsed.success) throw toClerkError(parsed.error);
  const { limit, offset, order_by, starting_after } = parsed.data;
  const orderBy = order_by.field as OrderByField;
  if (starting_after !== undefined) {
    if (orderBy !== "created_at") {
      throw clerkErrors.paramInvalid(
        "starting_after",
        "can only be used when ordering by created_at",
      );
    }
    if (offset !== 0) {
      throw clerkErrors.paramInvalid("starting_after", "cannot be combined with a non-zero offset");
    }
  }
  return { limit, offset, orderBy, descending: order_by.descending, startingAfter: starting_after };
}
