// POST /graphql on the local GitHub: the part of GitHub's GraphQL schema assure uses, reading blobs at a
// commit (`repository(owner:, name:) { alias: object(expression: "REV:path") { ... on Blob { ... } } }`),
// answered as GitHub answers: validation errors for unknown fields or arguments (and no data), `null`
// for a path that is not there, and a NOT_FOUND error for a repository the token cannot see.
import type { SimIssue, SimRepo, SimModel } from './model.js';

type Value = { kind: 'string'; value: string } | { kind: 'variable'; name: string };

interface Field {
  alias?: string;
  name: string;
  args: Map<string, Value>;
  selections: Selection[];
}

interface Fragment {
  on: string;
  selections: Selection[];
}

type Selection = { kind: 'field'; field: Field } | { kind: 'fragment'; fragment: Fragment };

export class GraphQLSyntaxError extends Error {}

/** Tokens: names, punctuation, strings (JSON escapes) and `$`. */
function tokenize(source: string): string[] {
  const tokens: string[] = [];
  let i = 0;
  while (i < source.length) {
    const c = source[i]!;
    if (/[\s,]/.test(c)) i++;
    else if (c === '#') while (i < source.length && source[i] !== '\n') i++;
    else if (source.startsWith('...', i)) {
      tokens.push('...');
      i += 3;
    } else if ('{}():!$@[]='.includes(c)) {
      tokens.push(c);
      i++;
    } else if (c === '"') {
      let j = i + 1;
      while (j < source.length && source[j] !== '"') j += source[j] === '\\' ? 2 : 1;
      if (j >= source.length) throw new GraphQLSyntaxError('Unterminated string');
      tokens.push(source.slice(i, j + 1));
      i = j + 1;
    } else {
      const name = /^[_A-Za-z][_0-9A-Za-z]*/.exec(source.slice(i))?.[0];
      if (!name) throw new GraphQLSyntaxError(`Unexpected character "${c}"`);
      tokens.push(name);
      i += name.length;
    }
  }
  return tokens;
}

interface Operation {
  variables: Map<string, string>;
  selections: Selection[];
}

/** Parses one query operation (anonymous or named, with variable definitions). */
export function parseQuery(source: string): Operation {
  const tokens = tokenize(source);
  let at = 0;
  const peek = (): string | undefined => tokens[at];
  const next = (): string => {
    const token = tokens[at++];
    if (token === undefined) throw new GraphQLSyntaxError('Unexpected end of document');
    return token;
  };
  const expect = (token: string): void => {
    const found = next();
    if (found !== token) throw new GraphQLSyntaxError(`Expected "${token}", found "${found}"`);
  };
  const name = (): string => {
    const token = next();
    if (!/^[_A-Za-z]/.test(token)) throw new GraphQLSyntaxError(`Expected a name, found "${token}"`);
    return token;
  };
  const value = (): Value => {
    const token = next();
    if (token === '$') return { kind: 'variable', name: name() };
    if (token.startsWith('"')) return { kind: 'string', value: JSON.parse(token) as string };
    throw new GraphQLSyntaxError(`Unexpected "${token}"`);
  };
  const selectionSet = (): Selection[] => {
    expect('{');
    const out: Selection[] = [];
    while (peek() !== '}') {
      if (peek() === '...') {
        next();
        expect('on');
        const on = name();
        out.push({ kind: 'fragment', fragment: { on, selections: selectionSet() } });
        continue;
      }
      let fieldName = name();
      let alias: string | undefined;
      if (peek() === ':') {
        next();
        alias = fieldName;
        fieldName = name();
      }
      const args = new Map<string, Value>();
      if (peek() === '(') {
        next();
        while (peek() !== ')') {
          const arg = name();
          expect(':');
          args.set(arg, value());
        }
        next();
      }
      const selections = peek() === '{' ? selectionSet() : [];
      out.push({ kind: 'field', field: { ...(alias ? { alias } : {}), name: fieldName, args, selections } });
    }
    next();
    return out;
  };

  const variables = new Map<string, string>();
  if (peek() !== '{') {
    expect('query');
    if (peek() !== '(' && peek() !== '{') name();
    if (peek() === '(') {
      next();
      while (peek() !== ')') {
        expect('$');
        const variable = name();
        expect(':');
        let type = name();
        if (peek() === '!') type += next();
        variables.set(variable, type);
      }
      next();
    }
  }
  const selections = selectionSet();
  if (at !== tokens.length) throw new GraphQLSyntaxError(`Unexpected "${tokens[at]}" after the operation`);
  return { variables, selections };
}

