/**
 * Request validation before anything is sent. The validators themselves are compiled from the spec
 * at generation time (Ajv standalone code in each provider package); this module turns their
 * verdicts into a ValidationError that names every offending field.
 */
import { ValidationError, type ValidationIssue } from "./errors.js";

/** The shape of an Ajv standalone validation function. */
export interface CompiledValidator {
  (data: unknown): boolean;
  errors?: readonly CompiledValidatorError[] | null;
}

export interface CompiledValidatorError {
  instancePath: string;
  keyword: string;
  params: Record<string, unknown>;
  message?: string;
}

export type RequestPart = "body" | "query" | "path" | "header";

/** Field-level issues from a compiled validator's errors, with dotted paths (`body.settings.duration`). */
export function issuesFrom(part: RequestPart, errors: readonly CompiledValidatorError[] | null | undefined): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const seen = new Set<string>();
  for (const error of errors ?? []) {
    let path = pointerToPath(error.instancePath);
    let message = error.message ?? `fails ${error.keyword}`;
    if (error.keyword === "required" && typeof error.params.missingProperty === "string") {
      path = joinPath(path, error.params.missingProperty);
      message = "is required";
    } else if (error.keyword === "additionalProperties" && typeof error.params.additionalProperty === "string") {
      path = joinPath(path, error.params.additionalProperty);
      message = "is not a known field";
    } else if (error.keyword === "unevaluatedProperties" && typeof error.params.unevaluatedProperty === "string") {
      // How an object composed with allOf is closed: the same mistake as an additional property.
      path = joinPath(path, error.params.unevaluatedProperty);
      message = "is not a known field";
    } else if (error.keyword === "enum" && Array.isArray(error.params.allowedValues)) {
      message = `must be one of ${error.params.allowedValues.map((v) => JSON.stringify(v)).join(", ")}`;
    }
    const full = path ? `${part}.${path}` : part;
    const key = `${full}\u0000${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    issues.push({ path: full, message });
  }
  return issues;
}

/** Runs `validator` on `value` and throws a local ValidationError naming each bad field. */
export function assertValid(
  validator: CompiledValidator,
  value: unknown,
  part: RequestPart,
  context: { provider: string; operation: string },
): void {
  if (validator(value)) return;
  const issues = issuesFrom(part, validator.errors);
  const summary = issues
    .slice(0, 5)
    .map((issue) => `${issue.path} ${issue.message}`)
    .join("; ");
  throw new ValidationError(
    `${context.provider} ${context.operation}: invalid request, nothing was sent: ${summary}${issues.length > 5 ? ` (and ${issues.length - 5} more)` : ""}`,
    { provider: context.provider, operation: context.operation, issues, local: true },
  );
}

function pointerToPath(pointer: string): string {
  if (!pointer) return "";
  return pointer
    .split("/")
    .slice(1)
    .map((segment) => segment.replace(/~1/g, "/").replace(/~0/g, "~"))
    .reduce((path, segment) => joinPath(path, segment), "");
}

function joinPath(path: string, segment: string): string {
  if (/^\d+$/.test(segment)) return `${path}[${segment}]`;
  return path ? `${path}.${segment}` : segment;
}
