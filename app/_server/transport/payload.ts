/** How deep a payload may nest: every message the protocol defines needs far fewer levels. */
export const MAX_DEPTH = 32;

/**
 * What makes a payload unusable before any use case sees it, with where: nesting deeper than
 * any message needs (recursive code downstream would overflow its stack), or a NUL character
 * (PostgreSQL cannot store one in text or JSON). Walks without recursion.
 */
export function payloadProblem(value: unknown): { path: string; message: string } | undefined {
  const stack: { v: unknown; path: string; depth: number }[] = [{ v: value, path: '', depth: 0 }];
  while (stack.length > 0) {
    const { v, path, depth } = stack.pop()!;
    if (typeof v === 'string') {
      if (v.includes('\u0000')) return { path: path || '(payload)', message: 'contains a NUL character' };
      continue;
    }
    if (v === null || typeof v !== 'object') continue;
    if (depth >= MAX_DEPTH) return { path: path || '(payload)', message: `nests deeper than ${MAX_DEPTH} levels` };
    const entries: [string, unknown][] = Array.isArray(v) ? v.map((x, i) => [`[${i}]`, x]) : Object.entries(v);
    for (const [k, x] of entries) {
      if (k.includes('\u0000')) return { path: path || '(payload)', message: 'has a key with a NUL character' };
      const at = k.startsWith('[') ? `${path}${k}` : path ? `${path}.${k}` : k;
      stack.push({ v: x, path: at, depth: depth + 1 });
    }
  }
  return undefined;
}
