// Infrastructure as code (Terraform, read with tree-sitter's HCL grammar): the cloud provider,
// regions, databases with engine, version and public network access, Key Vault, container
// registries, and whether remote modules are pinned to a version.
import type { Collector } from '../collector.js';
import { HclError, parseHcl, prepareHcl } from '../hcl.js';
import { lineOf, UnreadableFile } from '../parse.js';
import type { Fact, RepositoryFile } from '../types.js';
import type { Segment } from '../../paths/jsonpath.js';

const NAME = 'terraform';

type Blocks = Record<string, Array<Record<string, unknown>>>;
interface HclJson {
  provider?: Blocks;
  resource?: Record<string, Blocks>;
  data?: Record<string, Blocks>;
  module?: Blocks;
  variable?: Blocks;
  terraform?: Array<{ required_providers?: Array<Record<string, unknown>> }>;
}

const PROVIDERS: Record<string, string> = { azurerm: 'azure', azuread: 'azure', aws: 'aws', google: 'gcp' };

/** Azure location names as Terraform writes them -> the manifest's region words. */
export function regionOf(location: string): string | undefined {
  const compact = location.toLowerCase().replace(/[\s_-]/g, '');
  const known: Record<string, string> = { uksouth: 'uk-south', ukwest: 'uk-west', westeurope: 'west-europe', northeurope: 'north-europe', euwest2: 'eu-west-2', euwest1: 'eu-west-1' };
  return known[compact];
}

/** resource type -> the data store engine it is, and its version attribute. */
const DATABASES: Record<string, { engine: string; version?: string }> = {
  azurerm_postgresql_flexible_server: { engine: 'postgresql', version: 'version' },
  azurerm_postgresql_server: { engine: 'postgresql', version: 'version' },
  azurerm_mssql_server: { engine: 'azure-sql', version: 'version' },
  azurerm_mysql_flexible_server: { engine: 'mysql', version: 'version' },
  azurerm_redis_cache: { engine: 'redis', version: 'redis_version' },
  azurerm_cosmosdb_account: { engine: 'cosmosdb' },
  azurerm_storage_account: { engine: 'blob-storage' },
  aws_db_instance: { engine: 'rds', version: 'engine_version' },
};

/** Resource types that are a hosting platform in themselves. */
const PLATFORMS: Record<string, string> = {
  azurerm_linux_web_app: 'app-service',
  azurerm_windows_web_app: 'app-service',
  azurerm_app_service: 'app-service',
  azurerm_container_app: 'container-apps',
  azurerm_kubernetes_cluster: 'aks',
};

/** Modules from the department's shared Terraform (postgres, redis) named by their source path. */
const DATABASE_MODULES: Array<[RegExp, string]> = [
  [/\/postgres(?:ql)?$/, 'postgresql'],
  [/\/redis$/, 'redis'],
];

function literal(value: unknown): string | undefined {
  return typeof value === 'string' && !value.includes('${') ? value : undefined;
}

