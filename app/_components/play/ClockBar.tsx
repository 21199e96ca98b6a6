'use client';
import type { ClockView } from '@/app/_shared/views';

/** `T+12 s`, `T+2 min 05 s`: simulated time since the attempt started. */
export function clockText(seconds: number): string {
  const s = Math.floor(seconds);
  if (s < 120) return `T+${s} s`;
  return `T+${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
}

/**
 * The attempt's clock, as Packet Tracer's simulation controls: run and pause it (the server runs
 * it, one simulated second per second, for everyone who plays the attempt), step it by 1, 5 or
 * 30 s, or run it until nothing changes any more. Every second is stored in the attempt.
 */
export function ClockBar({
  time,
  clock,
  allowed,
  busy,
  notice,
  onRun,
  onWait,
  onSettle,
}: {
  time: number;
  clock: ClockView;
  allowed: boolean;
  busy: boolean;
  notice?: string;
  onRun: (run: boolean) => void;
  onWait: (seconds: number) => void;
  onSettle: () => void;
}) {
  if (!allowed)
    return (
      <p className="clock-bar muted" data-testid="clock">
        <span className="clock-time">{clockText(time)}</span> This level keeps time still.
      </p>
    );
  return (
    <div className="clock-bar" role="group" aria-label="Simulated time" data-testid="clock">
      <span
        className="clock-time"
        aria-live="off"
        data-testid="clock-time"
        title="Simulated time since the level started"
      >
        {clockText(time)}
      </span>
      <button
        onClick={() => onRun(!clock.running)}
        aria-pressed={clock.running}
        data-testid="clock-run"
        title={clock.running ? 'Pause the clock' : 'Run the clock: one simulated second per second'}
      >
        {clock.running ? 'Pause' : '▶ Run'}
      </button>
      {[1, 5, 30].map((n) => (
        <button key={n} onClick={() => onWait(n)} disabled={busy} aria-label={`Advance time by ${n} seconds`}>
          +{n} s
        </button>
      ))}
      <button onClick={onSettle} disabled={busy} title="Run until nothing changes for a while (at most 2 minutes)">
        Until settled
      </button>
      <span className="muted" role="status">
        {clock.running ? `running${clock.by ? ` (started by ${clock.by})` : ''}` : 'paused'}
        {notice ? ` — ${notice}` : ''}
      </span>
    </div>
  );
}
