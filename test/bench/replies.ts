/**
 * How well the bot reads natural replies: the labelled replies of test/conversation/replies.json
 * (written before the recognisers were tuned; one third kept aside as unseen) through the bot's own
 * decision at the prompt each answers. Prints the share understood per split, language and kind.
 */
import * as os from 'os';
import * as path from 'path';
import { CatalogueService } from '../../src/catalogue';
import { FaqKnowledgeBase, FaqMatcher } from '../../src/faq';
import { createLogger } from '../../src/log';
import { FIFTH_REPLIES_FILE, FOURTH_REPLIES_FILE, loadReplies, ReplyScore, scoreReplies, SECOND_REPLIES_FILE, THIRD_REPLIES_FILE } from '../conversation/replies';

/** "95.0 % (661/696)" for the rows under a key of `scoreReplies`, "-" when there are none. */
function percentOf(scores: Map<string, ReplyScore>): (key: string) => string {
    return (key) => {
        const s = scores.get(key);
        return s ? `${((100 * s.right) / s.total).toFixed(1)} % (${s.right}/${s.total})` : '-';
    };
}

export async function run(log: (line: string) => void = console.log): Promise<void> {
    const catalogue = CatalogueService.open({ file: path.join(os.tmpdir(), `cpms-bench-none-${process.pid}.json`), logger: createLogger('silent') });
    const faq = new FaqMatcher(FaqKnowledgeBase.load());
    const rows = loadReplies();
    const scores = scoreReplies(rows, catalogue.search, faq);
    const pct = percentOf(scores);
    log('## Natural replies understood at each kind of prompt (labelled before tuning)');
    log(`| | tune | unseen |`);
    log('|---|---|---|');
    log(`| all | ${pct('tune')} | ${pct('unseen')} |`);
    const langs = [...new Set(rows.map((r) => r.lang))];
    for (const lng of langs) log(`| ${lng} | ${pct(`tune/${lng}`)} | ${pct(`unseen/${lng}`)} |`);
    const kinds = [...new Set(rows.map((r) => r.kind))];
    for (const kind of kinds) {
        const both = (split: string) => {
            let right = 0;
            let total = 0;
            for (const lng of langs) {
                const s = scores.get(`${split}/${lng}/${kind}`);
                right += s?.right ?? 0;
                total += s?.total ?? 0;
            }
            return total ? `${((100 * right) / total).toFixed(1)} %` : '-';
        };
        log(`| ${kind} | ${both('tune')} | ${both('unseen')} |`);
    }
    // The second, third and fourth sets: six languages, each measured once as written, tune rows only.
    for (const [file, title] of [
        [SECOND_REPLIES_FILE, 'Second set of natural replies, six languages (written blind; 91.8 % as written, then tune)'],
        [THIRD_REPLIES_FILE, 'Third set of natural replies, six languages (written blind; 96.4 % as written, then tune)'],
        [FOURTH_REPLIES_FILE, 'Fourth set of natural replies, six languages (written blind; 95.9 % as written, then tune)'],
    ]) {
        const set = loadReplies(file);
        const pctOf = percentOf(scoreReplies(set, catalogue.search, faq));
        log('');
        log(`## ${title}`);
        log('| | understood |');
        log('|---|---|');
        log(`| all | ${pctOf('tune')} |`);
        for (const lng of [...new Set(set.map((r) => r.lang))]) log(`| ${lng} | ${pctOf(`tune/${lng}`)} |`);
    }
    // The fifth set keeps a third of each (language, prompt) group unseen.
    const fifth = loadReplies(FIFTH_REPLIES_FILE);
    const pctOfFifth = percentOf(scoreReplies(fifth, catalogue.search, faq));
    log('');
    log('## Fifth set of natural replies, six languages (written blind; 95.9 % as written; a third unseen)');
    log('| | tune | unseen |');
    log('|---|---|---|');
    log(`| all | ${pctOfFifth('tune')} | ${pctOfFifth('unseen')} |`);
    for (const lng of [...new Set(fifth.map((r) => r.lang))]) log(`| ${lng} | ${pctOfFifth(`tune/${lng}`)} | ${pctOfFifth(`unseen/${lng}`)} |`);
}

if (require.main === module) void run();
