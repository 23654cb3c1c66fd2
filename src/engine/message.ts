import type { ErrorObject } from 'ajv';
import { describeError } from '../schema/ajv.js';
import type { Segment } from '../paths/jsonpath.js';

const MAX_VALUE = 80;

/** A list of words in plain English: "a", "a and b", "a, b and c". */
function words(items: readonly unknown[]): string | undefined {
  if (items.length === 0 || !items.every((i) => typeof i === 'string' || typeof i === 'number' || typeof i === 'boolean')) return undefined;
  const all = items.map(String);
  return all.length === 1 ? all[0] : `${all.slice(0, -1).join(', ')} and ${all[all.length - 1]}`;
}

export function showValue(value: unknown): string {
  const text = typeof value === 'string' ? value : value === undefined ? 'not set' : ((Array.isArray(value) ? words(value) : undefined) ?? JSON.stringify(value));
  return text.length > MAX_VALUE ? `${text.slice(0, MAX_VALUE - 1)}…` : text;
}

export function explainError(error: ErrorObject | undefined): string {
  return error ? describeError(error) : 'does not meet the rule';
}

/**
 * Fills {{value}}, {{path}}, {{property}}, {{error}} and {{item.FIELD}} (a field of the item the rule
 * was given, such as a register row's asset number; "(no FIELD)" when the item has none) in a rule's
 * message template.
 */
export function renderMessage(template: string, fields: { value: unknown; path: string; segments: readonly Segment[]; error: string; item?: unknown }): string {
  return template.replace(/\{\{\s*(value|path|property|error|item\.[A-Za-z0-9_]{1,64})\s*\}\}/g, (_, name: string) => {
    if (name.startsWith('item.')) {
      const field = name.slice('item.'.length);
      const item = fields.item;
      const found = item !== null && typeof item === 'object' && !Array.isArray(item) && Object.hasOwn(item, field) ? (item as Record<string, unknown>)[field] : undefined;
      return found === undefined || found === null || found === '' ? `(no ${field.replace(/_/g, ' ')})` : showValue(found);
    }
    switch (name) {
      case 'value':
        return showValue(fields.value);
      case 'path':
        return fields.path;
      case 'property':
        return String(fields.segments[fields.segments.length - 1] ?? '$');
      default:
        return fields.error;
    }
  });
}
