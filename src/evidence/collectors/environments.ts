// Environments: the deployment environments workflows name, and each environment's own Terraform
// variables (workspace_variables/<env>.tfvars.json): replicas, database high availability, monitoring.
import type { Collector } from '../collector.js';
import { lineOf, parseJsonFile, parseYamlFile } from '../parse.js';
import type { Fact, RepositoryFile } from '../types.js';

const NAME = 'environments';

const isProduction = (name: string) => /^(?:production|prod)$/i.test(name);

function environment(file: RepositoryFile, line: number, item: Record<string, unknown>, detail: string): Fact {
  return { path: ['environments'], value: item, evidence: { file: file.path, line, collector: NAME, detail } };
}

/** `environment: production` or `environment: { name: production }` on a workflow job. */
function fromWorkflow(file: RepositoryFile): Fact[] {
  return parseYamlFile(file).pairs.flatMap((pair) => {
    const named = (pair.key === 'environment' && pair.parents.length === 2) || (pair.key === 'name' && pair.parents[pair.parents.length - 1] === 'environment');
    if (!named || typeof pair.value !== 'string' || pair.value.includes('${{')) return [];
    return [environment(file, pair.line, { name: pair.value, production: isProduction(pair.value) }, 'a workflow deploys to it')];
  });
}

const REPLICAS = ['webapp_replicas', 'app_replicas', 'replicas'];
const DATABASE_HA = ['postgres_enable_high_availability', 'enable_postgres_high_availability', 'database_high_availability'];
const MONITORING = ['enable_monitoring', 'enable_alerting'];

/** One environment's Terraform variables, named by the file: production.tfvars.json, production_aks.tfvars.json. */
function fromVariables(file: RepositoryFile): Fact[] {
  const data = parseJsonFile(file) as Record<string, unknown>;
  if (data === null || typeof data !== 'object' || Array.isArray(data)) return [];
  const name = (file.path.split('/').pop() ?? '').replace(/\.tfvars\.json$/, '').replace(/_aks$/, '');
  if (/backend/.test(name)) return [];
  const item: Record<string, unknown> = { name, production: isProduction(name) };
  const first = (keys: string[], type: string) => keys.find((k) => typeof data[k] === type);
  const replicas = first(REPLICAS, 'number');
  if (replicas) item.replicas = data[replicas];
  const ha = first(DATABASE_HA, 'boolean');
  if (ha) item.database_ha = data[ha];
  const monitoring = first(MONITORING, 'boolean');
  if (monitoring) item.monitoring = data[monitoring];
  const alerts = data.statuscake_alerts;
  if (alerts && typeof alerts === 'object') item.uptime_monitoring = Object.keys(alerts).length > 0;
  const key = replicas ?? ha ?? monitoring;
  return [environment(file, key ? lineOf(file.text, `"${key}"`) : 1, item, `the ${name} environment's Terraform variables`)];
}

export const environments: Collector = {
  name: NAME,
  files: ['.github/workflows/*.{yml,yaml}', '**/workspace_variables/*.tfvars.json', '**/config/*.tfvars.json'],
  hints: {
    '$.environments': 'deployment environments in workflows and each environment\'s Terraform variables (workspace_variables/<env>.tfvars.json)',
  },
  collect: (file) => (file.path.endsWith('.tfvars.json') ? fromVariables(file) : fromWorkflow(file)),
};
