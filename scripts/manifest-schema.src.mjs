// Source of schema/design-manifest.schema.json. Run `node scripts/manifest-schema.src.mjs` after editing;
// a test keeps the committed JSON equal to what this prints.
import { schemaId } from './schema-id.mjs';

const str = (description, extra = {}) => ({ type: 'string', description, ...extra });
const bool = (description) => ({ type: 'boolean', description });
const date = (description) => ({ type: 'string', format: 'date', description });
const uri = (description) => ({ type: 'string', format: 'uri', description });
const list = (items, description) => ({ type: 'array', items, description });
const obj = (properties, description, extra = {}) => ({ type: 'object', description, properties, additionalProperties: false, ...extra });
const person = obj({ name: str('Full name'), email: str('Email address', { format: 'email' }), github: str('GitHub login') }, 'A person');
const component = obj(
  { name: str('Name, e.g. ruby, dotnet, nodejs, rails, aspnetcore, postgresql'), version: { type: ['string', 'number'], description: 'Version in use, e.g. "3.3" or "8.0"' } },
  'A language, framework or product with its version',
  { required: ['name'] },
);
const provider = (description) => ({ type: ['string', 'null'], description });
/**
 * A closed vocabulary: the canonical words, and the other ways people write them. assure normalises
 * a value before validating it (lower case, spaces and underscores as hyphens, then `x-aliases`), so
 * rules only ever see the canonical word.
 */
const vocabulary = (words, aliases, description) => ({ type: 'string', enum: words, 'x-aliases': aliases, description });
const region = vocabulary(
  ['uk-south', 'uk-west', 'west-europe', 'north-europe', 'east-us', 'west-us', 'aws-eu-west-1', 'aws-eu-west-2', 'aws-us-east-1', 'gcp-europe-west2', 'on-premises'],
  {
    uksouth: 'uk-south',
    ukwest: 'uk-west',
    westeurope: 'west-europe',
    northeurope: 'north-europe',
    eastus: 'east-us',
    westus: 'west-us',
    'eu-west-1': 'aws-eu-west-1',
    'eu-west-2': 'aws-eu-west-2',
    'us-east-1': 'aws-us-east-1',
    'europe-west2': 'gcp-europe-west2',
    'on-prem': 'on-premises',
    'on-premise': 'on-premises',
  },
  'A region: Azure (uk-south, also written uksouth or "UK South"), AWS (aws-eu-west-2, also written eu-west-2: London), GCP (gcp-europe-west2), or on-premises',
);

