import i18next, { i18n, TFunction } from 'i18next';
import { Language, readLocaleFile, SUPPORTED_LANGUAGES } from '../i18n';

/** `locales/<lng>/mail.json`: labels of the helpdesk e-mail. */
export const MAIL_NAMESPACE = 'mail';
/** The helpdesk works in English whatever language the user spoke. */
export const HELPDESK_LANGUAGE: Language = 'en';

let instance: i18n | undefined;

/**
 * A separate i18next instance for the e-mail labels: the bot's own instance (src/i18n.ts) does
 * not load this namespace, and the e-mail is rendered outside any turn.
 */
function mailI18n(): i18n {
    if (instance) return instance;
    const resources: Record<string, Record<string, unknown>> = {};
    for (const lng of SUPPORTED_LANGUAGES) {
        resources[lng] = { [MAIL_NAMESPACE]: readLocaleFile(lng, `${MAIL_NAMESPACE}.json`) };
    }
    const created = i18next.createInstance();
    void created.init({
        resources: resources as never,
        lng: HELPDESK_LANGUAGE,
        fallbackLng: HELPDESK_LANGUAGE,
        supportedLngs: [...SUPPORTED_LANGUAGES],
        ns: [MAIL_NAMESPACE],
        defaultNS: MAIL_NAMESPACE,
        initAsync: false,
        returnNull: false,
        // Values are escaped by the HTML renderer itself; the text body must stay raw.
        interpolation: { escapeValue: false },
        showSupportNotice: false,
    } as never);
    instance = created;
    return created;
}

/** Labels of the helpdesk e-mail in one language (English unless asked otherwise). */
export function mailTranslator(lng: Language = HELPDESK_LANGUAGE): TFunction {
    return mailI18n().getFixedT(lng, MAIL_NAMESPACE);
}
