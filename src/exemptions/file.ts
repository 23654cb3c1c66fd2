// Exemptions given to the CLI as a file (the App and the Action read them from exception issues).
import type { ValidateFunction } from 'ajv';
import type { Exemption, InputProblem } from '../types.js';
import type { SourceFile } from '../source.js';
import { parseYaml } from '../yaml/parse.js';
import { createAjv, describeError, errorSegments } from '../schema/ajv.js';
import { formatPath } from '../paths/jsonpath.js';

const date = { type: 'string', format: 'date' };
export const exemptionRecordSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'artefact', 'kind', 'status'],
  properties: {
    id: { type: 'string', minLength: 1 },
    artefact: { type: 'string', minLength: 1 },
    rules: { type: 'array', items: { type: 'string' } },
    paths: { type: 'array', items: { type: 'string', pattern: '^\\$' } },
    kind: { enum: ['minor', 'challenge', 'major'] },
    status: { enum: ['requested', 'approved', 'rejected', 'expired', 'revoked', 'withdrawn', 'closed'] },
    expires: date,
    realign_by: date,
    conditions: { type: 'array', items: { type: 'string' } },
    repository: { type: 'string', pattern: '^[^/\\s]+/[^/\\s]+$' },
    url: { type: 'string', format: 'uri' },
  },
} as const;

let validator: ValidateFunction | undefined;

export function loadExemptionFile(file: SourceFile): { exemptions: Exemption[]; problems: InputProblem[] } {
  const outcome = parseYaml(file);
  if (!outcome.ok) return { exemptions: [], problems: [outcome.problem] };
  const { data, locate } = outcome.parsed;
  const list = Array.isArray(data) ? data : (data as { exemptions?: unknown } | null)?.exemptions;
  if (!Array.isArray(list)) {
    return { exemptions: [], problems: [{ file: file.path, line: 1, message: 'must be a list of exemptions (or a mapping with an `exemptions:` list)', level: 'error' }] };
  }
  const prefix = Array.isArray(data) ? [] : ['exemptions'];
  validator ??= createAjv({ allErrors: true }).compile({ type: 'array', items: exemptionRecordSchema });
  if (!validator(list)) {
    return {
      exemptions: [],
      problems: (validator.errors ?? []).map((error) => {
        const segments = [...prefix, ...errorSegments(error)];
        const where = locate(segments);
        return { file: file.path, line: where?.line, column: where?.column, message: `${formatPath(segments)}: ${describeError(error)}`, level: 'error' as const };
      }),
    };
  }
  const exemptions = (list as Array<Record<string, unknown>>).map(({ realign_by, ...rest }) => ({
    ...(rest as unknown as Exemption),
    ...(realign_by ? { realignBy: realign_by as string } : {}),
  }));
  return { exemptions, problems: [] };
}
