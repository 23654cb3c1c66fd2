// Languages and runtimes with their versions: version files, package.json engines, global.json,
// project files' target frameworks, pyproject, and the base images Dockerfiles build FROM.
import type { Collector } from '../collector.js';
import { lockedRubyVersion, lowestVersion } from '../dependencies.js';
import { lineOf, parseJsonFile, parseTomlFile, parseXmlFile, xmlLine } from '../parse.js';
import type { Fact, RepositoryFile } from '../types.js';

const NAME = 'runtimes';

/** How version managers and images name a runtime -> the manifest's name for it. */
const RUNTIME_NAMES: Record<string, string> = { ruby: 'ruby', nodejs: 'nodejs', node: 'nodejs', python: 'python', dotnet: 'dotnet', 'dotnet-core': 'dotnet', java: 'java', golang: 'go', go: 'go', php: 'php' };

function language(file: RepositoryFile, line: number, name: string, version: string | undefined, detail?: string): Fact[] {
  if (!version) return [];
  return [{ path: ['languages'], value: { name, version }, evidence: { file: file.path, line, collector: NAME, ...(detail ? { detail } : {}) } }];
}

/** package.json engines and pyproject's requires-python state the lowest version allowed, not the one used. */
const RANGES = /(?:^|\/)(?:package\.json|pyproject\.toml)$/;

function firstLine(file: RepositoryFile): { text: string; line: number } | undefined {
  const lines = file.text.split('\n');
  const index = lines.findIndex((l) => l.trim() !== '' && !l.trim().startsWith('#'));
  return index === -1 ? undefined : { text: lines[index]!.trim(), line: index + 1 };
}

function versionFile(file: RepositoryFile, name: string): Fact[] {
  const first = firstLine(file);
  if (!first) return [];
  const version = /^v?(\d+(?:\.\d+)*)/.exec(first.text.replace(/^ruby-/, ''))?.[1];
  return language(file, first.line, name, version);
}

