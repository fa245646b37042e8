/**
 * Validation before spending, without paying for it up front: a generated package keeps its
 * validators in their own module (`definition.validators`, a dynamic import), which is loaded with
 * the checking code on the first call that has something to check. Until then a client costs only
 * its operation table; after that every check runs synchronously.
 */
import type { ApiDefinition, OperationDefinition } from "./client.js";

type RequestCheck = (operation: OperationDefinition, init: Record<string, any>) => void;

/**
 * Returns the client's check: undefined when the check has run (the call may go ahead at once), or
 * a promise that settles once the validators are loaded and the check has run. Either way a bad
 * request throws a ValidationError before anything is sent.
 */
export function requestValidation(definition: ApiDefinition) {
  let check: RequestCheck | undefined;
  let loading: Promise<RequestCheck> | undefined;
  const load = () =>
    (loading ??= Promise.all([definition.validators?.() ?? {}, import("./check-request.js")]).then(
      ([validators, { createRequestCheck }]) => (check = createRequestCheck(definition.provider, validators)),
      (error: unknown) => {
        // A failed load (e.g. a chunk a browser could not fetch) is tried again on the next call.
        loading = undefined;
        throw error;
      },
    ));
  return (operation: OperationDefinition, init: Record<string, any>): Promise<void> | undefined => {
    if (!operation.body?.validate && !operation.query && !operation.pathParams) return undefined;
    if (check) {
      check(operation, init);
      return undefined;
    }
    return load().then((loaded) => loaded(operation, init));
  };
}
