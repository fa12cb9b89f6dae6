import { getI18n } from './i18n';

/**
 * Makes `{{mailbox}}` in every translated string read the configured helpdesk address
 * (`HELPDESK_MAILBOX`): the consent, failure and "stuck" messages name it, so they must follow
 * the setting rather than a hard-coded default. Process-wide, like the configuration it reads.
 */
export function useHelpdeskMailbox(mailbox: string): void {
    const options = getI18n().options;
    const interpolation = options.interpolation ?? {};
    options.interpolation = { ...interpolation, defaultVariables: { ...(interpolation.defaultVariables ?? {}), mailbox } };
}
