import { expect, test } from '@playwright/test';
import { snap, violations } from './helpers';

test('home, course and play pages have readable contrast and labelled controls (axe, WCAG 2 AA)', async ({
  page,
}, info) => {
  await page.goto('/');
  expect(await violations(page)).toEqual([]);
  await page.getByLabel('Your name').fill('Linus');
  await page.getByRole('button', { name: 'Join' }).click();
  await page.waitForURL('**/course');
  expect(await violations(page)).toEqual([]);
  await page.goto('/play/02-private-subnet-nat');
  await expect(page.getByTestId('diagram').locator('.react-flow__node').first()).toBeVisible();
  expect(await violations(page)).toEqual([]);
  for (const tab of ['Traffic', 'Checks & hints', 'Briefing']) {
    await page.getByRole('tab', { name: tab }).click();
    expect(await violations(page), tab).toEqual([]);
    // the browser's engine previews the visible checks of the starting network
    if (tab === 'Checks & hints') await expect(page.getByTestId('checks')).toContainText(/preview: (pass|fail)/);
  }
  await snap(page, info, 'play-level-2');
});

test('the play page works from the keyboard: tabs, diagram selection, console history and completion', async ({
  page,
}, info) => {
  await page.goto('/');
  await page.getByLabel('Your name').fill('Barbara');
  await page.keyboard.press('Enter');
  await page.waitForURL('**/course');
  await page.goto('/play/01-where-is-my-public-ip');
  const node = page.getByTestId('diagram').locator('.react-flow__node[data-id="i-b"]');
  await expect(node).toBeVisible();

  // a diagram node takes focus and Enter selects it: the inspector opens on it
  await node.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('inspector')).toContainText('eni-b');

  // the tool tabs: arrow keys move between them
  await page.getByRole('tab', { name: 'Console' }).focus();
  await page.keyboard.press('ArrowRight');
  await expect(page.getByRole('tab', { name: 'Traffic' })).toBeFocused();
  await expect(page.getByRole('tab', { name: 'Traffic' })).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('ArrowLeft');

  // the console: Tab completes a command and a resource id, ↑ recalls the last one
  const box = page.getByLabel('Command');
  await box.focus();
  await box.pressSequentially('aws ec2 describe-route-t');
  await box.press('Tab');
  await expect(box).toHaveValue('aws ec2 describe-route-tables');
  await box.press('Enter');
  await expect(page.getByTestId('console-log')).toContainText('rtb-pub');
  await box.pressSequentially('aws ec2 describe-security-groups --group-ids sg-');
  await box.press('Tab');
  await expect(page.getByTestId('completions')).toContainText('sg-hosts');
  await expect(page.getByTestId('completions')).toContainText('sg-b');
  await box.pressSequentially('h');
  await box.press('Tab');
  await expect(box).toHaveValue('aws ec2 describe-security-groups --group-ids sg-hosts ');
  await box.fill('');
  await box.press('ArrowUp');
  await expect(box).toHaveValue('aws ec2 describe-route-tables');
  await snap(page, info, 'play-keyboard');
});

test('the clock, the event timeline and the file editor pass axe and work from the keyboard', async ({
  page,
}, info) => {
  await page.goto('/');
  await page.getByLabel('Your name').fill('Grace');
  await page.getByRole('button', { name: 'Join' }).click();
  await page.waitForURL('**/course');
  await page.goto('/play/04-bgp-appliance-in-subnet');
  await expect(page.getByTestId('clock')).toContainText('running');
  // the clock bar by keyboard: pause, then step
  await page.getByTestId('clock-run').focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('clock-run')).toHaveAttribute('aria-pressed', 'false');
  await page.keyboard.press('Tab');
  await expect(page.getByRole('button', { name: 'Advance time by 1 seconds' })).toBeFocused();
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('clock-time')).not.toHaveText('T+0 s');
  expect(await violations(page)).toEqual([]);
  await page.getByRole('tab', { name: 'Events' }).click();
  await expect(page.getByTestId('event').first()).toBeVisible();
  expect(await violations(page)).toEqual([]);
  await page.getByRole('tab', { name: 'Console' }).click();
  await page.getByLabel('Run on').selectOption('i-r1');
  await page.getByLabel('Command').fill('vi /etc/frr/frr.conf');
  await page.getByLabel('Command').press('Enter');
  await expect(page.getByRole('dialog')).toContainText('/etc/frr/frr.conf on i-r1');
  await expect(page.getByRole('dialog').locator('.cm-content')).toBeFocused();
  expect(await violations(page)).toEqual([]);
  await snap(page, info, 'editor-read-only');
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await expect(page.getByLabel('Command')).toBeFocused();
});
