/**
 * Search benchmark: top-1 accuracy of our search and of raw fuse.js (default options) on the
 * labelled queries (over the shipped catalogue) and on the fresh ones (over the shipped catalogue
 * merged with test/catalogue/fixtures/import-sample.csv), and search latency on the shipped
 * catalogue and on a generated one of 2,000 hospitals.
 * Run after `tsc`: `node -e "require('./dist/test/bench/search.js').run()"`.
 */
import { CatalogueSearch } from '../../src/catalogue/search';
import { SHIPPED_CATALOGUE_FILE, loadCatalogueFile } from '../../src/catalogue/store';
import type { Catalogue } from '../../src/catalogue/types';
import {
    BLIND_QUERIES_FILE,
    FRESH_QUERIES_FILE,
    LabelledQuery,
    Predictor,
    evaluate,
    loadLabelledQueries,
    rawFusePredictor,
    ratio,
    searchPredictor,
    withImportSample,
} from '../catalogue/evaluate';
import { generateCatalogue } from '../catalogue/generate';

/** Hospitals in the generated catalogue (guest entries come on top). */
const GENERATED_HOSPITALS = 2000;
/** Latency target for one search on the generated catalogue. */
const P99_TARGET_MS = 1;
/** Rounds over the query list: one to warm up, the rest measured. */
const WARMUP_ROUNDS = 2;
const MEASURED_ROUNDS = 5;
/** Generated real-style queries for the generated catalogue. */
const GENERATED_QUERY_COUNT = 400;

type Log = (line: string) => void;

