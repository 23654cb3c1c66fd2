// The exemptions register's CSV and Gantt chart, from records with fixed dates: the CSV read back with
// csv-parse as a spreadsheet would read it, and the chart held to the Mermaid lines it may contain.
import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildRegister, type Register } from '../../github/sweep/exemptions-register.js';
import { registerCsv } from '../../github/sweep/register-csv.js';
import { mermaidText, registerGantt } from '../../github/sweep/register-chart.js';
import { registerMarkdown } from '../../github/sweep/register-markdown.js';
import type { ExceptionRecord } from '../../github/exceptions/record.js';
import { approvedRecord } from '../../scripts/support/seeded-exceptions.js';

const TODAY = '2026-11-22';

function entry(number: number, overrides: Partial<ExceptionRecord> = {}) {
  return { number, url: `https://github.com/acme/architecture/issues/${number}`, record: approvedRecord({ source: `acme/app#comment-${number}`, ...overrides }) };
}

function approvedAt(at: string, until: string): Pick<ExceptionRecord, 'approvals' | 'expires'> {
  return { approvals: [{ by: 'carol', at, action: 'approve', until }], expires: until };
}

function csvRows(register: Register): Array<Record<string, string>> {
  return parse(registerCsv(register), { columns: true, record_delimiter: '\r\n' }) as Array<Record<string, string>>;
}

describe('the register as CSV', () => {
  it("writes an ended exemption's days left as a negative number, not as text", () => {
    const register = buildRegister([entry(1, { expires: '2026-11-12' }), entry(2, { expires: '2026-12-02' })], TODAY);
    const rows = csvRows(register);
    expect(rows.map((r) => [r.issue, r.status, r.days_left])).toEqual([
      ['2', 'approved', '10'],
      ['1', 'expired', '-10'],
    ]);
    expect(registerCsv(register)).toMatch(/,-10\r\n$/);
  });

  it('neutralises text a spreadsheet would run as a formula, and reads back every other character as written', () => {
    const hostile = ['=HYPERLINK("https://evil.example","x")', '+1+2', '-2+3', '@SUM(A1)', '\tindented', '\rreturn', '-10', 'a, "quoted", b\nnext line', '＝fullwidth'];
    const register = buildRegister(
      hostile.map((text, i) => entry(i + 1, { conditions: [text], requester: text, area: text, expires: '2027-01-01' })),
      TODAY,
    );
    const rows = csvRows(register);
    expect(rows).toHaveLength(hostile.length);
    for (const [i, text] of hostile.entries()) {
      const row = rows.find((r) => r.issue === String(i + 1))!;
      const expected = text === 'a, "quoted", b\nnext line' ? text : `'${text}`;
      expect(row.conditions).toBe(expected);
      expect(row.requester).toBe(expected);
      expect(row.area).toBe(expected);
      expect(row.days_left).toBe('40');
    }
  });

  it('round-trips any text through csv-parse, adding only the formula guard', () => {
    const unit = fc.oneof(fc.constantFrom('=', '+', '-', '@', '\t', '\r', '\n', '"', ',', ';', "'", ' ', '\uFF1D', '\uFF20'), fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }));
    const text = fc.string({ unit, maxLength: 30 });
    fc.assert(
      fc.property(text, text, (condition, requester) => {
        const [row] = csvRows(buildRegister([entry(7, { conditions: [condition], requester })], TODAY));
        const guarded = (text: string) => (/^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/.test(text) ? `'${text}` : text);
        expect(row!.conditions).toBe(guarded(condition));
        expect(row!.requester).toBe(guarded(requester));
        expect(row!.days_left).toBe('98');
      }),
      { numRuns: 200 },
    );
  });

  it('has one header row naming every column, approval date included, even with no rows', () => {
    const header = 'issue,url,repository,artefact,kind,status,area,requester,approvers,conditions,approved,expires,realign_by,days_left';
    expect(registerCsv(buildRegister([], TODAY))).toBe(`${header}\r\n`);
    const [row] = csvRows(buildRegister([entry(3, { ...approvedAt('2026-10-01T09:00:00Z', '2027-01-31'), conditions: ['one', 'two'] })], TODAY));
    expect(row).toMatchObject({ approvers: 'carol', conditions: 'one; two', approved: '2026-10-01', expires: '2027-01-31', realign_by: '', days_left: '70' });
  });
});

/** The chart's lines inside its fence. */
function chart(register: Register, limit?: number): string[] {
  const lines = registerGantt(register, limit);
  return lines.slice(lines.indexOf('```mermaid') + 1, lines.indexOf('```'));
}

function bars(register: Register, limit?: number): string[] {
  return chart(register, limit).filter((l) => /:(crit|active), ex\d+,/.test(l));
}

