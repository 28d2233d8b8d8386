import { existsSync } from "node:fs";
import { chromium } from "@playwright/test";

export const CHROMIUM_MISSING =
  "No Chromium for the browser tests: install Debian's (apt-get install -y chromium chromium-headless-shell) or set CHROMIUM_PATH to a Chromium or Chrome executable.";

/**
 * Debian's Chromium: Playwright cannot download its own browser on these machines. CHROMIUM_PATH
 * when set; else Debian's headless shell, the build Playwright itself runs headless tests in
 * (the full browser's headless mode costs about 30% more CPU per test); else Debian's full
 * Chromium; else a browser Playwright downloaded itself, where it could. Undefined when there
 * is none, so the caller can say so in one line.
 */
export function chromiumPath(): string | undefined {
  const named = process.env.CHROMIUM_PATH;
  const candidates = named
    ? [named]
    : ["/usr/bin/chromium-headless-shell", "/usr/bin/chromium", chromium.executablePath()];
  return candidates.find((path) => existsSync(path));
}