async function collect(file: RepositoryFile): Promise<Fact[]> {
  let hcl: HclJson;
  try {
    hcl = (await parseHcl(file.text)) as HclJson;
  } catch (error) {
    if (error instanceof HclError) throw new UnreadableFile(file.path, `not valid HCL: ${error.message}`, error.line);
    throw error;
  }
  const facts: Fact[] = [];
  const add = (path: Segment[], value: unknown, line: number, detail?: string) =>
    facts.push({ path, value, evidence: { file: file.path, line, collector: NAME, ...(detail ? { detail } : {}) } });

  add(['infrastructure', 'iac'], 'terraform', 1);
  for (const name of Object.keys(hcl.provider ?? {})) {
    if (PROVIDERS[name]) add(['hosting', 'provider'], PROVIDERS[name], lineOf(file.text, `provider "${name}"`), `provider "${name}"`);
  }
  for (const block of hcl.terraform ?? []) {
    for (const required of block.required_providers ?? []) {
      for (const [name, spec] of Object.entries(required)) {
        const line = lineOf(file.text, name, Math.max(0, file.text.indexOf('required_providers')));
        if (PROVIDERS[name]) add(['hosting', 'provider'], PROVIDERS[name], line, `required provider ${name}`);
        const version = typeof spec === 'object' && spec !== null ? (spec as { version?: unknown }).version : undefined;
        add(['infrastructure', 'pinned_versions'], typeof version === 'string', line, typeof version === 'string' ? `provider ${name} is constrained to ${version}` : `provider ${name} has no version constraint`);
      }
    }
  }
  for (const [type, named] of Object.entries(hcl.resource ?? {})) {
    for (const [name, [body = {}] = []] of Object.entries(named)) {
      const line = lineOf(file.text, `resource "${type}" "${name}"`);
      const region = literal(body.location);
      if (region && regionOf(region)) add(['hosting', 'regions'], regionOf(region), lineOf(file.text, 'location', file.text.indexOf(`resource "${type}" "${name}"`)), `location "${region}"`);
      const db = DATABASES[type];
      if (db) {
        const item: Record<string, unknown> = { name, engine: db.engine };
        const version = db.version ? literal(body[db.version]) : undefined;
        if (version) item.version = version;
        if (typeof body.public_network_access_enabled === 'boolean') item.public_ip = body.public_network_access_enabled;
        if (Array.isArray(body.high_availability)) item.high_availability = body.high_availability.length > 0;
        // Azure takes database backups daily and keeps them for backup_retention_days.
        if (typeof body.backup_retention_days === 'number' && body.backup_retention_days > 0) {
          item.backups = { frequency: 'daily', ...(typeof body.geo_redundant_backup_enabled === 'boolean' ? { offsite: body.geo_redundant_backup_enabled } : {}) };
        }
        add(['data_stores'], item, line, `resource "${type}" "${name}"`);
      }
      const tls = literal(body.minimum_tls_version) ?? literal(body.min_tls_version);
      if (tls) add(['network', 'tls_min_version'], tls.replace(/^TLS1_/, '1.'), lineOf(file.text, 'tls_version', file.text.indexOf(`resource "${type}" "${name}"`)), `${type}.${name} accepts ${tls.replace(/^TLS1_/, 'TLS 1.')} and above`);
      if (Array.isArray(body.identity) || type === 'azurerm_user_assigned_identity' || type === 'azurerm_role_assignment') {
        add(['secrets', 'managed_identities'], true, line, `resource "${type}" "${name}" uses a managed identity`);
      }
      const platform = PLATFORMS[type];
      if (platform) {
        add(['hosting', 'platform'], platform, line, `resource "${type}" "${name}"`);
        add(['hosting', 'model'], 'paas', line, `resource "${type}" "${name}" is a managed platform`);
      }
      if (type === 'azurerm_key_vault') add(['secrets', 'store'], 'azure-key-vault', line, `resource "${type}" "${name}"`);
      if (type === 'azurerm_container_registry') add(['containers', 'registry'], 'acr', line, `resource "${type}" "${name}"`);
    }
  }
  for (const type of Object.keys(hcl.data ?? {})) {
    if (type === 'azurerm_key_vault' || type === 'azurerm_key_vault_secret' || type === 'azurerm_key_vault_secrets') {
      add(['secrets', 'store'], 'azure-key-vault', lineOf(file.text, `data "${type}"`), `data "${type}"`);
    }
  }
  for (const [name, [body = {}] = []] of Object.entries(hcl.module ?? {})) {
    const line = lineOf(file.text, `module "${name}"`);
    const source = literal(body.source) ?? '';
    const store = DATABASE_MODULES.find(([pattern]) => pattern.test(source))?.[1];
    if (store) {
      const version = literal(body.server_version) ?? literal(body.postgres_version) ?? literal(body.redis_version);
      add(['data_stores'], { name, engine: store, ...(version ? { version } : {}) }, line, `module "${name}" from ${source}`);
    }
    // Uptime checks name the service's hosts; the department's shared modules name its platform.
    for (const [field, path] of [['uptime_urls', ['monitoring', 'uptime']], ['ssl_urls', ['monitoring', 'certificates']]] as const) {
      const urls = Array.isArray(body[field]) ? (body[field] as unknown[]).filter((u): u is string => typeof u === 'string' && !u.includes('${')) : [];
      if (urls.length === 0) continue;
      const at = lineOf(file.text, field, file.text.indexOf(`module "${name}"`));
      add([...path], true, at, `module "${name}" checks ${urls.join(', ')}`);
      for (const url of urls) {
        const host = /^https?:\/\/([^/:]+)/.exec(url)?.[1];
        if (host) add(['domains'], host, at, `checked at ${url}`);
      }
    }
    if (/(?:^|\/)modules\/aks\/\/aks\/|DFE-Digital\/terraform-modules.*\/\/aks\//.test(source)) {
      add(['hosting', 'platform'], 'teacher-services-cloud', line, `module "${name}" comes from the Teacher Services cloud's AKS modules`);
      add(['hosting', 'model'], 'paas', line, `module "${name}" runs on a managed Kubernetes platform`);
      add(['hosting', 'centrally_managed'], true, line, `module "${name}" deploys onto the Teacher Services cloud, the department's centrally run AKS clusters`);
    }
    const pinned = modulePinned(source, body.version);
    if (pinned !== undefined) add(['infrastructure', 'pinned_versions'], pinned, line, pinned ? `module "${name}" is pinned` : `module "${name}" from ${source} is not pinned to a version`);
    // Every module block is looked at: the list is empty when each is pinned (a local path always is).
    if (source) add(['infrastructure', 'unpinned_modules'], pinned === false ? name : [], line, pinned === false ? `module "${name}" from ${source}${typeof body.version === 'string' ? ` at version ${body.version}` : ''} is not pinned to a release tag, a commit or an exact version` : `module "${name}" is pinned`);
  }
  for (const [name, [body = {}] = []] of Object.entries(hcl.variable ?? {})) {
    const region = /location|region/i.test(name) ? literal(body.default) : undefined;
    if (region && regionOf(region)) add(['hosting', 'regions'], regionOf(region), lineOf(file.text, `variable "${name}"`), `variable "${name}" defaults to "${region}"`);
  }
  return facts;
}

