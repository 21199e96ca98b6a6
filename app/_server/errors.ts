/**
 * Every error the server can return, in one table: a stable code, an HTTP status and a
 * message a learner can read. Learners never see a stack trace.
 */
export const ERRORS = {
  UNAUTHENTICATED: { status: 401, message: 'Join with a name, or sign in, first.' },
  FORBIDDEN: { status: 403, message: 'Your role does not allow this.' },
  INVALID_INPUT: { status: 400, message: 'The request is not valid.' },
  LEVEL_NOT_FOUND: { status: 404, message: 'There is no such level.' },
  ATTEMPT_NOT_FOUND: { status: 404, message: 'There is no such attempt.' },
  HINT_NOT_FOUND: { status: 404, message: 'This level has no such hint.' },
  NOT_ALLOWED_IN_LEVEL: { status: 403, message: 'This level does not let you make that change.' },
  STALE_VERSION: { status: 409, message: 'The attempt changed since you last saw it; reload it.' },
  BAD_CREDENTIALS: { status: 401, message: 'Wrong email or password.' },
  EMAIL_TAKEN: { status: 409, message: 'An account with this email already exists.' },
  RATE_LIMITED: { status: 429, message: 'Too many requests; slow down.' },
  NOT_FOUND: { status: 404, message: 'Not found.' },
  METHOD_NOT_ALLOWED: { status: 405, message: 'This method is not allowed here.' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, message: 'Send the request body as JSON (Content-Type: application/json).' },
  CROSS_ORIGIN: {
    status: 403,
    message: 'This request came from a page of another site, so it was refused. Use Underlay from its own pages.',
  },
  SESSION_NOT_FOUND: { status: 404, message: 'There is no such session, or you are not in it.' },
  SESSION_PAUSED: { status: 409, message: 'The instructor paused the session; wait until they resume it.' },
  SESSION_ENDED: { status: 409, message: 'This session has ended; your results are kept.' },
  TEAM_NOT_FOUND: { status: 404, message: 'There is no such team in this session.' },
  LEVEL_NOT_IN_SESSION: { status: 404, message: 'This level is not part of the session.' },
  BAD_TRANSITION: { status: 409, message: 'The session cannot do that from where it is now.' },
  MESSAGE_TOO_LARGE: { status: 413, message: 'The message is too large.' },
  ROOM_UNAVAILABLE: { status: 503, message: 'The session is moving to another server; reconnect and try again.' },
  STEP_TOO_EXPENSIVE: {
    status: 422,
    message:
      'This step would take the simulator too long, so it was stopped and nothing was changed. Try a shorter wait or fewer probes.',
  },
  STEP_LIMIT: {
    status: 409,
    message:
      'This attempt has reached the most steps one attempt keeps. Reset the level to start a fresh attempt; your best score stays.',
  },
  NETWORK_TOO_LARGE: {
    status: 422,
    message: 'This step would grow the network past what one attempt may hold; nothing was changed.',
  },
  STEP_COOLDOWN: {
    status: 429,
    message: 'Your last step took the simulator too long and was stopped; wait a few seconds.',
  },
  STEPS_PENDING: {
    status: 429,
    message: 'Your earlier steps are still running; wait for their answers before sending more.',
  },
  SERVER_BUSY: { status: 503, message: 'The server is busy; try again in a moment. Nothing was changed.' },
  GRADING_TOO_EXPENSIVE: {
    status: 422,
    message: 'Grading this network took too long, so it was stopped; no grade was stored.',
  },
  ATTEMPT_UNAVAILABLE: { status: 503, message: 'This attempt could not be rebuilt in time; try again in a moment.' },
  INTERNAL: { status: 500, message: 'Something went wrong on the server. Nothing was changed.' },
} as const;

export type ErrorCode = keyof typeof ERRORS;

/** A coded server error; `details` says what and where (a field path, a reason). */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly details?: unknown,
    message?: string,
    /** the unexpected error behind an INTERNAL one: logged at the edge, never sent */
    options?: { cause?: unknown },
  ) {
    super(message ?? ERRORS[code].message, options);
  }

  get status(): number {
    return ERRORS[this.code].status;
  }

  /** The HTTP status of a code as it travels (a relayed answer carries only the code). */
  static statusOf(code: string): number {
    return (ERRORS as Record<string, { status: number }>)[code]?.status ?? 500;
  }
}

/** What leaves the server for any error: a code and a message, never a stack. */
export interface PublicError {
  code: ErrorCode;
  message: string;
  details?: unknown;
}

export function toPublicError(e: unknown): PublicError {
  if (e instanceof AppError)
    return { code: e.code, message: e.message, ...(e.details !== undefined ? { details: e.details } : {}) };
  return { code: 'INTERNAL', message: ERRORS.INTERNAL.message };
}
