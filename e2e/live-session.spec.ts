import { expect, test, type Browser, type Page } from '@playwright/test';
import { runInConsole, snap, violations } from './helpers';
import { INSTRUCTOR } from './instructor';

async function actor(browser: Browser): Promise<Page> {
  const context = await browser.newContext();
  return context.newPage();
}

async function signInInstructor(page: Page) {
  await page.goto('/');
  await page.getByText('Instructor sign-in').click();
  await page.getByLabel('Email').fill(INSTRUCTOR.email);
  await page.getByLabel('Password').fill(INSTRUCTOR.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  // an instructor lands on their sessions
  await page.waitForURL((u) => u.pathname === '/sessions');
}

async function joinWithCode(page: Page, code: string, name: string) {
  // the QR code's address: /join?code=…
  await page.goto(`/join?code=${code}`);
  expect(await violations(page), 'join page').toEqual([]);
  await page.getByLabel('Your name').fill(name);
  await page.getByRole('button', { name: 'Join' }).click();
  await page.waitForURL('**/live/**');
  await expect(page.getByTestId('diagram').locator('.react-flow__node[data-id="i-b"]')).toBeVisible();
}

test('three actors: a teammate’s edit appears live, and the dashboard shows progress and a stuck team', async ({
  browser,
}, info) => {
  const instructor = await actor(browser);
  const learnerA = await actor(browser);
  const learnerB = await actor(browser);

  await signInInstructor(instructor);
  await instructor.goto('/sessions');
  expect(await violations(instructor), 'sessions page').toEqual([]);
  await instructor.getByLabel('Title').fill('Week 3 lab');
  await instructor.getByRole('radio', { name: /^team/ }).check();
  await instructor.getByLabel('Learners per team').fill('2');
  await instructor.getByRole('button', { name: 'Open the session' }).click();
  await instructor.waitForURL('**/sessions/*');
  const code = (await instructor.getByTestId('join-code').textContent())!.trim();
  expect(code).toMatch(/^[A-HJKMNP-Z2-9]{6}$/);
  await expect(instructor.getByTestId('join-qr').locator('svg')).toBeVisible();
  await snap(instructor, info, 'dashboard-empty');
  expect(await violations(instructor), 'empty dashboard').toEqual([]);

  await joinWithCode(learnerA, code, 'Ana');
  await joinWithCode(learnerB, code, 'Ben');
  await expect(learnerB.getByTestId('team-members')).toHaveText('Ana, Ben');
  await expect(instructor.getByTestId('row-Team 1')).toContainText('Ana');
  await expect(instructor.getByTestId('row-Team 1')).toContainText('Ben');

  // Ben looks at i-b; Ana sees where he is looking
  await learnerB.getByTestId('diagram').locator('.react-flow__node[data-id="i-b"]').click();
  await expect(learnerB.getByTestId('inspector')).toContainText('icmp  from 0.0.0.0/0');
  await expect(learnerA.getByTestId('teammate-selection')).toHaveText('Ben is looking at i-b');
  await expect(learnerA.getByTestId('diagram').locator('.react-flow__node.node-teammate[data-id="i-b"]')).toBeVisible();

  // Ana changes sg-b; Ben's inspector shows it without a reload
  await runInConsole(
    learnerA,
    'aws',
    'aws ec2 authorize-security-group-ingress --group-id sg-b --protocol icmp --port -1 --cidr 10.0.1.10/32',
  );
  await expect(learnerA.getByTestId('console-log')).not.toContainText('error');
  await expect(learnerB.getByTestId('inspector')).toContainText('icmp  from 10.0.1.10/32');
  // Ben's console shows what Ana ran, with her name and what it printed
  await learnerB.getByRole('tab', { name: 'Console' }).click();
  await expect(learnerB.getByTestId('console-log')).toContainText(
    'Ana · $ aws ec2 authorize-security-group-ingress --group-id sg-b',
  );
  await snap(learnerB, info, 'teammate-sees-edit');
  expect(await violations(learnerA), 'live page').toEqual([]);

  // the dashboard counts the step
  const cell = instructor.getByTestId('cell-Team 1-01-where-is-my-public-ip');
  await expect(cell).toContainText('1 steps');
  await expect(cell).toContainText(/\d\/\d checks/);

  // Ben pings an instance whose group lets nothing in, three times: the same drop again and again
  await learnerB.getByRole('tab', { name: 'Traffic' }).click();
  for (let i = 0; i < 3; i++) {
    await learnerB.getByRole('tab', { name: 'Traffic' }).click();
    const tester = learnerB.getByTestId('traffic-tester');
    await tester.getByRole('textbox', { name: 'To', exact: true }).fill('10.0.1.30');
    // Ben guesses it gets through, each time
    await tester.getByLabel('Your prediction').selectOption('roundtrip');
    await tester.getByRole('button', { name: 'Send' }).click();
    await expect(learnerB.getByText('SG_HAS_NO_RULES').first()).toBeVisible();
    await expect(learnerB.getByTestId('prediction-result')).toContainText('You predicted roundtrip; it was dropped');
  }
  await expect(cell.getByTestId('stuck')).toContainText('dropped with SG_HAS_NO_RULES 3 times in a row');
  // his guesses, against what happened: three wrong in a row is worth a visit
  await expect(cell.getByTestId('guesses')).toContainText('Ben: guesses 0 right, 3 wrong');
  await expect(cell.getByTestId('guessing-wrong')).toContainText('Ben guessed wrong 3 times in a row: worth a visit');
  await expect(instructor.getByTestId('summary')).toContainText('1 stuck');
  await snap(instructor, info, 'dashboard-stuck');

  // the instructor opens the team, pushes a hint and sends a message; both learners get them
  await instructor.getByRole('button', { name: 'Team 1' }).click();
  await expect(instructor.getByTestId('timeline')).toContainText('Ana: aws ec2 authorize-security-group-ingress');
  await expect(instructor.getByTestId('timeline')).toContainText('guessed roundtrip (wrong)');
  await expect(instructor.getByTestId('guess-list')).toContainText(
    'Ben: i-a -> 10.0.1.30 icmp: guessed roundtrip, got dropped',
  );
  await expect(instructor.getByTestId('team-detail').locator('.react-flow__node[data-id="i-b"]')).toBeVisible();
  // the instructor reads the hint before pushing it
  await instructor.getByTestId('push-hints').getByText('Read hint 1').click();
  await expect(instructor.getByTestId('push-hints')).toContainText('Open the trace of the failing ping');
  await instructor.getByRole('button', { name: 'Push hint 1' }).click();
  await expect(instructor.getByRole('status').filter({ hasText: 'Hint 1 pushed to Team 1.' })).toBeVisible();
  // the learners cannot miss it: a notice says a hint arrived
  for (const p of [learnerA, learnerB]) await expect(p.getByTestId('notice-hint')).toContainText('sent you hint 1');
  await instructor.getByLabel('Message').fill('Look at the reply path');
  await instructor.getByRole('button', { name: 'Send' }).click();
  for (const p of [learnerA, learnerB]) {
    await expect(p.getByTestId('messages')).toContainText('Teach: Look at the reply path');
    await expect(p.getByTestId('notice-message')).toContainText('Teach: Look at the reply path');
  }
  await snap(learnerA, info, 'learner-notices');
  await learnerA.getByRole('button', { name: 'Dismiss this notice' }).first().click();
  await expect(learnerA.getByTestId('notice-hint')).toHaveCount(0);
  await learnerA.getByRole('tab', { name: 'Checks & hints' }).click();
  await expect(learnerA.getByTestId('checks')).toContainText('Open the trace of the failing ping');
  await snap(instructor, info, 'dashboard-team-detail');
  expect(await violations(instructor), 'dashboard with a team open').toEqual([]);

  // pause: learners are told; they can look around (a look, a traffic test), and a change is refused clearly
  await instructor.getByRole('button', { name: 'Pause' }).click();
  await expect(learnerA.getByTestId('session-status')).toContainText('paused');
  await runInConsole(learnerA, 'aws', 'aws ec2 describe-security-groups --group-ids sg-b');
  await expect(learnerA.getByTestId('console-log')).toContainText('"GroupId": "sg-b"');
  await runInConsole(learnerA, 'i-a', 'ping -c 1 10.0.1.20');
  await expect(learnerA.getByTestId('console-log')).toContainText('this experiment ran, and nothing it did is kept');
  await runInConsole(
    learnerA,
    'aws',
    'aws ec2 revoke-security-group-ingress --group-id sg-b --protocol icmp --port -1 --cidr 10.0.1.10/32',
  );
  await expect(learnerA.getByTestId('console-log')).toContainText('The instructor paused the session');
  await instructor.getByRole('button', { name: 'Resume' }).click();
  await expect(learnerA.getByTestId('session-status')).toHaveCount(0);

  // Ben closes the tab and comes back: same team, same topology, the message still there
  const liveUrl = learnerB.url();
  const contextB = learnerB.context();
  await learnerB.close();
  const back = await contextB.newPage();
  await back.goto(liveUrl);
  await expect(back.getByTestId('team-members')).toHaveText('Ana, Ben');
  await back.getByTestId('diagram').locator('.react-flow__node[data-id="i-b"]').click();
  await expect(back.getByTestId('inspector')).toContainText('icmp  from 10.0.1.10/32');
  await expect(back.getByTestId('messages')).toContainText('Look at the reply path');

  // results as CSV
  const csv = await instructor.request.get(`/api/sessions/${instructor.url().split('/').pop()}/results.csv`);
  expect(csv.headers()['content-type']).toContain('text/csv');
  const lines = (await csv.text()).trim().split('\r\n');
  expect(lines).toHaveLength(3);
  expect(
    lines
      .slice(1)
      .map((l) => l.split(',')[2])
      .sort(),
  ).toEqual(['Ana', 'Ben']);
});
