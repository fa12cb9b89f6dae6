/**
 * A language is only a folder: copying `locales/en` to `locales/xx` (here under a temporary
 * LOCALES_DIR, with a few texts marked so that they can be told apart) gives a bot that speaks "xx"
 * from the channel locale, lists it in the language menu and switches to it by its name, with no
 * code change. The bot's modules are loaded after LOCALES_DIR is set, as at a real start.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type * as TestBotModule from './support/testBot';
import type * as I18nModule from '../src/i18n';

const SOURCE = path.join(__dirname, '..', 'locales');
const MARK = '[xx] ';

/** locales/ copied, plus xx = en with its name, names and a few texts changed. */
function localesWithXx(): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cpms-locales-xx-'));
    fs.cpSync(SOURCE, dir, { recursive: true });
    fs.cpSync(path.join(SOURCE, 'en'), path.join(dir, 'xx'), { recursive: true });
    const commonFile = path.join(dir, 'xx', 'common.json');
    const common = JSON.parse(fs.readFileSync(commonFile, 'utf8')) as { welcome: string; language: { name: string; names: string[]; changed: string } };
    common.welcome = `${MARK}${common.welcome}`;
    common.language.name = 'Xxish';
    common.language.names = ['xxish', 'xx'];
    common.language.changed = `${MARK}${common.language.changed}`;
    fs.writeFileSync(commonFile, JSON.stringify(common));
    const guideFile = path.join(dir, 'xx', 'guide.json');
    const guide = JSON.parse(fs.readFileSync(guideFile, 'utf8')) as { progress: string };
    guide.progress = `${MARK}${guide.progress}`;
    fs.writeFileSync(guideFile, JSON.stringify(guide));
    return dir;
}

describe('a language added by copying a locale folder', () => {
    const previous = process.env.LOCALES_DIR;
    let dir: string;
    let testBot: typeof TestBotModule;
    let i18n: typeof I18nModule;

    beforeAll(() => {
        dir = localesWithXx();
        process.env.LOCALES_DIR = dir;
        jest.isolateModules(() => {
            testBot = require('./support/testBot') as typeof TestBotModule;
            i18n = require('../src/i18n') as typeof I18nModule;
        });
    });

    afterAll(() => {
        if (previous === undefined) delete process.env.LOCALES_DIR;
        else process.env.LOCALES_DIR = previous;
        fs.rmSync(dir, { recursive: true, force: true });
    });

    test('is a supported language, resolved from its channel locale', () => {
        expect(i18n.SUPPORTED_LANGUAGES).toContain('xx');
        expect(i18n.resolveLanguage('xx-YY')).toBe('xx');
    });

    test('the bot speaks it from the locale: welcome, menu and the guide in the copied texts', async () => {
        const bot = testBot.createTestBot();
        try {
            const user = bot.conversation('xx-YY');
            const welcome = await user.join();
            expect(testBot.said(welcome)).toContain(`${MARK}Hello!`);
            const menu = welcome[welcome.length - 1];
            await user.click(/step by step/, [menu]);
            expect(testBot.said(await user.say('member'))).toContain(`${MARK}Step 1 of 4: EU Login`);
            // the FAQ and the catalogue work in it too (copied faq.json, faq-lexicon.json, catalogue.json)
            expect(testBot.said(await user.say('how long does approval take?'))).toMatch(/few days/);
        } finally {
            await bot.close();
        }
    });

    test('it is offered in the language menu and chosen by its name from another language', async () => {
        const bot = testBot.createTestBot();
        try {
            const user = bot.conversation('de-DE');
            await user.join();
            const menu = await user.say('Sprache');
            expect(menu.flatMap(testBot.buttons)).toContain('Xxish');
            expect(testBot.said(await user.click('Xxish', menu))).toContain(`${MARK}OK, I will speak English from now on.`);
        } finally {
            await bot.close();
        }
    });
});
