// node-fetch 2 ships no types of its own; the GitHub client passes Octokit's requests through it and
// hands back what it answers, which Octokit reads as a fetch Response (status, url, headers, body).
declare module 'node-fetch' {
  export default function fetch(url: string, init?: object): Promise<unknown>;
}
