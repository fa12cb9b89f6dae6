import { CatalogueService } from '../../src/catalogue';
import { FaqKnowledgeBase, FaqMatcher } from '../../src/faq';
import { createLogger } from '../../src/log';
import { tempDir } from '../support/tempDir';
import { loadReplies, scoreReplies, SECOND_REPLIES_FILE } from './replies';

/**
 * Natural replies per prompt kind (written before the recognisers were tuned, one third kept aside
 * as unseen) go through the bot's own decision. The floors sit under the measured figures (tune
 * 97.7 %, unseen 87.1 % when written); `npm run bench` prints the details per language and kind.
 */
const TUNE_FLOOR = 0.95;
const UNSEEN_FLOOR = 0.84;
/** Floor of the second set (measured 91.8 % as written). */
const SECOND_SET_FLOOR = 0.9;

describe('labelled natural replies at every kind of prompt', () => {
    const catalogue = CatalogueService.open({ file: `${tempDir()}/catalogue.json`, logger: createLogger('silent') });
    const faq = new FaqMatcher(FaqKnowledgeBase.load());
    const scores = scoreReplies(loadReplies(), catalogue.search, faq);
    const rate = (key: string) => {
        const s = scores.get(key);
        return s ? s.right / s.total : 0;
    };

    test('tune split', () => {
        expect(rate('tune')).toBeGreaterThanOrEqual(TUNE_FLOOR);
    });

    test('unseen split (never tuned on)', () => {
        expect(rate('unseen')).toBeGreaterThanOrEqual(UNSEEN_FLOOR);
    });

    test.each(['en', 'ro', 'it'])('every language is read as well: %s', (lng) => {
        expect(rate(`tune/${lng}`)).toBeGreaterThanOrEqual(TUNE_FLOOR - 0.03);
    });
});

describe('the second set of natural replies, six languages (written blind)', () => {
    // Measured once as written: 91.8 % (en 92.2, ro 93.1, it 90.5, fr 91.4, de 90.5, es 93.1).
    const catalogue = CatalogueService.open({ file: `${tempDir()}/catalogue.json`, logger: createLogger('silent') });
    const scores = scoreReplies(loadReplies(SECOND_REPLIES_FILE), catalogue.search, new FaqMatcher(FaqKnowledgeBase.load()));
    const rate = (key: string) => {
        const s = scores.get(key);
        return s ? s.right / s.total : 0;
    };

    test('all languages together', () => {
        expect(rate('tune')).toBeGreaterThanOrEqual(SECOND_SET_FLOOR);
    });

    test.each(['en', 'ro', 'it', 'fr', 'de', 'es'])('every language is read as well: %s', (lng) => {
        expect(rate(`tune/${lng}`)).toBeGreaterThanOrEqual(SECOND_SET_FLOOR - 0.03);
    });
});
