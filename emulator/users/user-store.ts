import type { Statement } from "better-sqlite3";
import { isJsonObject, jsonByteSize, type JsonObject } from "@/lib/metadata/json";
import { mergeMetadata } from "@/lib/metadata/merge-patch";
import type { EmulatorDatabase } from "../db/open-database";
import { clerkErrors } from "../http/clerk-error";
import type { UserFilter, UserPage } from "./list-params";
import { filterToSql, orderToSql } from "./list-sql";
import { buildSearchText } from "./search-text";
import {
  METADATA_BAGS,
  type IdentifierInput,
  type IdentifierRow,
  type MetadataBags,
  type NewUser,
  type StoredUser,
  type UserRow,
} from "./user-record";

/** Clerk caps each metadata bag at 8 KB of JSON. */
export const METADATA_MAX_BYTES = 8192;

export type MetadataWriteMode = "merge" | "replace";

/** The user columns the update-user endpoint may set (a fixed list: they are named in SQL). */
const PROFILE_COLUMNS = [
  "external_id",
  "username",
  "first_name",
  "last_name",
  "locale",
  "primary_email",
  "primary_email_address_id",
  "primary_phone",
  "primary_phone_number_id",
  "password_enabled",
  "password_last_updated_at",
  "totp_enabled",
  "backup_code_enabled",
  "delete_self_enabled",
  "create_organization_enabled",
  "create_organizations_limit",
  "bypass_client_trust",
  "legal_accepted_at",
  "created_at",
] as const;
type ProfileColumn = (typeof PROFILE_COLUMNS)[number];
export type ProfileChanges = Partial<Record<ProfileColumn, string | number | null>>;

const USER_COLUMNS = `u.seq, u.id, u.external_id, u.username, u.first_name, u.last_name, u.locale,
  u.primary_email_address_id, u.primary_phone_number_id, u.has_image, u.password_enabled,
  u.password_last_updated_at, u.totp_enabled, u.backup_code_enabled, u.banned, u.locked,
  u.delete_self_enabled, u.create_organization_enabled, u.create_organizations_limit,
  u.bypass_client_trust, u.created_at, u.updated_at, u.last_active_at, u.last_sign_in_at,
  u.legal_accepted_at`;

interface MetadataRow {
  seq: number;
  public_metadata: string;
  private_metadata: string;
  unsafe_metadata: string;
}

const bool = (value: boolean) => (value ? 1 : 0);

const asIdentifierInput = (row: IdentifierRow): IdentifierInput => ({
  id: row.id,
  value: row.value,
  verificationStrategy: row.verification_strategy,
  createdAt: row.created_at,
});

/** The emulator's users, in SQLite. Every method is synchronous and each write is one transaction. */
export class UserStore {
  private readonly insertUser: Statement;
  private readonly insertSearch: Statement;
  private readonly deleteSearch: Statement;
  private readonly insertMetadata: Statement;
  private readonly insertEmail: Statement;
  private readonly insertPhone: Statement;
  private readonly selectBySeq: Statement<[number], UserRow>;
  private readonly selectById: Statement<[string], UserRow>;
  private readonly selectMetadata: Statement<[number], MetadataRow>;
  private readonly writeMetadata: Statement;
  private readonly touchUser: Statement;
  private readonly deleteBySeq: Statement;
  private readonly selectTotal: Statement<[], { n: number }>;

