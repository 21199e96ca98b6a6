'use client';
import { useMemo, useRef, useState, type KeyboardEvent } from 'react';

const AWS_OPS = [
  'describe-route-tables',
  'describe-network-interfaces',
  'describe-instances',
  'describe-subnets',
  'describe-security-groups',
  'describe-addresses',
  'create-route',
  'replace-route',
  'delete-route',
  'authorize-security-group-ingress',
  'revoke-security-group-ingress',
  'modify-network-interface-attribute',
  'modify-instance-attribute',
  'assign-private-ip-addresses',
  'associate-route-table',
  'create-nat-gateway',
  'stop-instances',
  'start-instances',
];
const SHELL = [
  'ip addr',
  'ip -4 addr show dev eth0',
  'ip route',
  'ip neigh',
  'ping -c 3 ',
  'tcpdump -ni eth0',
  'arping -c 3 -I eth0 ',
  'nc -zv -w 3 ',
  'curl -s http://169.254.169.254/latest/meta-data/',
  'traceroute ',
  'journalctl -u keepalived',
  'journalctl -u frr',
  'cat /etc/keepalived/keepalived.conf',
  'cat /etc/frr/frr.conf',
  'ls /etc/keepalived',
  'nano /etc/keepalived/keepalived.conf',
  'systemctl status keepalived',
  'systemctl restart keepalived',
  'vtysh -c "show ip bgp summary"',
  'vtysh -c "show ip route"',
  'vtysh -c "show bgp ipv4 unicast"',
];
/** What the simulator target takes: crashes, recoveries and time (the lab format's steps). */
export const SIMULATOR_COMMANDS = ['fail ', 'recover ', 'wait 5', 'wait 30', 'wait settled', 'run', 'pause'];

function commonPrefix(words: string[]): string {
  let p = words[0] ?? '';
  for (const w of words) while (!w.startsWith(p)) p = p.slice(0, -1);
  return p;
}

export interface ConsoleLine {
  target: string;
  command: string;
  output: string;
  ok: boolean;
}

/**
 * The console: the AWS CLI, a shell on one VM (where `nano`, `vi` and `edit` open the editor),
 * or the simulator (`fail i-fw1`, `recover i-fw1`, `wait 5`, `wait settled`, `run`, `pause`).
 * ↑/↓ walk the history; Tab completes commands and resource ids.
 */
export function Console({
  targets,
  simulator,
  ids,
  lines,
  onRun,
}: {
  targets: string[];
  /** the level lets the learner crash instances or advance time from the console */
  simulator: boolean;
  ids: string[];
  lines: ConsoleLine[];
  onRun: (target: string, command: string) => void;
}) {
  const [target, setTarget] = useState('aws');
  const [text, setText] = useState('');
  const [cursor, setCursor] = useState<number>();
  const [choices, setChoices] = useState<string[]>([]);
  const history = useMemo(() => lines.filter((l) => l.target === target).map((l) => l.command), [lines, target]);
  const input = useRef<HTMLInputElement>(null);
  const words =
    target === 'aws'
      ? [...AWS_OPS.map((o) => `aws ec2 ${o}`), ...ids]
      : target === 'simulator'
        ? [...SIMULATOR_COMMANDS, ...ids]
        : [...SHELL, ...ids];
  function key(e: KeyboardEvent<HTMLInputElement>) {
    if (e.key === 'ArrowUp' || e.key === 'ArrowDown') {
      e.preventDefault();
      if (history.length === 0) return;
      const next =
        cursor === undefined
          ? e.key === 'ArrowUp'
            ? history.length - 1
            : undefined
          : cursor + (e.key === 'ArrowUp' ? -1 : 1);
      const clamped = next === undefined || next >= history.length ? undefined : Math.max(0, next);
      setCursor(clamped);
      setText(clamped === undefined ? '' : history[clamped]!);
    } else if (e.key === 'Tab') {
      e.preventDefault();
      // like a shell: complete the whole line or its last word; when several fit, extend to
      // their common prefix and list them
      const last = text.split(/\s+/).pop() ?? '';
      const whole = words.filter((w) => w.startsWith(text) && text.length > 0);
      const part = [...new Set(words.filter((w) => last && w.startsWith(last)))];
      setChoices([]);
      if (whole.length === 1) setText(whole[0]!);
      else if (part.length === 1) setText(text.slice(0, text.length - last.length) + part[0] + ' ');
      else if (whole.length > 1 || part.length > 1) {
        const many = whole.length > 1 ? whole : part;
        const base = whole.length > 1 ? '' : text.slice(0, text.length - last.length);
        setText(base + commonPrefix(many));
        setChoices(many);
      }
    }
  }
  return (
    <div data-testid="console">
      <div className="console-log scroll" aria-live="polite" data-testid="console-log">
        {lines.slice(-40).map((l, i) => (
          <div key={Math.max(0, lines.length - 40) + i} data-testid="console-entry">
            <span className="cmd">
              {l.target === 'aws' ? '$ ' : l.target === 'simulator' ? 'simulator> ' : `[${l.target}]$ `}
              {l.command}
            </span>
            {'\n'}
            <span className={l.ok ? '' : 'bad'}>{l.output}</span>
          </div>
        ))}
      </div>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (text.trim()) onRun(target, text.trim());
          setText('');
          setCursor(undefined);
          input.current?.focus();
        }}
        style={{ display: 'flex', gap: '.4rem', marginTop: '.4rem' }}
      >
        <label className="muted" htmlFor="console-target">
          Run on
        </label>
        <select id="console-target" value={target} onChange={(e) => setTarget(e.target.value)}>
          <option value="aws">AWS CLI</option>
          {targets.map((t) => (
            <option key={t} value={t}>
              {t} shell
            </option>
          ))}
          {simulator && <option value="simulator">Simulator (fail, recover, wait)</option>}
        </select>
        <input
          ref={input}
          aria-label="Command"
          style={{ flex: 1 }}
          value={text}
          onChange={(e) => {
            setText(e.target.value);
            setChoices([]);
          }}
          onKeyDown={key}
          placeholder={
            target === 'aws' ? 'aws ec2 describe-route-tables' : target === 'simulator' ? 'fail i-fw1' : 'ip route'
          }
          spellCheck={false}
        />
        <button type="submit">Run</button>
      </form>
      {choices.length > 0 && (
        <p className="muted" role="status" data-testid="completions">
          {choices.slice(0, 12).join('   ')}
          {choices.length > 12 ? ' …' : ''}
        </p>
      )}
    </div>
  );
}
