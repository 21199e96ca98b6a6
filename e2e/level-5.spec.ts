import { expect, test, type Page } from '@playwright/test';
import { consoleRun, sendOnSession, sendTraffic, snap } from './helpers';

const acl = (page: Page, cmd: string) => consoleRun(page, 'aws', `aws ec2 ${cmd}`);
/** The trace viewer opens on the request; a learner whose reply died looks at the reply. */
const reply = (page: Page) => page.getByTestId('trace-viewer').getByRole('tab', { name: 'Reply' }).click();

test('level 5 from its start to 100 through the page: replies die at NACLs, the ports say why, sessions survive or not', async ({
  page,
}, info) => {
  test.setTimeout(300_000);
  await page.goto('/');
  await page.getByLabel('Your name').fill('Nia');
  await page.getByRole('button', { name: 'Join' }).click();
  await page.waitForURL('**/course');
  // Part II is on the course page, and level 5 builds on level 2
  await expect(page.getByTestId('level-05-stateful-meets-stateless')).toContainText('builds on');
  await page.goto('/play/05-stateful-meets-stateless');
  await expect(page.getByTestId('briefing')).toContainText('The app tier works again.');

  // E1: three timeouts; every request arrives, every drop is a reply
  expect(await consoleRun(page, 'i-app1', 'nc -zv -w 3 203.0.113.80 443')).toContain('timed out');
  // predict first: the classic guess is that the app subnet's own NACL stops the request
  await sendTraffic(page, {
    from: 'i-app1',
    to: 'mirror',
    protocol: 'tcp',
    port: 443,
    predict: { result: 'dropped', at: 'acl-app' },
  });
  await expect(page.getByTestId('prediction-result')).toHaveText(
    'You predicted dropped at acl-app; it was request-only at acl-egress. Not what you expected: the hops below say why.',
  );
  // the reply dies entering the NAT gateway's subnet, and the hop says which port it went to
  await reply(page);
  await expect(page.getByTestId('trace-drop')).toContainText('acl-egress');
  await expect(page.getByTestId('trace-drop')).toContainText('(tcp 203.0.113.80:443 -> 10.0.10.100:1024)');
  await expect(page.getByTestId('drop-explanation')).toContainText('SUBNET_ACL_RESTRICTION');
  await snap(page, info, 'reply-dies-at-acl-egress');

  // E2: i-app1 answered the bastion, to port 49152; the client's range is 32768-60999
  expect(await consoleRun(page, 'i-bastion', 'nc -zv -w 3 10.0.1.11 22')).toContain('timed out');
  expect(await consoleRun(page, 'i-app1', 'tcpdump -ni eth0 tcp port 22')).toContain(
    'IP 10.0.1.11.22 > 10.0.0.10.49152: Flags [S.]',
  );
  expect(await consoleRun(page, 'i-bastion', 'sysctl net.ipv4.ip_local_port_range')).toContain('32768');
  await acl(
    page,
    'replace-network-acl-entry --network-acl-id acl-app --egress --rule-number 120 --protocol tcp --port-range From=32768,To=60999 --cidr-block 10.0.0.0/24 --rule-action allow',
  );
  expect(await consoleRun(page, 'i-bastion', 'nc -zv -w 3 10.0.1.11 22')).toContain('succeeded');
  // the experiment that could prove it wrong: a client port outside the range, from the panel
  await sendTraffic(page, { from: 'i-bastion', to: '10.0.1.11', protocol: 'tcp', port: 22, sourcePort: 20000 });
  await reply(page);
  await expect(page.getByTestId('trace-drop')).toContainText('(tcp 10.0.1.11:22 -> 10.0.0.10:20000)');

  // E3: the NAT gateway is a client too: 1024-65535, on both of its subnet's edges
  await acl(
    page,
    'replace-network-acl-entry --network-acl-id acl-egress --ingress --rule-number 110 --protocol tcp --port-range From=1024,To=65535 --cidr-block 0.0.0.0/0 --rule-action allow',
  );
  await sendTraffic(page, { from: 'i-app1', to: 'mirror', protocol: 'tcp', port: 443 });
  await reply(page);
  await expect(page.getByTestId('trace-drop')).toContainText('acl-egress outbound');
  await acl(
    page,
    'replace-network-acl-entry --network-acl-id acl-egress --egress --rule-number 110 --protocol tcp --port-range From=1024,To=65535 --cidr-block 10.0.1.0/24 --rule-action allow',
  );
  await acl(
    page,
    'replace-network-acl-entry --network-acl-id acl-app --ingress --rule-number 110 --protocol tcp --port-range From=1024,To=65535 --cidr-block 0.0.0.0/0 --rule-action allow',
  );
  await acl(
    page,
    'replace-network-acl-entry --network-acl-id acl-app --egress --rule-number 120 --protocol tcp --port-range From=1024,To=65535 --cidr-block 10.0.0.0/24 --rule-action allow',
  );
  expect(await consoleRun(page, 'i-app1', 'nc -zv -w 3 203.0.113.80 443')).toContain('succeeded');
  expect(await consoleRun(page, 'i-app1', 'nc -zv -w 3 10.0.2.20 5432')).toContain('succeeded');

  // E4: two open sessions, one rule revoked under each: the tracked one survives, the untracked one is cut
  await sendTraffic(page, { from: 'admin', to: '198.51.100.10', protocol: 'tcp', port: 22, session: 'admin-ssh' });
  await sendTraffic(page, { from: 'customer', to: '198.51.100.20', protocol: 'tcp', port: 443, session: 'shop' });
  await page.getByRole('tab', { name: 'Traffic' }).click();
  await expect(page.getByTestId('traffic-session')).toHaveCount(2);
  // the attempt keeps them: a reload offers the same sessions
  await page.reload();
  await page.getByRole('tab', { name: 'Traffic' }).click();
  await expect(page.getByTestId('traffic-session')).toHaveText([/admin-ssh/, /shop/]);
  await acl(page, 'revoke-security-group-ingress --group-id sg-bastion --protocol tcp --port 22 --cidr 192.0.2.0/24');
  await sendOnSession(page, 'admin-ssh');
  await expect(page.getByTestId('trace-drop')).toHaveCount(0);
  await expect(page.getByTestId('trace-viewer')).toContainText('tracked connection');
  await acl(page, 'revoke-security-group-ingress --group-id sg-web --protocol tcp --port 443 --cidr 0.0.0.0/0');
  await sendOnSession(page, 'shop');
  await expect(page.getByTestId('trace-drop')).toContainText('sg-web');
  await snap(page, info, 'untracked-session-cut');
  // put both back
  await acl(page, 'authorize-security-group-ingress --group-id sg-web --protocol tcp --port 443 --cidr 0.0.0.0/0');
  await acl(
    page,
    'authorize-security-group-ingress --group-id sg-bastion --protocol tcp --port 22 --cidr 192.0.2.0/24',
  );

  // E5: a deny numbered below the allow cuts the scraper's open connection on its next packet
  await sendTraffic(page, { from: 'scraper', to: '198.51.100.20', protocol: 'tcp', port: 443, session: 'scrape' });
  await acl(
    page,
    'create-network-acl-entry --network-acl-id acl-default --ingress --rule-number 50 --protocol -1 --cidr-block 203.0.113.66/32 --rule-action deny',
  );
  await sendOnSession(page, 'scrape');
  await expect(page.getByTestId('trace-drop')).toContainText('acl-default inbound rule 50 denies');

  // grade: 100
  await page.getByRole('tab', { name: 'Checks & hints' }).click();
  await page.getByRole('button', { name: 'Grade my network' }).click();
  const done = page.getByTestId('level-complete');
  await expect(done).toBeVisible();
  await expect(done).toContainText('100 / 100 points');
  await snap(page, info, 'level-5-complete');
});