  constructor(private readonly db: EmulatorDatabase) {
    this.insertUser = db.prepare(`INSERT INTO users (id, external_id, username, first_name,
      last_name, locale, primary_email, primary_phone, primary_email_address_id,
      primary_phone_number_id, has_image, password_enabled, password_last_updated_at,
      totp_enabled, backup_code_enabled, banned, locked, delete_self_enabled,
      create_organization_enabled, create_organizations_limit, bypass_client_trust, created_at,
      updated_at, last_active_at, last_sign_in_at, legal_accepted_at, search_text)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    this.insertSearch = db.prepare("INSERT INTO user_search (rowid, search_text) VALUES (?, ?)");
    this.deleteSearch = db.prepare("DELETE FROM user_search WHERE rowid = ?");
    this.insertMetadata = db.prepare(
      "INSERT INTO user_metadata (seq, public_metadata, private_metadata, unsafe_metadata) VALUES (?, ?, ?, ?)",
    );
    this.insertEmail = db.prepare(`INSERT INTO email_addresses (id, user_seq, position,
      email_address, verification_strategy, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)`);
    this.insertPhone = db.prepare(`INSERT INTO phone_numbers (id, user_seq, position,
      phone_number, verification_strategy, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)`);
    this.selectBySeq = db.prepare(`SELECT ${USER_COLUMNS} FROM users u WHERE u.seq = ?`);
    this.selectById = db.prepare(`SELECT ${USER_COLUMNS} FROM users u WHERE u.id = ?`);
    this.selectMetadata = db.prepare("SELECT * FROM user_metadata WHERE seq = ?");
    this.writeMetadata = db.prepare(
      "UPDATE user_metadata SET public_metadata = ?, private_metadata = ?, unsafe_metadata = ? WHERE seq = ?",
    );
    this.touchUser = db.prepare("UPDATE users SET updated_at = ? WHERE seq = ?");
    this.deleteBySeq = db.prepare("DELETE FROM users WHERE seq = ?");
    this.selectTotal = db.prepare("SELECT count(*) AS n FROM users");
  }

  total(): number {
    return this.selectTotal.get()?.n ?? 0;
  }

  /** Inserts users in one transaction (the seed calls it with thousands at a time). */
  insertMany(users: readonly NewUser[]): void {
    this.db.transaction(() => {
      for (const user of users) this.insertOne(user);
    })();
  }

  create(user: NewUser): StoredUser {
    return this.db.transaction(() => this.load(this.insertOne(user)))();
  }

  findById(id: string): StoredUser | null {
    const row = this.selectById.get(id);
    return row ? (this.hydrate([row])[0] ?? null) : null;
  }

  isTaken(column: "email" | "phone" | "username" | "external_id", value: string): boolean {
    const sql = {
      email: "SELECT 1 FROM email_addresses WHERE email_address = ?",
      phone: "SELECT 1 FROM phone_numbers WHERE phone_number = ?",
      username: "SELECT 1 FROM users WHERE username = ?",
      external_id: "SELECT 1 FROM users WHERE external_id = ?",
    }[column];
    return this.db.prepare(sql).get(value) !== undefined;
  }

  list(filter: UserFilter, page: UserPage): StoredUser[] {
    const where = filterToSql(filter);
    const params: (string | number)[] = [...where.params];
    let cursor = "";
    if (page.startingAfter !== undefined) {
      const after = this.selectById.get(page.startingAfter);
      if (!after)
        throw clerkErrors.paramInvalid("starting_after", "does not name an existing user");
      cursor = page.descending
        ? " AND (u.created_at, u.seq) < (?, ?)"
        : " AND (u.created_at, u.seq) > (?, ?)";
      params.push(after.created_at, after.seq);
    }
    const rows = this.db
      .prepare<(string | number)[], UserRow>(
        `SELECT ${USER_COLUMNS} FROM users u WHERE ${where.sql}${cursor}
         ORDER BY ${orderToSql(page)} LIMIT ? OFFSET ?`,
      )
      .all(...params, page.limit, page.offset);
    return this.hydrate(rows);
  }

  count(filter: UserFilter): number {
    const where = filterToSql(filter);
    const row = this.db
      .prepare<(string | number)[], { n: number }>(
        `SELECT count(*) AS n FROM users u WHERE ${where.sql}`,
      )
      .get(...where.params);
    return row?.n ?? 0;
  }

  /**
   * Merges (PATCH) or replaces (PUT) the given bags and moves `updated_at` forward, strictly,
   * so that two writes in the same millisecond still tell apart for conflict checks.
   */
  writeMetadataBags(
    id: string,
    bags: Partial<MetadataBags>,
    mode: MetadataWriteMode,
    now: number,
  ): StoredUser | null {
    return this.db.transaction(() => {
      const row = this.selectById.get(id);
      if (!row) return null;
      const current = parseMetadata(this.selectMetadata.get(row.seq));
      const next: MetadataBags = { ...current };
      for (const bag of METADATA_BAGS) {
        const patch = bags[bag];
        if (patch === undefined) continue;
        const value = mode === "merge" ? mergeMetadata(current[bag], patch) : patch;
        const size = jsonByteSize(value);
        if (size > METADATA_MAX_BYTES)
          throw clerkErrors.paramTooLarge(bag, size, METADATA_MAX_BYTES);
        next[bag] = value;
      }
      this.writeMetadata.run(
        JSON.stringify(next.public_metadata),
        JSON.stringify(next.private_metadata),
        JSON.stringify(next.unsafe_metadata),
        row.seq,
      );
      this.touchUser.run(Math.max(now, row.updated_at + 1), row.seq);
      return this.load(row.seq);
    })();
  }

  /**
   * Changes a user's profile columns (the update-user endpoint's fields, already checked) and
   * moves `updated_at` forward strictly, as every write does; names and username are searched,
   * so the search text follows them.
   */
  updateProfile(id: string, changes: ProfileChanges, now: number): StoredUser | null {
    return this.db.transaction(() => {
      const row = this.selectById.get(id);
      if (!row) return null;
      const columns = Object.keys(changes).filter((c): c is ProfileColumn =>
        (PROFILE_COLUMNS as readonly string[]).includes(c),
      );
      if (columns.length > 0)
        this.db
          .prepare(`UPDATE users SET ${columns.map((c) => `${c} = ?`).join(", ")} WHERE seq = ?`)
          .run(...columns.map((c) => changes[c] ?? null), row.seq);
      this.touchUser.run(Math.max(now, row.updated_at + 1), row.seq);
      const user = this.load(row.seq);
      const searchText = buildSearchText({
        id: user.row.id,
        username: user.row.username,
        firstName: user.row.first_name,
        lastName: user.row.last_name,
        emails: user.emails.map(asIdentifierInput),
        phones: user.phones.map(asIdentifierInput),
      });
      this.db.prepare("UPDATE users SET search_text = ? WHERE seq = ?").run(searchText, row.seq);
      this.deleteSearch.run(row.seq);
      this.insertSearch.run(row.seq, searchText);
      return user;
    })();
  }

  delete(id: string): boolean {
    return this.db.transaction(() => {
      const row = this.selectById.get(id);
      if (!row) return false;
      this.deleteSearch.run(row.seq);
      this.deleteBySeq.run(row.seq);
      return true;
    })();
  }

  private insertOne(user: NewUser): number {
    const searchText = buildSearchText(user);
    const primaryEmail = user.emails[0];
    const primaryPhone = user.phones[0];
    const { lastInsertRowid } = this.insertUser.run(
      user.id,
      user.externalId,
      user.username,
      user.firstName,
      user.lastName,
      user.locale,
      primaryEmail?.value ?? null,
      primaryPhone?.value ?? null,
      primaryEmail?.id ?? null,
      primaryPhone?.id ?? null,
      bool(user.hasImage),
      bool(user.passwordEnabled),
      user.passwordLastUpdatedAt,
      bool(user.totpEnabled),
      bool(user.backupCodeEnabled),
      bool(user.banned),
      bool(user.locked),
      bool(user.deleteSelfEnabled),
      bool(user.createOrganizationEnabled),
      user.createOrganizationsLimit,
      bool(user.bypassClientTrust),
      user.createdAt,
      user.updatedAt,
      user.lastActiveAt,
      user.lastSignInAt,
      user.legalAcceptedAt,
      searchText,
    );
    const seq = Number(lastInsertRowid);
    this.insertSearch.run(seq, searchText);
    this.insertMetadata.run(
      seq,
      JSON.stringify(user.metadata.public_metadata),
      JSON.stringify(user.metadata.private_metadata),
      JSON.stringify(user.metadata.unsafe_metadata),
    );
    user.emails.forEach((e, position) =>
      this.insertEmail.run(
        e.id,
        seq,
        position,
        e.value,
        e.verificationStrategy,
        e.createdAt,
        e.createdAt,
      ),
    );
    user.phones.forEach((p, position) =>
      this.insertPhone.run(
        p.id,
        seq,
        position,
        p.value,
        p.verificationStrategy,
        p.createdAt,
        p.createdAt,
      ),
    );
    return seq;
  }

  private load(seq: number): StoredUser {
    const row = this.selectBySeq.get(seq);
    if (!row) throw new Error(`user seq ${seq} vanished inside its own transaction`);
    return this.hydrate([row])[0] as StoredUser;
  }

  /** Loads identifiers and metadata for a page of rows with three queries, not three per row. */
  private hydrate(rows: UserRow[]): StoredUser[] {
    if (rows.length === 0) return [];
    const seqs = rows.map((r) => r.seq);
    const inList = seqs.map(() => "?").join(", ");
    const emails = this.db
      .prepare<number[], IdentifierRow>(
        `SELECT id, user_seq, email_address AS value, verification_strategy, created_at, updated_at
         FROM email_addresses WHERE user_seq IN (${inList}) ORDER BY user_seq, position`,
      )
      .all(...seqs);
    const phones = this.db
      .prepare<number[], IdentifierRow>(
        `SELECT id, user_seq, phone_number AS value, verification_strategy, created_at, updated_at
         FROM phone_numbers WHERE user_seq IN (${inList}) ORDER BY user_seq, position`,
      )
      .all(...seqs);
    const metadata = new Map(
      this.db
        .prepare<number[], MetadataRow>(`SELECT * FROM user_metadata WHERE seq IN (${inList})`)
        .all(...seqs)
        .map((m) => [m.seq, m]),
    );
    return rows.map((row) => ({
      row,
      emails: emails.filter((e) => e.user_seq === row.seq),
      phones: phones.filter((p) => p.user_seq === row.seq),
      metadata: parseMetadata(metadata.get(row.seq)),
    }));
  }
}

function parseBag(text: string | undefined): JsonObject {
  const value: unknown = text === undefined ? {} : JSON.parse(text);
  return isJsonObject(value) ? value : {};
}

function parseMetadata(row: MetadataRow | undefined): MetadataBags {
  return {
    public_metadata: parseBag(row?.public_metadata),
    private_metadata: parseBag(row?.private_metadata),
    unsafe_metadata: parseBag(row?.unsafe_metadata),
  };
}
