import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { ROOT } from './paths.ts';

/** Debian's Chromium; the test set-up installs it (never a downloaded browser build). */
export const CHROMIUM = '/usr/bin/chromium';
/** Where end-to-end tests leave screenshots (git-ignored). */
export const SHOTS = resolve(ROOT, 'test-results');

export async function launchBrowser(): Promise<Browser> {
  mkdirSync(SHOTS, { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync',
    ],
  });
}
