// Realistic design manifests for benchmarks, made from a seeded generator so every run measures the
// same inputs. Sizes land between 1 and 5 KB of YAML, as real manifests do.
import { stringify } from 'yaml';

import { seededRandom } from '../../sim/random.js';

export { seededRandom };

export function generateManifests(count: number, seed = 42): string[] {
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const chance = (p: number): boolean => random() < p;
  const words = ['apply', 'teacher', 'funding', 'claim', 'school', 'register', 'find', 'manage', 'training', 'trust', 'support', 'record'];
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const name = `${pick(words)} ${pick(words)} ${i}`;
    const id = name.replace(/ /g, '-');
    const envCount = 1 + Math.floor(random() * 3);
    const storeCount = 1 + Math.floor(random() * 3);
    const manifest: Record<string, unknown> = {
      service: {
        name,
        id,
        description: `${name} lets ${pick(['teachers', 'parents', 'schools', 'staff'])} ${pick(words)} and ${pick(words)} online.`,
        phase: pick(['alpha', 'private-beta', 'public-beta', 'live']),
        area: pick(['teaching-workforce', 'quality-of-provision', 'vulnerable-families-and-children', 'school-business-professionals', 'internal-services']),
        public_facing: chance(0.7),
        service_owner: { name: 'Service Owner', email: 'owner@education.gov.uk' },
        team: { name: `${pick(words)} team`, github_team: `DFE-Digital/${id}` },
      },
      users: { segments: chance(0.5) ? ['citizen', 'education-sector'] : [pick(['staff', 'education-sector'])] },
      auth: { providers: [pick(['gov-uk-one-login', 'dfe-sign-in', 'entra-id', 'local-accounts'])], protocol: pick(['oidc', 'oidc', 'saml', 'basic']), mfa: chance(0.8) },
      security: { admin_access: pick(['just-in-time', 'standing']), admin_mfa: chance(0.9), threat_model: { exists: chance(0.7), reviewed: `2026-0${1 + Math.floor(random() * 9)}-15` } },
      monitoring: { siem: chance(0.6), uptime: chance(0.8), certificates: chance(0.7), error_reporting: 'sentry' },
      network: { tls_min_version: pick(['1.2', '1.3', '1.0']) },
      hosting: { provider: pick(['azure', 'azure', 'aws', 'on-premises']), platform: pick(['teacher-services-cloud', 'dfe-azure-landing-zone', 'app-service']), model: pick(['paas', 'paas', 'iaas', 'saas', 'on-premises']), regions: [pick(['uk-south', 'uk-west', 'west-europe', 'east-us'])], centrally_managed: chance(0.8) },
      languages: [{ name: pick(['ruby', 'dotnet', 'nodejs', 'python']), version: pick(['3.4', '10.0', '22', '3.1', '8.0', '18']) }],
      frameworks: [{ name: pick(['rails', 'aspnetcore', 'express', 'django']), version: pick(['8.1', '10.0', '5.1', '7.0']) }],
      data_stores: Array.from({ length: storeCount }, (_, n) => ({
        name: `store ${n}`,
        engine: pick(['postgresql', 'azure-sql', 'redis', 'mysql']),
        version: pick(['16', '15', '13', '7.2']),
        public_ip: chance(0.1),
        high_availability: chance(0.7),
        backups: { frequency: pick(['daily', 'daily', 'weekly']), offsite: chance(0.8) },
      })),
      data: { classification: pick(['official', 'official-sensitive']), personal_data: chance(0.7), dpia: { completed: chance(0.8), date: '2026-02-01' }, residency: pick(['uk', 'uk', 'eea']) },
      notifications: { email: pick(['gov-uk-notify', 'gov-uk-notify', 'sendgrid']), sms: chance(0.3) ? 'gov-uk-notify' : null },
      domains: [`${id}.education.gov.uk`],
      frontend: { design_system: pick(['govuk-frontend', 'govuk-frontend', 'bespoke']) },
      accessibility: { wcag_version: '2.2', level: 'AA', last_audit: `2026-0${1 + Math.floor(random() * 9)}-01`, statement_url: `https://${id}.education.gov.uk/accessibility`, conformance: pick(['full', 'partial']) },
      source: { host: 'github', org: pick(['DFE-Digital', 'DFE-Digital', 'dfe-legacy']), repository: id, visibility: pick(['public', 'public', 'private']), licence: 'MIT' },
      repository: { kind: 'production', branch_protection: { required_approvals: pick([0, 1, 2]), dismiss_stale_reviews: chance(0.8), code_owner_review: chance(0.8), required_checks: true }, codeowners: chance(0.9), contributing: chance(0.7), topics: [id, 'production'] },
      ci: { platform: 'github-actions', security: { sca: 'dependabot', sast: pick(['codeql', 'semgrep']), secret_scanning: chance(0.9), push_protection: chance(0.8) } },
      secrets: { store: pick(['azure-key-vault', 'github-secrets']), in_source: chance(0.05), managed_identities: chance(0.7) },
      environments: Array.from({ length: envCount }, (_, n) => ({
        name: n === 0 ? 'production' : `env-${n}`,
        production: n === 0,
        replicas: 1 + Math.floor(random() * 4),
        uptime_monitoring: chance(0.8),
        certificate_monitoring: chance(0.7),
        error_reporting: true,
        database_ha: chance(0.7),
        database_backup: { frequency: 'daily', offsite: chance(0.8) },
        monitoring: true,
      })),
      continuity: { plan: chance(0.8), dr_tested: `2026-0${1 + Math.floor(random() * 9)}-10`, declared: '2026-03-01' },
    };
    if (chance(0.3)) manifest.payments = { takes_payments: true, provider: pick(['gov-uk-pay', 'stripe']) };
    if (chance(0.5)) manifest.apis = [{ name: `${name} API`, audience: 'partner', spec: pick(['openapi-3', 'none']), gateway: pick(['find-and-use-an-api', 'none']) }];
    if (chance(0.4)) manifest.decisions = { path: 'docs/adr', format: 'madr' };
    out.push(`# design manifest ${i}\n${stringify(manifest)}`);
  }
  return out;
}
