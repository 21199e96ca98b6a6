import { expect, test, type Browser, type Page } from '@playwright/test';
import { runInConsole, snap, violations } from './helpers';
import { INSTRUCTOR } from './instructor';

async function actor(browser: Browser): Promise<Page> {
  return (await browser.newContext()).newPage();
}

async function gradeLevel(p: Page): Promise<void> {
  await p.getByRole('tab', { name: 'Checks & hints' }).click();
  await p.getByRole('button', { name: 'Grade my network' }).click();
  await expect(p.getByTestId('score')).toBeVisible();
}

test('the projector view follows a race: the join code, the time left, ranks that move, and a podium at the end', async ({
  browser,
}, info) => {
  const teacher = await actor(browser);
  await teacher.goto('/');
  await teacher.getByText('Instructor sign-in').click();
  await teacher.getByLabel('Email').fill(INSTRUCTOR.email);
  await teacher.getByLabel('Password').fill(INSTRUCTOR.password);
  await teacher.getByRole('button', { name: 'Sign in' }).click();
  await teacher.waitForURL((u) => u.pathname === '/sessions');
  // the form sets the stuck threshold and a time limit
  await teacher.getByLabel('Title').fill('Friday race');
  await teacher.getByRole('radio', { name: /^race/ }).check();
  await teacher.getByLabel(/Flag a learner as stuck after/).fill('3');
  await teacher.getByLabel(/Time limit/).fill('30');
  await teacher.getByRole('button', { name: 'Open the session' }).click();
  await teacher.waitForURL('**/sessions/*');
  const code = (await teacher.getByTestId('join-code').textContent())!.trim();
  const sessionUrl = teacher.url();

  // the projector, on a 1080p screen
  const projector = await teacher.context().newPage();
  await projector.setViewportSize({ width: 1920, height: 1080 });
  await projector.goto(`${sessionUrl}/projector`);
  await expect(projector.getByTestId('projector-code')).toHaveText(code);
  await expect(projector.getByTestId('join-qr').locator('svg')).toBeVisible();
  await expect(projector.getByTestId('countdown')).toHaveText(/^(29|30):\d\d$/);
  expect(await violations(projector), 'projector').toEqual([]);

  const learners: Page[] = [];
  for (const name of ['Ann', 'Bob']) {
    const p = await actor(browser);
    await p.goto(`/join?code=${code}`);
    await p.getByLabel('Your name').fill(name);
    await p.getByRole('button', { name: 'Join' }).click();
    await p.waitForURL('**/live/**');
    await expect(p.getByTestId('diagram').locator('.react-flow__node[data-id="i-b"]')).toBeVisible();
    learners.push(p);
  }
  const [ann, bob] = learners as [Page, Page];
  const row = (name: string) => projector.getByTestId('board-row').filter({ hasText: name });
  await expect(projector.getByTestId('board-row')).toHaveCount(2);

  // Ann grades the starting network first: she leads
  await gradeLevel(ann);
  await expect(row('Ann')).toHaveAttribute('data-rank', '1');
  await expect(row('Ann')).toContainText('55 pts');
  await snap(projector, info, 'projector-ann-leads');

  // Bob fixes it and grades 100: his row slides to the top
  for (const cmd of [
    'aws ec2 revoke-security-group-ingress --group-id sg-b --protocol icmp --port -1 --cidr 0.0.0.0/0',
    'aws ec2 authorize-security-group-ingress --group-id sg-b --protocol icmp --port -1 --cidr 10.0.1.10/32',
    'aws ec2 authorize-security-group-ingress --group-id sg-b --protocol icmp --port -1 --cidr 198.51.100.10/32',
  ])
    await runInConsole(bob, 'aws', cmd);
  await expect(bob.getByTestId('console-log')).toContainText('198.51.100.10/32');
  await gradeLevel(bob);
  await expect(bob.getByTestId('score')).toContainText('100 / 100');
  await expect(row('Bob')).toHaveAttribute('data-rank', '1');
  await expect(row('Ann')).toHaveAttribute('data-rank', '2');
  await expect(row('Bob')).toHaveCSS('transform', 'matrix(1, 0, 0, 1, 0, 0)');
  await expect(row('Ann')).toHaveCSS('transform', 'matrix(1, 0, 0, 1, 0, 64)');
  await snap(projector, info, 'projector-bob-leads');

  // the end: the podium
  teacher.on('dialog', (d) => void d.accept());
  await teacher.getByRole('button', { name: 'End', exact: true }).click();
  const podium = projector.getByTestId('podium');
  await expect(podium).toBeVisible();
  await expect(podium.locator('[data-place="1"]')).toContainText('Bob');
  await expect(podium.locator('[data-place="2"]')).toContainText('Ann');
  await snap(projector, info, 'projector-podium');
  expect(await violations(projector), 'podium').toEqual([]);
});
