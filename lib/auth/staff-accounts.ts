import { runWithEndpointContext } from "@better-auth/core/context";
import type { Kysely } from "kysely";
import type { AuditActor } from "@/lib/audit/audit-actor";
import { recordStaffEvent } from "@/lib/audit/record-staff-event";
import type { StaffEvent } from "@/lib/audit/staff-event";
import { staffSnapshot } from "./auth-events";
import type { ConsoleDatabase } from "@/lib/db/schema";
import { fail, ok, type Result } from "@/lib/result/result";
import type { StaffAuth } from "./create-auth";
import { MAX_NAME_LENGTH, MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from "./staff-fields";
import { normaliseEmail } from "./email-address";
import { forgetUsedSteps } from "./two-factor/code-once";
import { isRole, ROLES, type Role } from "./roles";
import { isSsoAccount, linkedSignIns } from "./sso/sso-sign-in";
import { SSO_PROVIDER_ID } from "./sso/sso-plugin";

export interface StaffAccount {
  id: string;
  email: string;
  name: string;
  role: Role;
  disabled: boolean;
  twoFactorEnabled: boolean;
}

/** Why a staff change was refused: bad input, or no such account. */
type StaffFailure = { kind: "invalid" | "not_found"; message: string };
export type StaffResult<T> = Result<T, StaffFailure>;

function checkPassword(password: string): string | null {
  if (password.length < MIN_PASSWORD_LENGTH)
    return `Passwords need at least ${MIN_PASSWORD_LENGTH} characters.`;
  // Longer would be stored, then refused at every sign-in.
  if (password.length > MAX_PASSWORD_LENGTH)
    return `Passwords may have at most ${MAX_PASSWORD_LENGTH} characters.`;
  return null;
}

function checkName(name: string | undefined): string | null {
  return name !== undefined && name.length > MAX_NAME_LENGTH
    ? `Names may have at most ${MAX_NAME_LENGTH} characters.`
    : null;
}

function checkRole(role: string): string | null {
  return isRole(role) ? null : `Unknown role "${role}": use one of ${ROLES.join(", ")}.`;
}

type StoredUser = {
  id: string;
  email: string;
  name: string;
  role?: unknown;
  disabled?: unknown;
  twoFactorEnabled?: unknown;
};

function toAccount(user: StoredUser): StaffAccount {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: isRole(user.role) ? user.role : "viewer",
    disabled: Boolean(user.disabled),
    twoFactorEnabled: Boolean(user.twoFactorEnabled),
  };
}

async function findByEmail(auth: StaffAuth, address: string) {
  const ctx = await auth.$context;
  const email = normaliseEmail(address);
  if (email === null) return undefined;
  const found = await ctx.internalAdapter.findUserByEmail(email);
  return found?.user as StoredUser | undefined;
}

/** Who changes staff accounts, through which auth, and the log their changes go to. */
export interface StaffDesk {
  auth: StaffAuth;
  db: Kysely<ConsoleDatabase>;
  actor: AuditActor;
}

/** Records a refused change, and answers it. */
async function refuse(
  desk: StaffDesk,
  event: StaffEvent,
  email: string,
  failure: StaffFailure,
): Promise<StaffResult<never>> {
  const existing = failure.kind === "not_found" ? undefined : await findByEmail(desk.auth, email);
  await recordStaffEvent(desk.db, {
    actor: desk.actor,
    event,
    target: { id: existing?.id ?? null, email },
    before: existing ? staffSnapshot(toAccount(existing)) : null,
    refusal: failure.message,
  });
  return fail(failure);
}

/**
 * Our auth's context as better-auth's endpoint context: the same object, whose type is narrowed
 * by our options (a generic the library's signature does not carry).
 */
const asEndpointContext = (context: unknown) =>
  ({ context }) as unknown as Parameters<typeof runWithEndpointContext>[0];

/** Staff accounts, managed by the `npm run staff` command and the admin page; never by sign-up. */
export async function addStaff(
  desk: StaffDesk,
  input: { email: string; role: string; password: string; name?: string },
): Promise<StaffResult<StaffAccount>> {
  const { auth } = desk;
  const refused = (message: string) =>
    refuse(desk, "staff_added", input.email, { kind: "invalid", message });
  const address = normaliseEmail(input.email);
  if (address === null) return refused(`"${input.email}" is not an email address.`);
  const problem = checkRole(input.role) ?? checkPassword(input.password) ?? checkName(input.name);
  if (problem) return refused(problem);
  if (await findByEmail(auth, address)) return refused(`${address} already has an account.`);
  const ctx = await auth.$context;
  // better-auth checks every new user (validateUserInfo, the SSO gate) inside an endpoint's
  // context; an admin's add is not an endpoint call, so it runs in a context of its own.
  const user = (await runWithEndpointContext(asEndpointContext(ctx), () =>
    ctx.internalAdapter.createUser(
      {
        email: address,
        name: input.name ?? (address.split("@")[0] ?? address).slice(0, MAX_NAME_LENGTH),
        emailVerified: true,
        role: input.role,
        disabled: false,
      },
      { method: "admin" },
    ),
  )) as unknown as StoredUser;
  await ctx.internalAdapter.linkAccount({
    userId: user.id,
    providerId: "credential",
    accountId: user.id,
    password: await ctx.password.hash(input.password),
  });
  const account = toAccount(user);
  await recordStaffEvent(desk.db, {
    actor: desk.actor,
    event: "staff_added",
    target: account,
    after: staffSnapshot(account),
  });
  return ok(account);
}

