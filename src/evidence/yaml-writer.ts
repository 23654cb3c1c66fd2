// Writes a manifest-shaped document as YAML with a comment on each value (where it was seen) and,
// optionally, the schema's fields nobody filled as commented prompts. Shared by `assure facts` and
// `assure init --from-repo`. Keys come from the schema; every value and comment is escaped.
import { stringify } from 'yaml';
import type { Segment } from '../paths/jsonpath.js';
import { formatPath } from '../paths/jsonpath.js';
import { schemaAt } from './shape.js';

interface SchemaNode {
  type?: string | string[];
  enum?: unknown[];
  description?: string;
  properties?: Record<string, SchemaNode>;
  items?: SchemaNode;
}

export interface WriterOptions {
  /** The comment for a value at a path (formatPath form), or undefined for none. */
  comment(path: string): string | undefined;
  /** Write the schema's unfilled fields as commented prompts. */
  prompts: boolean;
}

export function writeAnnotatedYaml(data: Record<string, unknown>, options: WriterOptions): string {
  const lines: string[] = [];
  writeObject(data, [], 0, options, lines);
  return lines.join('\n') + '\n';
}

/** One line of text safe inside a YAML comment: no line breaks or other control characters. */
const isControl = (code: number) => code < 0x20 || code === 0x7f || code === 0x2028 || code === 0x2029;

/** Line breaks and other control characters as spaces. */
function withoutControls(text: string): string {
  let out = '';
  for (const ch of text) out += isControl(ch.charCodeAt(0)) ? ' ' : ch;
  return out;
}

export function commentText(text: string): string {
  return withoutControls(text.slice(0, 300));
}

function scalar(value: unknown): string {
  if (typeof value === 'string' && withoutControls(value) !== value) return JSON.stringify(value);
  return stringify(value, { lineWidth: 0 }).trimEnd();
}

function withComment(text: string, path: Segment[], options: WriterOptions): string {
  const comment = options.comment(formatPath(path));
  return comment ? `${text}  # ${commentText(comment)}` : text;
}

function writeObject(data: Record<string, unknown>, path: Segment[], indent: number, options: WriterOptions, lines: string[]): void {
  const schema = (path.length === 0 ? schemaAt([]) : schemaAt(path)) as SchemaNode | undefined;
  const keys = [...Object.keys(schema?.properties ?? {}), ...Object.keys(data).filter((k) => !schema?.properties?.[k])];
  const pad = ' '.repeat(indent);
  for (const key of keys) {
    if (key === 'kind' && path.length === 0) continue;
    const value = data[key];
    const at = [...path, key];
    if (value === undefined) {
      if (options.prompts) writePrompt(key, schema?.properties?.[key], indent, lines);
      continue;
    }
    if (Array.isArray(value)) {
      lines.push(withComment(`${pad}${key}:`, at, options));
      value.forEach((item, i) => writeItem(item, [...at, i], indent + 2, options, lines));
    } else if (value !== null && typeof value === 'object') {
      lines.push(`${pad}${key}:`);
      writeObject(value as Record<string, unknown>, at, indent + 2, options, lines);
    } else {
      lines.push(withComment(`${pad}${key}: ${scalar(value)}`, at, options));
    }
  }
}

function writeItem(item: unknown, path: Segment[], indent: number, options: WriterOptions, lines: string[]): void {
  const pad = ' '.repeat(indent);
  if (item === null || typeof item !== 'object' || Array.isArray(item)) {
    lines.push(withComment(`${pad}- ${scalar(item)}`, path, options));
    return;
  }
  const nested: string[] = [];
  writeObject(item as Record<string, unknown>, path, indent + 2, { ...options, prompts: false }, nested);
  if (nested.length === 0) return;
  nested[0] = `${pad}- ${nested[0]!.slice(indent + 2)}`;
  lines.push(...nested);
}

function describe(node: SchemaNode | undefined): string {
  const parts: string[] = [];
  if (node?.description) parts.push(node.description);
  if (node?.enum) parts.push(node.enum.map(String).join(' | '));
  return parts.join(': ');
}

function writePrompt(key: string, node: SchemaNode | undefined, indent: number, lines: string[]): void {
  const pad = ' '.repeat(indent);
  const about = describe(node);
  lines.push(`${pad}# ${key}:${about ? `  # ${commentText(about)}` : ''}`);
  if (node?.properties && indent < 4) {
    for (const [child, sub] of Object.entries(node.properties)) {
      const text = describe(sub);
      lines.push(`${pad}#   ${child}:${text ? `  # ${commentText(text)}` : ''}`);
    }
  }
}
