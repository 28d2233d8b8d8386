import { spawn, type ChildProcess } from "node:child_process";
import { createInterface } from "node:readline";

export interface SpawnedEmulator {
  url: string;
  readyLine: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

/** Runs `emulator/main.ts` as its own process, as `npm run emulator` would, and waits for its ready line. */
export async function spawnEmulator(env: Record<string, string>): Promise<SpawnedEmulator> {
  const child = spawn(process.execPath, ["--import", "tsx", "emulator/main.ts"], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const lines = createInterface({ input: child.stdout! });
  const readyLine = await new Promise<string>((resolve, reject) => {
    child.once("exit", (code) =>
      reject(new Error(`emulator exited with ${code} before it was ready`)),
    );
    lines.on("line", (line) => {
      if (line.includes("Clerk emulator ready at")) resolve(line);
    });
  });
  const url = /ready at (\S+)/.exec(readyLine)?.[1];
  if (!url) throw new Error(`no URL in "${readyLine}"`);
  return {
    url,
    readyLine,
    child,
    stop: () =>
      new Promise<void>((resolve) => {
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}
