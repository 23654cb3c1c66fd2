// Hostile configuration files (.github/assure.yml): through the one reader the App and the Action share
// (contents API + parseYaml), then resolveConfig. Each ends in a ConfigError that names the key,
// or in a safe default, quickly; never a crash, never a polluted prototype.
import { afterEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { GitHub } from '../../github/client.js';
import { ConfigError } from '../../github/config/errors.js';
import { resolveConfig } from '../../github/config/load.js';
import { contentsConfigReader, mergeConfigs, type ConfigReader } from '../../github/config/reader.js';
import type { AssureConfig } from '../../github/config/types.js';
import { calendarDate, isTimeZone } from '../../src/time/clock.js';
import { growsLinearlyAsync, MB, RUNAWAY_MS, within, withinAsync } from './fixtures.js';

const repo = { owner: 'acme', repo: 'app' };
const FILE = '.github/assure.yml';

/** The reader over a fake contents API: `files` maps "owner/repo:path" to text; anything else is a 404. */
function contentsReader(files: Record<string, string>): ConfigReader {
  const gh = {
    rest: {
      repos: {
        getContent: async ({ owner, repo: name, path }: { owner: string; repo: string; path: string }) => {
          const text = files[`${owner}/${name}:${path}`];
          if (text === undefined) throw Object.assign(new Error('Not Found'), { status: 404 });
          return { data: text };
        },
      },
    },
  } as unknown as GitHub;
  return contentsConfigReader(gh);
}

type Outcome = { config: AssureConfig; error?: undefined } | { config?: undefined; error: ConfigError };

/** Reads and resolves; anything thrown but a ConfigError fails the test. */
async function load(reader: ConfigReader): Promise<Outcome> {
  try {
    return { config: resolveConfig(await reader(repo), repo) };
  } catch (error) {
    if (error instanceof ConfigError) return { error };
    throw error;
  }
}

/** The text as the repository's configuration file, read and resolved within `ms`. */
function readText(text: string, ms = RUNAWAY_MS): Promise<Outcome> {
  return withinAsync(ms, () => load(contentsReader({ [`acme/app:${FILE}`]: text })));
}

function resolved(data: unknown): Outcome {
  try {
    return { config: within(RUNAWAY_MS, () => resolveConfig({ data: data as Record<string, unknown>, files: [FILE] }, repo)) };
  } catch (error) {
    if (error instanceof ConfigError) return { error };
    throw error;
  }
}

function messages(outcome: Outcome): string[] {
  expect(outcome.error, 'a ConfigError').toBeInstanceOf(ConfigError);
  return outcome.error!.problems.map((p) => p.message);
}

const DEFAULT_CONFIG = (() => {
  const { sources: _sources, ...rest } = resolveConfig({ data: undefined, files: [] }, repo);
  return rest;
})();

function expectDefaults(config: AssureConfig): void {
  const { sources: _sources, ...rest } = config;
  expect(rest).toEqual(DEFAULT_CONFIG);
}

afterEach(() => {
  expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
  expect(Object.prototype).not.toHaveProperty('polluted');
  expect(Object.prototype).not.toHaveProperty('v');
});

describe('hostile YAML in .github/assure.yml', () => {
  it('billion laughs: refused without expanding', async () => {
    const levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 10; i++) levels.push(`l${i}: &l${i} [${Array(10).fill(i === 1 ? '*a' : `*l${i - 1}`).join(', ')}]`);
    for (const text of [levels.join('\n'), `areas:\n  ${levels.join('\n  ')}`, `deciders:\n  approvers: &x [${Array(200).fill('a').join(',')}]\nareas: {${Array.from({ length: 150 }, (_, i) => `k${i}: *x`).join(', ')}}`]) {
      expect(messages(await readText(text)).join('\n')).toMatch(/aliases|alias count/);
    }
  });

  it('__proto__, constructor and prototype keys at any depth: refused, never polluting', async () => {
    const texts = [
      '__proto__: {polluted: 1}\n',
      'constructor: {prototype: {polluted: 1}}\n',
      'prototype: {polluted: 1}\n',
      '"__proto__":\n  mode: advisory\n',
      'exceptions:\n  max_days:\n    __proto__: {polluted: 1}\n',
      'areas:\n  __proto__: acme/x\n',
      'deciders:\n  __proto__:\n    architecture: acme/evil\n',
      '<<: {__proto__: {polluted: 1}}\n',
    ];
    for (const text of texts) {
      const outcome = await readText(text);
      expect(messages(outcome).join('\n'), text).toMatch(/reserved key|unknown key/);
      // Prototype keys at the top are dropped (mergeConfigs); deeper, the schema names them.
      if (outcome.config) expectDefaults(outcome.config);
      else expect(messages(outcome).join('\n'), text).toMatch(/__proto__|constructor|prototype|area name|<</);
    }
    // Data that already holds own __proto__ keys (as JSON.parse makes them).
    for (const json of ['{"__proto__":{"polluted":1}}', '{"mode":"advisory","__proto__":{"mode":"blocking","polluted":1}}', '{"areas":{"__proto__":"acme/x"}}', '{"exceptions":{"max_days":{"__proto__":{"minor":9999}}}}']) {
      const data = JSON.parse(json) as Record<string, unknown>;
      for (const outcome of [resolved(data), resolved(mergeConfigs([data]))]) {
        if (outcome.config) {
          expect(Object.getPrototypeOf(outcome.config.areas)).toBe(Object.prototype);
          expect(outcome.config.exceptions.max_days.minor).toBe(180);
        } else expect(messages(outcome).join('\n')).toMatch(/__proto__|area name/);
      }
    }
  });

  it('a 5 MB file: refused by its size, before it is parsed, quickly', async () => {
    const text = `manifest: "${'a'.repeat(5 * MB)}"\n`;
    expect(messages(await readText(text))).toEqual(['is larger than 1024 KiB; split it or remove what is not part of the design']);
  });

  it('a file over 1 MiB of comment is refused as well', async () => {
    const outcome = await load(contentsReader({ [`acme/app:${FILE}`]: `# ${'x'.repeat(1.5 * MB)}\nmode: advisory\n` }));
    expect(messages(outcome).join('\n')).toMatch(/larger than/);
  });

  it('deep nesting (10 000 levels, flow and block): a ConfigError with the reason, never a stack overflow', async () => {
    const texts = [
      `areas: ${'['.repeat(10_000)}${']'.repeat(10_000)}\n`,
      `areas: ${'{a: '.repeat(10_000)}1${'}'.repeat(10_000)}\n`,
      `x: ${'- '.repeat(10_000)}1\n`,
      `areas:\n${Array.from({ length: 1500 }, (_, i) => `${' '.repeat(i + 1)}a:`).join('\n')} 1\n`,
      `${'['.repeat(100)}${']'.repeat(100)}\n`,
    ];
    for (const text of texts) {
      const outcome = await readText(text);
      expect(messages(outcome).join('\n'), text.slice(0, 20)).toMatch(/nested more than 64|invalid YAML|could not be|must be a YAML mapping|larger than|unknown key|area/);
    }
    // Already-parsed data nested 10 000 deep (what another reader could hand over).
    let deep: unknown = 'acme/x';
    for (let i = 0; i < 10_000; i++) deep = { a: deep };
    for (const data of [{ areas: deep }, { deciders: deep }, { unknown: deep }, { exceptions: { max_days: deep } }]) expect(messages(resolved(data)).length).toBeGreaterThan(0);
  });

  // Duplicate keys are found in one linear walk (the YAML library's own check is quadratic in the keys).
  it('a mapping with tens of thousands of keys (well under 1 MiB) is read or refused in time linear in the keys', async () => {
    const mapping = (keys: number) => `areas:\n${Array.from({ length: keys }, (_, i) => `  k${i}: acme/t`).join('\n')}\n`;
    await growsLinearlyAsync((keys) => load(contentsReader({ [`acme/app:${FILE}`]: mapping(keys) })), 2_000);
    const text = mapping(20_000);
    expect(text.length).toBeLessThan(MB / 2);
    const outcome = await withinAsync(RUNAWAY_MS, () => load(contentsReader({ [`acme/app:${FILE}`]: text })));
    expect(messages(outcome).join('\n')).toMatch(/areas: has more than 200 entries/);
  });

  it('_extends: any value ends in a read or a ConfigError naming _extends, quickly', async () => {
    const values = fc.oneof(
      fc.string({ maxLength: 80 }),
      fc.constantFrom('app', 'acme/app', '.github', 'acme/app:.github/assure.yml', `${'a'.repeat(5000)}!`, `a:${'.'.repeat(5000)}x`, `${'-'.repeat(39)}/x`, '../../etc/passwd', 'evil/repo:../../x.yml', 'x:y.yml:z.yml'),
    );
    await fc.assert(
      fc.asyncProperty(values, async (value) => {
        const outcome = await withinAsync(RUNAWAY_MS, () => load(contentsReader({ [`acme/app:${FILE}`]: `_extends: ${JSON.stringify(value)}\nmode: advisory\n` })));
        if (outcome.error) expect(messages(outcome).join('\n')).toMatch(/_extends|invalid YAML|reserved key/);
        else expect(outcome.config.mode).toBe('advisory');
      }),
      { numRuns: 100 },
    );
  });

  it('arbitrary text as the file: a configuration or a ConfigError, quickly', async () => {
    const pieces = fc.constantFrom('mode: advisory\n', 'a: &a [1]\n', 'b: *a\n', '__proto__:\n', '  - x\n', '{', '}', '[', ']', ': ', '"', "'", '!!js/function "x"', '!!binary aGk=', '? ', '%YAML 1.1\n', '---\n', '...\n', '\t', '\u0000', '\ufeff', '<<: *a\n', 'time_zone: ', 'exceptions:\n  max_days:\n    minor: ');
    const text = fc.oneof(fc.string({ unit: 'binary', maxLength: 200 }), fc.string({ unit: fc.oneof(pieces, fc.string({ unit: 'binary', maxLength: 4 })), maxLength: 20 }));
    await fc.assert(
      fc.asyncProperty(text, async (t) => {
        const outcome = await readText(t, 1000);
        if (outcome.error) expect(outcome.error.problems.length).toBeGreaterThan(0);
      }),
      { numRuns: 60 },
    );
  });
});

