import { describe, expect, it } from 'vitest';
import { collectEvidence, loadCollectors, type RepositoryFiles } from '../../src/evidence/index.js';
import { compileSafeRegex } from '../../src/evidence/safe-regex.js';

const memory = (files: Record<string, string>): RepositoryFiles => ({
  paths: () => Object.keys(files).sort(),
  notes: () => [],
  read: async (paths) => paths.map((path) => ({ path, text: files[path]! })),
});

const file = (path: string, text: string) => ({ path, text });

describe('organisation collectors', () => {
  it('read facts with a JSONPath, an XPath or a regular expression, each cited with its line', async () => {
    const { collectors, problems } = loadCollectors([
      file('collectors/sonar.yml', 'kind: collector\nid: sonar\nfiles: sonar-project.properties\nregex: "^sonar\\\\.organization=(\\\\S+)$"\npath: ci.security.sast\nvalue: sonarcloud\n'),
      file('collectors/ai.yml', 'kind: collector\nid: openai\nfiles: ["**/appsettings.json"]\njsonpath: $.AzureOpenAI.Endpoint\npath: ai.provider\nvalue: azure-openai\nhint: an AzureOpenAI section in appsettings.json\n'),
      file('collectors/nullable.yml', 'kind: collector\nid: dotnet-lang\nfiles: "**/*.csproj"\nxpath: //LangVersion\npath: service.description\n'),
    ]);
    expect(problems).toEqual([]);
    const o = await collectEvidence(
      memory({
        'sonar-project.properties': 'sonar.projectKey=x\nsonar.organization=dfe-digital\n',
        'src/appsettings.json': '{\n  "AzureOpenAI": {\n    "Endpoint": "https://x.openai.azure.com"\n  }\n}\n',
        'src/App.csproj': '<Project>\n  <PropertyGroup>\n    <LangVersion>12</LangVersion>\n  </PropertyGroup>\n</Project>',
      }),
      collectors,
    );
    expect(o.data).toEqual({ ci: { security: { sast: 'sonarcloud' } }, ai: { provider: 'azure-openai' }, service: { description: '12' } });
    expect(o.evidence.get('$.ci.security.sast')).toMatchObject({ file: 'sonar-project.properties', line: 2, collector: 'sonar', detail: 'matched dfe-digital' });
    expect(o.evidence.get('$.ai.provider')).toMatchObject({ file: 'src/appsettings.json', line: 3, collector: 'openai' });
    expect(o.evidence.get('$.service.description')).toMatchObject({ file: 'src/App.csproj', line: 3, collector: 'dotnet-lang' });
    expect(collectors[1]!.hints).toEqual({ '$.ai.provider': 'an AzureOpenAI section in appsettings.json' });
  });

  it('are validated against their schema, with file and line', () => {
    const { collectors, problems } = loadCollectors([
      file('collectors/a.yml', 'kind: collector\nid: a\nfiles: x\npath: ci.platform\n'),
      file('collectors/b.yml', 'kind: collector\nid: b\nfiles: x\nregex: "x"\njsonpath: $.x\npath: ci.platform\n'),
      file('collectors/c.yml', 'kind: collector\nid: c\nfiles: x\nregex: "x"\npath: Not A Path\n'),
      file('collectors/d.yml', 'kind: collector\nid: d\nfiles: x\nregex: "(a+)+$"\npath: ci.platform\n'),
      file('collectors/e.yml', 'kind: collector\nid: e\nfiles: x\njsonpath: "$.a[("\npath: ci.platform\n'),
      file('collectors/f.yml', 'kind: collector\nid: d\nfiles: x\nregex: "x"\npath: ci.platform\n'),
      file('collectors/g.yml', 'kind: collector\nid: d\nfiles: y\nregex: "y"\npath: ci.platform\n'),
    ]);
    expect(collectors.map((c) => c.files)).toEqual([['x']]);
    const byFile = (name: string) => problems.filter((p) => p.file === `collectors/${name}.yml`);
    expect(byFile('a')[0]).toMatchObject({ line: 1, level: 'error' });
    expect(byFile('b').length).toBeGreaterThan(0);
    expect(byFile('c')[0]).toMatchObject({ line: 5, message: expect.stringMatching(/\$\.path/) });
    expect(byFile('d')[0]).toMatchObject({ line: 4, message: expect.stringMatching(/exponential/) });
    expect(byFile('e')[0]).toMatchObject({ line: 4, message: expect.stringMatching(/^jsonpath:/) });
    expect(byFile('f')).toEqual([]);
    expect(byFile('g')[0]).toMatchObject({ line: 2, message: expect.stringMatching(/already used by collectors\/f\.yml/) });
  });
});

describe('regular expressions from organisations', () => {
  it.each(['(a+)+', '(a|ab)*', '((a)+b)*', '(x*){2,}', '(\\w)\\1', '(?<q>a)\\k<q>', 'a*b*c*d*e', '('])('refuses %s', (pattern) => {
    expect(() => compileSafeRegex(pattern)).toThrow();
  });
  it.each(['^sonar\\.projectKey=(.+)$', 'version\\s*=\\s*"([^"]+)"', '(?:ab)+c', '(a|b)c', '[(+*)]+', '\\(a+\\)+'])('accepts %s', (pattern) => {
    expect(compileSafeRegex(pattern)).toBeInstanceOf(RegExp);
  });
});
