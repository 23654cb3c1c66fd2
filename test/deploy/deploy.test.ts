// What platform teams deploy: the container image's Dockerfile, the environment example and the
// Kubernetes manifests, checked for what running the App safely needs.
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { root } from '../helpers.js';

const dockerfile = readFileSync(join(root, 'Dockerfile'), 'utf8');
// Instructions, with continuation lines joined and comments left out.
const instructions = dockerfile
  .replace(/\\\n\s*/g, ' ')
  .split('\n')
  .filter((l) => l.trim() && !l.trim().startsWith('#'))
  .map((l) => l.trim());
const stages = instructions.reduce<string[][]>((all, line) => (line.startsWith('FROM ') ? [...all, [line]] : (all.at(-1)!.push(line), all)), []);

describe('the Dockerfile', () => {
  const final = stages.at(-1)!;

  it('builds in stages on a current Node.js image and runs the compiled App as a non-root user', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    for (const stage of stages) expect(stage[0]).toMatch(/^FROM node:24-(slim|alpine)\b/);
    const user = final.filter((l) => l.startsWith('USER ')).at(-1);
    expect(user, 'the final stage sets USER').toBeDefined();
    expect(user!.split(/\s+/)[1]!.split(':')[0]).not.toMatch(/^(0|root)$/);
    expect(final.at(-1)).toBe('CMD ["node", "build/app/server.js"]');
  });

  it('copies the built files and what the App reads at run time, and checks /healthz', () => {
    for (const from of ['/app/build', '/app/node_modules']) expect(final.some((l) => l.startsWith(`COPY --from=build ${from} `))).toBe(true);
    for (const folder of ['policies', 'schema', 'package.json']) expect(final.some((l) => l.startsWith(`COPY ${folder} `)), folder).toBe(true);
    const healthcheck = final.find((l) => l.startsWith('HEALTHCHECK '));
    expect(healthcheck).toContain('/healthz');
    expect(readFileSync(join(root, '.dockerignore'), 'utf8').split('\n')).toEqual(expect.arrayContaining(['node_modules', '.env', '*.pem']));
  });

  it("precompiles what the App would otherwise compile at start, from every folder the build compiles", () => {
    const build = stages.find((stage) => / AS build$/.test(stage[0]!))!;
    expect(build.some((l) => l.startsWith('RUN npm run compile'))).toBe(true);
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts.compile).toContain('node build/scripts/precompile.js');
    expect(pkg.scripts.build).toContain('npm run compile');
    // tsc needs every folder tsconfig.build.json includes; the precompile step reads the library and the schemas.
    const included = (JSON.parse(readFileSync(join(root, 'tsconfig.build.json'), 'utf8')) as { include: string[] }).include;
    for (const folder of [...included, 'policies', 'schema']) expect(build.some((l) => l.startsWith(`COPY ${folder} `)), folder).toBe(true);
    const ignored = readFileSync(join(root, '.dockerignore'), 'utf8').split('\n');
    for (const folder of [...included, 'policies', 'schema']) expect(ignored, folder).not.toContain(folder);
  });

  const docker = spawnSync('docker', ['info'], { encoding: 'utf8', timeout: 20_000 }).status === 0;
  if (!docker) console.info('docker build skipped: docker is not available on this machine');
  it.skipIf(!docker)('builds with docker', () => {
    const build = spawnSync('docker', ['build', '-q', '-t', 'assure-app:test', '.'], { cwd: root, encoding: 'utf8', timeout: 900_000 });
    expect(build.status, build.stderr).toBe(0);
  }, 900_000);
});

describe('.env.example', () => {
  it('names every variable the App reads', () => {
    const example = readFileSync(join(root, '.env.example'), 'utf8');
    for (const name of ['APP_ID', 'PRIVATE_KEY', 'PRIVATE_KEY_PATH', 'WEBHOOK_SECRET', 'HOST', 'PORT', 'LOG_LEVEL', 'LOG_FORMAT', 'GITHUB_API_URL', 'GHE_HOST', 'GHE_PROTOCOL', 'ASSURE_SWEEP_REPOSITORIES', 'PEERS', 'SELF']) {
      expect(example, name).toMatch(new RegExp(`^#? ?${name}=`, 'm'));
    }
  });
});

type Doc = { apiVersion?: string; kind?: string; metadata?: { name?: string }; spec?: Record<string, unknown>; stringData?: Record<string, string> };