type KeyType = 'string' | 'integer' | 'boolean' | 'array' | 'object' | 'enum';
const KEYS: Array<[Array<string | number>, KeyType]> = [
  [['manifest'], 'string'],
  [['mode'], 'enum'],
  [['time_zone'], 'string'],
  [['artefacts'], 'object'],
  [['artefacts', 'builtin'], 'boolean'],
  [['artefacts', 'sources'], 'array'],
  [['artefacts', 'sources', 0], 'object'],
  [['artefacts', 'sources', 0, 'repository'], 'string'],
  [['artefacts', 'sources', 0, 'path'], 'string'],
  [['exceptions'], 'object'],
  [['exceptions', 'repository'], 'string'],
  [['exceptions', 'max_days'], 'object'],
  ...(['minor', 'challenge', 'major'] as const).flatMap((k): Array<[Array<string | number>, KeyType]> => [
    [['exceptions', 'max_days', k], 'integer'],
    [['exceptions', 'approvals', k], 'integer'],
  ]),
  [['exceptions', 'approvals'], 'object'],
  [['exceptions', 'reminders'], 'array'],
  [['exceptions', 'reminders', 0], 'integer'],
  [['deciders'], 'object'],
  ...(['architecture', 'forum', 'deputy_directors', 'board'] as const).map((k): [Array<string | number>, KeyType] => [['deciders', k], 'string']),
  [['deciders', 'approvers'], 'array'],
  [['deciders', 'approvers', 0], 'string'],
  [['areas'], 'object'],
  [['areas', 'teaching'], 'string'],
  [['labels'], 'object'],
  [['labels', 'prefix'], 'string'],
  [['sweep'], 'object'],
  [['sweep', 'interval_minutes'], 'integer'],
];