function percentile(sorted: readonly number[], p: number): number {
    if (sorted.length === 0) return 0;
    return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** Times each query (ms per call) after warm-up rounds. */
function time(queries: readonly LabelledQuery[], predict: Predictor): number[] {
    for (let r = 0; r < WARMUP_ROUNDS; r++) for (const q of queries) predict(q);
    const samples: number[] = [];
    for (let r = 0; r < MEASURED_ROUNDS; r++) {
        for (const q of queries) {
            const start = process.hrtime.bigint();
            predict(q);
            samples.push(Number(process.hrtime.bigint() - start) / 1e6);
        }
    }
    return samples.sort((a, b) => a - b);
}

function latencyLine(label: string, samples: readonly number[]): string {
    return `  ${label.padEnd(44)} p50 ${percentile(samples, 50).toFixed(3)} ms   p99 ${percentile(samples, 99).toFixed(3)} ms   max ${samples[samples.length - 1].toFixed(3)} ms   (${samples.length} calls)`;
}

/** One letter dropped from the longest word: the commonest typo. */
function typo(text: string, at: number): string {
    const words = text.split(' ');
    const longest = words.reduce((best, w, i) => (w.length > words[best].length ? i : best), 0);
    const word = words[longest];
    const cut = 1 + (at % Math.max(1, word.length - 2));
    words[longest] = word.slice(0, cut) + word.slice(cut + 1);
    return words.join(' ');
}

/** Real-style queries over the generated hospitals: full names, typos, first words, cities, codes; scoped and global. */
function generatedQueries(catalogue: Catalogue): LabelledQuery[] {
    const hospitals = catalogue.hospitals.filter((h) => !h.guest);
    const out: LabelledQuery[] = [];
    for (let i = 0; out.length < GENERATED_QUERY_COUNT; i++) {
        const h = hospitals[(i * 7919) % hospitals.length];
        const forms = [h.name, typo(h.name, i), h.name.split(' ').slice(0, 2).join(' '), h.city ?? h.name, h.code];
        const q = forms[i % forms.length];
        const scoped = i % 2 === 0;
        out.push({ kind: 'hcp', q, ...(scoped ? { ern: h.ern, country: h.country } : {}), expect: h.code, split: 'train' });
    }
    for (const q of ['reconnet', 'lupus', 'kidney', 'Deutschland', 'România', 'asdfgh', 'guest']) {
        out.push({ kind: 'hcp', q, expect: null, split: 'train' });
    }
    return out;
}

function accuracyReport(log: Log, catalogue: Catalogue, queries: readonly LabelledQuery[], title: string): void {
    const ours = searchPredictor(new CatalogueSearch(catalogue));
    const fuse = rawFusePredictor(catalogue);
    log(`Top-1 accuracy on ${title} (nonsense counts as right only when nothing is offered)`);
    for (const split of ['train', 'dev', 'all'] as const) {
        const subset = queries.filter((q) => split === 'all' || q.split === split);
        const a = evaluate(subset, ours);
        const b = evaluate(subset, fuse);
        log(`  ${split.padEnd(5)} ours ${ratio(a.top1, a.total).padEnd(20)} classification also right ${ratio(a.full, a.total).padEnd(20)} nonsense→none ${ratio(a.nonsenseNone, a.nonsenseTotal)}`);
        log(`  ${''.padEnd(5)} fuse ${ratio(b.top1, b.total).padEnd(20)} ${''.padEnd(46)} nonsense→none ${ratio(b.nonsenseNone, b.nonsenseTotal)}`);
    }
    for (const kind of ['hcp', 'ern', 'country'] as const) {
        const subset = queries.filter((q) => q.kind === kind);
        log(`  by kind ${kind.padEnd(8)} ours ${ratio(evaluate(subset, ours).top1, subset.length).padEnd(20)} fuse ${ratio(evaluate(subset, fuse).top1, subset.length)}`);
    }
    const failures = evaluate(queries, ours).failures;
    for (const f of failures) {
        log(`  miss [${f.query.split}] ${f.query.kind} "${f.query.q}" expected ${JSON.stringify(f.query.expect)} got ${f.prediction.confidence} ${f.prediction.codes.join(',')}`);
    }
}

async function latencyReport(log: Log, shipped: Catalogue, queries: readonly LabelledQuery[]): Promise<void> {
    log('Search latency (one call, after warm-up; labelled and fresh queries, then generated ones)');
    const shippedSearch = searchPredictor(new CatalogueSearch(shipped));
    log(latencyLine(`shipped catalogue (${shipped.hospitals.length} entries incl. guests)`, time(queries, shippedSearch)));
    const generated = generateCatalogue(shipped, GENERATED_HOSPITALS);
    const started = process.hrtime.bigint();
    const search = new CatalogueSearch(generated);
    // The indexes are built on first use; the build is timed here, not inside the first query.
    await search.warmUp();
    const buildMs = Number(process.hrtime.bigint() - started) / 1e6;
    const predict = searchPredictor(search);
    const real = generatedQueries(generated);
    const all = time([...queries, ...real], predict);
    log(latencyLine(`generated (${GENERATED_HOSPITALS} hospitals + ${generated.hospitals.length - GENERATED_HOSPITALS} guests)`, all));
    log(latencyLine('  of which global hospital search', time([...queries, ...real].filter((q) => q.kind === 'hcp' && !q.ern), predict)));
    log(latencyLine('  of which scoped hospital search', time([...queries, ...real].filter((q) => q.kind === 'hcp' && q.ern), predict)));
    log(`  index build for the generated catalogue: ${buildMs.toFixed(1)} ms`);
    const p99 = percentile(all, 99);
    log(`  target p99 < ${P99_TARGET_MS} ms on ${GENERATED_HOSPITALS} hospitals: ${p99 < P99_TARGET_MS ? 'met' : 'NOT met'} (${p99.toFixed(3)} ms)`);
    const found = evaluate(real, predict);
    log(`  generated queries: right hospital first ${ratio(found.top1, found.total)} (codes are shared across networks, so "first" means the same code)`);
}

/** Prints the accuracy and latency report. */
export async function run(log: Log = (line) => console.log(line)): Promise<void> {
    const shipped = loadCatalogueFile(SHIPPED_CATALOGUE_FILE);
    const queries = loadLabelledQueries();
    const fresh = loadLabelledQueries(FRESH_QUERIES_FILE);
    log(`# Catalogue search benchmark (${queries.length} labelled queries, ${fresh.length} fresh ones)`);
    accuracyReport(log, shipped, queries, 'test/catalogue/labelled-queries.json');
    const merged = withImportSample(shipped);
    const imported = merged.hospitals.filter((h) => !h.guest).length;
    accuracyReport(log, merged, fresh, `test/catalogue/labelled-fresh.json, over the shipped catalogue + fixtures/import-sample.csv (${imported} hospitals)`);
    // Written blind and measured once as written (98.6 %): its split is only for reporting.
    accuracyReport(log, merged, loadLabelledQueries(BLIND_QUERIES_FILE), 'test/catalogue/labelled-blind.json (written blind; 98.6 % as written), same catalogue');
    await latencyReport(log, shipped, [...queries, ...fresh]);
}

if (require.main === module) void run();
