import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from '@playwright/test';
import { INSTRUCTOR } from './e2e/instructor';

// Playwright cannot download browsers here: it drives Debian's Chromium (stack-recipe.md).
const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const port = Number(process.env.E2E_PORT ?? 3107);
const dataDir = mkdtempSync(join(tmpdir(), 'underlay-e2e-'));

export default defineConfig({
  testDir: 'e2e',
  outputDir: 'test-results/e2e',
  timeout: 120_000,
  expect: { timeout: 15_000 },
  workers: 1,
  // a browser test that fails once and then passes is reported as flaky by scripts/test.sh (and
  // counted as passed); one that fails twice fails the run
  retries: process.env.CI ? 1 : 0,
  reporter: [['list'], ['json', { outputFile: 'test-results/e2e-report.json' }]],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    launchOptions: {
      executablePath: chromium,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
    viewport: { width: 1440, height: 900 },
    // a click on a control that never becomes usable fails where it is, not at the test's end
    actionTimeout: 20_000,
  },
  // the production build (`npm test` builds first) served as `npm start` serves it: plain node
  webServer: {
    // an instructor account first (the live-session test signs in with it), then the server
    command: `node .underlay-build/user-create.mjs --email ${INSTRUCTOR.email} --name ${INSTRUCTOR.name} --password '${INSTRUCTOR.password}' && node scripts/start.mjs`,
    url: `http://127.0.0.1:${port}/`,
    timeout: 120_000,
    reuseExistingServer: false,
    stdout: 'pipe',
    env: {
      ...(process.env as Record<string, string>),
      NODE_ENV: 'production',
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      SESSION_SECRET: 'e2e-secret-e2e-secret-e2e-secret-0',
    },
  },
});
