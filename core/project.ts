// The project's home: where the software, its methodology, its issues and the opt-out instructions live. Named
// by the crawler's User-Agent, the datasets' metadata (CITATION.cff, datapackage.json, JSON-LD) and the source
// registry's entry for the census's own crawl.
export const PROJECT_URL = 'https://github.com/fedicensus/fedicensus';
