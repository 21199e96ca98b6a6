import { expect, test, type Page } from '@playwright/test';
import { runInConsole, snap } from './helpers';

async function join(page: Page, name: string) {
  await page.goto('/');
  await page.getByLabel('Your name').fill(name);
  await page.getByRole('button', { name: 'Join' }).click();
  await page.waitForURL('**/course');
}

test('a newcomer joins, opens level 1 from the course and plays it to success through the console and the diagram', async ({
  page,
}, info) => {
  await page.goto('/');
  await snap(page, info, 'home');
  await join(page, 'Ada');
  await expect(page.getByTestId('level-01-where-is-my-public-ip')).toContainText('ready');
  await expect(page.getByTestId('level-02-private-subnet-nat')).toContainText('prerequisites first');
  await snap(page, info, 'course');

  // level 2's prerequisite is named by its title
  await expect(page.getByTestId('level-02-private-subnet-nat')).toContainText('builds on 1. Where is my public IP?');
  await page.getByRole('link', { name: /Where is my public IP/ }).click();
  await page.waitForURL('**/play/01-where-is-my-public-ip');
  await expect(page.getByTestId('diagram').locator('.react-flow__node[data-id="i-b"]')).toBeVisible();

  // a new attempt opens on the briefing, rendered, with what the checks require
  const briefing = page.getByTestId('briefing');
  await expect(page.getByRole('tab', { name: 'Briefing' })).toHaveAttribute('aria-selected', 'true');
  await expect(briefing.getByRole('heading', { name: 'Your task' })).toBeVisible();
  await expect(briefing).not.toContainText('**');
  await expect(briefing.locator('strong', { hasText: 'both' })).toBeVisible();
  await expect(briefing).toContainText('A host on the internet cannot ping i-b. (20 pts)');
  await expect(briefing).toContainText('3 hidden checks (35 pts) test the rest of the task');
  await snap(page, info, 'briefing');

  // observe: the public address is in no interface, but IMDS knows it (E1/E2)
  await runInConsole(page, 'i-a', 'ip -4 addr show dev eth0');
  await expect(page.getByTestId('console-log')).toContainText('inet 10.0.1.10/24');
  await runInConsole(page, 'i-a', 'curl -s http://169.254.169.254/latest/meta-data/public-ipv4');
  await expect(page.getByTestId('console-log')).toContainText('198.51.100.10');

  // the console: lock sg-b down (the AWS CLI, with the leading `aws` as a learner types it)
  await runInConsole(
    page,
    'aws',
    'aws ec2 revoke-security-group-ingress --group-id sg-b --protocol icmp --port -1 --cidr 0.0.0.0/0',
  );
  await expect(page.getByTestId('console-log')).not.toContainText('error');

  // the diagram: select i-b, allow i-a's public address in the inspector
  await page.getByTestId('diagram').locator('.react-flow__node[data-id="i-b"]').click();
  const inspector = page.getByTestId('inspector');
  await expect(inspector).toContainText('sg-b');
  await expect(inspector).toContainText('no inbound rules');
  for (const source of ['10.0.1.10/32', '198.51.100.10/32']) {
    await inspector.getByLabel('Source').fill(source);
    await inspector.getByRole('button', { name: 'Allow' }).click();
    await expect(inspector).toContainText(`icmp  from ${source}`);
    // the form empties once the rule is in
    await expect(inspector.getByLabel('Source')).toHaveValue('');
  }
  // what the inspector did is in the console, as the AWS CLI command it stands for
  await page.getByRole('tab', { name: 'Console' }).click();
  await expect(page.getByTestId('console-log')).toContainText(
    '$ aws ec2 authorize-security-group-ingress --group-id sg-b --protocol icmp --port -1 --cidr 198.51.100.10/32',
  );
  await snap(page, info, 'play-fixed');

  await page.getByRole('tab', { name: 'Checks & hints' }).click();
  // level 1 hides the public addresses, so the browser cannot preview it honestly
  await expect(page.getByTestId('checks')).toContainText('No live preview here');
  await expect(page.getByTestId('checks')).not.toContainText('preview:');
  // before a grade, a check says what it requires, not how it fails
  await expect(page.getByTestId('checks')).toContainText('A host on the internet cannot ping i-b.');
  await expect(page.getByTestId('checks')).not.toContainText('can still ping');
  await page.getByRole('button', { name: 'Grade my network' }).click();
  // finishing feels like finishing: a dialog with the score and the way on
  const done = page.getByTestId('level-complete');
  await expect(done).toBeVisible();
  await expect(done).toContainText('Level complete');
  await expect(done).toContainText('100 / 100 points');
  await expect(done.getByRole('link', { name: /Next level: Private subnet/ })).toBeFocused();
  await snap(page, info, 'level-complete');
  await page.keyboard.press('Escape');
  await expect(done).toBeHidden();
  await expect(page.getByTestId('score')).toContainText('Score 100 / 100');
  // the header's best score follows the grade without a reload
  await expect(page.getByRole('heading', { level: 1 })).toContainText('best 100 / 100');
  await expect(page.getByTestId('score')).toContainText('level complete');
  await snap(page, info, 'play-graded');

  await page.goto('/course');
  await expect(page.getByTestId('level-01-where-is-my-public-ip')).toContainText('completed');
  await expect(page.getByTestId('course-score')).toHaveText('100');
  await snap(page, info, 'course-after');
});

