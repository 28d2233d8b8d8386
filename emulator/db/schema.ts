/**
 * The emulator's tables. `users` stays narrow (metadata lives in its own table) so that
 * searching and counting 100,000 users scans little; `search_text` is the lower-cased haystack
 * for Clerk's `query` parameter, also indexed by trigrams in `user_search` (rowid = seq) so that a
 * substring search of three or more characters need not scan. Each orderable column has an index shaped
 * `(col IS NULL, col, seq)`, which serves both directions with PostgreSQL's null placement
 * (last when ascending, first when descending) without a sort step.
 */
export const TABLES_SQL = `
CREATE TABLE IF NOT EXISTS users (
  seq INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  external_id TEXT UNIQUE,
  username TEXT UNIQUE,
  first_name TEXT,
  last_name TEXT,
  locale TEXT,
  primary_email TEXT,
  primary_phone TEXT,
  primary_email_address_id TEXT,
  primary_phone_number_id TEXT,
  has_image INTEGER NOT NULL DEFAULT 0,
  password_enabled INTEGER NOT NULL DEFAULT 0,
  password_last_updated_at INTEGER,
  totp_enabled INTEGER NOT NULL DEFAULT 0,
  backup_code_enabled INTEGER NOT NULL DEFAULT 0,
  banned INTEGER NOT NULL DEFAULT 0,
  locked INTEGER NOT NULL DEFAULT 0,
  delete_self_enabled INTEGER NOT NULL DEFAULT 1,
  create_organization_enabled INTEGER NOT NULL DEFAULT 1,
  create_organizations_limit INTEGER,
  bypass_client_trust INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  last_active_at INTEGER,
  last_sign_in_at INTEGER,
  legal_accepted_at INTEGER,
  search_text TEXT NOT NULL
);
CREATE VIRTUAL TABLE IF NOT EXISTS user_search USING fts5(
  search_text, tokenize = 'trigram', content = '', contentless_delete = 1
);
CREATE TABLE IF NOT EXISTS user_metadata (
  seq INTEGER PRIMARY KEY REFERENCES users(seq) ON DELETE CASCADE,
  public_metadata TEXT NOT NULL DEFAULT '{}',
  private_metadata TEXT NOT NULL DEFAULT '{}',
  unsafe_metadata TEXT NOT NULL DEFAULT '{}'
);
CREATE TABLE IF NOT EXISTS email_addresses (
  id TEXT PRIMARY KEY,
  user_seq INTEGER NOT NULL REFERENCES users(seq) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  email_address TEXT NOT NULL UNIQUE,
  verification_strategy TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS phone_numbers (
  id TEXT PRIMARY KEY,
  user_seq INTEGER NOT NULL REFERENCES users(seq) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  phone_number TEXT NOT NULL UNIQUE,
  verification_strategy TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
`;

const ORDER_COLUMNS = [
  "created_at",
  "updated_at",
  "primary_email",
  "first_name",
  "last_name",
  "primary_phone",
  "username",
  "last_active_at",
  "last_sign_in_at",
] as const;

/** Built after a bulk seed rather than before, which makes seeding several times faster. */
export const INDEXES_SQL = [
  ...ORDER_COLUMNS.map(
    (column) =>
      `CREATE INDEX IF NOT EXISTS users_order_${column} ON users((${column} IS NULL), ${column}, seq)`,
  ),
  "CREATE INDEX IF NOT EXISTS users_banned ON users(banned)",
  "CREATE INDEX IF NOT EXISTS email_addresses_user ON email_addresses(user_seq, position)",
  "CREATE INDEX IF NOT EXISTS phone_numbers_user ON phone_numbers(user_seq, position)",
].join(";\n");
