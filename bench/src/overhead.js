// Part 1: per-call overhead. Every variant makes the same Influencer Studio `POST /images/generate`
// (the spec's example body) against the same in-process fake `fetch`, which answers the spec's
// example response at once: what is left is what the client itself costs. The variants run
// interleaved, in a rotated order each round, so that every ratio is taken side by side; the
// report gives the median of the rounds.
//
//   node src/overhead.js [--rounds N] [--batch-ms MS] > result.json
import createFetchClient from "openapi-fetch";
import { createInfluencerStudioClient, influencerStudioDefinition, operations } from "@studiokit/influencer-studio";
import { facadeBuilt, FACADE_MISSING, median, quantile, readSpec, rotate } from "./common.js";
import { TARGETS } from "./report.js";

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const at = args.indexOf(`--${name}`);
  return at >= 0 ? Number(args[at + 1]) : fallback;
};
const ROUNDS = option("rounds", 31);
const BATCH_MS = option("batch-ms", 60);
const WARMUP_MS = option("warmup-ms", 400);

const BASE_URL = "https://influencerstudio.com/api/v1";
const API_KEY = "sk-bench-0000000000000000";

// ---- the operation: the spec's own example request and responses --------------------------------
const spec = readSpec("influencer-studio");
const generate = spec.paths["/images/generate"].post;
const requestBody = generate.requestBody.content["application/json"].example;
const submitText = JSON.stringify(generate.responses["200"].content["application/json"].example);
const statusText = JSON.stringify(spec.paths["/generations/{id}/status"].get.responses["200"].content["application/json"].example);
const generationId = JSON.parse(submitText).generation_id;

/** The fake network: answers the example at once; accepts fetch(url, init) and fetch(Request). */
let requests = 0;
function fakeFetch(input) {
  requests++;
  const url = typeof input === "string" ? input : input.url;
  const text = url.includes("/generations/") ? statusText : submitText;
  return Promise.resolve(new Response(text, { status: 200, headers: { "content-type": "application/json" } }));
}

/** A clock on which a sleep ends at once (the facade waits out the provider's estimate before polling). */
function instantClock() {
  let now = 0;
  return { now: () => now, sleep: async (ms) => void (now += ms) };
}

// ---- the variants ------------------------------------------------------------------------------
const bare = createFetchClient({ baseUrl: BASE_URL, fetch: fakeFetch, headers: { Authorization: `Bearer ${API_KEY}` } });
const ours = createInfluencerStudioClient({ apiKey: API_KEY, baseUrl: BASE_URL, fetch: fakeFetch });
const oursNoValidation = createInfluencerStudioClient({ apiKey: API_KEY, baseUrl: BASE_URL, fetch: fakeFetch, validate: false });

async function plainFetch() {
  const response = await fakeFetch(`${BASE_URL}/images/generate`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Authorization: `Bearer ${API_KEY}` },
    body: JSON.stringify(requestBody),
  });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  return JSON.parse(await response.text());
}

/**
 * openapi-fetch doing what our client does for every attempt at the least: a timeout signal on its
 * request (the client's default per-attempt timeout, 60 s), cleared when the call ends. This is what
 * a careful user of bare openapi-fetch writes, so it is the like-for-like baseline.
 */
const ATTEMPT_TIMEOUT_MS = 60_000;
async function bareWithTimeout() {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new Error("timed out")), ATTEMPT_TIMEOUT_MS);
  try {
    const { data } = await bare.POST("/images/generate", { body: requestBody, signal: controller.signal });
    return data;
  } finally {
    clearTimeout(timer);
  }
}

const variants = [
  { id: "fetch", label: "`fetch` + `JSON.parse`", requests: 1, call: () => plainFetch() },
  { id: "openapi-fetch", label: "bare openapi-fetch", requests: 1, call: () => bare.POST("/images/generate", { body: requestBody }).then((r) => r.data) },
  { id: "openapi-fetch-timeout", label: "openapi-fetch with a per-attempt timeout signal", requests: 1, call: bareWithTimeout },
  { id: "ours", label: "generated client (validation on)", requests: 1, call: () => ours.POST("/images/generate", { body: requestBody }).then((r) => r.data) },
  {
    id: "ours-novalidate",
    label: "generated client (validation off)",
    requests: 1,
    call: () => oursNoValidation.POST("/images/generate", { body: requestBody }).then((r) => r.data),
  },
];

