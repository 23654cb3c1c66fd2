// GitHub's GraphQL API through the same client (auth, retries, throttling) as REST: one POST per query.
import type { GitHub } from './client.js';

/** The GraphQL endpoint beside a REST base URL (GitHub Enterprise Server serves REST at /api/v3 and GraphQL at /api/graphql). */
export function graphqlUrl(restBaseUrl: string): string {
  const base = restBaseUrl.replace(/\/+$/, '');
  return base.endsWith('/api/v3') ? `${base.slice(0, -'/v3'.length)}/graphql` : `${base}/graphql`;
}

export interface GraphQLReply<T> {
  data?: T | null;
  errors?: Array<{ message: string; type?: string }>;
}

/** Runs one query; GitHub answers 200 with `errors` for a query it refuses, so the caller decides what a partial answer means. */
export async function graphql<T>(gh: GitHub, query: string, variables: Record<string, unknown>): Promise<GraphQLReply<T>> {
  const baseUrl = (gh.request.endpoint.DEFAULTS as { baseUrl: string }).baseUrl;
  const { data } = await gh.request({ method: 'POST', url: graphqlUrl(baseUrl), query, variables });
  return data as GraphQLReply<T>;
}
