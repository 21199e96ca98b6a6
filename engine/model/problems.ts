import type { z } from 'zod';

/** One thing wrong with a lab, with where it is (`topology.subnets[0].cidr`) and AWS's code if any. */
export interface Problem {
  path: string;
  code?: string;
  message: string;
}

/** Formats a path the way a reader finds it in the YAML: `routeTables[0].routes[1].target`. */
export function formatPath(parts: ReadonlyArray<PropertyKey>, prefix = ''): string {
  let out = prefix;
  for (const p of parts) {
    if (typeof p === 'number') out += `[${p}]`;
    else out += out === '' ? String(p) : `.${String(p)}`;
  }
  return out === '' ? '(root)' : out;
}

/** Turns zod's issues into problems, each naming its path. */
export function problemsFromZod(error: z.ZodError, prefix = ''): Problem[] {
  return error.issues.map((issue) => {
    const keys = (issue as { keys?: string[] }).keys;
    if (issue.code === 'unrecognized_keys' && keys && keys.length > 0) {
      return {
        path: formatPath(issue.path, prefix),
        message: `unknown field${keys.length > 1 ? 's' : ''} ${keys.map((k) => `"${k}"`).join(', ')}`,
      };
    }
    const message = issue.message.replace(/^Invalid input: /, '');
    return { path: formatPath(issue.path, prefix), message };
  });
}

/** `path: message`, with the AWS code in parentheses when there is one. */
export function formatProblem(p: Problem): string {
  return `${p.path}: ${p.message}${p.code ? ` (${p.code})` : ''}`;
}
