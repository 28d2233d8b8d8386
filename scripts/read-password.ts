import { createInterface } from "node:readline";
import { Writable } from "node:stream";

/** The variable `npm run staff` reads a password from, for scripts that cannot pipe one. */
export const PASSWORD_VARIABLE = "METADECK_STAFF_PASSWORD";

async function promptHidden(question: string): Promise<string> {
  let muted = false;
  const output = new Writable({
    write(chunk, encoding, done) {
      if (!muted) process.stderr.write(chunk, encoding);
      done();
    },
  });
  const rl = createInterface({ input: process.stdin, output, terminal: true });
  try {
    process.stderr.write(question);
    muted = true;
    return await new Promise<string>((resolve) => rl.question("", resolve));
  } finally {
    muted = false;
    process.stderr.write("\n");
    rl.close();
  }
}

async function readAll(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

/**
 * A new password, never from the command line (where it would show in the process list and the
 * shell's history): from METADECK_STAFF_PASSWORD, else typed at a prompt that does not echo,
 * else the first line piped on standard input.
 */
export async function readPassword(): Promise<string> {
  const fromEnv = process.env[PASSWORD_VARIABLE];
  if (fromEnv) return fromEnv;
  if (process.stdin.isTTY) return promptHidden("New password (not shown): ");
  return (await readAll()).split(/\r?\n/)[0] ?? "";
}
