/** The lines the project has a GTFS feed for (libs/data/gtfs/line<id>): a vehicle runs one of them. */
export const LINE_IDS = ['101'] as const;
export type LineId = (typeof LINE_IDS)[number];
export const isLineId = (id: string): id is LineId => (LINE_IDS as readonly string[]).includes(id);
