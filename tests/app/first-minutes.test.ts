import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { renderToStaticMarkup } from 'react-dom/server';
import { createElement } from 'react';
import { describe, expect, it } from 'vitest';
import { Markdown } from '../../app/_components/Markdown';
import { commandsFor, isHelp } from '../../app/_components/play/console-words';
import { checkSetup } from '../../app/_components/play/ChecksPanel';
import type { LabStep } from '../../engine/lab/lab-file';
import { gradeView } from '../../app/_server/attempts/views';
import { levelView } from '../../app/_server/levels/catalog';
import { loadLevels } from '../../app/_server/levels/level-files';
import { OPERATION_NAMES } from '../../engine/control/aws/operation-catalog';
import { OPERATIONS } from '../../engine/control/aws/run-aws';
import { parseChallenge } from '../../engine/grade/challenge';
import { evaluate, startAttempt } from '../../engine/grade/evaluate';
import { awsHelpText, shellHelpText, simulatorHelpText } from '../../engine/grade/permission-help';
import { awsAllowed, shellAllowed } from '../../engine/grade/permissions';

const { levels } = loadLevels(path.resolve(import.meta.dirname, '../../challenges'));
const level = (id: string) => levels.find((l) => l.challenge.id === id)!;
const html = (text: string) => renderToStaticMarkup(createElement(Markdown, { text, headingOffset: 1 }));

describe('a level opens on its briefing, rendered, with what the checks require', () => {
  it('renders the briefings’ Markdown as elements: headings, joined paragraphs, lists, code, bold, links', () => {
    const out = html(
      [
        '# Title',
        '',
        'A paragraph that was',
        'hard-wrapped, with `code` and **bold** and *it*.',
        '',
        '## Your task',
        '',
        '- first item that',
        '  continues here',
        '- second [docs](https://docs.aws.amazon.com/vpc/) and [bad](javascript:alert(1))',
        '',
        '1. one',
        '2. two',
        '',
        '```',
        '<script>x</script>',
        '```',
        'notify_master and snake_case stay words; <b>no</b> markup.',
      ].join('\n'),
    );
    expect(out).toContain('<h2>Title</h2>');
    expect(out).toContain(
      '<p>A paragraph that was hard-wrapped, with <code>code</code> and <strong>bold</strong> and <em>it</em>.</p>',
    );
    expect(out).toContain('<h3>Your task</h3>');
    expect(out).toContain('<li>first item that continues here</li>');
    expect(out).toContain('<a href="https://docs.aws.amazon.com/vpc/" target="_blank" rel="noreferrer">docs</a>');
    // a link to anything but the web or the app is text
    expect(out).not.toContain('javascript:');
    expect(out).toContain('<ol><li>one</li><li>two</li></ol>');
    expect(out).toContain('<pre class="md-code"><code>&lt;script&gt;x&lt;/script&gt;</code></pre>');
    expect(out).toContain('notify_master and snake_case stay words; &lt;b&gt;no&lt;/b&gt; markup.');
  });

  it('renders every shipped briefing with its task as a list and no Markdown left showing', () => {
    for (const l of levels) {
      const out = html(l.briefing);
      expect(out, l.challenge.id).toMatch(/<h3>Your task<\/h3><ul>(<li>.+?<\/li>)+<\/ul>/);
      expect(out.replace(/<code>[^<]*<\/code>/g, ''), l.challenge.id).not.toMatch(/\*\*|^#|`/m);
    }
  });

  it('every visible check says what it requires, and the schema refuses one that does not', () => {
    for (const l of levels)
      for (const c of levelView(l).visibleChecks) {
        expect(c.requirement, `${l.challenge.id} ${c.id}`).toBeTruthy();
        expect(c.requirement).not.toBe(c.feedback);
      }
    const file = path.join(level('01-where-is-my-public-ip').dir, 'challenge.yaml');
    const raw = parse(readFileSync(file, 'utf8')) as { checks: { requirement?: string }[] };
    delete raw.checks[0]!.requirement;
    const parsed = parseChallenge(raw);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.problems[0]).toMatchObject({ path: 'checks[0].requirement' });
  });

  it('a passing check that earns nothing says which check it waits on (hidden ones by their number)', () => {
    const l = level('03-ha-failover-without-garp');
    // the starting network: the failover checks fail, so what requires them earns nothing
    const start = startAttempt(l.challenge);
    if (!start.ok) throw new Error('level 3 does not start');
    const report = evaluate(l.challenge, start.session.control.topology);
    const view = gradeView(report);
    const byReal = new Map(report.checks.map((c, i) => [c.id, view.checks[i]!]));
    for (const c of report.checks) {
      const shown = byReal.get(c.id)!;
      expect(shown.waitingOn ?? []).toHaveLength(c.waitingOn.length);
      for (const w of shown.waitingOn ?? []) expect(w).toMatch(/^(hidden check \d+|[a-z0-9-]+)$/);
    }
    // primary-returns requires failover-to-backup (visible, by id) and failover-both-servers (hidden)
    const primary = report.checks.findIndex((c) => c.id === 'primary-returns');
    expect(l.challenge.checks[primary]!.requires.length).toBeGreaterThan(0);
    const waits = view.checks[primary]!.waitingOn ?? [];
    expect(waits.join(' ')).not.toMatch(/failover-both-servers|one-master|primary-returns/);
  });

  it("a visible check that makes a change itself says so, a looked-up value by its name (level 10's pipeline)", () => {
    const checks = levelView(level('10-route-tables-under-stress')).visibleChecks;
    const swap = checks.find((c) => c.id === 'export-survives-main-swap')!;
    expect(checkSetup(swap.steps as LabStep[])).toBe(
      'On the way it runs aws ec2 replace-route-table-association --association-id <main-association> --route-table-id rtb-private.',
    );
    // a check that only sends traffic and reads says nothing
    expect(checkSetup(checks.find((c) => c.id === 'other-egress-unchanged')!.steps as LabStep[])).toBeUndefined();
  });
});

