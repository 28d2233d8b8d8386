import { z } from "zod";
import { fail, ok, type Result } from "@/lib/result/result";
import {
  MAX_NAME_LENGTH,
  MAX_PASSWORD_LENGTH,
  MIN_PASSWORD_LENGTH,
  type StaffAuth,
} from "./create-auth";
import { isRole, ROLES, type Role } from "./roles";

export interface StaffAccount {
  id: string;
  email: string;
  name: string;
  role: Role;
  disabled: boolean;
}

/** Why a staff change was refused: bad input, or no such account. */
export type StaffFailure = { kind: "invalid" | "not_found"; message: string };
export type StaffResult<T> = Result<T, StaffFailure>;

const invalid = (message: string) => fail({ kind: "invalid" as const, message });

const email = z.email().transform((e) => e.toLowerCase());

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

type StoredUser = { id: string; email: string; name: string; role?: unknown; disabled?: unknown };

function toAccount(user: StoredUser): StaffAccount {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: isRole(user.role) ? user.role : "viewer",
    disabled: Boolean(user.disabled),
  };
}

async function findByEmail(auth: StaffAuth, address: string) {
  const ctx = await auth.$context;
  const found = await ctx.internalAdapter.findUserByEmail(address);
  return found?.user as StoredUser | undefined;
}

/** Staff accounts, managed by the `npm run staff` command and the admin page; never by sign-up. */
export async function addStaff(
  auth: StaffAuth,
  input: { email: string; role: string; password: string; name?: string },
): Promise<StaffResult<StaffAccount>> {
  const parsed = email.safeParse(input.email);
  if (!parsed.success) return invalid(`"${input.email}" is not an email address.`);
  const problem = checkRole(input.role) ?? checkPassword(input.password) ?? checkName(input.name);
  if (problem) return invalid(problem);
  if (await findByEmail(auth, parsed.data))
    return invalid(`${parsed.data} already has an account.`);
  const ctx = await auth.$context;
  const user = (await ctx.internalAdapter.createUser(
    {
      email: parsed.data,
      name: input.name ?? (parsed.data.split("@")[0] ?? parsed.data).slice(0, MAX_NAME_LENGTH),
      emailVerified: true,
      role: input.role,
      disabled: false,
    },
    { method: "admin" },
  )) as unknown as StoredUser;
  await ctx.internalAdapter.linkAccount({
    userId: user.id,
    providerId: "credential",
    accountId: user.id,
    password: await ctx.password.hash(input.password),
  });
  return ok(toAccount(user));
}

export async function listStaff(auth: StaffAuth): Promise<StaffAccount[]> {
  const ctx = await auth.$context;
  const users = (await ctx.internalAdapter.listUsers(1000, 0, {
    field: "email",
    direction: "asc",
  })) as unknown as StoredUser[];
  return users.map(toAccount);
}

async function update(
  auth: StaffAuth,
  address: string,
  change: (id: string) => Promise<void>,
): Promise<StaffResult<StaffAccount>> {
  const user = await findByEmail(auth, address.toLowerCase());
  if (!user) return fail({ kind: "not_found", message: `No staff account for ${address}.` });
  await change(user.id);
  const ctx = await auth.$context;
  return ok(toAccount((await ctx.internalAdapter.findUserById(user.id)) as unknown as StoredUser));
}

export async function setStaffRole(auth: StaffAuth, address: string, role: string) {
  const problem = checkRole(role);
  if (problem) return invalid(problem);
  const ctx = await auth.$context;
  return update(auth, address, async (id) => {
    await ctx.internalAdapter.updateUser(id, { role });
  });
}

/** Disables an account and ends its sessions at once. */
export async function disableStaff(auth: StaffAuth, address: string) {
  const ctx = await auth.$context;
  return update(auth, address, async (id) => {
    await ctx.internalAdapter.updateUser(id, { disabled: true });
    await ctx.internalAdapter.deleteUserSessions(id);
  });
}

export async function resetStaffPassword(auth: StaffAuth, address: string, password: string) {
  const problem = checkPassword(password);
  if (problem) return invalid(problem);
  const ctx = await auth.$context;
  return update(auth, address, async (id) => {
    await ctx.internalAdapter.updatePassword(id, await ctx.password.hash(password));
    await ctx.internalAdapter.deleteUserSessions(id);
  });
}
