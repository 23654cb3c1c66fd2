// APIs a repository describes: OpenAPI (and Swagger 2) documents, with their title and path.
import type { Collector } from '../collector.js';
import { lineOf, parseJsonFile, parseYamlFile } from '../parse.js';
import type { Fact } from '../types.js';

const NAME = 'apis';

export const apis: Collector = {
  name: NAME,
  files: ['**/{openapi,swagger}*.{yml,yaml,json}', '{swagger,openapi,docs/api,config/api}/**/*.{yml,yaml,json}'],
  hints: { '$.apis': 'an OpenAPI document (openapi.yaml, swagger/v1/...)' },
  async collect(file) {
    const data = (file.path.endsWith('.json') ? parseJsonFile(file) : parseYamlFile(file).data) as { openapi?: unknown; swagger?: unknown; info?: { title?: unknown } } | null;
    if (!data || typeof data !== 'object') return [];
    const spec = typeof data.openapi === 'string' && data.openapi.startsWith('3') ? 'openapi-3' : String(data.swagger ?? '').startsWith('2') ? 'openapi-2' : undefined;
    if (!spec) return [];
    const title = typeof data.info?.title === 'string' ? data.info.title : file.path;
    const fact: Fact = { path: ['apis'], value: { name: title, spec, spec_path: file.path }, evidence: { file: file.path, line: lineOf(file.text, spec === 'openapi-3' ? 'openapi' : 'swagger'), collector: NAME, detail: `an ${spec === 'openapi-3' ? 'OpenAPI 3' : 'OpenAPI 2 (Swagger)'} document` } };
    return [fact];
  },
};
