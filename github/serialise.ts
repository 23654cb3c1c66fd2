// Work for one key (a pull request, an issue, a design's requests) runs one piece at a time, in arrival
// order, in this process: two deliveries about the same thing never interleave their reads and writes.
const chains = new Map<string, Promise<unknown>>();

export function serialise<T>(key: string, work: () => Promise<T>): Promise<T> {
  const previous = chains.get(key) ?? Promise.resolve();
  const next = previous.then(work, work);
  const tail = next.then(
    () => undefined,
    () => undefined,
  );
  chains.set(key, tail);
  void tail.then(() => {
    if (chains.get(key) === tail) chains.delete(key);
  });
  return next;
}