const service = obj(
  {
    kind: { const: 'service', description: 'The manifest profile: a service design (default)' },
    service: obj(
      {
        name: str('The service name as users know it'),
        id: str('A short stable identifier (kebab-case)', { pattern: '^[a-z0-9][a-z0-9-]*$' }),
        description: str('One or two sentences on what the service does'),
        phase: { enum: ['discovery', 'alpha', 'private-beta', 'public-beta', 'live', 'retired'], description: 'Service Standard phase' },
        area: { enum: ['teaching-workforce', 'quality-of-provision', 'vulnerable-families-and-children', 'school-business-professionals', 'internal-services'], description: 'DfE area of work; notifications route by it' },
        public_facing: bool('True when people outside the department use it'),
        user_interface: bool('False when nobody uses the service through a web or app interface (an API, a pipeline, a batch job): accessibility standards then do not apply'),
        service_owner: person,
        sro: person,
        team: obj({ name: str('Team name'), github_team: str('GitHub team slug, e.g. DFE-Digital/apply-team'), contact: str('Slack channel or mailbox') }, 'The delivery team'),
        technical_lead: person,
        contacts: list(person, 'Other contacts'),
      },
      'Service identity and ownership',
      { required: ['name'] },
    ),
    users: obj({ segments: list({ enum: ['citizen', 'education-sector', 'staff', 'other-government', 'business'] }, 'Who signs in or uses the service') }, 'Users'),
    auth: obj(
      {
        providers: list({ type: 'string' }, 'Sign-in providers, e.g. gov-uk-one-login, dfe-sign-in, entra-id, local-accounts'),
        protocol: str('oidc, oauth2, saml, basic, ws-federation, ...'),
        staff_directory_for_external_users: bool('True if the staff directory signs in external users'),
        user_groups: obj(
          {
            staff: str('The sign-in DfE staff use, e.g. entra-id'),
            public: str('The sign-in members of the public use, e.g. gov-uk-one-login'),
            sector: str('The sign-in education-sector users (schools, colleges, trusts, local authorities) use, e.g. dfe-sign-in'),
            partner: str('The sign-in partners (suppliers, other organisations, other departments) use'),
          },
          'Which sign-in (one of auth.providers) each group of users signs in with',
        ),
        mfa: bool('MFA enforced for users'),
      },
      'Authentication',
    ),
    security: obj(
      {
        admin_access: str('How privileged roles are granted: just-in-time, standing'),
        admin_mfa: bool('MFA for administrators'),
        threat_model: obj({ exists: bool('A threat model exists'), reviewed: date('When it was last reviewed') }, 'Threat model'),
      },
      'Security',
    ),
    monitoring: obj(
      { siem: bool('Integrated with the department SIEM'), uptime: bool('External uptime monitoring'), certificates: bool('Certificate expiry monitoring'), error_reporting: str('Error reporting tool, e.g. sentry') },
      'Monitoring',
    ),
    network: obj({ tls_min_version: { type: ['string', 'number'], description: 'Minimum TLS version accepted, e.g. "1.2"' } }, 'Network'),
    hosting: obj(
      {
        provider: str('azure, aws, gcp, on-premises, saas vendor'),
        platform: str('e.g. dfe-azure-landing-zone, teacher-services-cloud, aks, app-service'),
        model: { enum: ['saas', 'paas', 'iaas', 'on-premises'], description: 'Hosting model' },
        regions: list(region, 'Regions, e.g. uk-south, uk-west, west-europe'),
        centrally_managed: bool('Runs in the department\'s centrally managed tenant / landing zone'),
      },
      'Hosting',
    ),
    languages: list(component, 'Server-side languages and runtimes'),
    frameworks: list(component, 'Frameworks'),
    data_stores: list(
      obj(
        {
          name: str('Name'),
          engine: str('postgresql, azure-sql, mysql, redis, cosmosdb, blob-storage, ...'),
          version: { type: ['string', 'number'], description: 'Engine version' },
          public_ip: bool('Reachable on a public IP'),
          high_availability: bool('High availability enabled'),
          backups: obj({ frequency: { enum: ['hourly', 'daily', 'weekly', 'monthly', 'none'] }, offsite: bool('Stored off-site / in secure separate storage') }, 'Backups'),
          soft_delete: bool('Soft delete enabled (storage, key vaults)'),
          geo_redundant: bool('Geo-redundant storage'),
          critical: bool('Holds critical data'),
          runs_on: { enum: ['managed', 'vm', 'container'], description: "Where it runs: a cloud provider's managed service, a virtual machine the team runs, or a container" },
        },
        'A data store',
        { required: ['name', 'engine'] },
      ),
      'Data stores',
    ),
    data: obj(
      {
        classification: { enum: ['official', 'official-sensitive', 'secret', 'top-secret'], description: 'Government Security Classification' },
        personal_data: bool('Processes personal data'),
        special_category: bool('Processes special-category personal data'),
        dpia: obj({ completed: bool('DPIA completed'), date: date('Date completed'), url: str('Link') }, 'Data protection impact assessment'),
        residency: str('Where data is stored and processed: uk, eea, other'),
        international_transfers: obj({ present: bool('Data leaves the UK'), approved_by_infosec: bool('Approved by information security') }, 'International transfers'),
      },
      'Data',
    ),
    cookies: obj({ non_essential: bool('Uses non-essential cookies'), policy_url: uri('Cookie policy'), policy_linked: bool('The cookie policy is linked from every page (the layout or footer every page shares links to it)') }, 'Cookies'),
    notifications: obj(
      {
        email: provider('Provider for email to users (gov-uk-notify, sendgrid, ...); null if none'),
        sms: provider('Provider for text messages'),
        letters: provider('Provider for letters'),
        marketing: provider('Provider for marketing email only'),
      },
      'Notifications to users',
    ),
    payments: obj(
      { takes_payments: bool('Takes payments from users'), provider: str('gov-uk-pay, stripe, ...'), direct_debit: bool('Collects by Direct Debit only') },
      'Payments',
    ),
    domains: list({ type: 'string' }, 'Hostnames the service is served on'),
    frontend: obj({ design_system: str('govuk-frontend, dfe-frontend, nhs, bespoke') }, 'Front end'),
    accessibility: obj(
      {
        wcag_version: { type: ['string', 'number'], description: 'WCAG version targeted, e.g. "2.2"' },
        level: { enum: ['A', 'AA', 'AAA'], description: 'Conformance level targeted' },
        last_audit: date('Date of the last accessibility audit'),
        statement: { enum: ['published', 'none'], description: 'Whether an accessibility statement is published: none when there is none yet' },
        statement_url: uri('Accessibility statement'),
        conformance: { enum: ['full', 'partial', 'none'], description: 'Declared conformance' },
      },
      'Accessibility',
    ),
    apis: list(
      obj(
        { name: str('Name'), audience: { enum: ['public', 'partner', 'internal'] }, spec: str('Specification format: openapi-3, openapi-2, none'), spec_path: str('Path of the description in the repository'), gateway: str('Where it is published: find-and-use-an-api, none') },
        'An API the service provides',
        { required: ['name'] },
      ),
      'APIs provided',
    ),
    integrations: list(obj({ name: str('Name'), transport: str('https, tls, sftp, http, ftp'), direction: { enum: ['inbound', 'outbound', 'both'] } }, 'A connection', { required: ['name'] }), 'Connections to other systems'),
    source: obj(
      {
        host: str('github, azure-devops, gitlab'),
        org: str('Organisation, e.g. DFE-Digital'),
        repository: str('Repository name'),
        visibility: { enum: ['public', 'internal', 'private'] },
        private_reason: str('Why the code is not public (draft policy, security)'),
        licence: str('Licence, e.g. MIT'),
        licence_file: str('Path of the licence file'),
        copyright: str('Copyright holder named in the licence, e.g. Crown Copyright (Department for Education)'),
      },
      'Source code',
    ),
    repository: obj(
      {
        kind: { enum: ['production', 'prototype', 'library', 'documentation'] },
        branch_protection: obj(
          { required_approvals: { type: 'integer', minimum: 0 }, dismiss_stale_reviews: bool('Stale approvals dismissed'), code_owner_review: bool('Code owner review required'), required_checks: bool('Status checks must pass') },
          'Branch protection on the default branch',
        ),
        codeowners: bool('CODEOWNERS present'),
        contributing: bool('CONTRIBUTING.md present'),
        topics: list({ type: 'string' }, 'Repository topics'),
      },
      'Repository settings',
    ),
    risk: { enum: ['low', 'medium', 'high'], description: 'Risk rating of the repository / service' },
    supply_chain: obj({ signed_commits: bool('Commits are signed'), sbom: bool('SBOMs generated and verified'), attestations: bool('Artifact attestations') }, 'Supply chain'),
    ci: obj(
      {
        platform: str('github-actions, azure-devops, ...'),
        security: obj(
          {
            sca: str('Dependency scanning, e.g. dependabot'),
            sast: str('Static analysis, e.g. codeql, semgrep, sonarcloud'),
            dast: str('Dynamic scanning, e.g. zap'),
            iac_scanning: bool('IaC scanning'),
            container_scanning: bool('Container scanning'),
            secret_scanning: bool('Secret scanning'),
            push_protection: bool('Secret push protection'),
            block_on: { enum: ['critical', 'high', 'medium', 'low', 'none'], description: 'Lowest severity that blocks a deploy' },
          },
          'Security scanning',
        ),
      },
      'Continuous integration',
    ),
    containers: obj({ registry: str('ghcr, dockerhub-dfe, acr, dockerhub') }, 'Containers'),
    infrastructure: obj(
      {
        iac: str('terraform, bicep, arm, none'),
        pinned_versions: bool('Provider and module versions pinned'),
        unpinned_modules: list({ type: 'string' }, 'Terraform modules whose source is not pinned to a release tag, a commit or an exact registry version (empty when every module is pinned; local paths count as pinned)'),
      },
      'Infrastructure',
    ),
    secrets: obj(
      { store: str('azure-key-vault, github-secrets, ...'), in_source: bool('Any secret committed to source'), managed_identities: bool('Managed identities and RBAC used') },
      'Secrets',
    ),
    environments: list(
      obj(
        {
          name: str('Name'),
          production: bool('This is production'),
          replicas: { type: 'integer', minimum: 0 },
          uptime_monitoring: bool('Uptime monitored from outside'),
          certificate_monitoring: bool('Certificates monitored'),
          error_reporting: bool('Errors reported'),
          database_ha: bool('Database highly available'),
          database_backup: obj({ frequency: { enum: ['hourly', 'daily', 'weekly', 'none'] }, offsite: bool('Off-site copy') }, 'Database backups'),
          monitoring: bool('Monitoring enabled'),
        },
        'An environment',
        { required: ['name'] },
      ),
      'Environments',
    ),
    continuity: obj(
      { plan: bool('A business continuity plan exists'), plan_reviewed: date('When the plan was last reviewed'), dr_tested: date('When disaster recovery was last tested'), declared: date('When conformance was last declared') },
      'Business continuity and disaster recovery',
    ),
    decisions: obj({ path: str('Where ADRs live, e.g. docs/adr'), format: str('madr, nygard') }, 'Decision records'),
    governance: obj({ spend_control: bool('Under spend control') }, 'Governance'),
    cms: obj({ product: str('contentful, ...') }, 'Content management'),
    crm: obj({ product: str('dynamics-365, ...') }, 'CRM'),
    ai: obj(
      { generative: bool('Uses generative AI'), provider: str('e.g. azure-openai'), purpose: str('What it is used for'), user_facing: bool('Users see its output directly') },
      'Artificial intelligence',
    ),
    messaging: list(obj({ name: str('Name'), product: str('e.g. azure-service-bus, rabbitmq') }, 'A queue or topic', { required: ['name'] }), 'Queues and event streams'),
    replaces: list(
      obj({ name: str('The service replaced'), decommission: obj({ planned: bool('Decommissioning planned'), funded: bool('Funded'), date: date('Target date') }, 'Decommissioning') }, 'A replaced service', { required: ['name'] }),
      'Services this one replaces',
    ),
  },
  'A service design manifest',
  { required: ['service'] },
);

