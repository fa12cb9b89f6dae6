/** `npm run bench`: every benchmark, one after the other (speed and memory are never asserted in tests). */
import { run as searchBench } from './search';
import { run as faqBench } from './faq';
import { run as turnsBench } from './turns';
import { run as webBench } from './web';
import { run as azureBench } from './azure';
import { run as repliesBench } from './replies';
import { run as httpBench } from './http';

async function main(): Promise<void> {
    for (const bench of [repliesBench, searchBench, faqBench, turnsBench, httpBench, azureBench, webBench]) {
        await bench();
        console.log('');
    }
}

main().catch((error: Error) => {
    console.error(error);
    process.exitCode = 1;
});