/** asdf's .tool-versions: `tool version` per line. */
function toolVersions(file: RepositoryFile): Fact[] {
  return file.text.split('\n').flatMap((raw, i) => {
    const [tool, version] = raw.replace(/#.*$/, '').trim().split(/\s+/);
    const name = tool ? RUNTIME_NAMES[tool] : undefined;
    return name && version && /^\d/.test(version) ? language(file, i + 1, name, version) : [];
  });
}

function packageEngines(file: RepositoryFile): Fact[] {
  const data = parseJsonFile(file) as { engines?: { node?: unknown } };
  const range = data?.engines?.node;
  return typeof range === 'string' ? language(file, lineOf(file.text, '"node"', Math.max(0, file.text.indexOf('"engines"'))), 'nodejs', lowestVersion(range), `engines.node is "${range}"`) : [];
}

/** global.json pins an SDK (8.0.100); its runtime is the major.minor. */
function globalJson(file: RepositoryFile): Fact[] {
  const data = parseJsonFile(file) as { sdk?: { version?: unknown } };
  const sdk = data?.sdk?.version;
  if (typeof sdk !== 'string') return [];
  return language(file, lineOf(file.text, '"version"'), 'dotnet', /^(\d+\.\d+)/.exec(sdk)?.[1], `SDK ${sdk}`);
}

async function projectFile(file: RepositoryFile): Promise<Fact[]> {
  const doc = await parseXmlFile(file);
  const out: Fact[] = [];
  for (const tag of ['TargetFramework', 'TargetFrameworks']) {
    const nodes = doc.getElementsByTagName(tag);
    for (let i = 0; i < nodes.length; i++) {
      for (const moniker of (nodes[i]!.textContent ?? '').split(';')) {
        const version = /^net(?:coreapp)?(\d+\.\d+)$/.exec(moniker.trim())?.[1];
        out.push(...language(file, xmlLine(nodes[i]), 'dotnet', version, `TargetFramework ${moniker.trim()}`));
      }
    }
  }
  return out;
}

async function pyprojectPython(file: RepositoryFile): Promise<Fact[]> {
  const data = (await parseTomlFile(file)) as { project?: { 'requires-python'?: unknown }; tool?: { poetry?: { dependencies?: { python?: unknown } } } };
  const range = data.project?.['requires-python'] ?? data.tool?.poetry?.dependencies?.python;
  if (typeof range !== 'string') return [];
  const key = data.project?.['requires-python'] !== undefined ? 'requires-python' : 'python =';
  return language(file, lineOf(file.text, key), 'python', lowestVersion(range), `requires Python ${range}`);
}

/** Official images name the runtime and carry its version in the tag: ruby:3.2.2-alpine, mcr.microsoft.com/dotnet/aspnet:8.0. */
const IMAGE_RUNTIMES: Array<[RegExp, string]> = [
  [/^(?:docker\.io\/)?(?:library\/)?ruby$/, 'ruby'],
  [/^(?:docker\.io\/)?(?:library\/)?node$/, 'nodejs'],
  [/^(?:docker\.io\/)?(?:library\/)?python$/, 'python'],
  [/^mcr\.microsoft\.com\/dotnet\/(?:aspnet|runtime|sdk|runtime-deps)$/, 'dotnet'],
];

/**
 * Dockerfile FROM instructions. Dockerfiles are line-oriented (an instruction per line, `\` joins
 * lines); only FROM is read, with its --platform flag and `AS stage` skipped.
 */
function dockerfile(file: RepositoryFile): Fact[] {
  const out: Fact[] = [];
  for (const [i, raw] of file.text.split('\n').entries()) {
    const words = raw.trim().split(/\s+/);
    if (words[0]?.toUpperCase() !== 'FROM') continue;
    const image = words.slice(1).find((w) => !w.startsWith('--'));
    if (!image || image.includes('$')) continue;
    const [repository, tag] = image.split('@')[0]!.split(/:(?=[^/]*$)/);
    const name = IMAGE_RUNTIMES.find(([pattern]) => pattern.test(repository ?? ''))?.[1];
    const version = tag ? /^(\d+(?:\.\d+)*)/.exec(tag)?.[1] : undefined;
    if (name) out.push(...language(file, i + 1, name, version, `FROM ${image}`));
  }
  return out;
}

export const runtimes: Collector = {
  name: NAME,
  files: ['.ruby-version', '.tool-versions', '.nvmrc', '.node-version', 'package.json', 'global.json', '**/*.csproj', '.python-version', 'pyproject.toml', 'Gemfile.lock', 'Dockerfile', '**/Dockerfile', '**/*.Dockerfile', '**/Dockerfile.*'],
  hints: {
    '$.languages': '.ruby-version, .nvmrc, .tool-versions, global.json, a *.csproj TargetFramework, .python-version or a Dockerfile FROM image',
  },
  /** A range speaks for a runtime only when no file names the version actually used. */
  conclude(facts) {
    const exact = new Set(facts.filter((f) => !RANGES.test(f.evidence.file)).map((f) => (f.value as { name: string }).name));
    return facts.filter((f) => !RANGES.test(f.evidence.file) || !exact.has((f.value as { name: string }).name));
  },
  collect(file) {
    const name = file.path.split('/').pop() ?? '';
    switch (name) {
      case '.ruby-version':
        return versionFile(file, 'ruby');
      case '.nvmrc':
      case '.node-version':
        return versionFile(file, 'nodejs');
      case '.python-version':
        return versionFile(file, 'python');
      case '.tool-versions':
        return toolVersions(file);
      case 'package.json':
        return packageEngines(file);
      case 'global.json':
        return globalJson(file);
      case 'pyproject.toml':
        return pyprojectPython(file);
      case 'Gemfile.lock': {
        const ruby = lockedRubyVersion(file);
        return ruby ? language(file, ruby.line, 'ruby', ruby.version, 'RUBY VERSION in the lockfile') : [];
      }
      default:
        if (name.endsWith('.csproj')) return projectFile(file);
        return /Dockerfile/.test(name) ? dockerfile(file) : [];
    }
  },
};
