/**
 * Table-driven option checking. Every option object the facade takes (the studio's options, each
 * call's options, a job handle) is described by a table: one entry per known name, each a check
 * that says what is wrong with a value. A name that is not in the table is refused with the nearest
 * known name, so nothing a caller wrote is ever silently dropped; a new option is one more entry.
 */

/** What is wrong with one value, relative to where the check was applied. */
export interface OptionProblem {
  /** Path below the checked value (`""` for the value itself, `"maxDelayMs"`, `"[2]"`). */
  path: string;
  message: string;
  /** True when the problem is a name that is not an option. */
  unknown?: boolean;
}

/** Checks one value; `undefined` when it is fine (an absent optional option is fine). */
export type OptionCheck = (value: unknown) => string | OptionProblem[] | undefined;

/** Known option names and their checks. */
export type OptionTable = Readonly<Record<string, OptionCheck>>;

const joinPath = (base: string, key: string) => (!key ? base : key.startsWith("[") || !base ? `${base}${key}` : `${base}.${key}`);

/** Every problem of `value` against `table`: unknown names first, then bad values. */
export function problemsOf(table: OptionTable, value: unknown, path = ""): OptionProblem[] {
  if (!isPlainObject(value)) return [{ path, message: "must be an object" }];
  // Every call runs this on its options: the common case, all fine, is decided by looking only at
  // the names the caller wrote (and the required ones); the ordered list is made only for a problem.
  if (allFine(table, value)) return [];
  const { entries } = factsOf(table);
  const problems: OptionProblem[] = [];
  for (const name in value) {
    if (!Object.hasOwn(value, name) || Object.hasOwn(table, name)) continue;
    const known = Object.keys(table);
    const nearest = nearestName(name, known);
    problems.push({
      path: joinPath(path, name),
      message: `is not a known option${nearest ? `; did you mean "${nearest}"?` : ` (known: ${known.join(", ")})`}`,
      unknown: true,
    });
  }
  for (const [name, check] of entries) {
    const verdict = check((value as Record<string, unknown>)[name]);
    if (typeof verdict === "string") problems.push({ path: joinPath(path, name), message: verdict });
    else if (verdict) for (const problem of verdict) problems.push({ ...problem, path: joinPath(joinPath(path, name), problem.path) });
  }
  return problems;
}

// Tables are made once per studio; what is derived from one is kept with it, not redone per call.
interface TableFacts {
  entries: readonly (readonly [string, OptionCheck])[];
  /** The names whose check was made by `required`. */
  required: readonly string[];
}
const tableFacts = new WeakMap<OptionTable, TableFacts>();
function factsOf(table: OptionTable): TableFacts {
  let facts = tableFacts.get(table);
  if (!facts) {
    const entries = Object.entries(table);
    facts = { entries, required: entries.flatMap(([name, check]) => (requiredChecks.has(check) ? [name] : [])) };
    tableFacts.set(table, facts);
  }
  return facts;
}

/** True when every name is known, every value passes and nothing required is missing. */
function allFine(table: OptionTable, value: Record<string, unknown>): boolean {
  for (const name in value) {
    if (!Object.hasOwn(value, name)) continue;
    if (!Object.hasOwn(table, name) || table[name]!(value[name]) !== undefined) return false;
  }
  for (const name of factsOf(table).required) if (value[name] === undefined) return false;
  return true;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * The known name closest to `name` (case-insensitive edit distance with transpositions), or
 * undefined when none is close enough to be a likely typo. Hand-written: twenty lines do not
 * justify a runtime dependency in every caller's bundle.
 */
export function nearestName(name: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of known) {
    const distance = editDistance(name.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  const allowed = Math.max(2, Math.floor(name.length / 3));
  return bestDistance <= allowed ? best : undefined;
}

function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 8) return Infinity;
  const rows: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) rows[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) value = Math.min(value, rows[i - 2]![j - 2]! + 1);
      rows[i]![j] = value;
    }
  }
  return rows[a.length]![b.length]!;
}

// ---- building blocks ------------------------------------------------------------------------

const describe = (value: unknown): string => {
  if (typeof value === "string") return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === "function") return "a function";
  if (Array.isArray(value)) return "an array";
  if (value === null) return "null";
  if (typeof value === "object") return "an object";
  return String(value);
};

/** The checks made by `required`, so that a table's required names are known without calling them. */
const requiredChecks = new WeakSet<OptionCheck>();

/**
 * A check that also refuses `undefined`. The only way a table refuses an absent option: every other
 * check takes `undefined` as fine, and problemsOf's fast path looks at absent names only through this.
 */
export const required = (check: OptionCheck): OptionCheck => {
  const requiredCheck: OptionCheck = (value) => (value === undefined ? "is required" : check(value));
  requiredChecks.add(requiredCheck);
  return requiredCheck;
};

export const anyValue: OptionCheck = () => undefined;

export const booleanValue: OptionCheck = (value) => (value === undefined || typeof value === "boolean" ? undefined : `must be true or false (got ${describe(value)})`);

export const functionValue: OptionCheck = (value) => (value === undefined || typeof value === "function" ? undefined : `must be a function (got ${describe(value)})`);

export const stringValue: OptionCheck = (value) => (value === undefined || typeof value === "string" ? undefined : `must be a string (got ${describe(value)})`);

