/** DataSource for the TypeORM CLI; reads DATABASE_URL like the app. */
import { dataSourceOptions } from './data-source';
import { DataSource } from 'typeorm';

export default new DataSource(dataSourceOptions(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres', 1));
