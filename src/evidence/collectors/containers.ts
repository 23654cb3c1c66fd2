// The container registry images are pushed to, from the registry workflows log in to or tag images for.
import type { Collector } from '../collector.js';
import { parseYamlFile } from '../parse.js';
import type { Fact } from '../types.js';

const NAME = 'containers';

export function registryOf(reference: string): string | undefined {
  const host = reference.trim().toLowerCase();
  if (host.startsWith('ghcr.io')) return 'ghcr';
  if (/^[a-z0-9-]+\.azurecr\.io/.test(host)) return 'acr';
  if (/^(?:docker\.io\/)?dfedigital\//.test(host)) return 'dockerhub-dfe';
  if (host === 'docker.io' || host.startsWith('docker.io/') || host.startsWith('index.docker.io')) return 'dockerhub';
  return undefined;
}

export const containers: Collector = {
  name: NAME,
  files: ['.github/workflows/*.{yml,yaml}'],
  hints: { '$.containers.registry': 'the registry a workflow pushes images to (docker/login-action, image tags)' },
  async collect(file) {
    const facts: Fact[] = [];
    for (const pair of parseYamlFile(file).pairs) {
      if (typeof pair.value !== 'string') continue;
      // docker/login-action's `registry:`, build-push-action's `tags:`, and env values naming an image.
      const candidates = pair.key === 'registry' || pair.key === 'tags' || /image|registry/i.test(pair.key) ? pair.value.split(/[\s,]+/) : [];
      for (const candidate of candidates) {
        const registry = registryOf(candidate.replace(/^\$\{\{.*?\}\}\//, ''));
        if (registry) facts.push({ path: ['containers', 'registry'], value: registry, evidence: { file: file.path, line: pair.line, collector: NAME, detail: `images go to ${candidate}` } });
      }
    }
    return facts;
  },
};
