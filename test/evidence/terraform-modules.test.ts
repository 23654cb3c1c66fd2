// Whether every Terraform module source is pinned, with the first unpinned module as the evidence.
import { describe, expect, it } from 'vitest';
import { BUILTIN_COLLECTORS, collectEvidence, type RepositoryFiles } from '../../src/evidence/index.js';
import { modulePinned } from '../../src/evidence/collectors/terraform.js';
import { evaluate, loadArtefacts, builtinArtefactFiles, fixedClock, parseManifest } from '../../src/index.js';

function memory(files: Record<string, string>): RepositoryFiles {
  return { paths: () => Object.keys(files).sort(), notes: () => [], read: async (paths) => paths.flatMap((path) => (files[path] === undefined ? [] : [{ path, text: files[path]! }])) };
}

const module = (name: string, source: string, version?: string): string =>
  `module "${name}" {\n  source = "${source}"\n${version ? `  version = "${version}"\n` : ''}}\n\n`;

describe('which module sources are pinned', () => {
  it.each([
    ['a registry module at an exact version', 'Azure/avm-res-keyvault-vault/azurerm', '0.9.1', true],
    ['a registry module at = an exact version', 'Azure/avm-res-keyvault-vault/azurerm', '= 0.9.1', true],
    ['a registry module with a range', 'Azure/avm-res-keyvault-vault/azurerm', '~> 0.9', false],
    ['a registry module with no version', 'Azure/avm-res-keyvault-vault/azurerm', undefined, false],
    ['a git source at a release tag', 'git::https://github.com/DFE-Digital/terraform-modules.git//aks/postgres?ref=v1.4.0', undefined, true],
    ['a git source at a commit', 'github.com/DFE-Digital/terraform-modules//aks/redis?ref=0123456789abcdef0123456789abcdef01234567', undefined, true],
    ['a git source at a short commit', 'github.com/DFE-Digital/terraform-modules//aks/redis?ref=0a1b2c3', undefined, false],
    ['a git source on a branch', 'git::https://github.com/DFE-Digital/terraform-modules.git//monitoring/statuscake?ref=stable', undefined, false],
    ['a git source with no ref', 'git::https://github.com/DFE-Digital/terraform-modules.git//monitoring/statuscake', undefined, false],
  ])('%s', (_, source, version, pinned) => {
    expect(modulePinned(source, version)).toBe(pinned);
  });

  it('a local path has nothing to pin', () => {
    expect(modulePinned('./modules/app', undefined)).toBeUndefined();
    expect(modulePinned('../shared/app', undefined)).toBeUndefined();
  });
});

describe('the unpinned modules a repository shows', () => {
  it('names each unpinned module, cited to the file and line of the first', async () => {
    const tf =
      module('keyvault', 'Azure/avm-res-keyvault-vault/azurerm', '0.9.1') +
      module('app', './modules/app') +
      module('statuscake', 'git::https://github.com/DFE-Digital/terraform-modules.git//monitoring/statuscake?ref=main') +
      module('postgres', 'git::https://github.com/DFE-Digital/terraform-modules.git//aks/postgres?ref=v2.1.0');
    const o = await collectEvidence(memory({ 'terraform/main.tf': tf, 'terraform/dns.tf': module('dns', 'DFE-Digital/dns/azurerm', '>= 1.0') }), BUILTIN_COLLECTORS);
    expect((o.data.infrastructure as Record<string, unknown>).unpinned_modules).toEqual(['dns', 'statuscake']);
    expect(o.evidence.get('$.infrastructure.unpinned_modules[0]')).toMatchObject({ file: 'terraform/dns.tf', line: 1, collector: 'terraform', detail: expect.stringContaining('>= 1.0') });
    expect(o.evidence.get('$.infrastructure.unpinned_modules[1]')).toMatchObject({ file: 'terraform/main.tf', line: 10, detail: expect.stringContaining('?ref=main') });
    expect((o.data.infrastructure as Record<string, unknown>).pinned_versions).toBe(false);
  });

  it('is observed empty when every module is pinned or local', async () => {
    const tf = module('app', './modules/app') + module('postgres', 'github.com/DFE-Digital/terraform-modules//aks/postgres?ref=v2.1.0');
    const o = await collectEvidence(memory({ 'main.tf': tf }), BUILTIN_COLLECTORS);
    expect((o.data.infrastructure as Record<string, unknown>).unpinned_modules).toEqual([]);
    expect(o.evidence.get('$.infrastructure.unpinned_modules')).toMatchObject({ file: 'main.tf', line: 1 });
  });

  it('is not observed where there are no module blocks', async () => {
    const o = await collectEvidence(memory({ 'main.tf': 'resource "azurerm_key_vault" "kv" {\n  name = "kv"\n}\n' }), BUILTIN_COLLECTORS);
    expect(o.data.infrastructure).not.toHaveProperty('unpinned_modules');
  });

  it('an unpinned module is a warning naming it, at the module block', async () => {
    const tf = module('statuscake', 'git::https://github.com/DFE-Digital/terraform-modules.git//monitoring/statuscake?ref=stable');
    const observed = await collectEvidence(memory({ 'terraform/main.tf': tf }), BUILTIN_COLLECTORS);
    const { manifest } = parseManifest({ path: 'design.yml', text: 'service:\n  name: X\nhosting:\n  model: paas\n' });
    const ev = evaluate(manifest!, loadArtefacts(builtinArtefactFiles()).artefacts, { clock: fixedClock('2026-11-22T10:00:00Z'), observed });
    const finding = ev.results.find((r) => r.artefact === 'DFE-TG-infrastructure-as-code' && r.rule === 'module-sources-pinned');
    expect(finding).toMatchObject({ status: 'warn', message: expect.stringContaining('Terraform module "statuscake" is not pinned') });
    expect(finding?.evidence).toMatchObject({ file: 'terraform/main.tf', line: 1, collector: 'terraform' });
  });
});
