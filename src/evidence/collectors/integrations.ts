// Connections to other systems, as the application's own settings name them: a section of the
// settings (`teacher_training_api:`, `DfeSignIn`) whose endpoint key holds a URL. The URL's scheme
// is the transport; the application calls out to it, so the direction is outbound.
import type { Collector } from '../collector.js';
import { lineOf, parseJsonFile, parseYamlFile } from '../parse.js';
import type { Fact, RepositoryFile } from '../types.js';

const NAME = 'integrations';

/** Keys that hold the address a client connects to (not links shown to users, which have other names). */
const ENDPOINT_KEY = /^(?:base_?ur[il]|api_?(?:base_?)?url|endpoint|url|issuer|authority)$/i;
const TRANSPORTS = new Set(['https', 'http', 'sftp', 'ftp', 'ftps', 'amqps', 'amqp']);

function transportOf(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const scheme = /^([a-z][a-z0-9+.-]{0,15}):\/\/[^\s/]/i.exec(value.trim())?.[1]?.toLowerCase();
  return scheme && TRANSPORTS.has(scheme) ? scheme : undefined;
}

function integration(file: RepositoryFile, line: number, name: string, key: string, transport: string): Fact {
  return { path: ['integrations'], value: { name, transport, direction: 'outbound' }, evidence: { file: file.path, line, collector: NAME, detail: `${name}.${key} is an ${transport} address` } };
}

async function fromYaml(file: RepositoryFile): Promise<Fact[]> {
  return parseYamlFile(file).pairs.flatMap((pair) => {
    const parent = pair.parents[pair.parents.length - 1];
    const transport = transportOf(pair.value);
    return parent && ENDPOINT_KEY.test(pair.key) && transport ? [integration(file, pair.line, parent, pair.key, transport)] : [];
  });
}

function fromJson(file: RepositoryFile): Fact[] {
  const out: Fact[] = [];
  const visit = (node: unknown, parent: string | undefined, depth: number): void => {
    if (node === null || typeof node !== 'object' || Array.isArray(node) || depth > 16) return;
    for (const [key, value] of Object.entries(node as Record<string, unknown>)) {
      const transport = transportOf(value);
      if (parent && ENDPOINT_KEY.test(key) && transport) {
        out.push(integration(file, lineOf(file.text, `"${key}"`, Math.max(0, file.text.indexOf(`"${parent}"`))), parent, key, transport));
      } else visit(value, key, depth + 1);
    }
  };
  visit(parseJsonFile(file), undefined, 0);
  return out;
}

export const integrations: Collector = {
  name: NAME,
  files: ['config/settings.yml', 'config/settings/*.yml', '**/appsettings*.json', 'config/default.json'],
  hints: {
    '$.integrations': 'the endpoints (base_url, issuer, ...) the application\'s settings connect to',
  },
  collect: (file) => (file.path.endsWith('.json') ? fromJson(file) : fromYaml(file)),
};
