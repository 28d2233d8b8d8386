import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir, userInfo } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { listAuditEntries } from "@/lib/audit/audit-log";
import { openConsoleDatabase } from "@/lib/db/open-database";

const database = join(mkdtempSync(join(tmpdir(), "metadeck-staff-cli-")), "console.sqlite");

function staff(args: string[], options: { input?: string; env?: Record<string, string> } = {}) {
  return spawnSync(process.execPath, ["--import", "tsx", "scripts/staff.ts", ...args], {
    input: options.input ?? "",
    env: { ...process.env, DATABASE_URL: database, ...options.env },
    encoding: "utf8",
  });
}

// A password on the command line shows in `ps` to every user of the machine and stays in the
// shell's history; npm echoes the command too.
describe("npm run staff: passwords never on the command line", () => {
  it("refuses --password, saying why, and creates nothing", () => {
    const run = staff([
      "add",
      "--email",
      "cli@example.com",
      "--role",
      "viewer",
      "--password",
      "a-long-password",
    ]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("--password is refused");
    expect(run.stderr).toContain("METADECK_STAFF_PASSWORD");
    expect(staff(["list"]).stdout).not.toContain("cli@example.com");
  });

  it("takes the password from standard input or METADECK_STAFF_PASSWORD", () => {
    const piped = staff(["add", "--email", "piped@example.com", "--role", "support"], {
      input: "a-piped-password-123\n",
    });
    expect(piped.status, piped.stderr).toBe(0);
    const fromEnv = staff(["reset-password", "--email", "piped@example.com"], {
      env: { METADECK_STAFF_PASSWORD: "another-password-456" },
    });
    expect(fromEnv.status, fromEnv.stderr).toBe(0);
    expect(`${piped.stdout}${fromEnv.stdout}`).not.toContain("password-");
    expect(staff(["list"]).stdout).toContain("piped@example.com\tsupport");
  });

  it("refuses a short password read from standard input", () => {
    const run = staff(["add", "--email", "short@example.com", "--role", "viewer"], {
      input: "short\n",
    });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/at least 12 characters/);
  });
});

describe("npm run staff: every change audited as the command's", () => {
  it("disables and enables again, each an entry naming the command and who ran it", async () => {
    const added = staff(["add", "--email", "back@example.com", "--role", "viewer"], {
      input: "a-password-to-keep-1\n",
    });
    expect(added.status, added.stderr).toBe(0);
    expect(staff(["disable", "--email", "back@example.com"]).status).toBe(0);
    expect(staff(["list"]).stdout).toContain("back@example.com\tviewer\tdisabled");
    expect(staff(["enable", "--email", "back@example.com"]).status).toBe(0);
    expect(staff(["list"]).stdout).toMatch(/back@example\.com\tviewer\n/);
    const opened = openConsoleDatabase({ kind: "sqlite", file: database });
    try {
      const { entries } = await listAuditEntries(
        opened.db,
        { event: "staff" },
        { limit: 100, offset: 0 },
      );
      const back = entries
        .filter((e) => e.kind === "staff" && e.target.email === "back@example.com")
        .reverse();
      expect(back.map((e) => e.kind === "staff" && e.event)).toEqual([
        "staff_added",
        "staff_disabled",
        "staff_enabled",
      ]);
      expect(back[0]?.actor).toEqual({
        id: "command:npm run staff",
        email: `npm run staff (as ${userInfo().username})`,
        name: null,
      });
    } finally {
      await opened.db.destroy();
    }
  });
});

describe("npm run staff --by: a change audited as the staff member who ran it", () => {
  it("names them as the actor; an address with no account is refused, changing nothing", async () => {
    const boss = staff(["add", "--email", "boss@example.com", "--role", "admin"], {
      input: "a-password-for-boss-1\n",
    });
    expect(boss.status, boss.stderr).toBe(0);
    const unknown = staff(
      ["add", "--email", "x@example.com", "--role", "admin", "--by", "nobody@example.com"],
      {
        input: "a-password-for-x-123\n",
      },
    );
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain("--by nobody@example.com: no staff account has that address");
    expect(staff(["list"]).stdout).not.toContain("x@example.com");
    const byBoss = staff(
      ["add", "--email", "aide@example.com", "--role", "admin", "--by", " Boss@Example.com"],
      {
        input: "a-password-for-aide-1\n",
      },
    );
    expect(byBoss.status, byBoss.stderr).toBe(0);
    const opened = openConsoleDatabase({ kind: "sqlite", file: database });
    try {
      const { entries } = await listAuditEntries(
        opened.db,
        { event: "staff_added" },
        { limit: 10, offset: 0 },
      );
      const added = entries.filter((e) => e.kind === "staff");
      const aide = added.find((e) => e.target.email === "aide@example.com");
      const bossId = added.find((e) => e.target.email === "boss@example.com")?.target.id;
      expect(aide?.actor).toEqual({
        id: bossId,
        email: "boss@example.com",
        name: `boss, with npm run staff (as ${userInfo().username})`,
      });
    } finally {
      await opened.db.destroy();
    }
  });
});