function keyPath(path: ReadonlyArray<string | number>): string {
  return path.map((s, i) => (typeof s === 'number' ? `[${s}]` : i === 0 ? s : `.${s}`)).join('');
}

/** Data with `value` at `path` (and a repository wherever a source needs one). */
function dataWith(path: ReadonlyArray<string | number>, value: unknown): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  let node: Record<string | number, unknown> = root;
  path.forEach((segment, i) => {
    if (i === path.length - 1) {
      Object.defineProperty(node, segment, { value, enumerable: true, writable: true, configurable: true });
      return;
    }
    const next = typeof path[i + 1] === 'number' ? [] : {};
    node[segment] = next;
    node = next as Record<string | number, unknown>;
  });
  return root;
}

const wrong: Record<KeyType, fc.Arbitrary<unknown>> = (() => {
  const str = fc.string({ maxLength: 20 });
  const int = fc.integer();
  const float = fc.double({ noNaN: false }).filter((d) => !Number.isInteger(d));
  const bool = fc.boolean();
  const nul = fc.constant(null);
  const arr = fc.array(fc.oneof(str, int), { maxLength: 3 });
  const obj = fc.dictionary(fc.constantFrom('a', 'b', 'x y'), fc.oneof(str, int), { maxKeys: 2, noNullPrototype: true });
  return {
    string: fc.oneof(int, float, bool, nul, arr, obj),
    integer: fc.oneof(str, float, bool, nul, arr, obj),
    boolean: fc.oneof(str, int, nul, arr, obj, fc.constantFrom('true', 'yes', 'on', 1, 0)),
    array: fc.oneof(str, int, bool, nul, obj),
    object: fc.oneof(str, int, bool, nul, arr),
    enum: fc.oneof(str.filter((s) => s !== 'blocking' && s !== 'advisory'), int, bool, nul, arr, obj, fc.constantFrom('Blocking', 'ADVISORY', ' blocking', 'blocking\n')),
  };
})();

