import { tokenize } from '../control/aws/cli-args';
import { runAwsWords, type AwsCommandResult } from '../control/aws/run-aws';
import { advanceTime } from '../control/daemons/clock';
import { WAITERS } from '../control/aws/waiters';
import type { ControlState } from '../control/control-state';
import { daemonCommand } from '../control/shell/daemon-command';

const failed = (api: string, why: string): AwsCommandResult => ({
  ok: false,
  code: 'WaiterError',
  output: `Waiter ${api} failed: ${why}`,
});

/**
 * Runs `aws ec2 wait …` if the line is one (undefined for any other call): the waiter's describe
 * call, polled; simulated time passes by the waiter's delay between polls, at most its number of polls.
 */
export function runAwsWait(control: ControlState, line: string): AwsCommandResult | undefined {
  const tokens = tokenize(line.trim());
  if (!Array.isArray(tokens)) return undefined;
  const words = tokens[0] === 'aws' ? tokens.slice(1) : tokens;
  if (words[0] !== 'ec2' || words[1] !== 'wait') return undefined;
  const name = words[2];
  const waiter = name === undefined ? undefined : WAITERS[name];
  if (!waiter)
    return {
      ok: false,
      code: 'CliUsage',
      output: `usage: aws [options] <command> <subcommand> [<subcommand> ...] [parameters]\naws: error: argument wait: ${name === undefined ? 'the following arguments are required: subcommand' : `Invalid choice '${name}', valid choices are:`}\n\n${Object.keys(WAITERS).join(' | ')}`,
    };
  if (words[3] === 'help')
    return {
      ok: true,
      output: `${name}\n\nDESCRIPTION\n       Wait until ${waiter.path} is ${waiter.exists ? 'found' : waiter.success}. It will poll every ${waiter.delay} seconds until a successful state has been reached. This will exit with a return code of 255 after ${waiter.maxAttempts} failed checks.\n\nSYNOPSIS\n            ${name}\n          (the options of ${waiter.describe})`,
    };
  const call = ['ec2', waiter.describe, ...words.slice(3)];
  for (let attempt = 1; ; attempt++) {
    const r = runAwsWords(control, call);
    if (!r.ok && r.code !== waiter.retryOn) {
      if (r.code === 'CliUsage') return r;
      return failed(
        waiter.api,
        `An error occurred (${r.code}): ${r.output.replace(/^An error occurred \([^)]*\) when calling the \w+ operation: /, '')}`,
      );
    }
    if (r.ok) {
      const states = waiter.states(JSON.parse(r.output) as Record<string, unknown>);
      if (waiter.exists ? states.length > 0 : states.length > 0 && states.every((s) => s === waiter.success))
        return { ok: true, output: '' };
      const bad = states.find((s) => waiter.failure?.includes(s));
      if (bad)
        return failed(
          waiter.api,
          `Waiter encountered a terminal failure state: For expression "${waiter.path}" we matched expected path: "${bad}" at least once`,
        );
    }
    if (attempt >= waiter.maxAttempts) return failed(waiter.api, 'Max attempts exceeded');
    advanceTime(control, waiter.delay, daemonCommand);
  }
}
