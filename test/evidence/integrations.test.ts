import { describe, expect, it } from 'vitest';
import { BUILTIN_COLLECTORS, collectEvidence, collectFromDirectory, type Observation } from '../../src/evidence/index.js';

function inMemory(files: Record<string, string>): Promise<Observation> {
  return collectEvidence({ paths: () => Object.keys(files).sort(), notes: () => [], read: async (p) => p.map((path) => ({ path, text: files[path]! })) }, BUILTIN_COLLECTORS);
}

describe('integrations the settings name', () => {
  it.each([
    ['rails-service', 'dfe_sign_in', 'config/settings.yml', 3],
    ['dotnet-service', 'DfeSignIn', 'src/Web/appsettings.json', 9],
    ['node-service', 'oneLogin', 'config/default.json', 4],
  ])('reads the %s fixture: %s over https at %s:%i', async (fixture, name, file, line) => {
    const o = await collectFromDirectory(`test/fixtures/repos/${fixture}`);
    expect(o.data.integrations).toEqual([{ name, transport: 'https', direction: 'outbound' }]);
    expect(o.evidence.get('$.integrations[0].transport')).toMatchObject({ file, line, collector: 'integrations' });
  });

  it('counts endpoints, not links shown to users, templated values or unknown schemes', async () => {
    const o = await inMemory({
      'config/settings.yml': [
        'teacher_training_api:',
        '  base_url: https://api.publish-teacher-training-courses.service.gov.uk',
        'feedback_url: https://forms.example.gov.uk/feedback',
        'links:',
        '  guidance_page: https://www.gov.uk/guidance',
        'redis:',
        '  url: redis://localhost:6379',
        'dqt_api:',
        '  url: <%= ENV["DQT_API_URL"] %>',
        'sftp_drop:',
        '  host_url: sftp://files.example.org',
        '',
      ].join('\n'),
    });
    expect(o.data.integrations).toEqual([{ name: 'teacher_training_api', transport: 'https', direction: 'outbound' }]);
    expect(o.evidence.get('$.integrations[0]')).toMatchObject({ file: 'config/settings.yml', line: 2 });
  });

  it('notes a settings file it cannot parse as unreadable, and survives deep nesting', async () => {
    const deep = `${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}`;
    const o = await inMemory({ 'config/settings.yml': 'a: [unclosed\n', 'src/appsettings.json': deep, 'config/default.json': '{"x": ' });
    expect(o.data.integrations).toBeUndefined();
    expect(o.notes).toContainEqual(expect.objectContaining({ kind: 'unreadable', file: 'config/settings.yml' }));
    expect(o.notes).toContainEqual(expect.objectContaining({ kind: 'unreadable', file: 'config/default.json' }));
  });
});