describe('hostile values in .github/assure.yml', () => {
  it('a wrong type for any key: a ConfigError that names the key', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...KEYS).chain(([path, type]) => wrong[type].map((value) => ({ path, value }))),
        ({ path, value }) => {
          const found = messages(resolved(dataWith(path, value)));
          expect(found.some((m) => m.startsWith(`${keyPath(path)}: `)), `${keyPath(path)} = ${JSON.stringify(value)}: ${found.join(' / ')}`).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('a wrong type written in YAML: the key and its line', async () => {
    const text = 'mode: advisory\nexceptions:\n  max_days:\n    minor: "thirty"\n  reminders: 7\nlabels: [a, b]\nsweep:\n  interval_minutes: 1.5\n';
    const outcome = await load(contentsReader({ [`acme/app:${FILE}`]: text }));
    expect(outcome.error!.problems.map((p) => `${p.line}: ${p.message}`).sort()).toEqual(
      ['4: exceptions.max_days.minor: must be a whole number', '5: exceptions.reminders: must be array', '6: labels: must be object', '8: sweep.interval_minutes: must be a whole number'].sort(),
    );
  });

  it('unknown keys at any level: each named as unknown', () => {
    const known = new Set(['_extends', 'manifest', 'mode', 'time_zone', 'artefacts', 'builtin', 'sources', 'repository', 'path', 'exceptions', 'max_days', 'approvals', 'reminders', 'minor', 'challenge', 'major', 'deciders', 'architecture', 'forum', 'deputy_directors', 'board', 'approvers', 'areas', 'labels', 'prefix', 'sweep', 'interval_minutes']);
    const levels: Array<Array<string | number>> = [[], ['artefacts'], ['artefacts', 'sources', 0], ['exceptions'], ['exceptions', 'max_days'], ['exceptions', 'approvals'], ['deciders'], ['labels'], ['sweep']];
    fc.assert(
      fc.property(fc.constantFrom(...levels), fc.oneof(fc.string({ minLength: 1, maxLength: 30 }), fc.constantFrom('__proto__', 'constructor', 'toString', 'hasOwnProperty', 'Mode', 'max-days', '0', 'colour')), (level, key) => {
        fc.pre(!known.has(key));
        const data = dataWith([...level, key], 1);
        if (level[1] === 'sources') ((data.artefacts as { sources: Array<Record<string, unknown>> }).sources[0]!).repository = 'acme/standards';
        const found = messages(resolved(data));
        const parent = keyPath(level);
        expect(found, key).toContain(`${parent ? `${parent}.` : ''}${key}: unknown key; the keys are listed in docs/app.md`);
      }),
      { numRuns: 200 },
    );
  });

  const TEAM_MESSAGE = 'must be a GitHub team written org/team-slug';
  const TEAM = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})\/[A-Za-z0-9._-]{1,100}$/;

  it('a decider or area team that is not org/team-slug: named, with the form expected', () => {
    const bad = ['architecture', 'acme/', '/architects', 'acme/architects/extra', '@acme/architects', 'acme architects', 'acme/arch itects', 'acme/architects\n', '\nacme/architects', '-acme/architects', `${'a'.repeat(40)}/x`, `acme/${'t'.repeat(101)}`, 'acmé/architects', 'acme／architects', 'acme\\architects', '', 'acme/architects\u0000', 'acme/@everyone'];
    for (const team of bad) {
      expect(messages(resolved({ deciders: { architecture: team } })), JSON.stringify(team)).toContain(`deciders.architecture: ${TEAM_MESSAGE}`);
      expect(messages(resolved({ areas: { teaching: team } })), JSON.stringify(team)).toContain(`areas.teaching: ${TEAM_MESSAGE}`);
    }
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 60 }), fc.constantFrom('architecture', 'forum', 'deputy_directors', 'board'), (team, tier) => {
        const outcome = resolved({ deciders: { [tier]: team } });
        if (TEAM.test(team)) expect(outcome.config!.deciders[tier]).toBe(team);
        else expect(messages(outcome)).toContain(`deciders.${tier}: ${TEAM_MESSAGE}`);
      }),
      { numRuns: 200 },
    );
  });

  const REPO_MESSAGE = 'must be a repository written owner/name';

  it('a repository that is not owner/name: named, for exceptions and for artefact sources', () => {
    const bad = ['acme', 'acme/', '/app', 'acme/app/extra', 'https://github.com/acme/app', 'git@github.com:acme/app.git', 'acme/app name', 'acme\\app', '-acme/app', '../acme/app', 'acme/app\n', '', 'acme/app?ref=x', 'acme/app#1', `acme/${'a'.repeat(101)}`];
    for (const name of bad) {
      expect(messages(resolved({ exceptions: { repository: name } })), JSON.stringify(name)).toContain(`exceptions.repository: ${REPO_MESSAGE}`);
      expect(messages(resolved({ artefacts: { sources: [{ repository: name }] } })), JSON.stringify(name)).toContain(`artefacts.sources[0].repository: ${REPO_MESSAGE}`);
    }
  });

  // "owner/." and "owner/.." would make request paths that normalise to other endpoints.
  it('"owner/." and "owner/.." are refused as repositories', () => {
    for (const name of ['acme/.', 'acme/..']) {
      expect(messages(resolved({ exceptions: { repository: name } }))).toContain(`exceptions.repository: ${REPO_MESSAGE}`);
      expect(messages(resolved({ artefacts: { sources: [{ repository: name }] } }))).toContain(`artefacts.sources[0].repository: ${REPO_MESSAGE}`);
    }
  });

  it('negative, zero, fractional, huge and non-finite numbers: named with the bound', async () => {
    const cases: Array<[string, string, RegExp]> = [
      ['exceptions:\n  max_days:\n    minor: -1\n', 'exceptions.max_days.minor', /at least 1/],
      ['exceptions:\n  max_days:\n    minor: 0\n', 'exceptions.max_days.minor', /at least 1/],
      ['exceptions:\n  max_days:\n    minor: -0\n', 'exceptions.max_days.minor', /at least 1/],
      ['exceptions:\n  max_days:\n    challenge: 1.5\n', 'exceptions.max_days.challenge', /whole number/],
      ['exceptions:\n  max_days:\n    major: 3651\n', 'exceptions.max_days.major', /at most 3650/],
      ['exceptions:\n  max_days:\n    minor: .inf\n', 'exceptions.max_days.minor', /at most 3650|whole number/],
      ['exceptions:\n  max_days:\n    minor: -.inf\n', 'exceptions.max_days.minor', /at least 1|whole number/],
      ['exceptions:\n  max_days:\n    minor: .nan\n', 'exceptions.max_days.minor', /whole number/],
      ['exceptions:\n  max_days:\n    minor: 1e400\n', 'exceptions.max_days.minor', /at most 3650|whole number/],
      ['exceptions:\n  max_days:\n    minor: -5e-324\n', 'exceptions.max_days.minor', /whole number|at least 1/],
      ['exceptions:\n  max_days:\n    minor: 99999999999999999999999\n', 'exceptions.max_days.minor', /at most 3650/],
      ['exceptions:\n  approvals:\n    major: 0\n', 'exceptions.approvals.major', /at least 1/],
      ['exceptions:\n  approvals:\n    major: 11\n', 'exceptions.approvals.major', /at most 10/],
      ['exceptions:\n  reminders: [0]\n', 'exceptions.reminders[0]', /at least 1/],
      ['exceptions:\n  reminders: [-7]\n', 'exceptions.reminders[0]', /at least 1/],
      ['exceptions:\n  reminders: [7, 7]\n', 'exceptions.reminders', /same value twice/],
      ['exceptions:\n  reminders: [1,2,3,4,5,6,7,8,9,10,11]\n', 'exceptions.reminders', /more than 10/],
      ['sweep:\n  interval_minutes: -5\n', 'sweep.interval_minutes', /at least 0/],
      ['sweep:\n  interval_minutes: 10081\n', 'sweep.interval_minutes', /at most 10080/],
    ];
    for (const [text, key, bound] of cases) {
      const found = messages(await readText(text)).filter((m) => m.startsWith(`${key}: `));
      expect(found.length, text).toBeGreaterThan(0);
      expect(found.join(' / '), text).toMatch(bound);
    }
    fc.assert(
      fc.property(fc.oneof(fc.integer({ max: 0 }), fc.integer({ min: 3651 })), fc.constantFrom('minor', 'challenge', 'major'), (days, kind) => {
        expect(messages(resolved({ exceptions: { max_days: { [kind]: days } } }))[0]).toMatch(new RegExp(`^exceptions\\.max_days\\.${kind}: must be at (least 1|most 3650)$`));
      }),
      { numRuns: 100 },
    );
  });

  it('a time zone that does not exist: named; any string is either a usable zone or refused', () => {
    for (const zone of ['Mars/Olympus', 'Europe/Londn', 'UTC+25', '../../etc/passwd', 'Europe/London\n', '\u0000', 'a'.repeat(10_000), 'Etc/GMT+99', 'europe london', '\u202eEurope/London']) {
      const found = messages(resolved({ time_zone: zone }));
      expect(found[0], JSON.stringify(zone).slice(0, 40)).toMatch(/^time_zone: ".*" is not a time zone; use an IANA name such as Europe\/London$/s);
    }
    expect(messages(resolved({ time_zone: '' }))).toEqual(['time_zone: must not be empty']);
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary', maxLength: 40 }), fc.constantFrom('UTC', 'Europe/London', 'europe/london', 'Etc/GMT+12', 'GMT', 'Z', '+01:00', 'EST5EDT')), (zone) => {
        const outcome = resolved({ time_zone: zone });
        if (outcome.config) {
          expect(isTimeZone(outcome.config.time_zone)).toBe(true);
          expect(calendarDate(new Date('2026-11-22T12:00:00Z'), outcome.config.time_zone)).toMatch(/^\d{4}-\d{2}-\d{2}$/);
        } else expect(messages(outcome)[0]).toMatch(/^time_zone: /);
      }),
      { numRuns: 200 },
    );
  });

  // A prefix of spaces would produce labels like ": exception".
  it('a label prefix of spaces is refused, not resolved to an empty prefix', () => {
    expect(messages(resolved({ labels: { prefix: '   ' } })).join('\n')).toMatch(/^labels\.prefix: /);
  });
});