/** A non-empty string of at most `maxLength` characters (the facade's bound on text, see `limits`). */
export const text =
  (maxLength: number, hint = ""): OptionCheck =>
  (value) => {
    if (value === undefined) return undefined;
    if (typeof value !== "string" || value.trim() === "") return `must be a non-empty string (got ${describe(value)})`;
    if (value.length > maxLength) return `is ${value.length} characters; at most ${maxLength} are accepted${hint}`;
    return undefined;
  };

/** A whole number in [min, max]. */
export const integerIn =
  (min: number, max = Number.MAX_SAFE_INTEGER, hint = ""): OptionCheck =>
  (value) => {
    if (value === undefined) return undefined;
    if (typeof value !== "number" || !Number.isSafeInteger(value) || value < min || value > max) {
      const range = max === Number.MAX_SAFE_INTEGER ? `of at least ${min}` : `from ${min} to ${max}`;
      return `must be a whole number ${range}${hint} (got ${describe(value)})`;
    }
    return undefined;
  };

/** A finite number in (0, max] or [0, max] (`allowZero`). */
export const numberIn =
  (options: { allowZero?: boolean; max?: number } = {}): OptionCheck =>
  (value) => {
    if (value === undefined) return undefined;
    const max = options.max ?? Number.MAX_SAFE_INTEGER;
    const ok = typeof value === "number" && Number.isFinite(value) && (options.allowZero ? value >= 0 : value > 0) && value <= max;
    return ok ? undefined : `must be a ${options.allowZero ? "non-negative" : "positive"} number${options.max !== undefined ? ` of at most ${options.max}` : ""} (got ${describe(value)})`;
  };

/** Milliseconds: a positive whole number a timer can hold (setTimeout's limit is 2^31-1). */
export const milliseconds: OptionCheck = integerIn(1, 2 ** 31 - 1, " of milliseconds");

export const oneOf =
  (values: readonly (string | boolean | number)[]): OptionCheck =>
  (value) => {
    if (value === undefined || values.includes(value as string)) return undefined;
    const nearest = typeof value === "string" ? nearestName(value, values.filter((item): item is string => typeof item === "string")) : undefined;
    return `must be one of ${values.map((item) => JSON.stringify(item)).join(", ")} (got ${describe(value)})${nearest ? `; did you mean "${nearest}"?` : ""}`;
  };

/** An object whose fields are checked against `table` (unknown names refused). */
export const objectOf =
  (table: OptionTable): OptionCheck =>
  (value) => {
    if (value === undefined) return undefined;
    if (!isPlainObject(value)) return `must be an object (got ${describe(value)})`;
    const problems = problemsOf(table, value);
    return problems.length > 0 ? problems : undefined;
  };

/** An object whose every value passes `check` (names are free: headers, traits). */
export const recordOf =
  (check: OptionCheck): OptionCheck =>
  (value) => {
    if (value === undefined) return undefined;
    if (!isPlainObject(value)) return `must be an object (got ${describe(value)})`;
    const problems: OptionProblem[] = [];
    for (const [name, item] of Object.entries(value)) {
      const verdict = item === undefined ? "must not be undefined" : check(item);
      if (typeof verdict === "string") problems.push({ path: name, message: verdict });
      else if (verdict) for (const problem of verdict) problems.push({ ...problem, path: joinPath(name, problem.path) });
    }
    return problems.length > 0 ? problems : undefined;
  };

export const arrayOf =
  (check: OptionCheck, options: { min?: number; max?: number } = {}): OptionCheck =>
  (value) => {
    if (value === undefined) return undefined;
    if (!Array.isArray(value)) return `must be an array (got ${describe(value)})`;
    if (options.min !== undefined && value.length < options.min) return `must have at least ${options.min} item${options.min === 1 ? "" : "s"}`;
    if (options.max !== undefined && value.length > options.max) return `must have at most ${options.max} items (got ${value.length})`;
    const problems: OptionProblem[] = [];
    value.forEach((item, index) => {
      const verdict = item === undefined ? "must not be undefined" : check(item);
      if (typeof verdict === "string") problems.push({ path: `[${index}]`, message: verdict });
      else if (verdict) for (const problem of verdict) problems.push({ ...problem, path: joinPath(`[${index}]`, problem.path) });
    });
    return problems.length > 0 ? problems : undefined;
  };

/** An AbortSignal (by shape, so that a signal of another realm or polyfill is accepted). */
export const abortSignal: OptionCheck = (value) => {
  if (value === undefined) return undefined;
  const candidate = value as Partial<AbortSignal> | null;
  const ok =
    value instanceof AbortSignal ||
    (typeof candidate === "object" && candidate !== null && typeof candidate.aborted === "boolean" && typeof candidate.addEventListener === "function");
  return ok ? undefined : `must be an AbortSignal, e.g. AbortSignal.timeout(5000) or controller.signal (got ${describe(value)})`;
};

/**
 * An id that becomes part of a request path: a non-empty string that is not a dot segment and has
 * no control characters. `".."` would otherwise change the path (`/prompts/..` is `/`).
 */
export const pathId: OptionCheck = (value) => {
  if (value === undefined) return undefined;
  if (typeof value !== "string" || value.trim() === "") return `must be a non-empty string id (got ${describe(value)})`;
  if (value === "." || value === "..") return `must not be "${value}" (a dot segment would change the request path)`;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(value)) return "must not contain control characters";
  if (value.length > 1024) return `is ${value.length} characters; an id is at most 1024`;
  return undefined;
};
