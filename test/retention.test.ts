import { createTestBot } from './support/testBot';

describe('retention', () => {
    test('transcripts and FAQ feedback older than TRANSCRIPT_RETENTION_DAYS are deleted, newer ones kept', async () => {
        const bot = createTestBot({ TRANSCRIPT_RETENTION_DAYS: '30' });
        try {
            const old = bot.conversation('en-US', { conversationId: 'old', userId: 'old-user' });
            await old.join();
            await old.say('What is the weather in Pisa tomorrow?');
            const recent = bot.conversation('en-US', { conversationId: 'recent', userId: 'recent-user' });
            await recent.join();
            await recent.say('start');

            expect(bot.runtime.feedback.report().unanswered.length).toBeGreaterThan(0);
            // Age the first conversation by 31 days, as if it had happened a month ago.
            const monthAgo = Date.now() - 31 * 24 * 60 * 60 * 1000;
            bot.runtime.db.prepare("UPDATE transcript_activity SET logged_at = ? WHERE conversation_id = 'old'").run(monthAgo);
            bot.runtime.db.prepare('UPDATE faq_feedback SET created_at = ?').run(new Date(monthAgo).toISOString());

            await bot.runtime.purgeExpired();

            expect((await bot.runtime.transcripts.getTranscriptActivities('test', 'old')).items).toHaveLength(0);
            expect((await bot.runtime.transcripts.getTranscriptActivities('test', 'recent')).items.length).toBeGreaterThan(0);
            expect(bot.runtime.feedback.report().unanswered).toHaveLength(0);
        } finally {
            await bot.close();
        }
    });
});