const register = obj(
  {
    file: str('Path of a CSV or YAML file, relative to the manifest; its rows are loaded into `rows`'),
    updated: date('When the register was last updated'),
    rows: list({ type: 'object' }, 'The register rows (loaded from `file`, or written inline)'),
  },
  'A register kept as a file (CSV headers become snake_case keys; empty cells become null; yes/no and numbers are typed)',
  { anyOf: [{ required: ['file'] }, { required: ['rows'] }] },
);

const school = obj(
  {
    kind: { const: 'school', description: 'The manifest profile: a school or trust digital estate' },
    organisation: obj(
      { name: str('School or trust name'), urn: str('Unique reference number'), type: { enum: ['primary', 'secondary', 'all-through', 'further-education', 'trust'] } },
      'The school or trust',
      { required: ['name'] },
    ),
    governance: obj(
      { digital_lead: obj({ name: str('Name'), role: str('Role'), slt: bool('A member of the senior leadership team') }, 'Digital lead'), link_governor: obj({ name: str('Name') }, 'Digital link governor') },
      'Digital leadership',
    ),
    registers: obj({ assets: register, contracts: register, information_assets: register }, 'Registers'),
    broadband: obj(
      {
        connection: str('full-fibre, fttc, adsl, leased-line'),
        download_mbps: { type: 'number', minimum: 0 },
        upload_mbps: { type: 'number', minimum: 0 },
        backup: obj({ connection: str('Type of the backup line'), automatic_failover: bool('Fails over automatically') }, 'Backup connection'),
      },
      'Broadband',
    ),
    backups: obj(
      { copies: { type: 'integer', minimum: 0 }, media: { type: 'integer', minimum: 0, description: 'Different devices or media' }, offsite: { type: 'integer', minimum: 0 }, offline: { type: 'integer', minimum: 0 }, restore_tested: date('When a restore was last tested') },
      'Backups',
    ),
    systems: list(obj({ name: str('Name'), personal_data: bool('Holds personal or sensitive data'), mfa: bool('MFA enforced') }, 'A system', { required: ['name'] }), 'Systems'),
    training: obj({ cyber_training: date('Last staff cyber training'), governor_trained: bool('At least one governor trained'), filtering_review: date('Last filtering and monitoring review'), risk_assessment: date('Last cyber risk assessment') }, 'Training and reviews'),
  },
  'A school or trust digital estate',
  { required: ['kind', 'organisation'] },
);

const schema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: schemaId('design-manifest.schema.json'),
  title: 'assure design manifest',
  description: 'A service design (kind: service, the default) or a school/trust digital estate (kind: school), checked by assure.',
  type: 'object',
  if: { properties: { kind: { const: 'school' } }, required: ['kind'] },
  then: { $ref: '#/$defs/school' },
  else: { $ref: '#/$defs/service' },
  $defs: { service, school },
};

process.stdout.write(JSON.stringify(schema, null, 2) + '\n');