// The facade's `images.submit` is the same single request; `images.generate` submits and then waits
// (one status request here, the clock being instant), so it is set against openapi-fetch doing the same
// two requests by hand.
const facadeOptions = { "influencer-studio": { model: requestBody.model } };
const facadeImageOptions = { prompt: requestBody.prompt, n: requestBody.batch, aspectRatio: requestBody.settings.aspect_ratio, providerOptions: facadeOptions };
let facadeAvailable = facadeBuilt();
let facadeError;
if (facadeAvailable) {
  try {
    const { createStudio } = await import("studiokit/influencer-studio");
    const studio = createStudio({ apiKey: API_KEY, baseUrl: BASE_URL, fetch: fakeFetch, clock: instantClock() });
    variants.push(
      { id: "facade-submit", label: "facade `images.submit`", requests: 1, call: () => studio.images.submit(facadeImageOptions) },
      { id: "bare-submit-poll", label: "bare openapi-fetch, POST + status GET", requests: 2, baselineFor: "facade-generate", call: bareSubmitAndPoll },
      { id: "facade-generate", label: "facade `images.generate` (submit + 1 status poll)", requests: 2, call: () => studio.images.generate(facadeImageOptions) },
    );
  } catch (error) {
    facadeAvailable = false;
    facadeError = error instanceof Error ? error.message : String(error);
  }
}

async function bareSubmitAndPoll() {
  const { data } = await bare.POST("/images/generate", { body: requestBody });
  const { data: status } = await bare.GET("/generations/{id}/status", { params: { path: { id: data.generation_id } } });
  return status;
}

// ---- check that every variant does the work before timing it -----------------------------------
// A facade variant that does not (the facade is being written) drops the facade rows, with the reason.
for (const variant of [...variants]) {
  const before = requests;
  let problem;
  try {
    const result = await variant.call();
    const sent = requests - before;
    const ok =
      sent === variant.requests &&
      (variant.id === "facade-generate"
        ? result.images.length === 2
        : variant.id === "facade-submit"
          ? result.id === generationId
          : variant.id === "bare-submit-poll"
            ? result.status === "completed"
            : result.generation_id === generationId);
    if (!ok) problem = `sent ${sent} requests and answered ${JSON.stringify(result).slice(0, 160)}`;
  } catch (error) {
    problem = error instanceof Error ? error.message : String(error);
  }
  if (!problem) continue;
  if (!variant.id.startsWith("facade")) throw new Error(`variant ${variant.id} did not do the expected work: ${problem}`);
  facadeAvailable = false;
  facadeError = `${variant.id}: ${problem}`;
  for (const id of ["facade-submit", "bare-submit-poll", "facade-generate"]) {
    const at = variants.findIndex((v) => v.id === id);
    if (at >= 0) variants.splice(at, 1);
  }
}

// ---- timing ------------------------------------------------------------------------------------
/** Wall time and CPU time (this process, user + system) of n sequential calls, in ms. */
async function timeBatch(call, n) {
  const cpu = process.cpuUsage();
  const started = performance.now();
  for (let i = 0; i < n; i++) await call();
  const wall = performance.now() - started;
  const used = process.cpuUsage(cpu);
  return { wall, cpu: (used.user + used.system) / 1000 };
}

// Warm-up: each variant runs for WARMUP_MS (JIT, inline caches); its speed then sizes its batches so
// that every batch takes about BATCH_MS.
for (const variant of variants) {
  let n = 0;
  const started = performance.now();
  while (performance.now() - started < WARMUP_MS) {
    await variant.call();
    n++;
  }
  const perCallMs = (performance.now() - started) / n;
  variant.batch = Math.max(20, Math.round(BATCH_MS / perCallMs));
  variant.rounds = [];
  variant.cpuRounds = [];
}

for (let round = 0; round < ROUNDS; round++) {
  for (const variant of rotate(variants, round)) {
    const { wall, cpu } = await timeBatch(variant.call, variant.batch);
    variant.rounds[round] = (wall * 1000) / variant.batch; // µs per call
    variant.cpuRounds[round] = (cpu * 1000) / variant.batch;
  }
}

const baseline = variants.find((v) => v.id === "openapi-fetch");
/**
 * Median over rounds of a's time per call divided by b's, in the same round: wall time (what the
 * verdict rests on, like the table's ratio column), and CPU time of this process alongside.
 */
