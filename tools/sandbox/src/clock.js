// The sandbox's clock: jobs move on it, not on the wall clock, so that a user (or a test) can run it
// faster, slower, pause it and step it forward.
export function createClock({ speed = 1, paused = false } = {}) {
  let base = 0;
  let anchor = Date.now();
  let currentSpeed = speed;
  let isPaused = paused;
  const listeners = new Set();

  const now = () => base + (isPaused ? 0 : (Date.now() - anchor) * currentSpeed);
  const rebase = () => {
    base = now();
    anchor = Date.now();
  };
  const changed = () => {
    for (const listener of listeners) listener();
  };

  return {
    /** Milliseconds since the sandbox started, on the sandbox clock. */
    now,
    get speed() {
      return currentSpeed;
    },
    get paused() {
      return isPaused;
    },
    setSpeed(value) {
      if (!(value > 0)) throw new RangeError("speed must be a positive number");
      rebase();
      currentSpeed = value;
      changed();
    },
    pause() {
      rebase();
      isPaused = true;
      changed();
    },
    resume() {
      rebase();
      isPaused = false;
      changed();
    },
    advance(ms) {
      if (!(ms >= 0)) throw new RangeError("advance takes a non-negative number of milliseconds");
      rebase();
      base += ms;
      changed();
    },
    /** Called after every explicit change (advance, pause, speed), so that waiting channels re-check at once. */
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    toJSON() {
      return { nowMs: Math.round(now()), speed: currentSpeed, paused: isPaused };
    },
  };
}
