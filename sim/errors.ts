// What the local GitHub answers when it refuses a request: GitHub's status and message, and a marker for
// requests that use something the simulation does not implement (they land in `rejected`).
export class SimError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

export const notFound = (): SimError => new SimError(404, 'Not Found');

export function unsupported(what: string): SimError {
  return new SimError(422, `The GitHub simulation does not implement ${what}`, { unsupported: true });
}
