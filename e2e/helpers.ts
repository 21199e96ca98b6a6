import { mkdirSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import { expect, type Browser, type Page, type TestInfo } from '@playwright/test';

/** Saves a full-page screenshot named for the test and the page, and attaches it to the report. */
export async function snap(page: Page, info: TestInfo, name: string): Promise<void> {
  const dir = 'test-results/screenshots';
  mkdirSync(dir, { recursive: true });
  const slug = info.title.replace(/[^a-z0-9]+/gi, '-').toLowerCase();
  const path = `${dir}/${slug}--${name}.png`;
  await page.screenshot({ path, fullPage: true });
  await info.attach(name, { path, contentType: 'image/png' });
}

/** A phone, as the page tests hold one: 390×844, touch, twice the pixels. */
export const PHONE = { viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true, deviceScaleFactor: 2 };

/** A new page in a phone-sized browser context of its own. */
export async function phonePage(browser: Browser): Promise<Page> {
  return (await browser.newContext(PHONE)).newPage();
}

/** One string field of a CLI answer (`"NatGatewayId": "nat-1"`), as a learner reads it off the console. */
export function jsonField(json: string, name: string): string {
  return new RegExp(`"${name}": "([^"]+)"`).exec(json)![1]!;
}

/** `aws ec2 <command>` in the page's console; resolves to what it printed. */
export function awsCli(page: Page): (command: string) => Promise<string> {
  return (command) => consoleRun(page, 'aws', `aws ec2 ${command}`);
}

/** Types a command into the play page's console, on the AWS CLI or a VM's shell, and runs it. */
export async function runInConsole(page: Page, target: string, command: string): Promise<void> {
  await page.getByRole('tab', { name: 'Console' }).click();
  await page.getByLabel('Run on').selectOption(target);
  const box = page.getByLabel('Command');
  await box.fill(command);
  await box.press('Enter');
}

/** WCAG 2.2 A/AA violations axe finds on the page, as "rule: selector" lines (empty when clean). */
export async function violations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
    .analyze();
  return result.violations.flatMap((v) =>
    v.nodes.map((n) => `${v.id}: ${n.target.join(' ')} (${n.failureSummary?.split('\n')[1]?.trim() ?? v.help})`),
  );
}

/** Runs a command in the console and returns what it printed (the new entry's text, once it is there). */
export async function consoleRun(page: Page, target: string, command: string): Promise<string> {
  await page.getByRole('tab', { name: 'Console' }).click();
  const entries = page.getByTestId('console-entry');
  const before = await entries.count();
  await runInConsole(page, target, command);
  await expect(entries).toHaveCount(Math.min(before + 1, 40), { timeout: 20_000 });
  if (before >= 40) await page.waitForTimeout(300);
  return entries.last().innerText();
}

/** The simulated time the clock bar shows, in seconds. */
export async function clockSeconds(page: Page): Promise<number> {
  const text = await page.getByTestId('clock-time').innerText();
  const m = /T\+(?:(\d+) min )?(\d+) s/.exec(text);
  return m ? Number(m[1] ?? 0) * 60 + Number(m[2]) : NaN;
}

/** Pauses the clock if it runs (a new attempt's clock starts by itself where daemons have work). */
export async function pauseClock(page: Page): Promise<void> {
  const run = page.getByTestId('clock-run');
  if ((await run.getAttribute('aria-pressed')) === 'true') await run.click();
  await expect(run).toHaveAttribute('aria-pressed', 'false');
}

/** Advances time with the clock bar's +N s button and waits until the clock shows it. */
export async function advance(page: Page, seconds: 1 | 5 | 30): Promise<void> {
  const before = await clockSeconds(page);
  await page.getByRole('button', { name: `Advance time by ${seconds} seconds` }).click();
  await expect.poll(() => clockSeconds(page), { timeout: 20_000 }).toBeGreaterThanOrEqual(before + seconds);
}

/** Opens a file with `nano` in a VM's console, replaces its text and saves it; returns what the editor said. */
export async function editFile(
  page: Page,
  target: string,
  path: string,
  text: string,
): Promise<{ saved: boolean; message: string }> {
  await runInConsole(page, target, `nano ${path}`);
  const editor = page.getByTestId('file-editor');
  await expect(editor.locator('.cm-content')).toBeVisible();
  await editor.locator('.cm-content').click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.insertText(text);
  await page.keyboard.press('ControlOrMeta+S');
  const outcome = editor.getByTestId('editor-saved').or(editor.getByTestId('editor-problems'));
  await expect(outcome).toBeVisible({ timeout: 20_000 });
  const saved = (await editor.getByTestId('editor-saved').count()) > 0;
  const message = await outcome.innerText();
  return { saved, message };
}

