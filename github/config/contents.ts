// Reading one file from a repository through the contents API. `ref` absent = the default branch.
import type { GitHub } from '../client.js';
import type { RepoRef } from '../repo.js';

export function isNotFound(error: unknown): boolean {
  return (error as { status?: number } | null)?.status === 404;
}

/** The file's text, or undefined when there is no such file (a folder at that path counts as no file). */
export async function readRepoFile(gh: GitHub, repo: RepoRef, path: string, ref?: string): Promise<string | undefined> {
  try {
    const response = await gh.rest.repos.getContent({ owner: repo.owner, repo: repo.repo, path, ...(ref ? { ref } : {}), mediaType: { format: 'raw' } });
    const data: unknown = response.data;
    if (typeof data === 'string') return data.charCodeAt(0) === 0xfeff ? data.slice(1) : data;
    // Some clients hand raw bodies over as bytes.
    if (data instanceof ArrayBuffer || ArrayBuffer.isView(data)) return new TextDecoder().decode(data as ArrayBuffer);
    return undefined;
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}