test('a wrong attempt shows, in the trace viewer, the hop where the packet died', async ({ page }, info) => {
  await join(page, 'Grace');
  await page.goto('/play/01-where-is-my-public-ip');
  await expect(page.getByTestId('diagram').locator('.react-flow__node[data-id="i-b"]')).toBeVisible();

  // the wrong-but-plausible lock-down: allow i-a by its private address
  await runInConsole(
    page,
    'aws',
    'ec2 revoke-security-group-ingress --group-id sg-b --protocol icmp --port -1 --cidr 0.0.0.0/0',
  );
  await runInConsole(
    page,
    'aws',
    'ec2 authorize-security-group-ingress --group-id sg-b --protocol icmp --port -1 --cidr 10.0.1.10/32',
  );
  await expect(page.getByTestId('console-log')).toContainText('authorize-security-group-ingress');

  // the traffic tester: i-a pings i-b's public address, and the trace viewer opens on it
  await page.getByRole('tab', { name: 'Traffic' }).click();
  await page.getByLabel('From', { exact: true }).selectOption('i-a');
  await page.getByLabel('To', { exact: true }).fill('198.51.100.20');
  // the panel asks for a guess first: Send does nothing until there is one
  await page.getByRole('button', { name: 'Send' }).click();
  await expect(page.getByTestId('trace-viewer')).toHaveCount(0);
  await page.getByLabel('Your prediction').selectOption('dropped');
  await page.getByLabel('Where').fill('sg-b');
  await page.getByRole('button', { name: 'Send' }).click();
  const viewer = page.getByTestId('trace-viewer');
  await expect(viewer).toBeVisible();
  await expect(page.getByTestId('prediction-result')).toHaveText(
    'You predicted dropped at sg-b; it was dropped at sg-b. Right.',
  );
  // the packet dies at sg-b, which saw i-a's public address as the source
  await expect(page.getByTestId('trace-drop')).toContainText('sg-b');
  await expect(page.getByTestId('trace-drop')).toContainText('198.51.100.10');
  // the hop names the packet it judged: protocol, ICMP type, both addresses
  await expect(page.getByTestId('trace-drop')).toContainText('(icmp echo request 198.51.100.10 -> 10.0.1.20)');
  await expect(page.getByTestId('drop-explanation')).toContainText('ENI_SG_RULES_MISMATCH');

  // step hop by hop with the keyboard until the drop; the diagram highlights each hop
  await viewer.focus();
  const hops = await viewer.locator('li.hop').count();
  for (let i = 1; i < hops; i++) await viewer.press('ArrowRight');
  await expect(viewer.locator('li.hop.current')).toHaveClass(/drop/);
  // the packet sits on the diagram where it died, marked as dropped
  await expect(page.getByTestId('packet-dot')).toHaveAttribute('data-dropped', 'true');
  // the rule a hop cites opens its page: what AWS does there, and the AWS documentation behind it
  const cite = viewer.getByRole('link', { name: /^R\d+$/ }).first();
  const href = (await cite.getAttribute('href'))!;
  expect(href).toMatch(/^\/rules\/R\d+$/);
  const rule = await page.context().newPage();
  await rule.goto(href);
  await expect(rule.getByRole('heading', { level: 1 })).toHaveText(href.replace('/rules/', ''));
  await expect(rule.getByRole('link', { name: 'All rules' })).toBeVisible();
  await snap(rule, info, 'rule-page');
  await rule.goto('/rules/R53');
  await expect(rule.locator('.rule-text')).toContainText('one-to-one NAT');
  await expect(rule.getByRole('link', { name: /VPC_Internet_Gateway\.html/ })).toHaveAttribute(
    'href',
    'https://docs.aws.amazon.com/vpc/latest/userguide/VPC_Internet_Gateway.html',
  );
  expect((await rule.goto('/rules/R999'))!.status()).toBe(404);
  await rule.close();
  await expect(
    page
      .getByTestId('diagram')
      .locator('.react-flow__node[data-id="i-b"] .node-highlight, .react-flow__node.node-highlight[data-id="i-b"]'),
  ).toHaveCount(1);
  await snap(page, info, 'play-trace-drop');

  // grading agrees: the hairpin check fails, and its trace shows the same hop
  await page.getByRole('tab', { name: 'Checks & hints' }).click();
  await page.getByRole('button', { name: 'Grade my network' }).click();
  await expect(page.getByTestId('score')).not.toContainText('100 / 100');
  await page.getByTestId('checks').getByRole('button', { name: 'Show trace' }).first().click();
  await expect(page.getByTestId('trace-drop')).toContainText('sg-b');
  await snap(page, info, 'play-graded-wrong');
});
