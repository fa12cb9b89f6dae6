import { readLocaleFile, SUPPORTED_LANGUAGES } from '../../src/i18n';
import { STEP_IDS, POSITIONS } from '../../src/journey';
import { mailTranslator } from '../../src/escalation/mailText';

type Tree = { [key: string]: string | Tree };

function flatten(tree: Tree, prefix = ''): Map<string, string> {
    const out = new Map<string, string>();
    for (const [key, value] of Object.entries(tree)) {
        const name = prefix ? `${prefix}.${key}` : key;
        if (typeof value === 'string') out.set(name, value);
        else for (const [k, v] of flatten(value, name)) out.set(k, v);
    }
    return out;
}

function placeholders(value: string): string[] {
    return [...value.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
}

describe('locales/<lng>/mail.json', () => {
    const files = new Map(SUPPORTED_LANGUAGES.map((lng) => [lng, flatten(readLocaleFile(lng, 'mail.json') as Tree)]));
    const english = files.get('en')!;

    it.each(SUPPORTED_LANGUAGES.filter((l) => l !== 'en'))('%s has the same keys and placeholders as English, none empty', (lng) => {
        const other = files.get(lng)!;
        expect([...other.keys()].sort()).toEqual([...english.keys()].sort());
        for (const [key, value] of english) {
            expect(other.get(key)?.trim()).not.toBe('');
            expect([key, placeholders(other.get(key)!)]).toEqual([key, placeholders(value)]);
        }
    });

    it('labels every guide step and position', () => {
        const t = mailTranslator();
        for (const step of STEP_IDS) expect(english.has(`step.${step}`)).toBe(true);
        for (const position of POSITIONS) expect(t(`position.${position}`)).not.toBe(`position.${position}`);
    });

    it('keeps the subject format the helpdesk filters on', () => {
        expect(english.get('subject')).toBe('[CPMS access] {{reference}} {{step}} - {{name}}');
    });
});
