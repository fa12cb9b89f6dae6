/** The organisation catalogue and its search: what the bot, dialogs and CLI import. */
export type { Catalogue, Confidence, Country, GuestTemplate, Hospital, Match, Network, Placement, SearchOutcome } from './types';
export { CatalogueSearch, classify, hospitalLabel, localizedCountryName } from './search';
export type { HospitalScope } from './search';
export { CatalogueService } from './service';
export type { CatalogueLogger, CatalogueServiceOptions } from './service';
export { CatalogueError, parseCatalogue } from './schema';
export { SHIPPED_CATALOGUE_FILE, loadCatalogueFile, writeCatalogueFile } from './store';
export { normalizeText } from './normalize';
