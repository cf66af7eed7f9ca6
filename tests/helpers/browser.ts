/**
 * Debian's headless chromium for page tests, driven by playwright-core (never a browser download).
 * When chromium is absent the suites skip with the reason, unless `VIGIE_REQUIRE_BROWSER=1`
 * (set by .ci/run, which installs it) makes them fail instead.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext } from 'playwright-core';
import { describe, it } from 'vitest';

/** The browser binary (override with `VIGIE_CHROMIUM`). */
export const CHROMIUM = process.env['VIGIE_CHROMIUM'] ?? '/usr/bin/chromium';
/** Where page tests write screenshots (gitignored). */
export const TEST_OUTPUT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'test-output');

/** Whether chromium is installed, and whether this run requires it. */
export function browserStatus(): { available: boolean; required: boolean } {
  return { available: existsSync(CHROMIUM), required: process.env['VIGIE_REQUIRE_BROWSER'] === '1' };
}

/** `describe` when chromium is there; otherwise a visible skip, or a failing test when it is required. */
export function describeBrowser(name: string, body: () => void): void {
  const { available, required } = browserStatus();
  if (available) describe(name, body);
  else if (required) describe(name, () => it(`needs ${CHROMIUM} (VIGIE_REQUIRE_BROWSER=1): install it with apt-get install chromium`, () => {
    throw new Error(`${CHROMIUM} is missing and VIGIE_REQUIRE_BROWSER=1`);
  }));
  else describe.skip(`${name} — skipped: ${CHROMIUM} not found (apt-get install chromium)`, body);
}

/** Launches headless chromium with a throwaway profile; `close()` also removes the profile. */
export async function launchBrowser(): Promise<{ context: BrowserContext; close(): Promise<void> }> {
  const profile = mkdtempSync(path.join(tmpdir(), 'vigie-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** The screenshot path for `name`, its folder created. */
export function screenshotPath(name: string): string {
  mkdirSync(TEST_OUTPUT, { recursive: true });
  return path.join(TEST_OUTPUT, name);
}
