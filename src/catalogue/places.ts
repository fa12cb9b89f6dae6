/**
 * Names of the same city in the languages users write in (native, en, it, fr, de, es, ro, pt, pl
 * and neighbours), for the cities of Europe's university hospitals. A hospital whose city (or
 * name) is one of them is found by the others too: "Munich", "Monaco di Baviera" and "München",
 * "Bucharest" and "București", "Athens" and "Αθήνα". Only cities whose names differ by more than
 * diacritics are listed; each line is one city, native name first.
 */
import { compactText, tokenize } from './normalize';

const CITY_NAMES = `
Roma|Rome|Rom|Rzym|Řím|Róma
Milano|Milan|Mailand|Milán|Milão|Mediolan
Napoli|Naples|Neapel|Nápoles|Neapol
Torino|Turin|Turín|Turyn
Firenze|Florence|Florenz|Florencia|Florența|Florencja|Florença
Venezia|Venice|Venedig|Venise|Venecia|Veneția|Wenecja|Veneza
Genova|Genoa|Genua|Gênes|Génova
Padova|Padua|Padoue|Pádua
Pisa|Pise
Pavia|Pavie
Bologna|Bologne|Bolonia|Bolonha
Siena|Sienne
Verona|Vérone
Palermo|Palerme
Catania|Catane
Trieste|Triest
Mantova|Mantua|Mantoue
Siracusa|Syracuse|Syrakus
Perugia|Pérouse
Messina|Messine
Parma|Parme
Modena|Modène
Ferrara|Ferrare
Trento|Trient|Trente
Bolzano|Bozen
Salerno|Salerne
München|Munich|Monaco di Baviera|Múnich|Munique|Monachium|Mnichov|Muenchen
Köln|Cologne|Colonia|Kolonia|Koeln
Berlin|Berlino|Berlín|Berlim
Hamburg|Hambourg|Amburgo|Hamburgo
Frankfurt am Main|Frankfurt|Francfort|Francoforte|Fráncfort|Frankfurt nad Menem
Nürnberg|Nuremberg|Norimberga|Núremberg|Norymberga
Hannover|Hanover|Hanovre|Hanovra
Freiburg im Breisgau|Freiburg|Fribourg-en-Brisgau|Friburgo
Leipzig|Lipsia|Lipsk
Dresden|Dresde|Dresda|Drezno
Aachen|Aix-la-Chapelle|Aquisgrana|Aquisgrán|Akwizgran
Mainz|Mayence|Magonza|Maguncia|Moguncja
Regensburg|Ratisbonne|Ratisbona
Würzburg|Wurtzbourg
Göttingen|Gottinga|Getynga
Lübeck|Lubecca|Lubeka
Braunschweig|Brunswick|Brunszwik
Stuttgart|Stoccarda
Bremen|Brême|Brema
Augsburg|Augsbourg
Koblenz|Coblence|Coblenza
Saarbrücken|Sarrebruck
Tübingen|Tubinga
Wien|Vienna|Vienne|Viena|Wiedeń|Vídeň|Bécs|Dunaj
Salzburg|Salzbourg|Salisburgo|Salzburgo
Paris|Parigi|París|Paryż|Paříž|Parijs
Lyon|Lyons|Lione|Lyón|Lião
Marseille|Marseilles|Marsiglia|Marsella|Marsylia|Marsilia|Marselha
Toulouse|Tolosa|Tuluza
Lille|Rijsel
Strasbourg|Strassburg|Strasburgo|Estrasburgo|Strasburg
Bordeaux|Burdeos|Bordéus
Nice|Nizza|Niza|Nicea
Dijon|Digione
Reims|Rheims
Besançon|Bisanz
Bruxelles|Brussel|Brussels|Bruselas|Brüssel|Bruxelas|Bruksela|Bruxel|Brusel
Antwerpen|Antwerp|Anvers|Anversa|Amberes|Antwerpia|Antuérpia
Gent|Ghent|Gand|Gante|Gandawa
Leuven|Louvain|Lovanio|Lovaina|Löwen
Liège|Luik|Lüttich|Liegi|Lieja
Brugge|Bruges|Brügge|Brujas
Den Haag|The Hague|La Haye|L'Aia|La Haya|Haga|'s-Gravenhage
Leiden|Leyde|Leida|Lejda
Nijmegen|Nimègue|Nimega|Nimwegen
Groningen|Groninga|Groningue
Madrid|Madri
Barcelona|Barcellona|Barcelone
Sevilla|Seville|Siviglia|Séville|Sewilla|Sevilha
València|Valencia|Walencja
Zaragoza|Saragossa|Saragosse|Saragozza
Santiago de Compostela|Saint-Jacques-de-Compostelle|Compostela
A Coruña|La Coruña|Corunna|La Corogne
Granada|Grenade
Córdoba|Cordoue|Cordova
Salamanca|Salamanque
Pamplona|Iruña|Pampelune
San Sebastián|Donostia|Saint-Sébastien
Murcia|Murcie
Alicante|Alacant
Lisboa|Lisbon|Lisbonne|Lissabon|Lisbona|Lizbona|Lisabona
Porto|Oporto
Coimbra|Coïmbre
București|Bucharest|Bucarest|Bukarest|Bucareste|Bukareszt|Bukurešť|Bukarešt
Cluj-Napoca|Cluj|Klausenburg|Kolozsvár
Iași|Jassy|Jasy
Timișoara|Temeswar|Temesvár
Târgu Mureș|Tirgu Mures|Marosvásárhely|Neumarkt am Mieresch
Constanța|Constantza|Costanza|Konstanca
Brașov|Kronstadt|Brassó
Sibiu|Hermannstadt|Nagyszeben
Oradea|Großwardein|Nagyvárad
Warszawa|Warsaw|Varsovie|Varsavia|Varsovia|Warschau|Varșovia|Varšava|Varsó|Varsóvia
Kraków|Cracow|Cracovie|Cracovia|Krakau|Cracóvia
Gdańsk|Danzig|Danzica|Dantzig
Wrocław|Breslau|Breslavia
Poznań|Posen|Posnania
Łódź|Lodsch
Szczecin|Stettin|Stettino
Katowice|Kattowitz
Praha|Prague|Prag|Praga|Praag|Prága
Brno|Brünn
Olomouc|Olmütz
Plzeň|Pilsen
Hradec Králové|Königgrätz
Bratislava|Pressburg|Presbourg|Pozsony|Presburgo
Košice|Kaschau|Kassa
Budapest|Budapeszt|Budapešť|Budimpešta
Szeged|Szegedin
Pécs|Fünfkirchen
Ljubljana|Lubiana|Laibach|Liubliana|Lublana
Maribor|Marburg an der Drau
Zagreb|Zagabria|Agram
Split|Spalato
Rijeka|Fiume
Osijek|Esseg
София|Sofia|Sofija|Sophia|Sofie
Пловдив|Plovdiv|Philippopolis
Варна|Varna
Αθήνα|Athens|Athina|Athènes|Atene|Atenas|Athen|Ateny|Atena
Θεσσαλονίκη|Thessaloniki|Salonika|Salonique|Salonicco|Tesalónica|Saloniki|Thessalonique|Salonic
Πάτρα|Patras|Patra|Patrasso
Ηράκλειο|Heraklion|Iraklio|Héraklion
Ιωάννινα|Ioannina|Giannina
Λευκωσία|Nicosia|Lefkosia|Nicosie|Lefkoşa|Nikosia
København|Copenhagen|Kopenhagen|Copenhague|Copenaghen|Kopenhaga|Copenhaga|Koebenhavn
Aarhus|Århus
Stockholm|Stoccolma|Estocolmo|Sztokholm|Estocolm
Göteborg|Gothenburg|Gotemburgo|Goteburgo|Göteborg|Goeteborg
Uppsala|Upsala
Malmö|Malmoe
Tromsø|Tromsoe
Helsinki|Helsingfors|Helsingi
Turku|Åbo
Tampere|Tammerfors
Oulu|Uleåborg
Reykjavík|Reikiavik
Dublin|Baile Átha Cliath|Dublino|Dublín
Cork|Corcaigh
Galway|Gaillimh
Vilnius|Wilno|Vilna|Wilna
Kaunas|Kowno|Kauen
Rīga|Ryga
Tallinn|Reval|Tallin
Tartu|Dorpat
Luxembourg|Luxemburg|Lussemburgo|Luxemburgo|Lëtzebuerg
Valletta|La Valletta|La Valette|La Valeta
`;

