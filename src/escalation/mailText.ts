import { TFunction } from 'i18next';
import { getI18n, Language } from '../i18n';

/** `locales/<lng>/mail.json`: labels of the helpdesk e-mail. */
export const MAIL_NAMESPACE = 'mail';
/** The helpdesk works in English whatever language the user spoke. */
export const HELPDESK_LANGUAGE: Language = 'en';

/**
 * Labels of the helpdesk e-mail in one language (English unless asked otherwise). Values are
 * interpolated raw: the HTML renderer escapes them itself and the text body must stay raw.
 */
export function mailTranslator(lng: Language = HELPDESK_LANGUAGE): TFunction {
    return getI18n().getFixedT(lng, MAIL_NAMESPACE);
}