function ratioOf(aId, bId) {
  const a = variants.find((v) => v.id === aId);
  const b = variants.find((v) => v.id === bId);
  if (!a || !b) return undefined;
  const ratios = a.rounds.map((us, round) => us / b.rounds[round]);
  const cpuRatios = a.cpuRounds.map((us, round) => us / b.cpuRounds[round]);
  return {
    ratio: round3(median(ratios)),
    p25: round3(quantile(ratios, 0.25)),
    p75: round3(quantile(ratios, 0.75)),
    cpuRatio: round3(median(cpuRatios)),
  };
}
// The targets of issue 13, item 1, each a ratio taken side by side in this run.
const targets = [
  { id: "client-vs-timeout", what: "generated client / openapi-fetch with the same per-attempt timeout", a: "ours", b: "openapi-fetch-timeout", target: TARGETS.overhead.clientVsTimeout },
  { id: "client-vs-bare", what: "generated client / bare openapi-fetch", a: "ours", b: "openapi-fetch", target: TARGETS.overhead.clientVsBare },
  { id: "facade-vs-client", what: "facade `images.submit` / generated client", a: "facade-submit", b: "ours", target: TARGETS.overhead.facadeVsClient },
].map((t) => {
  const measured = ratioOf(t.a, t.b);
  return { ...t, ...(measured ?? { ratio: undefined }), met: measured ? measured.ratio <= t.target : undefined };
});
const rows = variants.map((variant) => {
  const base = variants.find((v) => v.id === (variant.id === "facade-generate" ? "bare-submit-poll" : "openapi-fetch"));
  const ratios = variant.rounds.map((us, round) => us / base.rounds[round]);
  const extra = variant.rounds.map((us, round) => us - base.rounds[round]);
  const cpuRatios = variant.cpuRounds.map((us, round) => us / base.cpuRounds[round]);
  return {
    id: variant.id,
    label: variant.label,
    requestsPerCall: variant.requests,
    comparedWith: base.id,
    callsPerSecond: Math.round(1e6 / median(variant.rounds)),
    microsecondsPerCall: round2(median(variant.rounds)),
    ratio: round3(median(ratios)),
    // The middle half of the rounds (25th–75th percentile): how much the ratio moved during the run.
    ratioP25: round3(quantile(ratios, 0.25)),
    ratioP75: round3(quantile(ratios, 0.75)),
    extraMicroseconds: round2(median(extra)),
    cpuMicrosecondsPerCall: round2(median(variant.cpuRounds)),
    cpuRatio: round3(median(cpuRatios)),
    batch: variant.batch,
  };
});

// What request validation costs: our client with and without it, per round.
const withValidation = variants.find((v) => v.id === "ours");
const withoutValidation = variants.find((v) => v.id === "ours-novalidate");
const validationMicroseconds = round2(median(withValidation.cpuRounds.map((us, round) => us - withoutValidation.cpuRounds[round])));
// The difference above is often within the noise; the validator timed alone says what it costs.
// The operation table names the validator; the validators module is the client's lazily loaded chunk.
const validateBody = (await influencerStudioDefinition.validators())[operations["POST /images/generate"].body.validate];
if (!validateBody(requestBody)) throw new Error("the spec example body does not pass its own validator");
const validatorRounds = [];
for (let round = 0; round < 7; round++) {
  const n = 20_000;
  const started = performance.now();
  for (let i = 0; i < n; i++) validateBody(requestBody);
  validatorRounds.push(((performance.now() - started) * 1000) / n);
}

process.stdout.write(
  JSON.stringify({
    validationCpuMicroseconds: validationMicroseconds,
    validatorMicroseconds: Math.round(median(validatorRounds) * 1000) / 1000,
    operation: "Influencer Studio POST /images/generate (spec example body and response)",
    rounds: ROUNDS,
    batchMs: BATCH_MS,
    warmupMs: WARMUP_MS,
    baseline: baseline.id,
    targets,
    facade: facadeAvailable ? "built" : facadeError ? `not available (${facadeError})` : FACADE_MISSING,
    rows,
  }),
);

function round2(x) {
  return Math.round(x * 100) / 100;
}
function round3(x) {
  return Math.round(x * 1000) / 1000;
}
