import { Attachment, CardFactory } from 'botbuilder';
import { JourneyState } from '../src/journey';
import { Translate } from '../src/i18n';

/** Guest Access reads "0000 Guest Access" in CPMS; hospitals read "IT13 - AOU Careggi, Florence". */
export function organisationLabel(hospital: { code: string; name: string } | undefined): string {
    if (!hospital) return '';
    if (hospital.code === '') return hospital.name;
    return /^0+$/.test(hospital.code) ? `${hospital.code} ${hospital.name}` : `${hospital.code} - ${hospital.name}`;
}

/** The CPMS "Recap and Submission" screen as the user should see it. */
export function recapCard(t: Translate, journey: JourneyState): Attachment {
    return CardFactory.adaptiveCard({
        type: 'AdaptiveCard',
        $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
        version: '1.4',
        speak: t('guide:recap.speak', {
            organisation: organisationLabel(journey.hospital),
            profile: journey.profile ?? '',
        }),
        body: [
            { type: 'TextBlock', text: t('guide:recap.title'), weight: 'Bolder', size: 'Medium', wrap: true },
            {
                type: 'FactSet',
                facts: [
                    { title: t('guide:recap.application'), value: 'CPMS' },
                    { title: t('guide:recap.organisation'), value: organisationLabel(journey.hospital) },
                    { title: t('guide:recap.profile'), value: journey.profile ?? '' },
                ],
            },
            { type: 'TextBlock', text: t('guide:recap.path', { network: journey.ern?.label ?? '', country: journey.country?.name ?? '' }), wrap: true, isSubtle: true },
        ],
    });
}

/** The recap as plain text, for channels and transcripts that show no cards. */
export function recapText(t: Translate, journey: JourneyState): string {
    return [
        `**${t('guide:recap.title')}**`,
        `${t('guide:recap.application')}: CPMS`,
        `${t('guide:recap.organisation')}: ${organisationLabel(journey.hospital)}`,
        `${t('guide:recap.profile')}: ${journey.profile ?? ''}`,
    ].join('\n\n');
}