describe('the register as a Gantt chart', () => {
  it('draws each exemption from its approval to the end of its last day', () => {
    const register = buildRegister([entry(4, approvedAt('2026-10-01T09:00:00Z', '2027-01-31'))], TODAY);
    // 2026-10-01 to 2027-01-31 inclusive is 123 days.
    expect(bars(register)).toEqual(['  4 GOV-mandated-notify acme/app :active, ex4, 2026-10-01, 123d']);
  });

  it('takes the approval day in the organisation time zone', () => {
    const late = [entry(5, approvedAt('2026-06-30T23:30:00Z', '2027-01-31'))];
    expect(bars(buildRegister(late, TODAY))[0]).toContain('ex5, 2026-07-01, ');
    expect(bars(buildRegister(late, TODAY, 'UTC'))[0]).toContain('ex5, 2026-06-30, ');
  });

  it('still shows an exemption that ends today, as a bar at least one day long', () => {
    const register = buildRegister([entry(6, approvedAt(`${TODAY}T08:00:00Z`, TODAY)), entry(7, approvedAt('2026-11-20T08:00:00Z', TODAY))], TODAY);
    expect(bars(register)).toEqual(['  6 GOV-mandated-notify acme/app :crit, ex6, 2026-11-22, 1d', '  7 GOV-mandated-notify acme/app :crit, ex7, 2026-11-20, 3d']);
  });

  it('never draws a bar of no length, even from a record approved after its last day', () => {
    const register = buildRegister([entry(8, { ...approvedAt('2026-12-01T08:00:00Z', '2026-11-25') })], TODAY);
    expect(bars(register)).toEqual(['  8 GOV-mandated-notify acme/app :crit, ex8, 2026-11-25, 1d']);
  });

  it("marks the register's date with a milestone and lets Mermaid mark today", () => {
    const lines = chart(buildRegister([entry(9)], TODAY));
    expect(lines).toContain(`  as of ${TODAY} :milestone, asof, ${TODAY}, 0d`);
    expect(lines.some((l) => l.includes('todayMarker'))).toBe(false);
  });

  it('a challenge ends at its realign-by date when that comes first', () => {
    const register = buildRegister([entry(10, { kind: 'challenge', ...approvedAt('2026-11-01T08:00:00Z', '2027-03-31'), realignBy: '2026-12-31' })], TODAY);
    expect(chart(register)).toEqual(expect.arrayContaining(['  section challenge', '  10 GOV-mandated-notify acme/app :active, ex10, 2026-11-01, 61d']));
  });

  it('says how many exemptions it left out, and shows those ending soonest', () => {
    const entries = Array.from({ length: 7 }, (_, i) => entry(20 + i, { expires: `2027-0${i + 1}-15` }));
    const full = registerGantt(buildRegister(entries, TODAY));
    expect(full.join('\n')).not.toContain('more end later');
    const capped = registerGantt(buildRegister(entries, TODAY), 5);
    expect(bars(buildRegister(entries, TODAY), 5).map((l) => /ex(\d+)/.exec(l)![1])).toEqual(['20', '21', '22', '23', '24']);
    expect(capped.at(-1)).toBe('The chart shows the 5 exemptions in force that end soonest; 2 more end later (see the table, or `assure register --format csv`).');
    const body = registerMarkdown(buildRegister(Array.from({ length: 65 }, (_, i) => entry(100 + i)), TODAY));
    expect(body).toContain('The chart shows the 60 exemptions in force that end soonest; 5 more end later');
  });

  it('keeps hostile repository and artefact names from breaking the chart or the issue around it', () => {
    const names = [
      'acme/app :crit, x, 2020-01-01, 1d',
      'a;b#c%%{init: {"theme":"dark"}}%%',
      'line\nsection evil\nclick ex1 href "javascript:alert(1)"',
      '```\n</details><script>alert(1)</script>',
      'excludes weekends',
      'title Owned',
      'Café Ünïcode',
      '\u202eevil\u2028next',
    ];
    const register = buildRegister(
      names.flatMap((name, i) => [entry(200 + i, { design: name, expires: '2027-01-31' }), entry(300 + i, { artefact: name, expires: '2027-02-28' })]),
      TODAY,
    );
    const body = registerMarkdown(register);
    expect(body.match(/```/g)).toHaveLength(2);
    const lines = chart(register);
    const allowed = [
      /^gantt$/,
      /^ {2}title Exemptions in force$/,
      /^ {2}dateFormat YYYY-MM-DD$/,
      /^ {2}axisFormat %Y-%m-%d$/,
      /^ {2}section (Register|minor|challenge|major)$/,
      /^ {2}as of \d{4}-\d{2}-\d{2} :milestone, asof, \d{4}-\d{2}-\d{2}, 0d$/,
      /^ {2}\d+ [\p{L}\p{N} ._/()-]+ :(crit|active), ex\d+, \d{4}-\d{2}-\d{2}, [1-9]\d*d$/u,
    ];
    for (const line of lines) expect(allowed.some((re) => re.test(line)), line).toBe(true);
    expect(bars(register)).toHaveLength(names.length * 2);
    expect(bars(register)).toContain('  206 GOV-mandated-notify Café Ünïcode :active, ex206, 2026-11-22, 71d');
    expect(mermaidText('   ')).toBe('');
  });
});
