/**
 * Live job progress on stderr (stdout stays for results, so `studiokit … | jq` works): a bar with
 * state, progress, queue position and elapsed time on a terminal, and one plain line per change when
 * stderr is a pipe or a file. cli-progress draws the bar; it redraws in place and only on a TTY.
 */
import cliProgress from "cli-progress";
import type { StudioJobStatus } from "studiokit";

export interface ProgressSink {
  update(status: StudioJobStatus): void;
  stop(): void;
}

export interface ProgressOptions {
  stream?: NodeJS.WriteStream | undefined;
  /** Nothing at all (`--quiet`). */
  quiet?: boolean | undefined;
  now?: () => number;
}

export function createProgress(label: string, options: ProgressOptions = {}): ProgressSink {
  const stream = options.stream ?? process.stderr;
  if (options.quiet) return { update() {}, stop() {} };
  return stream.isTTY ? new BarProgress(label, stream) : new LineProgress(label, stream, options.now ?? Date.now);
}

// A queue position means something only while the job waits: AliveAI keeps reporting 0 while it runs.
const queueText = (status: StudioJobStatus) => (status.state === "queued" && status.queuePosition !== undefined ? `queue ${status.queuePosition}` : "queue -");

class BarProgress implements ProgressSink {
  private readonly bar: cliProgress.SingleBar;
  private started = false;

  constructor(
    private readonly label: string,
    stream: NodeJS.WriteStream,
  ) {
    this.bar = new cliProgress.SingleBar(
      {
        stream,
        format: "{label} {state} [{bar}] {percentage}% | {queue} | {duration_formatted}",
        hideCursor: true,
        clearOnComplete: false,
        // Redraw every second even without news, so that the elapsed time keeps moving.
        etaBuffer: 10,
        fps: 4,
        forceRedraw: true,
      },
      cliProgress.Presets.shades_classic,
    );
  }

  update(status: StudioJobStatus): void {
    const value = Math.round((status.progress ?? (status.state === "succeeded" ? 1 : 0)) * 100);
    const payload = { label: this.label, state: status.state.padEnd(9), queue: queueText(status) };
    if (!this.started) {
      this.started = true;
      this.bar.start(100, value, payload);
    } else {
      this.bar.update(value, payload);
      // The bar redraws on its own timer; a change of state or queue position is drawn at once so
      // that no step of a fast job goes unseen.
      const key = `${payload.state}|${payload.queue}|${value}`;
      if (key !== this.lastKey) this.bar.render();
      this.lastKey = key;
    }
  }

  private lastKey = "";

  stop(): void {
    // Idempotent: a failed wait stops the bar before its message, and the finally stops it again.
    if (this.started && !this.stopped) this.bar.stop();
    this.stopped = true;
  }

  private stopped = false;
}

class LineProgress implements ProgressSink {
  private last = "";
  private readonly startedAt: number;

  constructor(
    private readonly label: string,
    private readonly stream: NodeJS.WriteStream,
    private readonly now: () => number,
  ) {
    this.startedAt = now();
  }

  update(status: StudioJobStatus): void {
    // One line per step, not per poll or per percent: a new state, a new queue position, or the next
    // tenth of the work (a provider that reports every percent would otherwise fill a log with 100 lines).
    const tenth = Math.floor((status.progress ?? 0) * 10);
    const step = `${status.state}|${queueText(status)}|${tenth}`;
    if (step === this.last) return;
    this.last = step;
    const percent = status.progress !== undefined ? `${Math.round(status.progress * 100)}%` : "-";
    const elapsed = ((this.now() - this.startedAt) / 1000).toFixed(1);
    this.stream.write(`${this.label} ${status.state} ${percent} ${queueText(status)} elapsed ${elapsed}s\n`);
  }

  stop(): void {}
}
