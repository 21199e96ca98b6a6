'use client';
import { useMemo, useRef, useState, type KeyboardEvent } from 'react';

function commonPrefix(words: string[]): string {
  let p = words[0] ?? '';
  for (const w of words) while (!w.startsWith(p)) p = p.slice(0, -1);
  return p;
}

export interface ConsoleLine {
  /** the server's entry, when it kept one (a line from another page arrives once) */
  id?: number;
  target: string;
  command: string;
  output: string;
  ok: boolean;
  /** a teammate ran it */
  by?: string;
}

/**
 * The console: the AWS CLI, a shell on one VM (where `nano`, `vi` and `edit` open the editor),
 * or the simulator (`fail i-fw1`, `recover i-fw1`, `wait 5`, `wait settled`, `run`, `pause`).
 * ↑/↓ walk the history; Tab completes what the level allows and resource ids, where there is
 * text to complete (on an empty line, or with nothing to complete, Tab moves on); Escape leaves.
 */
/** Output drawn as a table with box characters: `aws … --output table`. */
const TABULAR = /^(\|.*\||-{8,}|\+-+\+.*)$/m;

export function Console({
  targets,
  simulator,
  ids,
  lines,
  commands,
  onRun,
}: {
  targets: string[];
  /** the level lets the learner crash instances or advance time from the console */
  simulator: boolean;
  ids: string[];
  lines: ConsoleLine[];
  /** what the level allows on a target, as completions (`aws ec2 describe-route-tables`, `ip route`) */
  commands: (target: string) => string[];
  onRun: (target: string, command: string) => void;
}) {
  const [target, setTarget] = useState('aws');
  const [text, setText] = useState('');
  const [cursor, setCursor] = useState<number>();
  const [choices, setChoices] = useState<string[]>([]);
  const history = useMemo(() => lines.filter((l) => l.target === target).map((l) => l.command), [lines, target]);
  const input = useRef<HTMLInputElement>(null);
  const runButton = useRef<HTMLButtonElement>(null);
  const words = [...commands(target), ...ids];
  function key(e: KeyboardEvent<HTMLInputElement>) {
    if (e.key === 'Escape') {
      // first Escape closes the list of completions; the next leaves the box
      e.preventDefault();
      if (choices.length > 0) setChoices([]);
      else runButton.current?.focus();
      return;
    }
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
    } else if (e.key === 'Tab' && !e.shiftKey && text.trim() !== '') {
      // like a shell: complete the whole line or its last word; when several fit, extend to
      // their common prefix and list them. Nothing to complete: Tab moves on, as everywhere.
      const last = text.split(/\s+/).pop() ?? '';
      const whole = words.filter((w) => w.startsWith(text) && w !== text);
      const part = [...new Set(words.filter((w) => last && w.startsWith(last) && w !== last))];
      if (whole.length === 0 && part.length === 0) return;
      e.preventDefault();
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
              {l.by ? <span className="console-by">{l.by} · </span> : null}
              {l.target === 'aws'
                ? '$ '
                : l.target === 'simulator'
                  ? 'simulator> '
                  : l.target === 'traffic'
                    ? '[traffic] '
                    : `[${l.target}]$ `}
              {l.command}
            </span>
            {'\n'}
            {/* a table (aws --output table, ip -s link) keeps its columns: it scrolls instead of wrapping */}
            <span className={`${l.ok ? '' : 'bad'}${TABULAR.test(l.output) ? ' tabular' : ''}`.trim()}>{l.output}</span>
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
          id="console-command"
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
        <button type="submit" ref={runButton}>
          Run
        </button>
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
