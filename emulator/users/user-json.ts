import type { IdentifierRow, StoredUser } from "./user-record";

/** Clerk's verification object for an identifier, by how it was verified. */
function verification(row: IdentifierRow) {
  if (row.verification_strategy === "reserved") return null;
  if (row.verification_strategy === "admin") {
    return {
      object: "verification_admin",
      status: "verified",
      strategy: "admin",
      attempts: null,
      expire_at: null,
    };
  }
  return {
    object: "verification_otp",
    status: "verified",
    strategy: row.verification_strategy,
    attempts: 1,
    expire_at: row.created_at + 600_000,
  };
}

function emailJson(row: IdentifierRow) {
  return {
    id: row.id,
    object: "email_address",
    email_address: row.value,
    reserved: row.verification_strategy === "reserved",
    verification: verification(row),
    linked_to: [],
    matches_sso_connection: false,
    created_at: row.created_at,
    updated_at: row.updated_at,
  };
}

function phoneJson(row: IdentifierRow) {
  return {
    id: row.id,
    object: "phone_number",
    phone_number: row.value,
    reserved_for_second_factor: false,
    default_second_factor: false,
    reserved: row.verification_strategy === "reserved",
    verification: verification(row),
    linked_to: [],
    backup_codes: null,
    created_at: row.created_at,
    updated_at: row.updated_at,
  };
}

/**
 * Clerk's `User` object (schema `User`, BAPI 2026-05-12): every required field, nothing the
 * schema does not name. Images are served by the emulator itself so nothing leaves the machine.
 */
export function userJson(user: StoredUser, baseUrl: string) {
  const { row } = user;
  const imageUrl = `${baseUrl}/__emulator/images/${row.id}.svg`;
  const twoFactor = row.totp_enabled === 1 || row.backup_code_enabled === 1;
  return {
    id: row.id,
    object: "user",
    external_id: row.external_id,
    primary_email_address_id: row.primary_email_address_id,
    primary_phone_number_id: row.primary_phone_number_id,
    primary_web3_wallet_id: null,
    username: row.username,
    first_name: row.first_name,
    last_name: row.last_name,
    locale: row.locale,
    profile_image_url: imageUrl,
    image_url: imageUrl,
    has_image: row.has_image === 1,
    public_metadata: user.metadata.public_metadata,
    private_metadata: user.metadata.private_metadata,
    unsafe_metadata: user.metadata.unsafe_metadata,
    email_addresses: user.emails.map(emailJson),
    phone_numbers: user.phones.map(phoneJson),
    web3_wallets: [],
    passkeys: [],
    password_enabled: row.password_enabled === 1,
    two_factor_enabled: twoFactor,
    totp_enabled: row.totp_enabled === 1,
    backup_code_enabled: row.backup_code_enabled === 1,
    // Clerk sets it when any second factor is turned on; the emulator keeps no separate time.
    mfa_enabled_at: twoFactor ? row.created_at : null,
    mfa_disabled_at: null,
    password_last_updated_at: row.password_last_updated_at,
    external_accounts: [],
    saml_accounts: [],
    enterprise_accounts: [],
    organization_memberships: [],
    last_sign_in_at: row.last_sign_in_at,
    banned: row.banned === 1,
    locked: row.locked === 1,
    deprovisioned: false,
    lockout_expires_in_seconds: row.locked === 1 ? 3600 : null,
    verification_attempts_remaining: row.locked === 1 ? 0 : 100,
    updated_at: row.updated_at,
    created_at: row.created_at,
    delete_self_enabled: row.delete_self_enabled === 1,
    create_organization_enabled: row.create_organization_enabled === 1,
    create_organizations_limit: row.create_organizations_limit,
    last_active_at: row.last_active_at,
    legal_accepted_at: row.legal_accepted_at,
    bypass_client_trust: row.bypass_client_trust === 1,
  };
}
