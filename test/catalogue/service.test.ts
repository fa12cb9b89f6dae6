import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseCatalogue, toCatalogueFileData } from '../../src/catalogue/schema';
import { CHANGE_CHECK_INTERVAL_MS, CatalogueLogger, CatalogueService } from '../../src/catalogue/service';
import { SHIPPED_CATALOGUE_FILE, loadCatalogueFile, writeCatalogueFile } from '../../src/catalogue/store';

/** A logger that keeps what it is told. */
function memoryLogger(): CatalogueLogger & { warnings: string[] } {
    const warnings: string[] = [];
    return { warnings, info: () => undefined, warn: (m) => warnings.push(m) };
}

describe('CatalogueService', () => {
    let dir: string;
    let file: string;
    let clock: number;
    const now = (): number => clock;

    beforeEach(() => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), 'catalogue-service-'));
        file = path.join(dir, 'data', 'catalogue.json');
        clock = 1_000_000;
    });

    afterEach(() => {
        fs.rmSync(dir, { recursive: true, force: true });
    });

    function withHospital(name: string) {
        const data = toCatalogueFileData(loadCatalogueFile(SHIPPED_CATALOGUE_FILE));
        data.hcps.push({ ern: 'ReCONNET', country: 'FR', code: 'FR01', name, city: 'Lyon', aliases: [] });
        return parseCatalogue(data);
    }

    it('uses the shipped catalogue until the helpdesk file exists', () => {
        const service = CatalogueService.open({ file, logger: memoryLogger(), now });
        expect(service.source).toBe(SHIPPED_CATALOGUE_FILE);
        expect(service.search.hospitals('Hopital Invente', { ern: 'ReCONNET', country: 'FR' }).confidence).toBe('none');
    });

    it('picks up a new file, checking at most once per interval', () => {
        const service = CatalogueService.open({ file, logger: memoryLogger(), now });
        writeCatalogueFile(file, withHospital('Hôpital Inventé de Lyon'));
        clock += CHANGE_CHECK_INTERVAL_MS - 1;
        expect(service.search.hospitals('Hopital Invente', { ern: 'ReCONNET', country: 'FR' }).confidence).toBe('none');
        clock += 1;
        const outcome = service.search.hospitals('Hopital Invente', { ern: 'ReCONNET', country: 'FR' });
        expect(outcome.matches[0]?.item.code).toBe('FR01');
        expect(service.source).toBe(file);
    });

    it('keeps the previous catalogue when the new file is bad, and logs it once', () => {
        const logger = memoryLogger();
        writeCatalogueFile(file, withHospital('Hôpital Inventé de Lyon'));
        const service = CatalogueService.open({ file, logger, now });
        fs.writeFileSync(file, '{"version": 1, "truncated');
        clock += CHANGE_CHECK_INTERVAL_MS;
        expect(service.search.hospitals('FR01', { ern: 'ReCONNET', country: 'FR' }).matches[0]?.item.name).toBe('Hôpital Inventé de Lyon');
        clock += CHANGE_CHECK_INTERVAL_MS;
        expect(service.catalogue.hospitals.some((h) => h.code === 'FR01')).toBe(true);
        expect(logger.warnings).toHaveLength(1);
        expect(logger.warnings[0]).toMatch(/kept the previous catalogue/);

        writeCatalogueFile(file, withHospital('Clinique Corrigée de Lyon'));
        clock += CHANGE_CHECK_INTERVAL_MS;
        expect(service.search.hospitals('FR01', { ern: 'ReCONNET', country: 'FR' }).matches[0]?.item.name).toBe('Clinique Corrigée de Lyon');
    });

    it('goes back to the shipped catalogue when the file is removed', () => {
        writeCatalogueFile(file, withHospital('Hôpital Inventé de Lyon'));
        const service = CatalogueService.open({ file, logger: memoryLogger(), now });
        fs.rmSync(file);
        expect(service.checkForChange()).toBe(true);
        expect(service.source).toBe(SHIPPED_CATALOGUE_FILE);
        expect(service.catalogue.hospitals.some((h) => h.code === 'FR01')).toBe(false);
    });

    it('writes atomically, leaving no temporary files', () => {
        writeCatalogueFile(file, withHospital('Hôpital Inventé de Lyon'));
        writeCatalogueFile(file, withHospital('Clinique Corrigée de Lyon'));
        expect(fs.readdirSync(path.dirname(file))).toEqual(['catalogue.json']);
        expect(loadCatalogueFile(file).hospitals.find((h) => h.code === 'FR01')?.name).toBe('Clinique Corrigée de Lyon');
    });
});