export async function listStaff(auth: StaffAuth): Promise<StaffAccount[]> {
  const ctx = await auth.$context;
  const users = (await ctx.internalAdapter.listUsers(1000, 0, {
    field: "email",
    direction: "asc",
  })) as unknown as StoredUser[];
  return users.map(toAccount);
}

/** Changes one existing account and records the change, with the account before and after. */
async function update(
  desk: StaffDesk,
  event: StaffEvent,
  address: string,
  change: (id: string) => Promise<void>,
  message?: string,
): Promise<StaffResult<StaffAccount>> {
  const user = await findByEmail(desk.auth, address);
  if (!user)
    return refuse(desk, event, address, {
      kind: "not_found",
      message: `No staff account for ${address}.`,
    });
  await change(user.id);
  const ctx = await desk.auth.$context;
  const before = toAccount(user);
  const after = toAccount(
    (await ctx.internalAdapter.findUserById(user.id)) as unknown as StoredUser,
  );
  await recordStaffEvent(desk.db, {
    actor: desk.actor,
    event,
    target: after,
    before: staffSnapshot(before),
    after: staffSnapshot(after),
    message,
  });
  return ok(after);
}

export async function setStaffRole(desk: StaffDesk, address: string, role: string) {
  const problem = checkRole(role);
  if (problem)
    return refuse(desk, "staff_role_changed", address, { kind: "invalid", message: problem });
  const member = await findByEmail(desk.auth, address);
  if (member && (await isSsoAccount(desk.db, member.id)))
    return refuse(desk, "staff_role_changed", address, {
      kind: "invalid",
      message: `${member.email} signs in through single sign-on: their role comes from the identity provider's groups (OIDC_ROLE_MAP) and is set again at each sign-in.`,
    });
  const ctx = await desk.auth.$context;
  return update(desk, "staff_role_changed", address, async (id) => {
    await ctx.internalAdapter.updateUser(id, { role });
  });
}

/** Disables an account and ends its sessions at once; no one disables their own. */
export async function disableStaff(desk: StaffDesk, address: string) {
  if (normaliseEmail(address) === desk.actor.email)
    return refuse(desk, "staff_disabled", address, {
      kind: "invalid",
      message: "You cannot disable your own account.",
    });
  const ctx = await desk.auth.$context;
  return update(desk, "staff_disabled", address, async (id) => {
    await ctx.internalAdapter.updateUser(id, { disabled: true });
    await ctx.internalAdapter.deleteUserSessions(id);
  });
}

/** Lets a disabled account sign in again, with the password it had. */
export async function enableStaff(desk: StaffDesk, address: string) {
  const ctx = await desk.auth.$context;
  return update(desk, "staff_enabled", address, async (id) => {
    await ctx.internalAdapter.updateUser(id, { disabled: false });
  });
}

export async function resetStaffPassword(desk: StaffDesk, address: string, password: string) {
  const problem = checkPassword(password);
  if (problem)
    return refuse(desk, "staff_password_reset", address, { kind: "invalid", message: problem });
  const member = await findByEmail(desk.auth, address);
  if (member && !(await linkedSignIns(desk.db)).get(member.id)?.password)
    return refuse(desk, "staff_password_reset", address, {
      kind: "invalid",
      message: `${member.email} signs in only through single sign-on and has no password to reset; the identity provider decides whether they may sign in.`,
    });
  const ctx = await desk.auth.$context;
  return update(desk, "staff_password_reset", address, async (id) => {
    await ctx.internalAdapter.updatePassword(id, await ctx.password.hash(password));
    await ctx.internalAdapter.deleteUserSessions(id);
  });
}

/**
 * For a lost device: turns an account's two-factor sign-in off (its secret and backup codes
 * gone) and ends its sessions. If its role needs a second factor, it is asked to enrol again at
 * its next sign-in.
 */
export async function resetStaffTwoFactor(desk: StaffDesk, address: string) {
  const ctx = await desk.auth.$context;
  return update(desk, "two_factor_reset", address, async (id) => {
    await ctx.adapter.deleteMany({ model: "twoFactor", where: [{ field: "userId", value: id }] });
    await forgetUsedSteps(desk.db, id);
    await ctx.internalAdapter.updateUser(id, { twoFactorEnabled: false });
    await ctx.internalAdapter.deleteUserSessions(id);
  });
}

/**
 * Unlinks one identity-provider subject from an account and ends the account's sessions: the
 * address has passed to someone else, or the provider made the person again. The next subject to
 * sign in with the address is linked instead, and gets its role from its own groups.
 */
export async function unlinkStaffSso(desk: StaffDesk, address: string, subject: string) {
  const member = await findByEmail(desk.auth, address);
  const linked = member ? ((await linkedSignIns(desk.db)).get(member.id)?.subjects ?? []) : [];
  if (member && !linked.includes(subject))
    return refuse(desk, "sso_unlinked", address, {
      kind: "invalid",
      message: `${member.email} has no single sign-on as "${subject}".`,
    });
  const ctx = await desk.auth.$context;
  return update(
    desk,
    "sso_unlinked",
    address,
    async (id) => {
      await ctx.adapter.deleteMany({
        model: "account",
        where: [
          { field: "userId", value: id },
          { field: "providerId", value: SSO_PROVIDER_ID },
          { field: "accountId", value: subject },
        ],
      });
      await ctx.internalAdapter.deleteUserSessions(id);
    },
    `Unlinked the identity provider's subject "${subject}"; their sessions were ended.`,
  );
}
