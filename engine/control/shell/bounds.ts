import { err, type ShellResult } from './shell-context';

/**
 * What one command may cost. Real tools run in wall-clock time (ping sends one probe a second),
 * so their counts cost the user patience; here they cost the server CPU, so each is bounded,
 * tighter than the real tool where the real bound is huge, and refused with the tool's own words.
 */
export const COMMAND_BOUNDS = {
  /** `ping -c`, `arping -c`: probes per command (iputils allows up to LONG_MAX / INT_MAX) */
  probes: 100,
  /** `traceroute -m`: traceroute's own limit */
  maxHops: 255,
  /** `traceroute -q`: traceroute's own limit */
  probesPerHop: 10,
  /** lines a command prints into the console; the rest is cut with a note */
  outputLines: 1000,
  /** characters a command prints into the console */
  outputChars: 64 * 1024,
} as const;

/**
 * iputils' `strtol_or_err` (iputils_common.c): an integer flag value in [min, max], or the
 * tool's own refusal, e.g. `ping: invalid argument: '50000': out of range: 1 <= value <= 100`.
 */
export function iputilsCount(
  tool: string,
  text: string | undefined,
  fallback: number,
  min: number,
  max: number,
): number | ShellResult {
  if (text === undefined) return fallback;
  if (!/^[+-]?\d+$/.test(text)) return err(`${tool}: invalid argument: '${text}'`, 1);
  const n = Number(text);
  if (n < min || n > max)
    return err(`${tool}: invalid argument: '${text}': out of range: ${min} <= value <= ${max}`, 1);
  return n;
}

/** Cuts what a command printed to the console's bounds, saying how much was left out. */
export function boundOutput(text: string): string {
  const lines = text.split('\n');
  let kept = 0;
  let chars = 0;
  while (kept < lines.length && kept < COMMAND_BOUNDS.outputLines) {
    chars += lines[kept]!.length + 1;
    if (chars > COMMAND_BOUNDS.outputChars) break;
    kept++;
  }
  if (kept === lines.length) return text;
  const shown = kept > 0 ? lines.slice(0, kept) : [lines[0]!.slice(0, COMMAND_BOUNDS.outputChars)];
  const cut = lines.length - Math.max(kept, 1);
  const note = `[${cut} more line${cut === 1 ? '' : 's'} not shown: the console keeps ${COMMAND_BOUNDS.outputLines} lines or ${COMMAND_BOUNDS.outputChars / 1024} kB of a command's output]`;
  return [...shown, note].join('\n');
}