/** The schema assure uses: type -> field -> its arguments (name -> type) and the type it returns. */
const SCHEMA: Record<string, Record<string, { args: Record<string, string>; type: string }>> = {
  Query: { repository: { args: { owner: 'String!', name: 'String!' }, type: 'Repository' } },
  Repository: {
    object: { args: { expression: 'String', oid: 'GitObjectID' }, type: 'GitObject' },
    nameWithOwner: { args: {}, type: 'String' },
    issue: { args: { number: 'Int!' }, type: 'Issue' },
  },
  Issue: { number: { args: {}, type: 'Int' }, lastEditedAt: { args: {}, type: 'DateTime' }, editor: { args: {}, type: 'Actor' } },
  Actor: { login: { args: {}, type: 'String' }, __typename: { args: {}, type: 'String' } },
  Blob: { text: { args: {}, type: 'String' }, isBinary: { args: {}, type: 'Boolean' }, isTruncated: { args: {}, type: 'Boolean' }, byteSize: { args: {}, type: 'Int' }, oid: { args: {}, type: 'GitObjectID' } },
  Tree: { oid: { args: {}, type: 'GitObjectID' } },
};
const OBJECT_TYPES = new Set(['Blob', 'Tree', 'Commit', 'Tag']);

interface GraphQLError {
  message: string;
  type?: string;
  path?: Array<string | number>;
  locations?: Array<{ line: number; column: number }>;
}

/** Static validation, as GitHub does before running anything: unknown fields, arguments and variables. */
function validate(selections: Selection[], type: string, variables: Map<string, string>, errors: GraphQLError[]): void {
  for (const selection of selections) {
    if (selection.kind === 'fragment') {
      const on = selection.fragment.on;
      if (type === 'GitObject' ? !OBJECT_TYPES.has(on) : on !== type) {
        errors.push({ message: `Fragment on ${on} can't be spread inside ${type}` });
        continue;
      }
      validate(selection.fragment.selections, on, variables, errors);
      continue;
    }
    const { field } = selection;
    const spec = SCHEMA[type]?.[field.name];
    if (!spec) {
      errors.push({ message: `Field '${field.name}' doesn't exist on type '${type}'` });
      continue;
    }
    for (const [arg, value] of field.args) {
      if (!(arg in spec.args)) errors.push({ message: `Field '${field.name}' doesn't accept argument '${arg}'` });
      else if (value.kind === 'variable' && !variables.has(value.name)) errors.push({ message: `Variable $${value.name} is used by anonymous query but not declared` });
    }
    for (const [arg, argType] of Object.entries(spec.args)) {
      if (argType.endsWith('!') && !field.args.has(arg)) errors.push({ message: `Field '${field.name}' is missing required arguments: ${arg}` });
    }
    const composite = spec.type in SCHEMA || spec.type === 'GitObject';
    if (composite && field.selections.length === 0) errors.push({ message: `Field must have selections (field '${field.name}' returns ${spec.type} but has no selections. Did you mean '${field.name} { ... }'?)` });
    if (!composite && field.selections.length > 0) errors.push({ message: `Selections can't be made on scalars (field '${field.name}' returns ${spec.type} but has selections [${field.selections.length}])` });
    if (composite) validate(field.selections, spec.type, variables, errors);
  }
}

export interface GraphQLDeps {
  model: SimModel;
  /** Whether the caller may read the repository (GitHub answers NOT_FOUND otherwise, never 403). */
  canRead(repo: SimRepo): boolean;
}

export interface GraphQLReply {
  status: number;
  body: Record<string, unknown>;
}

/** The query parsed and checked against the schema as GitHub checks it before running it, or GitHub's errors. */
function checkedQuery(body: unknown): { operation: Operation; given: Record<string, unknown> } | { errors: GraphQLError[] } {
  const request = (body ?? {}) as { query?: unknown; variables?: unknown };
  if (typeof request.query !== 'string') return { errors: [{ message: 'A query attribute must be specified and must be a string.' }] };
  let operation: Operation;
  try {
    operation = parseQuery(request.query);
  } catch (error) {
    return { errors: [{ message: `Parse error: ${(error as Error).message}` }] };
  }
  const given = (request.variables ?? {}) as Record<string, unknown>;
  const errors: GraphQLError[] = [];
  validate(operation.selections, 'Query', operation.variables, errors);
  for (const [variable, type] of operation.variables) {
    const value = given[variable];
    const valid = type.startsWith('Int') ? Number.isInteger(value) : typeof value === 'string';
    if ((type.endsWith('!') || value !== undefined) && !valid) errors.push({ message: `Variable $${variable} of type ${type} was provided invalid value` });
  }
  return errors.length > 0 ? { errors } : { operation, given };
}

