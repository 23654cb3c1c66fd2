// Environments: the deployment environments workflows name, scheduled workflows that back up an
// environment's database (and how often their schedule runs), and each environment's own Terraform
// variables (workspace_variables/<env>.tfvars.json): replicas, database high availability, monitoring.
import type { Collector } from '../collector.js';
import { lineOf, parseJsonFile, parseYamlFile, type YamlFile } from '../parse.js';
import type { Fact, RepositoryFile } from '../types.js';

const NAME = 'environments';

const isProduction = (name: string) => /^(?:production|prod)$/i.test(name);

function environment(file: RepositoryFile, line: number, item: Record<string, unknown>, detail: string): Fact {
  return { path: ['environments'], value: item, evidence: { file: file.path, line, collector: NAME, detail } };
}

/** `environment: production` or `environment: { name: production }` on a workflow job. */
async function fromWorkflow(file: RepositoryFile): Promise<Fact[]> {
  const yaml = parseYamlFile(file);
  const named = yaml.pairs.flatMap((pair) => {
    const named = (pair.key === 'environment' && pair.parents.length === 2) || (pair.key === 'name' && pair.parents[pair.parents.length - 1] === 'environment');
    if (!named || typeof pair.value !== 'string' || pair.value.includes('${{')) return [];
    return [environment(file, pair.line, { name: environmentName(pair.value), production: isProduction(environmentName(pair.value)) }, 'a workflow job runs in it')];
  });
  return [...named, ...backups(file, yaml)];
}

/** production_aks -> production: the department's workflows name an environment after its cluster too. */
const environmentName = (name: string) => name.replace(/_aks$/i, '');

/** A step that dumps a PostgreSQL database, or the shared action that does. */
const BACKUP_STEP = { run: /\bpg_dump(?:all)?\b/, uses: /^DFE-Digital\/github-actions\/backup-postgres@/i };

/**
 * A scheduled workflow whose job dumps an environment's database: that environment's databases are
 * backed up as often as the schedule runs. Off-site or not is not something the workflow shows.
 */
function backups(file: RepositoryFile, yaml: YamlFile): Fact[] {
  const data = yaml.data as { on?: { schedule?: unknown }; jobs?: Record<string, unknown> } | null;
  const schedules = Array.isArray(data?.on?.schedule) ? data.on.schedule : [];
  const crons = schedules.map((s) => (s as { cron?: unknown } | null)?.cron).filter((c): c is string => typeof c === 'string');
  const frequency = crons.map(cronFrequency).find((f) => f !== undefined);
  if (!frequency || !data?.jobs || typeof data.jobs !== 'object') return [];
  const cronLine = yaml.pairs.find((p) => p.key === 'cron')?.line ?? 1;
  const out: Fact[] = [];
  for (const job of Object.values(data.jobs)) {
    const { environment: env, steps } = (job ?? {}) as { environment?: unknown; steps?: unknown };
    const name = typeof env === 'string' ? env : typeof (env as { name?: unknown } | null)?.name === 'string' ? (env as { name: string }).name : undefined;
    if (!name || name.includes('${{') || !Array.isArray(steps)) continue;
    const dumps = steps.some((step) => {
      const { run, uses } = (step ?? {}) as { run?: unknown; uses?: unknown };
      return (typeof run === 'string' && BACKUP_STEP.run.test(run)) || (typeof uses === 'string' && BACKUP_STEP.uses.test(uses));
    });
    if (!dumps) continue;
    const env_ = environmentName(name);
    out.push(environment(file, cronLine, { name: env_, production: isProduction(env_), database_backup: { frequency } }, `a scheduled workflow (${crons.join(', ')}) backs up the ${env_} database`));
  }
  return out;
}

/** A cron schedule's frequency: every hour, every day or every week; anything else says nothing. */
export function cronFrequency(cron: string): 'hourly' | 'daily' | 'weekly' | undefined {
  const fields = cron.trim().split(/\s+/);
  if (fields.length !== 5) return undefined;
  const [minute, hour, day, month, weekday] = fields as [string, string, string, string, string];
  const single = (f: string) => /^\d{1,2}$/.test(f);
  if (!single(minute) || month !== '*') return undefined;
  if (hour === '*' && day === '*' && weekday === '*') return 'hourly';
  if (!single(hour) || day !== '*') return undefined;
  if (weekday === '*') return 'daily';
  return single(weekday) ? 'weekly' : undefined;
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
    '$.environments.database_backup': 'a scheduled workflow that backs up the environment\'s database (pg_dump)',
  },
  collect: (file) => (file.path.endsWith('.tfvars.json') ? fromVariables(file) : fromWorkflow(file)),
};
