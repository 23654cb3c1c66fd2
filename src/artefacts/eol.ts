// End-of-support data from endoflife.date: which products the library tracks, the snapshot file
// each is kept in (policies/eol/PRODUCT.json, the API's fields for each release cycle), and the
// table the supported-technology artefact is generated with.

/** A product as the library tracks it: endoflife.date's id and the names designs use for it. */
export interface EolProduct {
  product: string;
  names: string[];
}

/**
 * Lookup goes in this order: `dotnet 4.8` finds no .NET release 4.8, so it is read as .NET Framework.
 * Java is judged by Eclipse Temurin's support, the OpenJDK build most images ship.
 */
export const EOL_PRODUCTS: readonly EolProduct[] = [
  { product: 'nodejs', names: ['nodejs', 'node', 'node.js'] },
  { product: 'ruby', names: ['ruby'] },
  { product: 'rails', names: ['rails', 'ruby-on-rails', 'rubyonrails'] },
  { product: 'python', names: ['python'] },
  { product: 'django', names: ['django'] },
  { product: 'postgresql', names: ['postgresql', 'postgres'] },
  { product: 'dotnet', names: ['dotnet', '.net', 'dotnet-core', '.net-core', 'aspnetcore', 'asp.net-core'] },
  { product: 'dotnetfx', names: ['dotnetfx', 'dotnet-framework', '.net-framework', 'netfx', 'dotnet', '.net', 'aspnet', 'asp.net'] },
  { product: 'mssqlserver', names: ['mssqlserver', 'sqlserver', 'sql-server', 'mssql'] },
  { product: 'mysql', names: ['mysql'] },
  { product: 'redis', names: ['redis'] },
  { product: 'eclipse-temurin', names: ['java', 'openjdk', 'temurin', 'eclipse-temurin'] },
  { product: 'php', names: ['php'] },
  { product: 'go', names: ['go', 'golang'] },
  { product: 'kubernetes', names: ['kubernetes', 'k8s'] },
  { product: 'terraform', names: ['terraform'] },
  { product: 'react', names: ['react'] },
  { product: 'angular', names: ['angular'] },
  { product: 'vue', names: ['vue', 'vuejs', 'vue.js'] },
  { product: 'nextjs', names: ['nextjs', 'next.js', 'next'] },
];

/** One release cycle, with the fields of endoflife.date's API the library uses. */
export interface EolCycle {
  cycle: string;
  releaseLabel?: string;
  releaseDate: string;
  /** The end-of-life date; false when none is announced, true when ended on a date not given. */
  eol: string | boolean;
  latest?: string;
}

export interface EolSnapshot {
  product: string;
  title?: string;
  /** The product's page: what every finding cites. */
  page: string;
  api: string;
  /** The day the data was taken (YYYY-MM-DD). */
  taken: string;
  /** Where it was taken from. */
  from: string;
  cycles: EolCycle[];
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A snapshot from the API's answer; anything not shaped as the API documents is refused, not guessed at. */
export function snapshotOf(product: string, answer: unknown, taken: string, from: string): EolSnapshot {
  if (!Array.isArray(answer)) throw new Error(`${from} did not return a list of release cycles`);
  const cycles = answer.map((entry: unknown, i): EolCycle => {
    const c = (entry ?? {}) as Record<string, unknown>;
    const eol = c.eol;
    if (c.cycle === undefined || typeof c.releaseDate !== 'string' || !(typeof eol === 'boolean' || (typeof eol === 'string' && DATE.test(eol)))) {
      throw new Error(`${from}: release cycle ${i + 1} lacks a cycle, a releaseDate or an eol date`);
    }
    const cycle = String(c.cycle);
    const label = typeof c.releaseLabel === 'string' ? c.releaseLabel.replace('__RELEASE_CYCLE__', cycle).replace(" '__CODENAME__'", typeof c.codename === 'string' ? ` '${c.codename}'` : '') : undefined;
    return { cycle, ...(label ? { releaseLabel: label } : {}), releaseDate: c.releaseDate, eol, ...(c.latest === undefined ? {} : { latest: String(c.latest) }) };
  });
  return { product, page: `https://endoflife.date/${product}`, api: `https://endoflife.date/api/${product}.json`, taken, from, cycles };
}

/**
 * The version a design writes for a cycle: the label's leading version where the label starts with
 * one (SQL Server "2016 SP3" is written 2016; .NET Framework "3.5 SP1" is 3.5), else the cycle.
 */
export function versionOfCycle(cycle: EolCycle): string {
  const lead = cycle.releaseLabel?.match(/^\d+(\.\d+)*(?=\s|$)/)?.[0];
  return lead ?? cycle.cycle;
}

/** The `tables:` block of the supported-technology artefact, one entry per product, in tracking order. */
export function renderEolTable(snapshots: readonly EolSnapshot[]): string {
  const names = new Map(EOL_PRODUCTS.map((p) => [p.product, p.names]));
  const lines = ['tables:', '  end_of_support:'];
  for (const s of snapshots) {
    lines.push(`    ${s.product}:`, `      source: ${s.page}`, `      as_of: ${s.taken}`, `      names: [${(names.get(s.product) ?? [s.product]).map((n) => JSON.stringify(n)).join(', ')}]`, '      rows:');
    for (const c of s.cycles) {
      const version = versionOfCycle(c);
      const cycle = version === c.cycle ? '' : `, cycle: ${JSON.stringify(c.cycle)}`;
      lines.push(`        - { version: ${JSON.stringify(version)}${cycle}, ends: ${String(c.eol)} }`);
    }
  }
  return lines.join('\n') + '\n';
}