/** What GitHub would refuse in a GraphQL request body (empty when it would run it). */
export function graphQLProblems(body: unknown): string[] {
  const checked = checkedQuery(body);
  return 'errors' in checked ? checked.errors.map((e) => e.message) : [];
}

export function handleGraphQL(body: unknown, deps: GraphQLDeps): GraphQLReply {
  const checked = checkedQuery(body);
  if ('errors' in checked) return { status: 200, body: { errors: checked.errors } };
  const { operation, given } = checked;

  const resolve = (value: Value | undefined): string | undefined => (value === undefined ? undefined : value.kind === 'string' ? value.value : given[value.name] === undefined ? undefined : String(given[value.name]));
  const data: Record<string, unknown> = {};
  const runErrors: GraphQLError[] = [];
  for (const selection of operation.selections) {
    if (selection.kind !== 'field') continue;
    const { field } = selection;
    const key = field.alias ?? field.name;
    const owner = resolve(field.args.get('owner')) ?? '';
    const name = resolve(field.args.get('name')) ?? '';
    const repo = deps.model.findRepo(owner, name);
    if (!repo || !deps.canRead(repo)) {
      data[key] = null;
      runErrors.push({ type: 'NOT_FOUND', path: [key], message: `Could not resolve to a Repository with the name '${owner}/${name}'.` });
      continue;
    }
    data[key] = repositoryFields(field.selections, repo, deps.model, resolve);
  }
  return { status: 200, body: { data, ...(runErrors.length > 0 ? { errors: runErrors } : {}) } };
}

function repositoryFields(selections: Selection[], repo: SimRepo, model: SimModel, resolve: (v: Value | undefined) => string | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const selection of selections) {
    if (selection.kind !== 'field') continue;
    const { field } = selection;
    const key = field.alias ?? field.name;
    if (field.name === 'nameWithOwner') {
      out[key] = repo.fullName;
      continue;
    }
    if (field.name === 'issue') {
      const issue = repo.issues.get(Number(resolve(field.args.get('number'))));
      out[key] = issue && !issue.pull ? issueFields(field.selections, issue, model) : null;
      continue;
    }
    const expression = resolve(field.args.get('expression')) ?? '';
    const colon = expression.indexOf(':');
    const sha = colon < 0 ? undefined : model.resolveRef(repo, expression.slice(0, colon));
    const commit = sha ? repo.commits.get(sha) : undefined;
    const path = expression.slice(colon + 1);
    const text = commit?.files.get(path);
    if (text !== undefined) out[key] = objectFields(field.selections, 'Blob', blobOf(text));
    else if (commit && [...commit.files.keys()].some((p) => p.startsWith(`${path}/`))) out[key] = objectFields(field.selections, 'Tree', {});
    else out[key] = null;
  }
  return out;
}

/** An issue's fields; a bot editor is a Bot whose login has no `[bot]` suffix, as GraphQL shows it. */
function issueFields(selections: Selection[], issue: SimIssue, model: SimModel): Record<string, unknown> {
  const editor = issue.bodyEditor;
  const bot = editor?.endsWith('[bot]') ?? false;
  const actor = editor === undefined ? null : { login: bot ? editor.slice(0, -'[bot]'.length) : editor, __typename: bot ? 'Bot' : model.users.get(editor.toLowerCase())?.type === 'Organization' ? 'Organization' : 'User' };
  const values: Record<string, unknown> = { number: issue.number, lastEditedAt: issue.bodyEditedAt ?? null };
  const out: Record<string, unknown> = {};
  for (const selection of selections) {
    if (selection.kind !== 'field') continue;
    const { field } = selection;
    out[field.alias ?? field.name] = field.name === 'editor' ? (actor ? objectFields(field.selections, 'Actor', actor) : null) : (values[field.name] ?? null);
  }
  return out;
}

function blobOf(text: string): Record<string, unknown> {
  const binary = text.includes('\u0000');
  return { text: binary ? null : text, isBinary: binary, isTruncated: false, byteSize: Buffer.byteLength(text, 'utf8') };
}

function objectFields(selections: Selection[], type: string, values: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const selection of selections) {
    if (selection.kind === 'fragment') {
      if (selection.fragment.on === type) Object.assign(out, objectFields(selection.fragment.selections, type, values));
    } else out[selection.field.alias ?? selection.field.name] = values[selection.field.name] ?? null;
  }
  return out;
}
