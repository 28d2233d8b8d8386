/**
 * `npm run staff -- <command>`: manages staff accounts in the console database named by
 * DATABASE_URL. Passwords are read by `readPassword`, never taken from the command line.
 */
import { userInfo } from "node:os";
import { parseArgs } from "node:util";
import { commandActor, type AuditActor } from "@/lib/audit/audit-actor";
import { createAuth, type StaffAuth } from "@/lib/auth/create-auth";
import { normaliseEmail } from "@/lib/auth/email-address";
import {
  addStaff,
  disableStaff,
  enableStaff,
  listStaff,
  resetStaffPassword,
  resetStaffTwoFactor,
  setStaffRole,
  type StaffResult,
} from "@/lib/auth/staff-accounts";
import { parseDatabaseUrl } from "@/lib/config/database-url";
import { migrateConsoleDatabase } from "@/lib/startup/migrate-console-database";
import { openConsoleDatabase } from "@/lib/db/open-database";
import { PASSWORD_VARIABLE, readPassword } from "./read-password";

const USAGE = `Usage: npm run staff -- <command> [options]
  add --email <e> --role <viewer|product|support|admin> [--name <n>]
  list
  set-role --email <e> --role <r>
  disable --email <e>
  enable --email <e>
  reset-password --email <e>
  reset-2fa --email <e>        (a lost device: turns their two-factor sign-in off)
Every command but list takes --by <your staff email>: the change is then audited as yours, and
counts as yours when Metadeck decides whether an approval is independent of a request's
author (REVIEW_INDEPENDENCE_DAYS). Without it, the change is the command's own.
add and reset-password read the password from ${PASSWORD_VARIABLE}, a prompt that does not
echo it, or the first line of standard input.`;

function fail(message: string): never {
  console.error(message);
  process.exit(2);
}

/** Who the change is audited as: the staff member `--by` names, or the command itself. */
async function actorOf(auth: StaffAuth, by: string | undefined): Promise<AuditActor> {
  const command = "npm run staff";
  const osUser = userInfo().username;
  if (by === undefined) return commandActor(command, osUser);
  const member = (await listStaff(auth)).find((s) => s.email === normaliseEmail(by));
  if (!member)
    fail(`--by ${by}: no staff account has that address; --by names who runs the command.`);
  return {
    id: member.id,
    email: member.email,
    name: `${member.name}, with ${command} (as ${osUser})`,
  };
}

async function main() {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: {
      email: { type: "string" },
      role: { type: "string" },
      password: { type: "string" },
      name: { type: "string" },
      by: { type: "string" },
    },
  });
  const [command] = positionals;
  if (values.password !== undefined)
    fail(
      `--password is refused: a password on the command line shows in the process list and the shell's history (and npm echoes it). Pipe it on standard input, type it at the prompt, or set ${PASSWORD_VARIABLE}.`,
    );
  const need = (key: "email" | "role") => values[key] ?? fail(`--${key} is required.\n${USAGE}`);

  const opened = openConsoleDatabase(parseDatabaseUrl(process.env.DATABASE_URL));
  try {
    await migrateConsoleDatabase(opened);
    // Managing accounts signs nothing; the secret only satisfies better-auth's configuration.
    const auth = createAuth(opened, {
      secret: process.env.BETTER_AUTH_SECRET ?? "staff-command-signs-nothing-0000000000",
      baseURL: "http://127.0.0.1",
    });
    const desk = { auth, db: opened.db, actor: await actorOf(auth, values.by) };
    let result: StaffResult<unknown>;
    switch (command) {
      case "add":
        result = await addStaff(desk, {
          email: need("email"),
          role: need("role"),
          password: await readPassword(),
          name: values.name,
        });
        break;
      case "list": {
        const staff = await listStaff(auth);
        if (staff.length === 0) console.log("No staff accounts yet.");
        for (const s of staff)
          console.log(`${s.email}\t${s.role}${s.disabled ? "\tdisabled" : ""}`);
        return;
      }
      case "set-role":
        result = await setStaffRole(desk, need("email"), need("role"));
        break;
      case "disable":
        result = await disableStaff(desk, need("email"));
        break;
      case "enable":
        result = await enableStaff(desk, need("email"));
        break;
      case "reset-password":
        result = await resetStaffPassword(desk, need("email"), await readPassword());
        break;
      case "reset-2fa":
        result = await resetStaffTwoFactor(desk, need("email"));
        break;
      default:
        fail(USAGE);
    }
    if (!result.ok) fail(result.error.message);
    console.log(`${command}: done.`, JSON.stringify(result.value));
  } finally {
    await opened.db.destroy();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
