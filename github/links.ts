// Whether a text written in an artefact (its `source`) is a web address that can be linked to.
export function isWebLink(text: string): boolean {
  return /^https?:\/\//.test(text);
}
