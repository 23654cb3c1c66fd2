// The licence: which file holds it, which licence its text is (as an SPDX identifier), and the
// copyright line; and, when the root has no licence file, that absence as an observed fact.
import type { Collector } from '../collector.js';
import type { Fact, RepositoryFile } from '../types.js';

const NAME = 'licence';

/** Phrases each licence's standard text contains, most specific first. */
const LICENCE_TEXTS: Array<[string, RegExp[]]> = [
  ['OGL-UK-3.0', [/Open Government Licence/i]],
  ['Apache-2.0', [/Apache License/i, /Version 2\.0/i]],
  ['AGPL-3.0', [/GNU AFFERO GENERAL PUBLIC LICENSE/i]],
  ['LGPL-3.0', [/GNU LESSER GENERAL PUBLIC LICENSE/i]],
  ['GPL-3.0', [/GNU GENERAL PUBLIC LICENSE/i, /Version 3/i]],
  ['GPL-2.0', [/GNU GENERAL PUBLIC LICENSE/i, /Version 2/i]],
  ['MPL-2.0', [/Mozilla Public License/i, /2\.0/]],
  ['BSD-3-Clause', [/Redistribution and use in source and binary forms/i, /Neither the name/i]],
  ['BSD-2-Clause', [/Redistribution and use in source and binary forms/i]],
  ['ISC', [/Permission to use, copy, modify, and\/or distribute this software for any purpose/i]],
  ['MIT', [/Permission is hereby granted, free of charge/i]],
  ['Unlicense', [/This is free and unencumbered software released into the public domain/i]],
  // Not a licence but its absence: the code is closed, and the file says so.
  ['proprietary', [/All rights reserved/i]],
];

export function licenceOf(text: string): string | undefined {
  return LICENCE_TEXTS.find(([, phrases]) => phrases.every((p) => p.test(text)))?.[0];
}

function collect(file: RepositoryFile): Fact[] {
  const evidence = (line: number, detail?: string) => ({ file: file.path, line, collector: NAME, ...(detail ? { detail } : {}) });
  const facts: Fact[] = [{ path: ['source', 'licence_file'], value: file.path, evidence: evidence(1) }];
  const spdx = licenceOf(file.text);
  const lines = file.text.split('\n');
  const titleLine = lines.findIndex((l) => l.trim() !== '') + 1;
  facts.push({ path: ['source', 'licence'], value: spdx ?? 'unrecognised', evidence: evidence(titleLine || 1, spdx === 'proprietary' ? 'the text reserves all rights' : spdx ? `the text is the ${spdx} licence` : 'the licence text is not one assure recognises') });
  const copyright = lines.findIndex((l) => /^\s*(?:[-*#>]\s*)?Copyright\b/i.test(l));
  if (copyright !== -1) {
    // "Copyright (c) 2024 Crown Copyright (Department for Education)" -> the holder after the year.
    const holder = lines[copyright]!.replace(/^\s*(?:[-*#>]\s*)?Copyright\s*(?:\(c\)|\u00A9)?\s*(?:\d{4}(?:\s*[-\u2013,]\s*\d{4})*)?\s*/i, '').trim();
    if (holder) facts.push({ path: ['source', 'copyright'], value: holder, evidence: evidence(copyright + 1) });
  }
  return facts;
}

export const licence: Collector = {
  name: NAME,
  files: ['LICENCE', 'LICENSE', 'LICENCE.*', 'LICENSE.*', 'COPYING', 'COPYING.*'],
  nocase: true,
  hints: {
    '$.source.licence': 'a LICENCE (or LICENSE) file at the root',
    '$.source.licence_file': 'a LICENCE (or LICENSE) file at the root',
    '$.source.copyright': 'the copyright line of the LICENCE file',
  },
  collect,
  /** The first licence file (LICENCE before LICENSE) speaks for the repository; none at all is a fact too. */
  conclude(facts, selected) {
    if (selected.length === 0) {
      return [{ path: ['source', 'licence'], value: 'none', evidence: { file: '.', collector: NAME, detail: 'no LICENCE or LICENSE file at the root of the repository' } }];
    }
    const first = facts.find((f) => f.path[1] === 'licence_file')?.evidence.file;
    return facts.filter((f) => f.evidence.file === first);
  },
};