/** Sends one flow from the traffic tester; the trace viewer opens on it. */
export async function sendTraffic(
  page: Page,
  flow: {
    from: string;
    to: string;
    protocol: 'icmp' | 'tcp' | 'udp';
    port?: number;
    sourcePort?: number;
    session?: string;
    /** the guess the panel asks for first (default: no guess this time) */
    predict?: { result: string; at?: string };
  },
): Promise<void> {
  await opensTrace(page, async () => {
    const tester = page.getByTestId('traffic-tester');
    await tester.getByLabel('From', { exact: true }).selectOption(flow.from);
    await tester.getByLabel('To', { exact: true }).fill(flow.to);
    await tester.getByLabel('Protocol', { exact: true }).selectOption(flow.protocol);
    if (flow.port !== undefined) await tester.getByLabel('Port', { exact: true }).fill(String(flow.port));
    if (flow.protocol !== 'icmp')
      await tester.getByLabel('Source port').fill(flow.sourcePort !== undefined ? String(flow.sourcePort) : '');
    if (flow.session !== undefined) await tester.getByLabel('Keep open as').fill(flow.session);
    await tester.getByLabel('Your prediction').selectOption(flow.predict?.result ?? 'no-guess');
    if (flow.predict?.at !== undefined) await tester.getByLabel('Where').fill(flow.predict.at);
    await tester.getByRole('button', { name: 'Send', exact: true }).click();
  });
}

/** Sends on a session the traffic panel opened: again from the client, or a reply from the server's end. */
export async function sendOnSession(page: Page, session: string, fromServer = false): Promise<void> {
  const name = fromServer ? `Reply on ${session} from the server's end` : `Send again on ${session}`;
  await opensTrace(page, () => page.getByTestId('traffic-tester').getByRole('button', { name }).click());
}

/** Does something on the Traffic tab, then waits until the page opens the trace viewer on a new trace. */
async function opensTrace(page: Page, act: () => Promise<void>): Promise<void> {
  await page.getByRole('tab', { name: 'Trace' }).click();
  const viewer = page.getByTestId('trace-viewer');
  const before = (await viewer.count()) > 0 ? Number(await viewer.getAttribute('data-seq')) : 0;
  await page.getByRole('tab', { name: 'Traffic' }).click();
  await act();
  await expect
    .poll(async () => Number(await viewer.getAttribute('data-seq')), { timeout: 20_000 })
    .toBeGreaterThan(before);
}

/**
 * Presses Tab (or Shift+Tab) until the focused element's accessible text matches, as a keyboard
 * user would; fails after `most` presses.
 */
export async function tabTo(page: Page, name: RegExp, opts: { back?: boolean; most?: number } = {}): Promise<void> {
  const seen: string[] = [];
  for (let i = 0; i < (opts.most ?? 40); i++) {
    await page.keyboard.press(opts.back ? 'Shift+Tab' : 'Tab');
    const label = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      if (!el) return '';
      const aria = el.getAttribute('aria-label');
      const labelled = el.id ? document.querySelector(`label[for="${el.id}"]`)?.textContent : undefined;
      return `${el.tagName.toLowerCase()}: ${aria ?? labelled ?? el.innerText ?? ''}`.slice(0, 120);
    });
    seen.push(label);
    if (name.test(label)) return;
  }
  throw new Error(`Tab never reached ${String(name)}; focus went through:\n${seen.join('\n')}`);
}

/** Joins with a name and opens a level's play page (prerequisites only show on the course page). */
export async function joinAndOpen(page: Page, name: string, levelId: string): Promise<void> {
  await page.goto('/');
  await page.getByLabel('Your name').fill(name);
  await page.getByRole('button', { name: 'Join' }).click();
  await page.waitForURL('**/course');
  await page.goto(`/play/${levelId}`);
}

/** Crashes or recovers an instance from the inspector, as a learner does after selecting it. */
export async function crashOrRecover(page: Page, id: string, what: 'Crash' | 'Recover'): Promise<void> {
  await page.getByTestId('diagram').locator(`.react-flow__node[data-id="${id}"]`).click();
  await page
    .getByTestId('inspector')
    .getByRole('button', { name: new RegExp(`^${what} ${id}`) })
    .click();
}

/** Grades the attempt from the Checks tab and expects the level-complete dialog with full marks. */
export async function gradeToFullMarks(page: Page): Promise<void> {
  await page.getByRole('tab', { name: 'Checks & hints' }).click();
  await page.getByRole('button', { name: 'Grade my network' }).click();
  const done = page.getByTestId('level-complete');
  await expect(done).toBeVisible();
  await expect(done).toContainText('100 / 100 points');
}

/** A keepalived.conf as a learner writes it: unicast heartbeats to the peer, and the notify script. */
export function keepalivedConf(o: {
  name: string;
  router: number;
  priority: number;
  own: string;
  peer: string;
  iface?: string;
  vip: string;
  notify: string;
}): string {
  const dev = o.iface ?? 'eth0';
  return `vrrp_instance ${o.name} {
    state BACKUP
    interface ${dev}
    virtual_router_id ${o.router}
    priority ${o.priority}
    advert_int 1
    unicast_src_ip ${o.own}
    unicast_peer {
        ${o.peer}
    }
    virtual_ipaddress {
        ${o.vip} dev ${dev}
    }
    notify_master "${o.notify}"
}
`;
}

/** A notify script: the commands keepalived runs when this node becomes master. */
export function notifyScript(commands: string[]): string {
  return ['#!/bin/sh', '# keepalived runs this when this node becomes master', ...commands, ''].join('\n');
}
