// Terraform's HCL as the Terraform collector reads it (src/evidence/hcl.ts): the shape HashiCorp's own
// parser (hcl2json) gives, recorded for every .tf file in the examples and fixtures and for a file that
// uses each piece of syntax; errors that name the line; and hostile input refused, not walked.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HCL_PARSE_BUDGET_MS, HclError, MAX_HCL_DEPTH, parseHcl } from '../../src/evidence/hcl.js';
import { root } from '../helpers.js';

const recorded = JSON.parse(readFileSync(join(root, 'test/fixtures/hcl/hcl2json.json'), 'utf8')) as Record<string, unknown>;

/** The value as plain JSON: the parser's objects have no prototype. */
const plain = (value: unknown): unknown => JSON.parse(JSON.stringify(value));

async function problem(text: string): Promise<{ message: string; line: number }> {
  try {
    await parseHcl(text);
  } catch (error) {
    expect(error).toBeInstanceOf(HclError);
    return { message: (error as HclError).message, line: (error as HclError).line };
  }
  throw new Error('parsed without an error');
}

describe('parseHcl', () => {
  it.each(Object.keys(recorded))('gives what hcl2json gave for %s', async (file) => {
    expect(plain(await parseHcl(readFileSync(join(root, file), 'utf8')))).toEqual(recorded[file]);
  });

  it('keeps the text of an interpolated string, spaces included, and turns other expressions into ${...}', async () => {
    const body = await parseHcl('a = "less than ${var.n} of ${local.m}"\nb = var.c[0]\nc = -1\nd = upper("x")\n');
    expect(plain(body)).toEqual({ a: 'less than ${var.n} of ${local.m}', b: '${var.c[0]}', c: -1, d: '${upper("x")}' });
  });

  it('names the line that opened what is never closed', async () => {
    expect(await problem('resource "azurerm_key_vault" "x" {\n  name = "v"\n')).toEqual({ message: 'the block opened on line 1 is not closed: "}" is missing', line: 1 });
    expect(await problem('a = 1\nb = "open\n')).toMatchObject({ message: expect.stringContaining('string opened on line 2'), line: 2 });
  });

  it('refuses an attribute set twice, a stray token and a JSON-style object, each with its line', async () => {
    expect(await problem('a = 1\n\na = 2\n')).toEqual({ message: 'the attribute "a" is set twice (first on line 1)', line: 3 });
    expect(await problem('a = 1\nb = 2 3\n')).toMatchObject({ message: 'unexpected "3"', line: 2 });
    expect(await problem('{ "a": 1 }\n')).toMatchObject({ message: 'expected an argument or a block, not an object', line: 1 });
  });

  it(`refuses nesting deeper than ${MAX_HCL_DEPTH} levels with a message, not a stack overflow`, async () => {
    expect(await problem(`a = ${'['.repeat(200_000)}${']'.repeat(200_000)}\n`)).toEqual({ message: `nested more than ${MAX_HCL_DEPTH} levels`, line: 1 });
    expect(await problem(`\n\nresource "a" "b" {\n  x = ${'{ y = '.repeat(MAX_HCL_DEPTH)}1${' }'.repeat(MAX_HCL_DEPTH)}\n}\n`)).toMatchObject({ line: 4 });
    expect(plain(await parseHcl(`x = ${'['.repeat(20)}1${']'.repeat(20)}\n`))).toBeDefined();
  });

  it('stops a parse that runs past its budget, says so with a line, and reads the next file as usual', async () => {
    const long = Array.from({ length: 5_000 }, (_, i) => `resource "a" "r${i}" {\n  n = ${i}\n}`).join('\n');
    await expect(parseHcl(long, 0)).rejects.toThrow(/^took more than 0 s to read \(it stopped near line \d+\); it is left out$/);
    expect(Object.keys((await parseHcl(long)).resource as object)).toEqual(['a']);
    expect(HCL_PARSE_BUDGET_MS).toBeGreaterThanOrEqual(1_000);
  });

  it('reads __proto__ and constructor as names, never as the prototype', async () => {
    const body = await parseHcl('__proto__ = { polluted = true }\nresource "__proto__" "constructor" {\n  polluted = true\n}\n');
    expect(Object.keys(body)).toEqual(['__proto__', 'resource']);
    expect(JSON.stringify(body.resource)).toBe('{"__proto__":{"constructor":[{"polluted":true}]}}');
    expect(Object.getPrototypeOf(body.__proto__)).toBeNull();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
