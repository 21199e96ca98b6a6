import type { z } from 'zod';
import { AppError } from './errors';

/** Validates an inbound payload; the error lists every problem with its path. */
export function validate<T extends z.ZodType>(schema: T, input: unknown): z.infer<T> {
  const r = schema.safeParse(input);
  if (r.success) return r.data;
  const problems = r.error.issues.map((i) => ({
    path: i.path.length > 0 ? i.path.join('.') : '(payload)',
    message: i.message.replace(/^Invalid input: /, ''),
  }));
  throw new AppError(
    'INVALID_INPUT',
    problems,
    `Invalid request: ${problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`,
  );
}