/** Compact key of every city name → all names of that city. */
const CITY_GROUPS: ReadonlyMap<string, readonly string[]> = (() => {
    const groups = new Map<string, readonly string[]>();
    for (const line of CITY_NAMES.split('\n')) {
        const names = line.split('|').map((n) => n.trim()).filter((n) => n !== '');
        if (names.length === 0) continue;
        for (const name of names) groups.set(compactText(name), names);
    }
    return groups;
})();

/** Longest city name, in words, looked for inside a hospital's name ("Monaco di Baviera"). */
const MAX_CITY_WORDS = 4;

/** All names of the city `text` names (itself included), or undefined for a city not listed. */
export function cityNames(text: string): readonly string[] | undefined {
    return CITY_GROUPS.get(compactText(text));
}

/**
 * The other names of every listed city that `texts` (a city, a hospital name, aliases) name or
 * contain as whole words, without the names already in `texts`.
 */
export function otherCityNames(texts: readonly string[]): string[] {
    const out = new Set<string>();
    const present = new Set<string>();
    for (const text of texts) {
        const tokens = tokenize(text);
        present.add(tokens.join(''));
        for (let i = 0; i < tokens.length; i++) {
            for (let n = 1; n <= MAX_CITY_WORDS && i + n <= tokens.length; n++) {
                const names = CITY_GROUPS.get(tokens.slice(i, i + n).join(''));
                if (names) for (const name of names) out.add(name);
            }
        }
    }
    return [...out].filter((name) => !present.has(compactText(name)));
}
