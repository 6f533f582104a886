/** The feedback exports use the common CSV writer; re-exported here for the services that import it from this folder. */
export { csvCell, csvLine, type CsvValue } from '../common/csv';
export { parisTime } from '../common/paris-time';