describe('the Kubernetes manifests', () => {
  const folder = join(root, 'deploy/kubernetes');
  const docs: Doc[] = readdirSync(folder)
    .filter((f) => f.endsWith('.yaml') && f !== 'kustomization.yaml')
    .flatMap((f) => parseAllDocuments(readFileSync(join(folder, f), 'utf8')).map((d) => {
      expect(d.errors, f).toEqual([]);
      return d.toJS() as Doc;
    }));
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- manifests are read as plain data, checked field by field
  const find = (kind: string, name = 'assure') => docs.find((d) => d.kind === kind && d.metadata?.name === name) as Doc & { spec: any };

  it('are each a named object of a known kind, all listed in the kustomization', () => {
    const known: Record<string, string> = { StatefulSet: 'apps/v1', Service: 'v1', PodDisruptionBudget: 'policy/v1', Secret: 'v1' };
    expect(docs.map((d) => `${d.kind} ${d.metadata?.name}`).sort()).toEqual(['PodDisruptionBudget assure', 'Secret assure', 'Service assure', 'Service assure-peers', 'StatefulSet assure']);
    for (const d of docs) expect(d.apiVersion, d.kind).toBe(known[d.kind!]);
    const kustomization = parseAllDocuments(readFileSync(join(folder, 'kustomization.yaml'), 'utf8'))[0]!.toJS() as { resources: string[] };
    expect(kustomization.resources.sort()).toEqual(readdirSync(folder).filter((f) => f.endsWith('.yaml') && f !== 'kustomization.yaml').sort());
  });

  it('run at least two replicas, probed on /healthz, non-root and read-only, with requests and limits', () => {
    const deployment = find('StatefulSet');
    expect(deployment.spec.replicas).toBeGreaterThanOrEqual(2);
    const pod = deployment.spec.template.spec;
    expect(deployment.spec.selector.matchLabels).toEqual(deployment.spec.template.metadata.labels);
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true });
    expect(pod.securityContext.runAsUser).toBeGreaterThan(0);
    const [container] = pod.containers;
    for (const probe of ['readinessProbe', 'livenessProbe']) expect(container[probe].httpGet, probe).toMatchObject({ path: '/healthz', port: 'http' });
    expect(container.ports).toContainEqual({ name: 'http', containerPort: 3000 });
    expect(container.securityContext).toMatchObject({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } });
    for (const kind of ['requests', 'limits']) expect(Object.keys(container.resources[kind]).sort(), kind).toEqual(['cpu', 'memory']);
    expect(container.envFrom).toEqual([{ secretRef: { name: find('Secret').metadata!.name } }]);
  });

  it('give the App the secrets it requires, keep one replica through disruptions, and route to the pods', () => {
    expect(Object.keys(find('Secret').stringData!).sort()).toEqual(['APP_ID', 'PRIVATE_KEY', 'WEBHOOK_SECRET']);
    const labels = find('StatefulSet').spec.template.metadata.labels;
    expect(find('PodDisruptionBudget').spec).toEqual({ minAvailable: 1, selector: { matchLabels: labels } });
    expect(find('Service').spec.selector).toEqual(labels);
    expect(find('Service').spec.ports[0].targetPort).toBe('http');
  });

  it('name each replica in PEERS, through a headless Service, with SELF the pod\'s own address', () => {
    const set = find('StatefulSet');
    const peers = find('Service', 'assure-peers');
    expect(set.spec.serviceName).toBe('assure-peers');
    expect(peers.spec).toMatchObject({ clusterIP: 'None', selector: set.spec.template.metadata.labels });
    const env = Object.fromEntries(set.spec.template.spec.containers[0].env.map((e: { name: string; value?: string }) => [e.name, e.value]));
    const port = set.spec.template.spec.containers[0].ports[0].containerPort;
    expect(env.PEERS.split(',')).toEqual(Array.from({ length: set.spec.replicas }, (_, i) => `http://assure-${i}.assure-peers:${port}`));
    expect(env.SELF).toBe(`http://$(POD_NAME).assure-peers:${port}`);
    expect(set.spec.template.spec.containers[0].env.findIndex((e: { name: string }) => e.name === 'POD_NAME')).toBeLessThan(Object.keys(env).indexOf('SELF'));
  });
});