const COMMIT = /^[0-9a-f]{40}$/i;
/** A release tag: v1, 1.2.3, v2.0.0-rc.1. Branch names (main, stable, testing) move, so they are not pins. */
const RELEASE_TAG = /^v?\d+(?:\.\d+)*(?:[-+][0-9A-Za-z.-]+)?$/;
/** An exact registry version: 1.2.3 or = 1.2.3, never a range (~> 1.2, >= 1.0). */
const EXACT_VERSION = /^=?\s*v?\d+(?:\.\d+)*(?:-[0-9A-Za-z.-]+)?$/;

/**
 * Whether a module source is pinned: a git (or other URL) source to a release tag or a 40-hex commit with
 * ?ref=, a registry source to an exact version. Local paths have nothing to pin (undefined), nor do sources
 * that are not literal.
 */
export function modulePinned(source: string, version: unknown): boolean | undefined {
  if (!source || source.startsWith('./') || source.startsWith('../')) return undefined;
  if (/^(?:git::|hg::|github\.com\/|bitbucket\.org\/|git@|https?:\/\/)/.test(source)) {
    const ref = /[?&]ref=([^&#]+)/.exec(source)?.[1];
    return ref !== undefined && (COMMIT.test(ref) || RELEASE_TAG.test(decodeURIComponent(ref)));
  }
  if (/^(?:s3|gcs)::/.test(source)) return undefined;
  return typeof version === 'string' && EXACT_VERSION.test(version.trim());
}

export const terraform: Collector = {
  name: NAME,
  files: ['**/*.tf'],
  // The parser's WebAssembly starts loading as soon as .tf files are found, and only then.
  prepare: (selected) => {
    if (selected.length > 0) prepareHcl();
  },
  hints: {
    '$.infrastructure.iac': 'Terraform (*.tf) files',
    '$.infrastructure.pinned_versions': 'version constraints on Terraform providers and module sources',
    '$.infrastructure.unpinned_modules': 'the sources of Terraform module blocks',
    '$.hosting.provider': 'a Terraform provider block',
    '$.hosting.regions': 'a location in the Terraform',
    '$.hosting.platform': 'the hosting resources or shared platform modules in the Terraform',
    '$.hosting.model': 'the hosting resources or shared platform modules in the Terraform',
    '$.hosting.centrally_managed': 'the department\'s shared platform modules in the Terraform',
    '$.domains': 'the URLs uptime checks in the Terraform point at',
    '$.monitoring.uptime': 'an uptime check (e.g. StatusCake) in the Terraform',
    '$.data_stores': 'database resources or modules in the Terraform',
    '$.secrets.store': 'a Key Vault in the Terraform',
    '$.secrets.managed_identities': 'managed identities (identity blocks, role assignments) in the Terraform',
    '$.network.tls_min_version': 'minimum_tls_version on Terraform resources',
    '$.containers.registry': 'a container registry in the Terraform or a workflow',
  },
  collect,
  /**
   * Pinned only when every provider and remote module is: one unpinned one decides it. "All pinned" and
   * "no unpinned module" need every file read: the one that could not be may hold an unpinned module.
   */
  conclude(facts, _selected, complete) {
    const pins = facts.filter((f) => f.path[1] === 'pinned_versions' && f.path[0] === 'infrastructure');
    const decisive = pins.find((f) => f.value === false) ?? (complete ? pins[0] : undefined);
    // The list of unpinned modules is cited to the first one; an empty list to the first module seen.
    const modules = facts.filter((f) => f.path[1] === 'unpinned_modules' && f.path[0] === 'infrastructure');
    const unpinned = modules.filter((f) => typeof f.value === 'string');
    const kept = unpinned.length > 0 ? unpinned : complete ? modules.slice(0, 1) : [];
    return facts.filter((f) => (!pins.includes(f) || f === decisive) && (!modules.includes(f) || kept.includes(f)));
  },
};
