import { expect, test } from '@playwright/test';
import { snap, tabTo } from './helpers';

test('a keyboard-only learner joins, opens level 1 from the course and completes it, then goes on to level 2', async ({
  page,
}, info) => {
  await page.goto('/');
  // the name field has the focus: type and Enter
  await page.keyboard.type('Kay');
  await page.keyboard.press('Enter');
  await page.waitForURL('**/course');
  await tabTo(page, /^a: 1\. Where is my public IP\?/);
  await page.keyboard.press('Enter');
  await page.waitForURL('**/play/01-where-is-my-public-ip');

  // the briefing first; its button takes the learner to the console, focus in the command box
  await expect(page.getByTestId('briefing')).toBeVisible();
  await tabTo(page, /Start with the console/);
  await page.keyboard.press('Enter');
  const box = page.getByLabel('Command');
  await expect(box).toBeFocused();

  // help says what this level allows; nothing was stored for it
  await page.keyboard.type('aws help');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('console-log')).toContainText(
    'aws ec2 <operation> [options]: the calls this level allows',
  );
  await expect(page.getByTestId('console-log')).toContainText('revoke-security-group-ingress');
  // a refused call says what is available instead
  await page.keyboard.type('aws ec2 create-nat-gateway --subnet-id subnet-pub');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('console-entry').last()).toContainText('you may call');

  // Tab completes where there is text; on an empty line it moves on, and Escape leaves too
  await page.keyboard.type('aws ec2 revoke-security-group-i');
  await page.keyboard.press('Tab');
  await expect(box).toHaveValue('aws ec2 revoke-security-group-ingress');
  await box.fill('');
  await page.keyboard.press('Tab');
  await expect(page.getByRole('button', { name: 'Run', exact: true })).toBeFocused();
  await page.keyboard.press('Shift+Tab');
  await expect(box).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(box).not.toBeFocused();
  await box.focus();

  // the fix, typed
  for (const cmd of [
    'aws ec2 revoke-security-group-ingress --group-id sg-b --protocol icmp --port -1 --cidr 0.0.0.0/0',
    'aws ec2 authorize-security-group-ingress --group-id sg-b --protocol icmp --port -1 --cidr 10.0.1.10/32',
    'aws ec2 authorize-security-group-ingress --group-id sg-b --protocol icmp --port -1 --cidr 198.51.100.10/32',
  ]) {
    const before = await page.getByTestId('console-entry').count();
    await page.keyboard.type(cmd);
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('console-entry')).toHaveCount(before + 1);
    await expect(page.getByTestId('console-entry').last()).not.toContainText('error');
  }

  // to the tabs (Shift+Tab), the arrow keys to Checks & hints, Tab to the grade button
  await tabTo(page, /^button: Console$/, { back: true });
  await page.keyboard.press('End');
  await expect(page.getByRole('tab', { name: 'Checks & hints' })).toBeFocused();
  await tabTo(page, /Grade my network/);
  await page.keyboard.press('Enter');
  const done = page.getByTestId('level-complete');
  await expect(done).toContainText('100 / 100 points');
  await snap(page, info, 'keyboard-complete');
  // the way on has the focus: Enter opens level 2
  await page.keyboard.press('Enter');
  await page.waitForURL('**/play/02-private-subnet-nat');
  await expect(page.getByTestId('briefing')).toContainText('What the checks test');
});
