import type { JsonObject } from "@/lib/metadata/json";

/**
 * How an identifier was verified; `reserved` is none yet: created so by the admin API, usable
 * for sign-in and locked so no other user can claim it (Clerk's identification status).
 */
type VerificationStrategy = "admin" | "email_code" | "phone_code" | "reserved";

export interface IdentifierInput {
  id: string;
  value: string;
  verificationStrategy: VerificationStrategy;
  createdAt: number;
}

export interface MetadataBags {
  public_metadata: JsonObject;
  private_metadata: JsonObject;
  unsafe_metadata: JsonObject;
}

export type MetadataBagName = keyof MetadataBags;
export const METADATA_BAGS: readonly MetadataBagName[] = [
  "public_metadata",
  "private_metadata",
  "unsafe_metadata",
];

/** Everything needed to store a user; the first email and phone are the primary ones. */
export interface NewUser {
  id: string;
  externalId: string | null;
  username: string | null;
  firstName: string | null;
  lastName: string | null;
  locale: string | null;
  hasImage: boolean;
  passwordEnabled: boolean;
  totpEnabled: boolean;
  backupCodeEnabled: boolean;
  banned: boolean;
  locked: boolean;
  deleteSelfEnabled: boolean;
  createOrganizationEnabled: boolean;
  createOrganizationsLimit: number | null;
  bypassClientTrust: boolean;
  createdAt: number;
  updatedAt: number;
  lastActiveAt: number | null;
  lastSignInAt: number | null;
  legalAcceptedAt: number | null;
  passwordLastUpdatedAt: number | null;
  emails: IdentifierInput[];
  phones: IdentifierInput[];
  metadata: MetadataBags;
}

/** A `users` row as SQLite returns it. */
export interface UserRow {
  seq: number;
  id: string;
  external_id: string | null;
  username: string | null;
  first_name: string | null;
  last_name: string | null;
  locale: string | null;
  primary_email_address_id: string | null;
  primary_phone_number_id: string | null;
  has_image: number;
  password_enabled: number;
  password_last_updated_at: number | null;
  totp_enabled: number;
  backup_code_enabled: number;
  banned: number;
  locked: number;
  delete_self_enabled: number;
  create_organization_enabled: number;
  create_organizations_limit: number | null;
  bypass_client_trust: number;
  created_at: number;
  updated_at: number;
  last_active_at: number | null;
  last_sign_in_at: number | null;
  legal_accepted_at: number | null;
}

export interface IdentifierRow {
  id: string;
  user_seq: number;
  value: string;
  verification_strategy: VerificationStrategy;
  created_at: number;
  updated_at: number;
}

/** A user with its identifiers and metadata, ready to be rendered as Clerk's `User`. */
export interface StoredUser {
  row: UserRow;
  emails: IdentifierRow[];
  phones: IdentifierRow[];
  metadata: MetadataBags;
}