describe('the console offers what the level allows, and help', () => {
  it('knows the same operation names as the control plane', () => {
    expect([...OPERATION_NAMES].sort()).toEqual([...OPERATIONS.keys()].sort());
  });

  it('completes only what the level allows: level 1 offers no traceroute, and every offer is allowed', () => {
    for (const l of levels) {
      const allowed = l.challenge.allowed;
      const shells = [...new Set(allowed.shell.flatMap((s) => s.instances))];
      for (const line of commandsFor(allowed, 'aws'))
        if (line !== 'aws help') expect(awsAllowed(allowed, line).ok, `${l.challenge.id}: ${line}`).toBe(true);
      for (const on of shells)
        for (const line of commandsFor(allowed, on))
          if (line !== 'help')
            expect(shellAllowed(allowed, on, line.trim()).ok, `${l.challenge.id} ${on}: ${line}`).toBe(true);
    }
    const one = level('01-where-is-my-public-ip').challenge.allowed;
    expect(commandsFor(one, 'i-a').some((c) => c.startsWith('traceroute'))).toBe(false);
    expect(commandsFor(one, 'i-a')).toContain('ip route');
  });

  it('answers help on each target from the level, and a refusal says what is available instead', () => {
    const one = level('01-where-is-my-public-ip').challenge.allowed;
    expect(isHelp('aws', 'aws ec2 help')).toBe(true);
    expect(isHelp('aws', 'help')).toBe(true);
    expect(isHelp('i-a', 'help')).toBe(true);
    expect(isHelp('i-a', 'helpme')).toBe(false);
    const aws = awsHelpText(one);
    expect(aws).toContain('describe-route-tables');
    expect(aws).toContain('authorize-security-group-ingress');
    expect(aws).not.toContain('create-nat-gateway');
    // the waiters whose describe call the level allows
    expect(aws).toContain('aws ec2 wait <condition>');
    expect(aws).toContain('instance-running');
    expect(awsHelpText({ ...one, simulator: { ...one.simulator, wait: false } })).not.toContain('aws ec2 wait');
    const shell = shellHelpText(one, 'i-a');
    expect(shell).toContain('Commands this level lets you run on i-a:');
    expect(shell).toContain('ping');
    expect(simulatorHelpText(level('03-ha-failover-without-garp').challenge.allowed)).toContain('fail <instance>');
    const refused = shellAllowed(one, 'i-a', 'traceroute 10.0.1.20');
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.reason).toMatch(/you may run .*ping.*\(`help` lists them\)/);
    const call = awsAllowed(one, 'aws ec2 create-nat-gateway --subnet-id subnet-pub');
    expect(call.ok).toBe(false);
    if (!call.ok) expect(call.reason).toMatch(/you may call .*describe-route-tables.*\(`aws help` lists them\)/);
  });
});
