import { mkdirSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import type { Page, TestInfo } from '@playwright/test';

/** Saves a full-page screenshot named for the test and the page, and attaches it to the report. */
export async function snap(page: Page, info: TestInfo, name: string): Promise<void> {
  const dir = 'test-results/screenshots';
  mkdirSync(dir, { recursive: true });
  const slug = info.title.replace(/[^a-z0-9]+/gi, '-').toLowerCase();
  const path = `${dir}/${slug}--${name}.png`;
  await page.screenshot({ path, fullPage: true });
  await info.attach(name, { path, contentType: 'image/png' });
}

/** Types a command into the play page's console, on the AWS CLI or a VM's shell, and runs it. */
export async function runInConsole(page: Page, target: string, command: string): Promise<void> {
  await page.getByRole('tab', { name: 'Console' }).click();
  await page.getByLabel('Run on').selectOption(target);
  const box = page.getByLabel('Command');
  await box.fill(command);
  await box.press('Enter');
}

/** WCAG 2 A/AA violations axe finds on the page, as "rule: selector" lines (empty when clean). */
export async function violations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
  return result.violations.flatMap((v) =>
    v.nodes.map((n) => `${v.id}: ${n.target.join(' ')} (${n.failureSummary?.split('\n')[1]?.trim() ?? v.help})`),
  );
}
