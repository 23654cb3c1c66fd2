// Frameworks and their versions, from lockfiles first and package manifests where no lockfile pins them.
import type { Collector } from '../collector.js';
import { dependencies, DEPENDENCY_FILES, type Dependency } from '../dependencies.js';
import { parseXmlFile, xmlLine } from '../parse.js';
import type { Fact, RepositoryFile } from '../types.js';

const NAME = 'frameworks';

/** ecosystem:package -> the framework's name in the manifest. */
const FRAMEWORKS: Record<string, string> = {
  'rubygems:rails': 'rails',
  'rubygems:sinatra': 'sinatra',
  'rubygems:hanami': 'hanami',
  'npm:express': 'express',
  'npm:next': 'nextjs',
  'npm:@nestjs/core': 'nestjs',
  'npm:fastify': 'fastify',
  'npm:koa': 'koa',
  'npm:@hapi/hapi': 'hapi',
  'npm:react': 'react',
  'npm:vue': 'vue',
  'npm:@angular/core': 'angular',
  'pypi:django': 'django',
  'pypi:flask': 'flask',
  'pypi:fastapi': 'fastapi',
};

function framework(file: RepositoryFile, dep: Dependency): Fact[] {
  const name = FRAMEWORKS[`${dep.ecosystem}:${dep.name.toLowerCase()}`];
  if (!name || !dep.version) return [];
  return [{ path: ['frameworks'], value: { name, version: dep.version }, evidence: { file: file.path, line: dep.line, collector: NAME, detail: `${dep.name} ${dep.version}${dep.locked ? '' : ' (range)'}` } }];
}

/** A web project (Sdk="Microsoft.NET.Sdk.Web") runs ASP.NET Core at its target framework's version. */
async function aspnetcore(file: RepositoryFile): Promise<Fact[]> {
  const doc = await parseXmlFile(file);
  const project = doc.documentElement;
  if (!project || project.getAttribute('Sdk') !== 'Microsoft.NET.Sdk.Web') return [];
  const target = doc.getElementsByTagName('TargetFramework')[0];
  const version = /^net(\d+\.\d+)$/.exec(target?.textContent?.trim() ?? '')?.[1];
  if (!version) return [];
  return [{ path: ['frameworks'], value: { name: 'aspnetcore', version }, evidence: { file: file.path, line: xmlLine(target), collector: NAME, detail: 'a Microsoft.NET.Sdk.Web project' } }];
}

export const frameworks: Collector = {
  name: NAME,
  files: DEPENDENCY_FILES,
  hints: { '$.frameworks': 'Gemfile.lock, package-lock.json, a *.csproj project or a Python lockfile' },
  async collect(file) {
    const facts = (await dependencies(file)).flatMap((dep) => framework(file, dep));
    return file.path.endsWith('.csproj') ? [...(await aspnetcore(file)), ...facts] : facts;
  },
  /** A lockfile's resolved version wins over a manifest's range for the same framework. */
  conclude(facts) {
    const locked = new Set(facts.filter((f) => isLockfile(f.evidence.file)).map((f) => (f.value as { name: string }).name));
    return facts.filter((f) => isLockfile(f.evidence.file) || !locked.has((f.value as { name: string }).name));
  },
};

function isLockfile(path: string): boolean {
  return /(?:^|\/)(?:Gemfile\.lock|package-lock\.json|poetry\.lock|Pipfile\.lock)$/.test(path);
}
