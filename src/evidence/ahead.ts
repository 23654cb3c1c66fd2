// Evidence is read ahead of the artefacts and awaited after them. Given one turn of the event loop
// first, its reads and the HCL parser's start run before the artefacts load, so that the parser's
// WebAssembly is validated on V8's threads (and GitHub's answers arrive) while they load on this one.

/** `reading`, started and given its turn; the caller awaits `pending` once the artefacts are loaded. */
export async function readAhead<T>(reading: Promise<T>): Promise<{ pending: Promise<T> }> {
  reading.catch(() => undefined); // awaited by the caller; this only keeps it from counting as unhandled meanwhile
  await new Promise<void>((resolve) => setImmediate(resolve));
  return { pending: reading };
}
