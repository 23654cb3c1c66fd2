// CI platform and security scanning: GitHub Actions workflows (the actions they use and the commands
// they run), Dependabot's configuration, and Azure Pipelines files (their tasks and scripts).
import type { Collector } from '../collector.js';
import { parseYamlFile, type YamlFile } from '../parse.js';
import type { Fact, RepositoryFile } from '../types.js';
import type { Segment } from '../../paths/jsonpath.js';

const NAME = 'ci';

interface Scanner {
  /** Matched against an action (`owner/repo/path@ref`), an Azure task name, or a run script. */
  uses?: RegExp;
  run?: RegExp;
  path: Segment[];
  value: unknown;
  what: string;
}

const SCANNERS: Scanner[] = [
  { uses: /^github\/codeql-action\/(?:init|analyze)@|^AdvancedSecurity-Codeql-(?:Init|Analyze)@/i, path: ['ci', 'security', 'sast'], value: 'codeql', what: 'CodeQL' },
  { uses: /^(?:returntocorp|semgrep)\/semgrep-action@/i, run: /\bsemgrep (?:ci|scan)\b/, path: ['ci', 'security', 'sast'], value: 'semgrep', what: 'Semgrep' },
  { uses: /^SonarSource\/sonarcloud-github-action@|^SonarCloudAnalyze@/i, path: ['ci', 'security', 'sast'], value: 'sonarcloud', what: 'SonarCloud' },
  { uses: /^SonarSource\/sonarqube-scan-action@|^SonarQubeAnalyze@/i, path: ['ci', 'security', 'sast'], value: 'sonarqube', what: 'SonarQube' },
  { uses: /brakeman/i, run: /\bbrakeman\b/, path: ['ci', 'security', 'sast'], value: 'brakeman', what: 'Brakeman' },
  { uses: /^zaproxy\/action-(?:baseline|full-scan|api-scan|af)@/i, run: /\bzap-(?:baseline|full-scan|api-scan)\.py\b/, path: ['ci', 'security', 'dast'], value: 'zap', what: 'OWASP ZAP' },
  { uses: /^snyk\/actions\//i, path: ['ci', 'security', 'sca'], value: 'snyk', what: 'Snyk' },
  { uses: /^aquasecurity\/trivy-action@/i, path: ['ci', 'security', 'container_scanning'], value: true, what: 'Trivy' },
  { uses: /^(?:anchore\/scan-action|docker\/scout-action)@|^snyk\/actions\/docker@/i, run: /\b(?:grype|docker scout cves|trivy image)\b/, path: ['ci', 'security', 'container_scanning'], value: true, what: 'image scanner' },
  { uses: /^(?:aquasecurity\/tfsec-action|bridgecrewio\/checkov-action|aquasecurity\/tfsec-pr-commenter-action)@/i, run: /\b(?:tfsec|checkov)\b/, path: ['ci', 'security', 'iac_scanning'], value: true, what: 'IaC scanner' },
  { uses: /^anchore\/sbom-action@/i, run: /\bsyft\b|\bcyclonedx\b/, path: ['supply_chain', 'sbom'], value: true, what: 'SBOM generation' },
  { uses: /^actions\/attest-build-provenance@|^actions\/attest-sbom@|^actions\/attest@/i, path: ['supply_chain', 'attestations'], value: true, what: 'artifact attestation' },
  { uses: /^(?:gitleaks\/gitleaks-action|trufflesecurity\/trufflehog)@/i, run: /\b(?:gitleaks|trufflehog) /, path: ['ci', 'security', 'secret_scanning'], value: true, what: 'secret scanner' },
];

/** Scans that run only in a pipeline: absent from every pipeline, they do not run. */
const ABSENT_SCANS: Array<{ path: Segment[]; value: unknown; what: string }> = [
  // CodeQL's default setup is switched on in GitHub's settings, not in a workflow: docs/evidence.md says so.
  { path: ['ci', 'security', 'sast'], value: 'none', what: 'static analysis (CodeQL, Semgrep, Sonar or Brakeman)' },
  { path: ['ci', 'security', 'dast'], value: 'none', what: 'a dynamic scan (ZAP)' },
  { path: ['ci', 'security', 'iac_scanning'], value: false, what: 'infrastructure-as-code scanning (tfsec, Checkov or Trivy config)' },
  { path: ['ci', 'security', 'container_scanning'], value: false, what: 'an image scan (Trivy, Grype or Docker Scout)' },
];

function fact(file: RepositoryFile, line: number, path: Segment[], value: unknown, detail: string): Fact {
  return { path, value, evidence: { file: file.path, line, collector: NAME, detail } };
}

/** Each `uses:`/`task:` and `run:`/`script:` value of a pipeline, with its line. */
async function steps(file: RepositoryFile): Promise<Fact[]> {
  const yaml = parseYamlFile(file);
  const out: Fact[] = [];
  const trivyConfig = yaml.pairs.some((p) => p.key === 'scan-type' && (p.value === 'config' || p.value === 'fs'));
  out.push(...blocking(file, yaml.pairs));
  for (const pair of yaml.pairs) {
    if (typeof pair.value !== 'string') continue;
    const isUse = pair.key === 'uses' || pair.key === 'task';
    const isRun = pair.key === 'run' || pair.key === 'script' || pair.key === 'bash' || pair.key === 'pwsh';
    if (!isUse && !isRun) continue;
    for (const scanner of SCANNERS) {
      const hit = isUse ? scanner.uses?.test(pair.value) : scanner.run?.test(pair.value);
      if (!hit) continue;
      const path = scanner.what === 'Trivy' && trivyConfig ? ['ci', 'security', 'iac_scanning'] : scanner.path;
      out.push(fact(file, pair.line, path, scanner.value, `${scanner.what} runs here`));
    }
  }
  return out;
}

const SEVERITIES = ['critical', 'high', 'medium', 'low'];

/** A scanner step that fails the job (`exit-code: 1`) on the severities it lists blocks at the lowest of them. */
function blocking(file: RepositoryFile, pairs: YamlFile['pairs']): Fact[] {
  const out: Fact[] = [];
  for (const [i, pair] of pairs.entries()) {
    if (pair.key !== 'severity' || typeof pair.value !== 'string') continue;
    const step = pairs.filter((p, j) => Math.abs(j - i) <= 8 && p.parents.join('.') === pair.parents.join('.'));
    if (!step.some((p) => p.key === 'exit-code' && String(p.value) === '1')) continue;
    const listed = pair.value.toLowerCase().split(/[\s,]+/).filter((s) => SEVERITIES.includes(s));
    const lowest = SEVERITIES.filter((s) => listed.includes(s)).pop();
    if (lowest) out.push(fact(file, pair.line, ['ci', 'security', 'block_on'], lowest, `the scan fails the job on ${listed.join(', ')} findings`));
  }
  return out;
}

async function dependabot(file: RepositoryFile): Promise<Fact[]> {
  const yaml = parseYamlFile(file);
  const ecosystem = yaml.pairs.find((p) => p.key === 'package-ecosystem');
  return ecosystem ? [fact(file, ecosystem.line, ['ci', 'security', 'sca'], 'dependabot', 'Dependabot version updates are configured')] : [];
}

export const ci: Collector = {
  name: NAME,
  files: ['Jenkinsfile', '.github/workflows/*.{yml,yaml}', '.github/dependabot.{yml,yaml}', 'azure-pipelines*.{yml,yaml}', '.azure-pipelines/**/*.{yml,yaml}', '.azuredevops/**/*.{yml,yaml}'],
  hints: {
    '$.ci.platform': '.github/workflows, azure-pipelines.yml or a Jenkinsfile',
    '$.ci.security.sca': '.github/dependabot.yml or a dependency scanner in a workflow',
    '$.ci.security.sast': 'CodeQL, Semgrep or Sonar in a workflow',
    '$.ci.security.dast': 'a ZAP scan in a workflow',
    '$.ci.security.container_scanning': 'Trivy (or another image scanner) in a workflow',
    '$.ci.security.iac_scanning': 'tfsec, Checkov or Trivy config scanning in a workflow',
    '$.ci.security.block_on': 'a scan step in a workflow that fails the job (exit-code 1) on the severities it lists',
    '$.supply_chain.sbom': 'an SBOM step (anchore/sbom-action, syft) in a workflow',
    '$.supply_chain.attestations': 'actions/attest-build-provenance in a workflow',
    '$.source.host': 'a .github folder (workflows, CODEOWNERS)',
  },
  async collect(file) {
    if (file.path.startsWith('.github/dependabot.')) return dependabot(file);
    if (file.path === 'Jenkinsfile') return [fact(file, 1, ['ci', 'platform'], 'jenkins', 'a Jenkins pipeline')];
    const platform = file.path.startsWith('.github/workflows/') ? 'github-actions' : 'azure-devops';
    const where = platform === 'github-actions' ? 'a GitHub Actions workflow' : 'an Azure Pipelines definition';
    // GitHub Actions runs only on GitHub, so a workflow shows where the source is hosted.
    const host = platform === 'github-actions' ? [fact(file, 1, ['source', 'host'], 'github', 'GitHub Actions workflows run only on GitHub')] : [];
    return [fact(file, 1, ['ci', 'platform'], platform, where), ...host, ...(await steps(file))];
  },
  /**
   * CodeQL ranks first among several static analysers, so the one the standards name is the one shown.
   * Where there are pipelines, a scan none of them runs is observed absent: the pipelines are where it would run.
   * Only when every pipeline was read: a scan may be in the one that could not be.
   */
  conclude(facts, selected, complete) {
    const first = new Map<string, Fact>();
    for (const f of [...facts.filter((x) => x.value === 'codeql'), ...facts.filter((x) => x.value !== 'codeql')]) {
      const key = `${f.path.join('.')}=${String(f.value)}`;
      if (!first.has(key)) first.set(key, f);
    }
    const out = [...first.values()];
    const pipelines = selected.filter((p) => !p.startsWith('.github/dependabot.'));
    if (pipelines.length === 0 || !complete) return out;
    // Cited to the first pipeline (a file a person can open); the detail says all of them were read.
    const cited = [...pipelines].sort()[0]!;
    const count = pipelines.length === 1 ? 'the one pipeline' : `any of the ${pipelines.length} workflows or pipelines`;
    for (const scan of ABSENT_SCANS) {
      if (out.some((f) => f.path.join('.') === scan.path.join('.'))) continue;
      out.push({ path: scan.path, value: scan.value, evidence: { file: cited, collector: NAME, detail: `${scan.what} runs in none of ${count}` } });
    }
    return out;
  },
};
